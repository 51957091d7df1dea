"""Client messages and the team's first answers: the raw facts behind response times."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import CursorResult, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from storage.models import ClientMessage, Project, TeamReply

WorkingSeconds = Callable[[datetime, datetime], int]


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
) -> ClientMessage | None:
    """Start the clock; None when this message is known already (Slack delivered it twice).
    When the team's answer came in first (events arrive in any order), it stops at once."""
    assert project.id is not None
    message = ClientMessage(
        project_id=project.id,
        channel_id=channel_id,
        ts=ts,
        thread_ts=thread_ts,
        author_id=author_id,
        received_at=received_at,
    )
    try:
        with session.begin_nested():
            session.add(message)
    except IntegrityError:
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
        message.answered_at, message.answered_by, message.answer_ts = (
            reply.at,
            reply.user_id,
            reply.ts,
        )
        message.response_seconds = working_seconds(received_at, reply.at)
        session.add(message)
        session.flush()
    return message


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
    try:
        with session.begin_nested():
            session.add(
                TeamReply(channel_id=channel_id, ts=ts, thread_ts=thread_ts, user_id=user_id, at=at)
            )
    except IntegrityError:
        return False
    return True


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


def set_alert(*, session: Session, message_id: int, channel_id: str, ts: str) -> None:
    session.execute(
        update(ClientMessage)
        .where(col(ClientMessage.id) == message_id)
        .values(alert_channel_id=channel_id, alert_ts=ts)
        .execution_options(synchronize_session=False)
    )
