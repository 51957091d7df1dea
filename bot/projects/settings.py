"""`/project set KEY VALUE`: the rules for each part of the plan."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.platform import i18n
from bot.platform.calendar import calendar_of
from bot.platform.i18n import _, ngettext
from bot.platform.slack_ids import parse_channel_id
from bot.platform.text import escape
from bot.projects.calendar_settings import set_day_off, set_holidays
from bot.projects.describing import set_description
from bot.projects.incident_plan import describe_plan, parse_incident_updates
from bot.projects.languages import set_language
from bot.projects.membership import set_approvers_named, set_role
from bot.projects.timing import (
    PlanError,
    clock_label,
    describe_reminder_time,
    describe_response_target,
    parse_clock_time,
    parse_response_target,
    parse_timezone,
    parse_weekly_time,
)
from bot.projects.working_hours import HoursError, describe_hours, parse_hours
from storage.models import Project
from storage.projects import (
    project_for_channel,
)

SETTABLE = (
    "internal-channel",
    "timezone",
    "language",
    "digest",
    "report",
    "reminder",
    "poll",
    "poll-kind",
    "poll-anonymity",
    "poll-question",
    "sla",
    "hours",
    "holidays",
    "day-off",
    "owner",
    "team",
    "client",
    "approver",
    "goal",
    "background",
    "review",
    "incident-updates",
)


# The calendar (hours, holidays, days off) moves the monthly report's first working day.
TIMING_KEYS = (
    "timezone",
    "digest",
    "report",
    "reminder",
    "poll",
    "review",
    "hours",
    "holidays",
    "day-off",
)


def apply_setting(
    *,
    session: Session,
    project: Project,
    key: str,
    value: str,
    now: datetime,
    role_of_user: Callable[[str], str] = lambda _user_id: "client",
    actor_id: str | None = None,
) -> str:
    """Change one part of the plan, or raise PlanError saying what to type instead.
    `role_of_user` tells the role of someone named who has no Member row yet; `actor_id` who
    writes the goal or background, for the decision log."""
    if key in ("goal", "background"):
        return set_description(session, project, key, value, actor_id, now)
    if key == "review":
        return set_review_cadence(project, value)
    if key == "approver":
        return set_approvers_named(session, project, value, role_of_user)
    if key == "language":
        return set_language(project, value)
    if key in ("holidays", "day-off"):
        today = now.astimezone(ZoneInfo(project.timezone)).date()
        set_calendar = set_holidays if key == "holidays" else set_day_off
        answer = set_calendar(project, value, today)
    elif key == "incident-updates":
        project.incident_updates = parse_incident_updates(value, project)
        return _("Incident updates: {plan}.").format(plan=describe_plan(project))
    else:
        answer = _apply(session, project, key, value)
    if key in TIMING_KEYS:
        # A time moved to one already passed today is for next week, not a late post now.
        project.plan_changed_at = now
    return answer


def _apply(session: Session, project: Project, key: str, value: str) -> str:
    if key == "internal-channel":
        channel_id = parse_channel_id(value)
        if channel_id is None:
            raise PlanError(
                _("`{typed}` is not a channel: pick one with `#`.").format(typed=escape(value))
            )
        if channel_id == project.client_channel_id:
            raise PlanError(_("The internal channel must differ from the client channel."))
        other = project_for_channel(session=session, channel_id=channel_id, team_id=project.team_id)
        if other is not None and other.id != project.id:
            raise PlanError(
                _("{channel} already belongs to *{project}*.").format(
                    channel=f"<#{channel_id}>", project=escape(other.name)
                )
            )
        project.internal_channel_id = channel_id
        return _("Internal channel set to {channel}. Invite me there: `/invite @Rapport`.").format(
            channel=f"<#{channel_id}>"
        )
    if key == "timezone":
        project.timezone = parse_timezone(value)
        return _("Time zone set to {timezone}.").format(timezone=project.timezone)
    if key == "digest":
        weekly = parse_weekly_time(value)
        project.digest_weekday, project.digest_time = weekly.weekday, weekly.time
        return _("Weekly digest set to {when} ({timezone}).").format(
            when=weekly.describe(), timezone=project.timezone
        )
    if key == "report":
        return _set_report(project, value)
    if key == "reminder":
        return _set_reminder(project, value)
    if key == "poll-question":
        return _set_poll_question(project, value)
    if key in ("poll", "poll-kind", "poll-anonymity"):
        return _set_poll(project, key, value.strip().lower())
    if key == "hours":
        try:
            project.work_days, project.work_start, project.work_end = parse_hours(value)
        except HoursError as error:
            raise PlanError(str(error)) from None
        return _(
            "Working hours set to {hours} ({timezone}): response times count only these."
        ).format(hours=describe_hours(calendar_of(project)), timezone=project.timezone)
    if key == "sla":
        project.response_target = parse_response_target(value)
        target = describe_response_target(project.response_target)
        return _("Feedback will be answered within {target}.").format(target=target)
    return set_role(session, project, key, value)


def pause_project(*, project: Project, until: str, today: datetime) -> str:
    """Stop the scheduled posts until a local date (holidays), inclusive."""
    try:
        end = date.fromisoformat(until)
    except ValueError:
        raise PlanError(
            _("`{typed}` is not a date: write it as 2027-01-04.").format(typed=escape(until))
        ) from None
    local_today = today.astimezone(ZoneInfo(project.timezone)).date()
    if end < local_today:
        raise PlanError(
            _("{date} has passed: give a date from today on.").format(date=i18n.day_and_year(end))
        )
    if end > local_today + timedelta(days=366):
        raise PlanError(_("Pause for a year at most; `/project resume` restarts any time."))
    project.paused_until = end
    return _(
        "⏸️ Scheduled posts of *{project}* are paused until {date} (inclusive). "
        "`/project resume` restarts them sooner."
    ).format(project=escape(project.name), date=i18n.day_and_year(end))


def resume_project(project: Project) -> str:
    if project.paused_until is None:
        return _("*{project}* is not paused: its posts are running.").format(
            project=escape(project.name)
        )
    project.paused_until = None
    return _("▶️ Scheduled posts of *{project}* run again.").format(project=escape(project.name))


def _set_report(project: Project, value: str) -> str:
    """`report 09:30` (first working day of the month, at that local time) or `report off`."""
    if _is_off(value):
        project.report_time = None
        return _("Monthly report turned off.")
    time = parse_clock_time(value)
    project.report_time = time
    return _(
        "Monthly report on the first working day of each month at {time} ({timezone})."
    ).format(time=clock_label(time), timezone=project.timezone)


def _is_off(value: str) -> bool:
    return value.strip().lower() == "off"


def _set_reminder(project: Project, value: str) -> str:
    """`reminder 2h` (hours before the digest) or `reminder off`."""
    text = value.strip().lower()
    if _is_off(text):
        project.reminder_lead_hours = 0
        return _("Reminders before the digest turned off for everyone on this project.")
    hours = text.removesuffix("h").strip()
    if not hours.isascii() or not hours.isdigit() or not 1 <= int(hours) <= 72:
        raise PlanError(
            _(
                "`{typed}` is not a lead time: say how many hours before the digest, from `1h` to "
                "`72h`, or `off`."
            ).format(typed=escape(value))
        )
    project.reminder_lead_hours = int(hours)
    return ngettext(
        "Reminders go out {count} hour before the digest: {when} ({timezone}).",
        "Reminders go out {count} hours before the digest: {when} ({timezone}).",
        int(hours),
    ).format(count=int(hours), when=describe_reminder_time(project), timezone=project.timezone)


def _set_poll(project: Project, key: str, value: str) -> str:
    """`poll every 4 weeks` / `poll monthly` / `poll off`, `poll-kind csat|nps`,
    `poll-anonymity anonymous|named`."""
    if key == "poll-kind":
        if value not in ("csat", "nps"):
            raise PlanError(_("Polls are `csat` (1–5) or `nps` (0–10)."))
        project.poll_kind = value
        return _("Polls ask {kind} from now on.").format(kind=value.upper())
    if key == "poll-anonymity":
        if value not in ("anonymous", "named"):
            raise PlanError(
                _("Polls are `anonymous` (nobody sees who gave which score) or `named`.")
            )
        project.poll_anonymity = value
        if value == "anonymous":
            return _("New polls are anonymous; an open poll keeps the mode it was opened with.")
        return _("New polls are named; an open poll keeps the mode it was opened with.")
    words = value.split()
    if len(words) == 1 and _is_off(words[0]):
        project.poll_every_weeks = 0
        return _("Satisfaction polls turned off.")
    if words == ["monthly"]:
        words = ["every", "4", "weeks"]
    if (
        len(words) == 3
        and words[0] == "every"
        and words[1].isascii()
        and words[1].isdigit()
        and words[2] in ("week", "weeks")
        and 1 <= int(words[1]) <= 26
    ):
        project.poll_every_weeks = int(words[1])
        return ngettext(
            "A satisfaction poll every week, on the digest day, open for {days} days.",
            "A satisfaction poll every {count} weeks, on the digest day, open for {days} days.",
            int(words[1]),
        ).format(count=int(words[1]), days=project.poll_window_days)
    raise PlanError(_("Say `poll every 4 weeks` (1 to 26), `poll monthly` or `poll off`."))


def _set_poll_question(project: Project, value: str) -> str:
    """`poll-question How are we doing?`, or `poll-question default`."""
    question = " ".join(value.split())
    if question.lower() == "default":
        project.poll_question = None
        return _("Polls ask the standard question again.")
    if not 5 <= len(question) <= 200:
        raise PlanError(_("Give the question in 5 to 200 characters, or `default`."))
    project.poll_question = question
    return _("New polls ask: “{question}”").format(question=escape(question))


def set_review_cadence(project: Project, value: str) -> str:
    """`review quarterly` (every 3 months), `review every 6 months`, `review off`: the
    communication review, in the first week of the month, on the digest's day and hour."""
    words = value.strip().lower().split()
    if words == ["off"]:
        project.review_every_months = 0
        return _("Communication reviews turned off; `/project review` still opens one.")
    if words == ["quarterly"]:
        words = ["every", "3", "months"]
    if (
        len(words) == 3
        and words[0] == "every"
        and words[1].isascii()
        and words[1].isdigit()
        and words[2] in ("month", "months")
        and 1 <= int(words[1]) <= 12
    ):
        project.review_every_months = int(words[1])
        return ngettext(
            "A communication review every month, in its first week on the digest day.",
            "A communication review every {count} months, in the first week of the month, on "
            "the digest day.",
            int(words[1]),
        ).format(count=int(words[1]))
    raise PlanError(_("Say `review quarterly`, `review every 6 months` (1 to 12) or `review off`."))
