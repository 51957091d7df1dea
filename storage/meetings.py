"""Status meetings: the plan's recurring meetings, what the team adds to their agendas, and
their minutes (decisions, action items), each decision and action item with its line in the
decision log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from storage.driver_rows import DriverRows
from storage.models import ActionItem, AgendaItem, Decision, Meeting, Minutes, Project, table_of
from storage.projects import next_number
from storage.rows import ActionItemRow
from storage.transitions import log, move

VISIBILITIES = ("client", "internal")


@dataclass(frozen=True)
class Slot:
    """A meeting as its owner sets it: when, how often, what, and the agenda's lead."""

    weekday: int
    time: str  # "HH:MM"
    every_weeks: int
    title: str
    agenda_lead_minutes: int


@dataclass(frozen=True)
class PlannedItem:
    """An action item as the minutes name it."""

    text: str
    owner_id: str
    due_on: date


def set_meeting(
    *, session: Session, project: Project, slot: Slot, starts_on: date, user_id: str, now: datetime
) -> tuple[Meeting, bool]:
    """The meeting in this weekday and time, new (True) or changed (False): one INSERT … ON
    CONFLICT DO NOTHING RETURNING decides which, so two owners setting it at once make one."""
    assert project.id is not None
    values = {
        "project_id": project.id,
        "weekday": slot.weekday,
        "time": slot.time,
        "every_weeks": slot.every_weeks,
        "title": slot.title,
        "agenda_lead_minutes": slot.agenda_lead_minutes,
        "starts_on": starts_on,
        "created_by": user_id,
        "created_at": now,
    }
    connection = session.connection()
    inserted = connection.execute(_INSERT[connection.dialect.name], values).first()
    meeting = _meeting_at(session, project.id, slot.weekday, slot.time)
    assert meeting is not None
    if inserted is not None:
        return meeting, True
    meeting.title, meeting.every_weeks = slot.title, slot.every_weeks
    meeting.agenda_lead_minutes, meeting.starts_on = slot.agenda_lead_minutes, starts_on
    session.add(meeting)
    session.flush()
    return meeting, False


def _meeting_at(session: Session, project_id: int, weekday: int, time: str) -> Meeting | None:
    return session.exec(
        select(Meeting).where(
            Meeting.project_id == project_id, Meeting.weekday == weekday, Meeting.time == time
        )
    ).first()


def remove_meeting(
    *, session: Session, project: Project, weekday: int, time: str
) -> Meeting | None:
    """The meeting removed, None when the plan has none then. Its minutes stay."""
    assert project.id is not None
    meeting = _meeting_at(session, project.id, weekday, time)
    if meeting is not None:
        session.execute(delete(Meeting).where(col(Meeting.id) == meeting.id))
    return meeting


def meetings_of(*, session: Session, project: Project) -> list[Meeting]:
    """The project's meetings in the order of the week."""
    query = select(Meeting).where(Meeting.project_id == project.id)
    return list(session.exec(query.order_by(col(Meeting.weekday), col(Meeting.time))))


def every_meeting(*, session: Session) -> list[Meeting]:
    """Every project's meetings, for the scheduler: one query."""
    return list(session.exec(select(Meeting).order_by(col(Meeting.id))))


def get_meeting(*, session: Session, meeting_id: int) -> Meeting | None:
    return session.get(Meeting, meeting_id)


def add_agenda_item(
    *, session: Session, project: Project, author_id: str, text: str, visibility: str, now: datetime
) -> AgendaItem:
    if visibility not in VISIBILITIES:
        raise ValueError(f"unknown visibility {visibility!r}")
    assert project.id is not None
    item = AgendaItem(
        project_id=project.id, author_id=author_id, text=text, visibility=visibility, created_at=now
    )
    session.add(item)
    session.flush()
    return item


def agenda_items_between(
    *, session: Session, project: Project, since: datetime, until: datetime
) -> list[AgendaItem]:
    """What the team added in [since, until), oldest first, internal ones too."""
    query = select(AgendaItem).where(
        AgendaItem.project_id == project.id,
        col(AgendaItem.created_at) >= since,
        col(AgendaItem.created_at) < until,
    )
    return list(session.exec(query.order_by(col(AgendaItem.id))))


def record_minutes(
    *,
    session: Session,
    project: Project,
    minutes: Minutes,
    decisions: list[str],
    items: list[PlannedItem],
) -> tuple[list[Decision], list[ActionItem]]:
    """The minutes, each decision (`D-n`) and action item (`A-n`) with its line in the
    decision log, all in the caller's unit of work."""
    session.add(minutes)
    session.flush()
    decided = [_decide(session, project, minutes, text) for text in decisions]
    planned = [_plan(session, project, minutes, wanted) for wanted in items]
    return decided, planned


def _decide(session: Session, project: Project, minutes: Minutes, text: str) -> Decision:
    assert minutes.id is not None
    decision = Decision(
        project_id=minutes.project_id,
        number=next_number(session=session, project=project, kind="decision"),
        minutes_id=minutes.id,
        text=text,
        decided_by=minutes.recorded_by,
        decided_at=minutes.recorded_at,
    )
    _logged(session, decision, "decided", minutes, text)
    return decision


