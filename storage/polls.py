"""Polls and their votes. One vote per person per poll; a second one replaces the first."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime
from typing import Literal

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from storage.driver_sql import DriverSQL, stored_time
from storage.models import Poll, PollVote, Project, table_of


def open_poll(
    *,
    session: Session,
    project: Project,
    kind: str,
    question: str,
    anonymity: str,
    now: datetime,
    closes_at: datetime,
    asked: int | None = None,
) -> Poll:
    assert project.id is not None
    poll = Poll(
        project_id=project.id,
        kind=kind,
        question=question,
        anonymity=anonymity,
        channel_id=project.client_channel_id,
        opened_at=now,
        closes_at=closes_at,
        asked=asked,
        voter_secret=secrets.token_hex(32) if anonymity == "anonymous" else None,
    )
    session.add(poll)
    session.flush()
    return poll


def discard_unposted_poll(*, session: Session, poll_id: int) -> None:
    """A poll whose message never reached the channel: nobody saw it, so nothing is kept."""
    poll = session.get(Poll, poll_id)
    if poll is not None and poll.ts is None:
        session.delete(poll)
        session.flush()


def current_poll(*, session: Session, project: Project) -> Poll | None:
    return session.exec(
        select(Poll).where(Poll.project_id == project.id, col(Poll.closed_at).is_(None))
    ).first()


def latest_poll(*, session: Session, project: Project) -> Poll | None:
    return session.exec(
        select(Poll).where(Poll.project_id == project.id).order_by(col(Poll.opened_at).desc())
    ).first()


def get_poll(*, session: Session, poll_id: int) -> Poll | None:
    return session.get(Poll, poll_id)


def set_poll_message(*, session: Session, poll: Poll, ts: str) -> None:
    poll.ts = ts
    session.add(poll)
    session.flush()


def voter_key(poll: Poll, user_id: str) -> str:
    """Who voted, as the poll may keep it: the user id when named; when anonymous, a keyed hash
    that only this open poll can compute."""
    if poll.anonymity == "named":
        return user_id
    assert poll.voter_secret is not None, "an anonymous poll takes no votes once closed"
    return hmac.new(poll.voter_secret.encode(), user_id.encode(), hashlib.sha256).hexdigest()


def record_vote(
    *, session: Session, poll: Poll, user_id: str, score: int, now: datetime
) -> Literal["new", "changed", "same"]:
    """ "new" for a first vote, "changed" when it replaced an earlier one, "same" when it gave
    the answer already recorded (a double click, a second look): nothing is written then.

    The first vote is one INSERT … ON CONFLICT DO NOTHING: a double click racing it finds the
    other's row (on PostgreSQL it waits for the other's commit) and is counted as a second
    vote, never as an error, and no savepoint is needed."""
    assert poll.id is not None
    key = voter_key(poll, user_id)
    existing = _vote_of(session, poll.id, key)
    if existing is None:
        connection = session.connection()
        inserted = connection.execute(
            _FIRST_VOTE[connection.dialect.name],
            {
                "poll_id": poll.id,
                "voter_key": key,
                "user_id": user_id if poll.anonymity == "named" else None,
                "score": score,
                "voted_at": now,
            },
        ).first()
        if inserted is not None:
            return "new"
        existing = _vote_of(session, poll.id, key)  # the other click's, committed meanwhile
        assert existing is not None
    if existing.score == score:
        return "same"
    existing.score, existing.voted_at = score, now
    session.add(existing)
    session.flush()
    return "changed"


def _vote_of(session: Session, poll_id: int, key: str) -> PollVote | None:
    return session.exec(
        select(PollVote).where(PollVote.poll_id == poll_id, PollVote.voter_key == key)
    ).first()


def scores(*, session: Session, poll: Poll) -> list[int]:
    return list(session.exec(select(PollVote.score).where(PollVote.poll_id == poll.id)))


def close_poll(*, session: Session, poll: Poll, now: datetime) -> None:
    poll.closed_at, poll.voter_secret = now, None
    session.add(poll)
    session.flush()


def to_announce(*, session: Session, now: datetime, since: datetime) -> list[Poll]:
    """Polls past their window: still open, or closed since `since` (their results may not be
    posted yet, if a process died between closing and posting)."""
    return list(
        session.exec(
            select(Poll)
            .where(
                col(Poll.closes_at) <= now,
                col(Poll.closed_at).is_(None) | (col(Poll.closed_at) >= since),
            )
            .order_by(col(Poll.id))
        )
    )


def previous_poll(*, session: Session, poll: Poll) -> Poll | None:
    return session.exec(
        select(Poll)
        .where(
            Poll.project_id == poll.project_id,
            col(Poll.closed_at).is_not(None),
            col(Poll.id) != poll.id,
            Poll.kind == poll.kind,
        )
        .order_by(col(Poll.opened_at).desc())
    ).first()


def add_comment(*, session: Session, poll: Poll, user_id: str, comment: str) -> PollVote | None:
    """A comment goes with the commenter's vote; None when they have not voted."""
    vote = session.exec(
        select(PollVote).where(
            PollVote.poll_id == poll.id, PollVote.voter_key == voter_key(poll, user_id)
        )
    ).first()
    if vote is None:
        return None
    vote.comment = comment
    session.add(vote)
    session.flush()
    return vote


def record_follow_up(
    *, session: Session, poll: Poll, user_id: str, note: str, now: datetime
) -> None:
    poll.follow_up_by, poll.follow_up_note, poll.follow_up_at = user_id, note, now
    session.add(poll)
    session.flush()


def follow_up_notes_since(*, session: Session, project: Project, since: datetime) -> list[str]:
    """What the team wrote the client about low scores since `since`, oldest first."""
    params = {"project_id": project.id, "since": stored_time(session, since)}
    return [str(row[0]) for row in _FOLLOW_UP_NOTES.all(session, params)]


_FOLLOW_UP_NOTES = DriverSQL(  # the digest's path reads it for every project
    "SELECT follow_up_note FROM poll WHERE project_id = :project_id AND follow_up_at >= :since"
    " AND follow_up_note <> '' ORDER BY follow_up_at"
)


def closed_polls_with_scores(
    *, session: Session, project: Project, since: datetime, until: datetime
) -> list[tuple[Poll, list[int]]]:
    """Polls closed in [since, until), oldest first, each with its scores (two queries)."""
    polls = list(
        session.exec(
            select(Poll)
            .where(
                Poll.project_id == project.id,
                col(Poll.closed_at) >= since,
                col(Poll.closed_at) < until,
            )
            .order_by(col(Poll.closed_at))
        )
    )
    by_poll: dict[int | None, list[int]] = {poll.id: [] for poll in polls}
    if polls:
        rows = session.exec(
            select(PollVote.poll_id, PollVote.score).where(col(PollVote.poll_id).in_(list(by_poll)))
        )
        for poll_id, score in rows:
            by_poll[poll_id].append(score)
    return [(poll, by_poll[poll.id]) for poll in polls]


# Built once per dialect, on the table, as storage.seen's claim: a first vote, or nothing.
_VOTES = table_of(PollVote)
_FIRST_VOTE = {
    name: dialect.insert(_VOTES)
    .on_conflict_do_nothing(index_elements=["poll_id", "voter_key"])
    .returning(_VOTES.c.id)
    for name, dialect in (("postgresql", postgresql), ("sqlite", sqlite))
}
