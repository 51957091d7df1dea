"""`/project set KEY VALUE`: the rules for each part of the plan."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.plan import (
    PlanError,
    describe_response_target,
    parse_clock_time,
    parse_response_target,
    parse_timezone,
    parse_weekly_time,
)
from bot.schedule import describe_reminder_time
from bot.slack_ids import parse_channel_id, parse_user_ids
from bot.text import escape
from bot.working_hours import HoursError, WorkingHours, parse_hours
from storage.models import Project
from storage.projects import (
    approver_ids,
    members,
    project_for_channel,
    set_approvers,
    set_member_role,
)

SETTABLE = (
    "internal-channel",
    "timezone",
    "digest",
    "report",
    "reminder",
    "poll",
    "poll-kind",
    "poll-anonymity",
    "poll-question",
    "sla",
    "hours",
    "owner",
    "team",
    "client",
    "approver",
)


TIMING_KEYS = ("timezone", "digest", "report", "reminder", "poll")


def apply_setting(
    *,
    session: Session,
    project: Project,
    key: str,
    value: str,
    now: datetime,
    role_of_user: Callable[[str], str] = lambda _user_id: "client",
) -> str:
    """Change one part of the plan, or raise PlanError saying what to type instead.
    `role_of_user` tells the role of someone named who has no Member row yet."""
    if key == "approver":
        return _set_approvers(session, project, value, role_of_user)
    answer = _apply(session, project, key, value)
    if key in TIMING_KEYS:
        # A time moved to one already passed today is for next week, not a late post now.
        project.plan_changed_at = now
    return answer


def _apply(session: Session, project: Project, key: str, value: str) -> str:
    if key == "internal-channel":
        channel_id = parse_channel_id(value)
        if channel_id is None:
            raise PlanError(f"`{escape(value)}` is not a channel: pick one with `#`.")
        if channel_id == project.client_channel_id:
            raise PlanError("The internal channel must differ from the client channel.")
        other = project_for_channel(session=session, channel_id=channel_id)
        if other is not None and other.id != project.id:
            raise PlanError(f"<#{channel_id}> already belongs to *{escape(other.name)}*.")
        project.internal_channel_id = channel_id
        return f"Internal channel set to <#{channel_id}>. Invite me there: `/invite @Rapport`."
    if key == "timezone":
        project.timezone = parse_timezone(value)
        return f"Time zone set to {project.timezone}."
    if key == "digest":
        weekly = parse_weekly_time(value)
        project.digest_weekday, project.digest_time = weekly.weekday, weekly.time
        return f"Weekly digest set to {weekly.describe()} ({project.timezone})."
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
        hours = WorkingHours.of(project)
        return (
            f"Working hours set to {hours.describe()} ({project.timezone}): response times "
            "count only these."
        )
    if key == "sla":
        project.response_target = parse_response_target(value)
        target = describe_response_target(project.response_target)
        return f"Feedback will be answered within {target}."
    return _set_role(session, project, key, value)


def _set_role(session: Session, project: Project, role: str, value: str) -> str:
    user_ids, bad = parse_user_ids(value)
    if bad or not user_ids:
        raise PlanError(
            f"Mention people with `@`, e.g. `/project set {role} @ana @li`. "
            f"Not understood: {escape(' '.join(bad)) or 'nothing given'}."
        )
    owners = {m.user_id for m in members(session=session, project=project, role="owner")}
    if role != "owner" and owners and owners <= set(user_ids):
        raise PlanError("A project needs at least one owner: name another owner first.")
    for user_id in user_ids:
        set_member_role(session=session, project=project, user_id=user_id, role=role)
    people = ", ".join(f"<@{u}>" for u in user_ids)
    return (
        f"{people} {'is' if len(user_ids) == 1 else 'are'} now {role} on *{escape(project.name)}*."
    )


def _set_approvers(
    session: Session, project: Project, value: str, role_of_user: Callable[[str], str]
) -> str:
    """`approver @dana @eli` names who decides change requests; `approver none` lets any
    client decide again."""
    if value.strip().lower() in ("none", "off", "any client"):
        set_approvers(session=session, project=project, user_ids=[], roles={})
        return "No approvers named: any client member decides change requests."
    user_ids, bad = parse_user_ids(value)
    if bad or not user_ids:
        raise PlanError(
            "Mention who decides change requests, e.g. `/project set approver @dana`, or "
            f"`/project set approver none`. Not understood: {escape(' '.join(bad)) or 'nothing'}."
        )
    known = {m.user_id: m.role for m in members(session=session, project=project)}
    roles = {u: known.get(u) or role_of_user(u) for u in user_ids}
    set_approvers(session=session, project=project, user_ids=user_ids, roles=roles)
    named = ", ".join(f"<@{u}>" for u in approver_ids(session=session, project=project))
    return f"Change requests on *{escape(project.name)}* are decided by {named}."


def pause_project(*, project: Project, until: str, today: datetime) -> str:
    """Stop the scheduled posts until a local date (holidays), inclusive."""
    try:
        end = date.fromisoformat(until)
    except ValueError:
        raise PlanError(f"`{escape(until)}` is not a date: write it as 2027-01-04.") from None
    local_today = today.astimezone(ZoneInfo(project.timezone)).date()
    if end < local_today:
        raise PlanError(f"{end:%d %b %Y} has passed: give a date from today on.")
    if end > local_today + timedelta(days=366):
        raise PlanError("Pause for a year at most; `/project resume` restarts any time.")
    project.paused_until = end
    return (
        f"⏸️ Scheduled posts of *{escape(project.name)}* are paused until {end:%a %d %b %Y} "
        "(inclusive). `/project resume` restarts them sooner."
    )


def resume_project(project: Project) -> str:
    if project.paused_until is None:
        return f"*{escape(project.name)}* is not paused: its posts are running."
    project.paused_until = None
    return f"▶️ Scheduled posts of *{escape(project.name)}* run again."


def _set_report(project: Project, value: str) -> str:
    """`report 09:30` (first working day of the month, at that local time) or `report off`."""
    if value.strip().lower() == "off":
        project.report_time = None
        return "Monthly report turned off."
    time = parse_clock_time(value)
    project.report_time = time
    return f"Monthly report on the first working day of each month at {time} ({project.timezone})."


def _set_reminder(project: Project, value: str) -> str:
    """`reminder 2h` (hours before the digest) or `reminder off`."""
    text = value.strip().lower()
    if text == "off":
        project.reminder_lead_hours = 0
        return "Reminders before the digest turned off for everyone on this project."
    hours = text.removesuffix("h").strip()
    if not hours.isdigit() or not 1 <= int(hours) <= 72:
        raise PlanError(
            f"`{escape(value)}` is not a lead time: say how many hours before the digest, from "
            "`1h` to `72h`, or `off`."
        )
    project.reminder_lead_hours = int(hours)
    return (
        f"Reminders go out {int(hours)} h before the digest: {describe_reminder_time(project)} "
        f"({project.timezone})."
    )


def _set_poll(project: Project, key: str, value: str) -> str:
    """`poll every 4 weeks` / `poll monthly` / `poll off`, `poll-kind csat|nps`,
    `poll-anonymity anonymous|named`."""
    if key == "poll-kind":
        if value not in ("csat", "nps"):
            raise PlanError("Polls are `csat` (1–5) or `nps` (0–10).")
        project.poll_kind = value
        return f"Polls ask {value.upper()} from now on."
    if key == "poll-anonymity":
        if value not in ("anonymous", "named"):
            raise PlanError("Polls are `anonymous` (nobody sees who gave which score) or `named`.")
        project.poll_anonymity = value
        return f"New polls are {value}; an open poll keeps the mode it was opened with."
    words = value.split()
    if words == ["off"]:
        project.poll_every_weeks = 0
        return "Satisfaction polls turned off."
    if words == ["monthly"]:
        words = ["every", "4", "weeks"]
    if (
        len(words) == 3
        and words[0] == "every"
        and words[1].isdigit()
        and words[2] in ("week", "weeks")
        and 1 <= int(words[1]) <= 26
    ):
        project.poll_every_weeks = int(words[1])
        return (
            f"A satisfaction poll every {int(words[1])} week(s), on the digest day, open for "
            f"{project.poll_window_days} days."
        )
    raise PlanError("Say `poll every 4 weeks` (1 to 26), `poll monthly` or `poll off`.")


def _set_poll_question(project: Project, value: str) -> str:
    """`poll-question How are we doing?`, or `poll-question default`."""
    question = " ".join(value.split())
    if question.lower() == "default":
        project.poll_question = None
        return "Polls ask the standard question again."
    if not 5 <= len(question) <= 200:
        raise PlanError("Give the question in 5 to 200 characters, or `default`.")
    project.poll_question = question
    return f"New polls ask: “{escape(question)}”"
