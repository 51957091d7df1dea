"""Block Kit for `/project`: the communication plan, setup hints and help."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.platform import i18n
from bot.platform.blocks import (
    Block,
    bullet_list,
    context,
    fields,
    fit_message,
    header,
    section,
    user,
)
from bot.platform.i18n import N_, _, listing, ngettext, pgettext
from bot.platform.text import clip, escape, one_line
from bot.projects.calendar_settings import describe_calendar
from bot.projects.incident_plan import describe_plan
from bot.projects.timing import (
    clock_label,
    describe_reminder_time,
    describe_response_target,
    weekday_and_time,
)
from bot.scheduling.triggers import is_paused, next_due
from storage.models import Event, Member, Project

# Read with `no_project()` (or `_(NO_PROJECT)`): in the reader's language.
NO_PROJECT = N_(
    "This channel has no project yet: type `/project setup NAME` in the client channel "
    "to create one."
)


def no_project() -> str:
    """The answer to a command in a channel without a project, in the reader's language."""
    return _(NO_PROJECT)


def plan_language(project: Project) -> str:
    """The catalogue the project's channel posts are written in."""
    return i18n.supported(project.language) or i18n.SOURCE_LANGUAGE


def next_digest(project: Project, now: datetime) -> datetime | None:
    """When the next digest goes out (a pause skips its weeks), in the project's zone."""
    due = next_due("digest", project, now)
    for _week in range(60):
        if due is None or not is_paused(project, due.at):
            break
        due = next_due("digest", project, due.at + timedelta(minutes=1))
    if due is None or is_paused(project, due.at):
        return None
    return due.at.astimezone(ZoneInfo(project.timezone))


def build_plan(
    project: Project, members: list[Member], *, now: datetime | None = None
) -> tuple[str, list[Block]]:
    """The communication plan in the reader's language (for a channel post, the project's:
    build it inside `i18n.speaking(project.language)`). With `now`, the next digest's date."""

    def people(role: str, default: str) -> str:
        ids = [m.user_id for m in members if m.role == role]
        return listing(user(i) for i in ids) if ids else default

    internal = (
        f"<#{project.internal_channel_id}>"
        if project.internal_channel_id
        else pgettext("internal channel", "not set")
    )
    paused = (
        [
            section(
                _("⏸️ *Paused* until {date}: no scheduled posts.").format(
                    date=i18n.day_and_year(project.paused_until)
                )
            )
        ]
        if project.paused_until
        else []
    )
    today = now.astimezone(ZoneInfo(project.timezone)).date() if now is not None else None
    title = _("Communication plan — {project}").format(project=project.name)
    text = _("Communication plan — {project}").format(project=escape(project.name))
    return text, [
        header(f"🗺️ {title}"),
        *_described(project),
        fields(
            _("*Client channel*\n{channel}").format(channel=f"<#{project.client_channel_id}>"),
            _("*Internal channel*\n{channel}").format(channel=internal),
            _("*Owners*\n{people}").format(people=people("owner", "—")),
            _("*Team*\n{people}").format(people=people("team", _("everyone from our workspace"))),
            _("*Clients*\n{people}").format(
                people=people("client", _("guests from other organisations (Slack Connect)"))
            ),
            _("*Time zone*\n{timezone}").format(timezone=escape(project.timezone)),
            _("*Language*\n{language}").format(language=i18n.display_name(plan_language(project))),
        ),
        section(_("*What happens when*") + "\n" + "\n".join(_what_happens_when(project, now))),
        section(_("*Holidays and days off*") + "\n" + describe_calendar(project, today)),
        *paused,
        context(_("Change it with `/project set KEY VALUE` · share it with `/project plan post`")),
    ]


def _described(project: Project) -> list[Block]:
    """The goal and the background, when the owners wrote them (`/project describe`)."""
    parts = [
        (_("*Goal*\n{text}"), project.goal),
        (_("*Background*\n{text}"), project.background),
    ]
    return [section(form.format(text=escape(clip(text, 2800)))) for form, text in parts if text]


def _what_happens_when(project: Project, now: datetime | None) -> list[str]:
    """Every post the plan makes and when, one line each."""
    reminders = (
        ngettext(
            "whoever has not posted gets one reminder {count} hour before the digest ({when})",
            "whoever has not posted gets one reminder {count} hours before the digest ({when})",
            project.reminder_lead_hours,
        ).format(count=project.reminder_lead_hours, when=describe_reminder_time(project))
        if project.reminder_lead_hours
        else _("no reminders")
    )
    report = (
        _("on the first working day of each month at {time}, with a chart").format(
            time=clock_label(project.report_time)
        )
        if project.report_time
        else pgettext("monthly report", "off")
    )
    lines = [
        _(
            "• Weekly digest: {when}, in the client channel; an internal variant in the "
            "internal channel"
        ).format(when=weekday_and_time(project.digest_weekday, project.digest_time)),
    ]
    upcoming = next_digest(project, now) if now is not None else None
    if upcoming is not None:
        lines.append(_("• Next digest: {moment}").format(moment=i18n.moment(upcoming)))
    return [
        *lines,
        _("• Monthly report: {report}").format(report=report),
        _("• Status updates: team members post with `/status` during the week; {reminders}").format(
            reminders=reminders
        ),
        _("• Feedback: anyone types `/feedback`; the owners answer within {target}").format(
            target=describe_response_target(project.response_target)
        ),
        _("• Incidents: `/incident` tells the client at once; updates {plan}").format(
            plan=describe_plan(project)
        ),
    ]


