"""Client messages and the team's first answers: the raw facts behind response times."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import CursorResult, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from storage.models import ClientMessage, Project, TeamReply, table_of

WorkingSeconds = Callable[[datetime, datetime], int]


@dataclass(frozen=True)
class AlertPost:
    """One post of a response-time alert, and who reads it: an owner, in their direct messages,
    or None in the internal channel (read in the project's language)."""

    channel_id: str
    ts: str
    reader_id: str | None = None


def record_client_message(
    *,
    session: Session,
    project: Project,
    channel_id: str,
    ts: str,
    thread_ts: str | None,
    author_id: str,
    received_at: datetime,
    working_seconds: WorkingSeconds,
) -> int | None:
    """Start the clock: the message's id; None when it is known already (Slack delivered it
    twice). When the team's answer came in first (events arrive in any order), it stops at once.
    One INSERT … ON CONFLICT DO NOTHING RETURNING: no savepoint, no exception."""
    assert project.id is not None
    values = {
        "project_id": project.id,
        "channel_id": channel_id,
        "ts": ts,
        "thread_ts": thread_ts,
        "author_id": author_id,
        "received_at": received_at,
        "withdrawn": False,
    }
    message_id = _insert_once(session, _NEW_MESSAGE, values)
    if message_id is None:
        return None
    scope = (
        col(TeamReply.thread_ts) == thread_ts
        if thread_ts is not None
        else col(TeamReply.thread_ts).is_(None) | (col(TeamReply.thread_ts) == ts)
    )
    reply = session.exec(
        select(TeamReply)
        .where(TeamReply.channel_id == channel_id, col(TeamReply.at) > received_at, scope)
        .order_by(col(TeamReply.at))
    ).first()
    if reply is not None:
        session.execute(
            update(ClientMessage)
            .where(col(ClientMessage.id) == message_id)
            .values(
                answered_at=reply.at,
                answered_by=reply.user_id,
                answer_ts=reply.ts,
                response_seconds=working_seconds(received_at, reply.at),
            )
            .execution_options(synchronize_session=False)
        )
    return message_id


def record_team_reply(
    *,
    session: Session,
    channel_id: str,
    ts: str,
    thread_ts: str | None,
    user_id: str,
    at: datetime,
) -> bool:
    """False when this message is known already."""
    values = {"channel_id": channel_id, "ts": ts, "thread_ts": thread_ts, "user_id": user_id}
    return _insert_once(session, _NEW_REPLY, {**values, "at": at}) is not None


def _insert_once(
    session: Session, statements: dict[str, Any], values: dict[str, Any]
) -> int | None:
    """The new row's id, or None when (channel, ts) is there already."""
    connection = session.connection()
    row = connection.execute(statements[connection.dialect.name], values).first()
    return int(row[0]) if row is not None else None


def answer_waiting(
    *,
    session: Session,
    channel_id: str,
    thread_ts: str | None,
    answer_ts: str,
    answered_by: str,
    answered_at: datetime,
    working_seconds: WorkingSeconds,
) -> list[ClientMessage]:
    """A team member wrote in the channel (thread_ts None) or in a thread: stop every clock it
    answers. A reply in a thread answers the client messages in it and the message that began
    it; a message in the channel answers the client's earlier top-level messages."""
    query = select(ClientMessage).where(
        ClientMessage.channel_id == channel_id,
        col(ClientMessage.answered_at).is_(None),
        col(ClientMessage.withdrawn).is_(False),
        col(ClientMessage.received_at) < answered_at,
    )
    if thread_ts is None:
        query = query.where(col(ClientMessage.thread_ts).is_(None))
    else:
        query = query.where(
            (col(ClientMessage.thread_ts) == thread_ts)
            | ((col(ClientMessage.ts) == thread_ts) & col(ClientMessage.thread_ts).is_(None))
        )
    answered = []
    for message in session.exec(query.order_by(col(ClientMessage.id))):
        seconds = working_seconds(message.received_at, answered_at)
        # Compare-and-set: an answer handled at the same moment elsewhere wins once.
        result: CursorResult[Any] = session.execute(  # type: ignore[assignment]
            update(ClientMessage)
            .where(col(ClientMessage.id) == message.id, col(ClientMessage.answered_at).is_(None))
            .values(
                answered_at=answered_at,
                answered_by=answered_by,
                answer_ts=answer_ts,
                response_seconds=seconds,
            )
            .execution_options(synchronize_session=False)
        )
        if result.rowcount == 1:
            session.refresh(message)
            answered.append(message)
    return answered


def withdraw_client_message(*, session: Session, channel_id: str, ts: str) -> bool:
    """Its author deleted it before any answer: it no longer waits, nor counts."""
    result: CursorResult[Any] = session.execute(  # type: ignore[assignment]
        update(ClientMessage)
        .where(
            col(ClientMessage.channel_id) == channel_id,
            col(ClientMessage.ts) == ts,
            col(ClientMessage.answered_at).is_(None),
        )
        .values(withdrawn=True)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)


def waiting_messages(*, session: Session, project: Project) -> list[ClientMessage]:
    """Unanswered, oldest first."""
    return list(
        session.exec(
            select(ClientMessage)
            .where(
                ClientMessage.project_id == project.id,
                col(ClientMessage.answered_at).is_(None),
                col(ClientMessage.withdrawn).is_(False),
            )
            .order_by(col(ClientMessage.received_at))
        )
    )


def messages_received_between(
    *, session: Session, project: Project, since: datetime, until: datetime
) -> list[ClientMessage]:
    """Client messages received in [since, until), withdrawn ones left out, oldest first."""
    return list(
        session.exec(
            select(ClientMessage)
            .where(
                ClientMessage.project_id == project.id,
                col(ClientMessage.withdrawn).is_(False),
                col(ClientMessage.received_at) >= since,
                col(ClientMessage.received_at) < until,
            )
            .order_by(col(ClientMessage.received_at))
        )
    )


def claim_alert(*, session: Session, message: ClientMessage, now: datetime) -> bool:
    """True for the one process that alerts about this message; never twice."""
    result: CursorResult[Any] = session.execute(  # type: ignore[assignment]
        update(ClientMessage)
        .where(col(ClientMessage.id) == message.id, col(ClientMessage.alerted_at).is_(None))
        .values(alerted_at=now)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def set_alert(*, session: Session, message_id: int, posts: Sequence[AlertPost]) -> None:
    """Keep every post of the alert, to update each once the message is answered."""
    kept = [{"channel": p.channel_id, "ts": p.ts, "reader": p.reader_id} for p in posts]
    session.execute(
        update(ClientMessage)
        .where(col(ClientMessage.id) == message_id)
        .values(alert_posts=kept)
        .execution_options(synchronize_session=False)
    )


def alert_posts_of(message: ClientMessage) -> list[AlertPost]:
    """The posts of the alert about this message (none when there was no alert)."""
    return [
        AlertPost(str(p["channel"]), str(p["ts"]), p.get("reader"))
        for p in message.alert_posts or []
        if p.get("channel") and p.get("ts")
    ]


# Built once per dialect, on the tables: a message event is the most frequent request of all.
def _once(table: Any) -> dict[str, Any]:
    return {
        name: dialect.insert(table)
        .on_conflict_do_nothing(index_elements=["channel_id", "ts"])
        .returning(table.c.id)
        for name, dialect in (("postgresql", postgresql), ("sqlite", sqlite))
    }


_NEW_MESSAGE = _once(table_of(ClientMessage))
_NEW_REPLY = _once(table_of(TeamReply))