def _plan(session: Session, project: Project, minutes: Minutes, wanted: PlannedItem) -> ActionItem:
    assert minutes.id is not None
    item = ActionItem(
        project_id=minutes.project_id,
        number=next_number(session=session, project=project, kind="action"),
        minutes_id=minutes.id,
        text=wanted.text,
        owner_id=wanted.owner_id,
        due_on=wanted.due_on,
        visibility=minutes.visibility,
        created_by=minutes.recorded_by,
        created_at=minutes.recorded_at,
    )
    _logged(session, item, "created", minutes, wanted.text)
    return item


def _logged(
    session: Session, row: Decision | ActionItem, action: str, minutes: Minutes, note: str
) -> None:
    """Stored, with its line in the decision log."""
    session.add(row)
    session.flush()
    log(
        session=session,
        row=row,
        action=action,
        from_state=None,
        actor_id=minutes.recorded_by,
        now=minutes.recorded_at,
        note=note,
    )


def set_minutes_post(*, session: Session, minutes_id: int, channel_id: str, ts: str) -> None:
    minutes = session.get(Minutes, minutes_id)
    if minutes is not None:
        minutes.channel_id, minutes.ts = channel_id, ts
        session.add(minutes)
        session.flush()


def open_action_items(
    *, session: Session, project: Project, include_internal: bool = True
) -> list[tuple[ActionItem, Minutes]]:
    """Open action items with their minutes, soonest due first."""
    query = (
        select(ActionItem, Minutes)
        .join(Minutes, col(Minutes.id) == col(ActionItem.minutes_id))
        .where(ActionItem.project_id == project.id, ActionItem.state == "open")
    )
    if not include_internal:
        query = query.where(ActionItem.visibility == "client")
    rows = session.exec(query.order_by(col(ActionItem.due_on), col(ActionItem.number)))
    return [(item, minutes) for item, minutes in rows]


def action_items_for_digest(*, session: Session, project: Project) -> list[ActionItemRow]:
    """The weekly digest's action items: the open ones, internal too, soonest due first."""
    return _OPEN_FOR_DIGEST.all(session, {"project_id": project.id})


def action_items_to_remind(*, session: Session, since: date, until: date) -> list[ActionItem]:
    """Open items due in [since, until] whose owner has no reminder yet, every project's."""
    query = select(ActionItem).where(
        ActionItem.state == "open",
        col(ActionItem.reminder_ts).is_(None),
        col(ActionItem.due_on) >= since,
        col(ActionItem.due_on) <= until,
    )
    return list(session.exec(query.order_by(col(ActionItem.id))))


def get_action_item(*, session: Session, item_id: int) -> ActionItem | None:
    return session.get(ActionItem, item_id)


def get_minutes(*, session: Session, minutes_id: int) -> Minutes | None:
    return session.get(Minutes, minutes_id)


def set_reminder_post(*, session: Session, item_id: int, channel_id: str, ts: str) -> None:
    item = session.get(ActionItem, item_id)
    if item is not None:
        item.reminder_channel_id, item.reminder_ts = channel_id, ts
        session.add(item)
        session.flush()


def close_action_item(*, session: Session, item: ActionItem, user_id: str, now: datetime) -> bool:
    """False when it was closed already (a second click, a retry, two people at once)."""
    return move(
        session=session,
        row=item,
        to="closed",
        starts_from=("open",),
        action="closed",
        actor_id=user_id,
        now=now,
        values={"closed_by": user_id, "closed_at": now},
    )


_TABLE = table_of(Meeting)
_INSERT = {
    name: dialect.insert(_TABLE)
    .on_conflict_do_nothing(index_elements=["project_id", "weekday", "time"])
    .returning(_TABLE.c.id)
    for name, dialect in (("postgresql", postgresql), ("sqlite", sqlite))
}
_OPEN_FOR_DIGEST = DriverRows[ActionItemRow](  # the digest's path reads it for every project
    ActionItemRow,
    "FROM actionitem WHERE project_id = :project_id AND state = 'open' ORDER BY due_on, number",
)


@dataclass(frozen=True)
class MeetingRecords:
    """Every meeting held on the project (its minutes), what it decided and what it planned,
    oldest first: the export's."""

    minutes: list[Minutes]
    decisions: list[Decision]
    action_items: list[ActionItem]


def meeting_records(*, session: Session, project: Project) -> MeetingRecords:
    pid = project.id
    return MeetingRecords(
        minutes=list(
            session.exec(
                select(Minutes)
                .where(Minutes.project_id == pid)
                .order_by(col(Minutes.held_on), col(Minutes.id))
            )
        ),
        decisions=list(
            session.exec(
                select(Decision).where(Decision.project_id == pid).order_by(col(Decision.number))
            )
        ),
        action_items=list(
            session.exec(
                select(ActionItem)
                .where(ActionItem.project_id == pid)
                .order_by(col(ActionItem.number))
            )
        ),
    )
