"""Everything a project holds, for its export: every row, oldest first.

Poll votes come without `voter_key`: the export never needs it, so it is never read here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select as select_columns
from sqlmodel import Session, col, select

from storage.incidents import incidents_of, updates_of_incidents
from storage.meetings import MeetingRecords, meeting_records
from storage.models import (
    ChangeRequest,
    ClientMessage,
    Event,
    Feedback,
    Incident,
    IncidentUpdate,
    Poll,
    PollVote,
    Project,
    Risk,
    StatusUpdate,
)


@dataclass(frozen=True)
class Vote:
    """A poll vote as the export may see it: the user id is None for anonymous polls."""

    id: int
    poll_id: int
    user_id: str | None
    score: int
    comment: str | None
    voted_at: datetime


@dataclass(frozen=True)
class ProjectRecords:
    statuses: list[StatusUpdate]
    deleted_statuses: int
    feedback: list[Feedback]
    events: list[Event]
    polls: list[Poll]
    votes: list[Vote]
    risks: list[Risk]
    changes: list[ChangeRequest]
    client_messages: list[ClientMessage]
    incidents: list[Incident] = field(default_factory=list)
    incident_updates: list[IncidentUpdate] = field(default_factory=list)
    meetings: MeetingRecords = field(default_factory=lambda: MeetingRecords([], [], []))


def project_records(*, session: Session, project: Project) -> ProjectRecords:
    """Every row of the project; deleted status updates are counted, not returned."""
    pid = project.id
    statuses = list(
        session.exec(
            select(StatusUpdate)
            .where(StatusUpdate.project_id == pid)
            .order_by(col(StatusUpdate.created_at), col(StatusUpdate.id))
        )
    )
    polls = list(
        session.exec(
            select(Poll).where(Poll.project_id == pid).order_by(col(Poll.opened_at), col(Poll.id))
        )
    )
    votes = _votes(session, pid, polls)
    return ProjectRecords(
        statuses=[s for s in statuses if s.deleted_at is None],
        deleted_statuses=sum(1 for s in statuses if s.deleted_at is not None),
        feedback=list(
            session.exec(
                select(Feedback).where(Feedback.project_id == pid).order_by(col(Feedback.number))
            )
        ),
        events=list(
            session.exec(
                select(Event).where(Event.project_id == pid).order_by(col(Event.at), col(Event.id))
            )
        ),
        polls=polls,
        votes=votes,
        risks=list(
            session.exec(select(Risk).where(Risk.project_id == pid).order_by(col(Risk.number)))
        ),
        changes=list(
            session.exec(
                select(ChangeRequest)
                .where(ChangeRequest.project_id == pid)
                .order_by(col(ChangeRequest.number))
            )
        ),
        client_messages=list(
            session.exec(
                select(ClientMessage)
                .where(ClientMessage.project_id == pid)
                .order_by(col(ClientMessage.received_at), col(ClientMessage.id))
            )
        ),
        incidents=(incidents := incidents_of(session=session, project=project)),
        incident_updates=updates_of_incidents(
            session=session, incident_ids=[i.id for i in incidents if i.id is not None]
        ),
        meetings=meeting_records(session=session, project=project),
    )


def _votes(session: Session, project_id: int | None, polls: list[Poll]) -> list[Vote]:
    """Every vote of the project's polls; an anonymous poll's votes name nobody."""
    pid = project_id
    anonymous = {poll.id for poll in polls if poll.anonymity != "named"}
    rows = session.execute(
        select_columns(
            col(PollVote.id),
            col(PollVote.poll_id),
            col(PollVote.user_id),
            col(PollVote.score),
            col(PollVote.comment),
            col(PollVote.voted_at),
        )
        .join(Poll, col(Poll.id) == col(PollVote.poll_id))
        .where(col(Poll.project_id) == pid)
        .order_by(col(PollVote.poll_id), col(PollVote.voted_at), col(PollVote.id))
    )
    return [
        Vote(
            id=vote_id or 0,
            poll_id=poll_id,
            user_id=None if poll_id in anonymous else user_id,
            score=score,
            comment=comment,
            voted_at=voted_at,
        )
        for vote_id, poll_id, user_id, score, comment, voted_at in rows
    ]