def build_project_help() -> list[Block]:
    return [
        section(
            _(
                "*Set up and run a project*\n"
                "• `/project setup NAME` — in the client channel: creates the project, you own it\n"
                "• `/project plan` — show the communication plan; `/project plan post` shares it; "
                "`/project plan document` publishes it whole as the channel's canvas\n"
                "• `/project describe` — the goal and background (or `/project set goal …`, "
                "`/project set background …`)\n"
                "• `/project set internal-channel #channel`\n"
                "• `/project set timezone Europe/Berlin`\n"
                "• `/project set language en|zh-CN` — the language of the project's posts; "
                "private answers follow each person's Slack language\n"
                "• `/project set digest fri 16:00` · `report 10:00` or `off` · `reminder 3h` or "
                "`off`\n"
                "• `/project set sla 1d` (or `4h`) — first-response target for feedback\n"
                "• `/project set owner|team|client @person …` — who is who (Slack Connect guests "
                "are clients unless you say otherwise)\n"
                "• `/project set approver @person …` (or `none`) — who decides change requests; "
                "with none named, any client does\n"
                "• `/project pause until 2027-01-04` · `/project resume` — holidays\n"
                "• `/project log [N]` — (team) the latest N decisions and changes of state\n"
                "• `/project report [week|month|quarter]` — (team) response times, punctuality, "
                "satisfaction, changes; the chart comes by DM\n"
                "• `/project set hours mon-fri 09:00-18:00` — the working hours response times "
                "count\n"
                "• `/project set holidays DE-BE` (`CN`, `US-NY`, `GB-ENG`…, or `off`) — the public "
                "holidays that response times, due dates, the monthly report and reminders skip\n"
                "• `/project set day-off 2026-12-24` · `day-off remove 2026-12-24` — days off of "
                "your own\n"
                "• `/project review` — (team) a communication review now; `/project set review "
                "quarterly|every 6 months|off` its cadence\n"
                "• `/project set incident-updates 30m 2h 1d` — how often the client hears "
                "during an incident, SEV1 to SEV3\n"
                "• `/project export` — (owners) every record of the project as CSV files, sent "
                "to you by direct message"
            )
        )
    ]


LOG_LINES_PER_SECTION = 12


def event_action(action: str) -> str:
    """What happened to an item, as the decision log says it."""
    words = {
        "created": pgettext("decision log", "created"),
        "proposed": pgettext("decision log", "proposed"),
        "acknowledged": pgettext("decision log", "acknowledged"),
        "resolved": pgettext("decision log", "resolved"),
        "withdrawn": pgettext("decision log", "withdrawn"),
        "approved": pgettext("decision log", "approved"),
        "rejected": pgettext("decision log", "rejected"),
        "questioned": pgettext("decision log", "questioned"),
        "closed": pgettext("decision log", "closed"),
        "decided": pgettext("decision log", "decided"),
        "goal": pgettext("decision log", "goal written"),
        "background": pgettext("decision log", "background written"),
        "published": pgettext("decision log", "document published"),
        "declared": pgettext("decision log", "declared"),
        "updated": pgettext("decision log", "updated"),
        "reviewed": pgettext("decision log", "reviewed"),
    }
    return words.get(action, action)


def event_state(state: str) -> str:
    """An item's state, as the decision log shows its steps."""
    words = {
        "open": pgettext("state", "open"),
        "pending": pgettext("state", "pending"),
        "acknowledged": pgettext("state", "acknowledged"),
        "resolved": pgettext("state", "resolved"),
        "withdrawn": pgettext("state", "withdrawn"),
        "approved": pgettext("state", "approved"),
        "rejected": pgettext("state", "rejected"),
        "closed": pgettext("state", "closed"),
        "decided": pgettext("state", "decided"),
        "set": pgettext("state", "set"),
        "cleared": pgettext("state", "cleared"),
    }
    return words.get(state, state)


def build_decision_log(
    events: list[Event], *, project_name: str, timezone: str
) -> tuple[str, list[Block]]:
    """The latest events, newest first: when, what, from → to, who, and the note."""
    title = _("Decision log — {project}").format(project=project_name)
    if not events:
        return title, [
            section(
                _("Nothing has been decided on *{project}* yet.").format(
                    project=escape(project_name)
                )
            )
        ]
    zone = ZoneInfo(timezone)
    lines = []
    for event in events:
        step = (
            f"{event_state(event.from_state)} → {event_state(event.to_state)}"
            if event.from_state
            else event_state(event.to_state)
        )
        parts = {
            "when": i18n.moment(event.at.astimezone(zone)),
            "ref": event.ref,
            "action": event_action(event.action),
            "step": step,
            "who": user(event.actor_id),
        }
        if event.note:
            lines.append(
                _("`{when}` *{ref}* {action} ({step}) by {who} — “{note}”").format(
                    note=escape(clip(one_line(event.note), 200)), **parts
                )
            )
        else:
            lines.append(_("`{when}` *{ref}* {action} ({step}) by {who}").format(**parts))
    chunks = [
        lines[i : i + LOG_LINES_PER_SECTION] for i in range(0, len(lines), LOG_LINES_PER_SECTION)
    ]
    blocks = [
        header(f"🗂️ {title}"),
        context(_("Newest first · times in {timezone}").format(timezone=timezone)),
    ]
    blocks += [section(bullet_list(chunk, limit=2900)) for chunk in chunks]
    return title, fit_message(blocks)
