"""What goes on a meeting's agenda: the updates since the last meeting and their blockers, open
risks, change requests waiting for a decision, open feedback, open action items, and what the
team added. Read once for both audiences (`read_agenda_rows`); each audience's agenda is then
sorted out of the rows (`agenda_for`, pure): the client's leaves out whatever is internal."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlmodel import Session

from bot.meetings.schedule import WEEK, Occurrence, occurrence
from storage.changes import pending_changes
from storage.feedback import given_by_client, open_feedback
from storage.meetings import agenda_items_between, open_action_items
from storage.models import (
    ActionItem,
    AgendaItem,
    ChangeRequest,
    Feedback,
    Meeting,
    Minutes,
    Project,
    Risk,
)
from storage.risks import open_risks
from storage.rows import StatusRow
from storage.status import statuses_since


@dataclass(frozen=True)
class AgendaRows:
    """One meeting's rows, internal ones included."""

    since: datetime  # the last meeting of the series began then
    updates: list[StatusRow]  # oldest first
    risks: list[Risk]  # open, highest severity first
    changes: list[ChangeRequest]  # waiting for a decision, oldest first
    feedback: list[Feedback]  # open, oldest first
    action_items: list[tuple[ActionItem, Minutes]]  # open, soonest due first
    added: list[AgendaItem]  # by the team since the last agenda, oldest first


@dataclass(frozen=True)
class Agenda:
    """One audience's agenda; `links` maps an item ("change:3", "feedback:5", "action:7") to
    the Slack link of the message it comes from."""

    project_name: str
    meeting_title: str
    audience: str  # client | internal
    starts_at: datetime
    timezone: str
    today: date
    updates: list[StatusRow]
    blockers: list[StatusRow]
    risks: list[Risk]
    changes: list[ChangeRequest]
    feedback: list[Feedback]
    action_items: list[ActionItem]
    added: list[AgendaItem]
    links: dict[str, str] = field(default_factory=dict)
    late: bool = False

    @property
    def internal(self) -> bool:
        return self.audience == "internal"

    @property
    def is_empty(self) -> bool:
        return not (
            self.updates
            or self.risks
            or self.changes
            or self.feedback
            or self.action_items
            or self.added
        )


def read_agenda_rows(
    *, session: Session, project: Project, meeting: Meeting, due: Occurrence
) -> AgendaRows:
    """Everything both agendas of one meeting may show: seven queries, however many rows."""
    previous = occurrence(meeting, project.timezone, due.day - WEEK * max(1, meeting.every_weeks))
    updates = statuses_since(
        session=session, project=project, since=previous.starts_at, include_internal=True
    )
    return AgendaRows(
        since=previous.starts_at,
        updates=[u for u in reversed(updates) if u.created_at < due.agenda_at],
        risks=open_risks(session=session, project=project, include_internal=True),
        changes=pending_changes(session=session, project=project),
        feedback=open_feedback(session=session, project=project),
        action_items=open_action_items(session=session, project=project),
        added=agenda_items_between(
            session=session, project=project, since=previous.agenda_at, until=due.agenda_at
        ),
    )


def linked_places(rows: AgendaRows) -> dict[str, tuple[str, str]]:
    """Each row that keeps its message (channel, ts): what the agenda links to."""
    places: dict[str, tuple[str, str]] = {}
    for change in rows.changes:
        if change.channel_id and change.ts:
            places[f"change:{change.id}"] = (change.channel_id, change.ts)
    for feedback in rows.feedback:
        if feedback.card_channel_id and feedback.card_ts:
            places[f"feedback:{feedback.id}"] = (feedback.card_channel_id, feedback.card_ts)
    for item, minutes in rows.action_items:
        if minutes.channel_id and minutes.ts:
            places[f"action:{item.id}"] = (minutes.channel_id, minutes.ts)
    return places


def agenda_for(
    rows: AgendaRows,
    *,
    project: Project,
    meeting: Meeting,
    due: Occurrence,
    audience: str,
    links: dict[str, str],
    late: bool = False,
) -> Agenda:
    """Pure: one audience's agenda. The client's shows what is the client's: updates, risks,
    action items and added items not marked internal, feedback given in the client channel
    (the team's triage cards are not theirs to open)."""
    internal = audience == "internal"

    def shown(visibility: str) -> bool:
        return internal or visibility == "client"

    updates = [u for u in rows.updates if shown(u.visibility)]
    feedback = [f for f in rows.feedback if internal or given_by_client(f, project)]
    return Agenda(
        project_name=project.name,
        meeting_title=meeting.title,
        audience=audience,
        starts_at=due.starts_at,
        timezone=project.timezone,
        today=due.day,
        updates=updates,
        blockers=_latest_blockers(updates),
        risks=[r for r in rows.risks if shown(r.visibility)],
        changes=rows.changes,
        feedback=feedback,
        action_items=[i for i, _minutes in rows.action_items if shown(i.visibility)],
        added=[a for a in rows.added if shown(a.visibility)],
        links={k: v for k, v in links.items() if internal or not k.startswith("feedback:")},
        late=late,
    )


def _latest_blockers(updates: list[StatusRow]) -> list[StatusRow]:
    """Each author's latest blockers, as the digest has them: an update that says nothing of
    blockers leaves the earlier ones standing."""
    latest: dict[str, StatusRow] = {}
    for update in updates:
        if update.blockers:
            latest.pop(update.author_id, None)  # re-inserted: ordered by when last said
            latest[update.author_id] = update
    return list(latest.values())
