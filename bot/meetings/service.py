"""Status meetings as the plan names them: set, listed, removed (owners change the plan, in the
request's session, the agendas rescheduled once it has committed); what the team adds to the
next agenda; and the public list other features show (`recurring_meetings`)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from bot.meetings.blocks import describe_meeting
from bot.meetings.quick_form import describe_lead, is_internal_word, parse_meeting, parse_slot
from bot.meetings.schedule import first_day, next_agenda, next_meeting
from bot.platform import i18n
from bot.platform.asking import Asking, Later
from bot.platform.deps import Deps
from bot.platform.i18n import _
from bot.platform.roles import Act
from bot.platform.text import escape
from bot.projects.service import change_plan
from bot.projects.timing import PlanError
from storage import meetings as store
from storage.models import AgendaItem, Meeting, Project

AGENDA_ITEM_LIMIT = 500


def recurring_meetings(session: Session, project: Project) -> list[Meeting]:
    """The plan's meetings in the order of the week: each with its `weekday` (Monday 0), `time`
    (`HH:MM`, in the project's zone), `every_weeks`, `title` and `agenda_lead_minutes`."""
    return store.meetings_of(session=session, project=project)


def set_meeting(session: Session, deps: Deps, asking: Asking, later: Later, typed: str) -> str:
    """`/project set meeting tue 10:00 …`: a new meeting, or the one at that time changed."""
    now = deps.clock()

    def change(session: Session, project: Project) -> str:
        slot = parse_meeting(typed)
        starts_on = first_day(slot.weekday, slot.time, project.timezone, now)
        meeting, new = store.set_meeting(
            session=session,
            project=project,
            slot=slot,
            starts_on=starts_on,
            user_id=asking.user_id,
            now=now,
        )
        first = next_meeting(meeting, project.timezone, now)
        answer = _("Meeting set: {meeting}.") if new else _("Meeting changed: {meeting}.")
        then = _(
            "The agenda goes out {lead} before each, in the client channel and the internal one."
        )
        lines = [
            answer.format(meeting=describe_meeting(meeting, project.timezone)),
            then.format(lead=describe_lead(meeting.agenda_lead_minutes)),
        ]
        if first is not None:
            lines.append(_("The first is on {day}.").format(day=i18n.day(first.day)))
        return " ".join(lines)

    return change_plan(session, deps, asking, later, change)


def remove_meeting(session: Session, deps: Deps, asking: Asking, later: Later, typed: str) -> str:
    """`/project remove meeting tue 10:00`: no more agendas for it; its minutes stay."""

    def change(session: Session, project: Project) -> str:
        slot = parse_slot(typed)
        gone = store.remove_meeting(
            session=session, project=project, weekday=slot.weekday, time=slot.time
        )
        if gone is None:
            raise PlanError(
                _("There is no meeting on {when}. `/project meetings` lists them.").format(
                    when=slot.describe()
                )
            )
        return _("Meeting removed: {meeting}. Its minutes and action items stay.").format(
            meeting=describe_meeting(gone, project.timezone)
        )

    return change_plan(session, deps, asking, later, change)


def add_to_agenda(
    session: Session, asking: Asking, project: Project, text: str, now: datetime
) -> str:
    """`/project agenda add …`: on the next agenda; typed in the internal channel, or with
    `internal` in front, for the team's agenda only."""
    if not asking.may(Act.ADD_TO_AGENDA):
        return _("The agenda is the team's to fill. To tell the team something, `/feedback`.")
    words = text.split(maxsplit=1)
    internal = asking.channel_id is not None and asking.channel_id == project.internal_channel_id
    if words and is_internal_word(words[0]):
        internal, text = True, words[1] if len(words) > 1 else ""
    text = text.strip()
    if not text:
        return _("Say what to discuss: `/project agenda add Launch date for the mobile app`.")
    if len(text) > AGENDA_ITEM_LIMIT:
        return _("Keep an agenda item to {limit} characters.").format(
            limit=i18n.number(AGENDA_ITEM_LIMIT)
        )
    store.add_agenda_item(
        session=session,
        project=project,
        author_id=asking.user_id,
        text=text,
        visibility="internal" if internal else "client",
        now=now,
    )
    return _added(session, project, text, internal, now)


def _added(session: Session, project: Project, text: str, internal: bool, now: datetime) -> str:
    upcoming = [
        (found.agenda_at, found.day, meeting.title)
        for meeting in recurring_meetings(session, project)
        if (found := next_agenda(meeting, project.timezone, now)) is not None
    ]
    where = _("on the team's agenda") if internal else _("on the agenda")
    if not upcoming:
        return _(
            "Added {where}: “{text}”. The plan has no meeting yet: an owner sets one with "
            "`/project set meeting tue 10:00 Weekly status call`."
        ).format(where=where, text=escape(text))
    _at, day, title = min(upcoming)
    return _("Added {where} of *{meeting}* on {day}: “{text}”.").format(
        where=where, meeting=escape(title), day=i18n.day(day), text=escape(text)
    )


def agenda_items(
    session: Session, project: Project, since: datetime, until: datetime
) -> list[AgendaItem]:
    return store.agenda_items_between(session=session, project=project, since=since, until=until)
