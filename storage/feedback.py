"""Client feedback and its history of state changes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, func, literal
from sqlmodel import Session, col, select

from storage.driver_rows import DriverRows
from storage.driver_sql import stored_time
from storage.models import Feedback, Project, UTCDateTime
from storage.projects import next_feedback_number
from storage.rows import FeedbackRow
from storage.transitions import log, move

UNRESOLVED = ("open", "acknowledged", "withdrawn")  # what a resolution can close


def add_feedback(
    *,
    session: Session,
    project: Project,
    author_id: str | None,
    kind: str,
    urgency: str,
    text: str,
    due_at: datetime,
    now: datetime,
    origin_channel_id: str | None = None,
) -> Feedback:
    """author_id None means anonymous: nothing that identifies the sender is written."""
    assert project.id is not None
    feedback = Feedback(
        project_id=project.id,
        number=next_feedback_number(session=session, project=project),
        author_id=author_id,
        kind=kind,
        urgency=urgency,
        text=text,
        origin_channel_id=origin_channel_id,
        due_at=due_at,
        created_at=now,
    )
    session.add(feedback)
    session.flush()
    log(
        session=session,
        row=feedback,
        action="created",
        from_state=None,
        actor_id=author_id,
        now=now,
    )
    return feedback


def get_feedback(*, session: Session, feedback_id: int) -> Feedback | None:
    return session.get(Feedback, feedback_id)


def feedback_by_number(*, session: Session, project: Project, number: int) -> Feedback | None:
    return session.exec(
        select(Feedback).where(Feedback.project_id == project.id, Feedback.number == number)
    ).first()


def set_card(*, session: Session, feedback: Feedback, channel_id: str, ts: str) -> None:
    feedback.card_channel_id, feedback.card_ts = channel_id, ts
    session.add(feedback)
    session.flush()


def acknowledge_feedback(
    *, session: Session, feedback: Feedback, user_id: str, now: datetime
) -> bool:
    """False when it was already acknowledged or resolved (a second click changes nothing)."""
    return move(
        session=session,
        row=feedback,
        to="acknowledged",
        starts_from=("open",),
        action="acknowledged",
        actor_id=user_id,
        now=now,
        values={"acknowledged_by": user_id, "acknowledged_at": now},
    )


def resolve_feedback(
    *, session: Session, feedback: Feedback, user_id: str, resolution: str, now: datetime
) -> bool:
    """False when it was already resolved. Resolving what nobody acknowledged acknowledges it
    too, by the same person at the same time."""
    return move(
        session=session,
        row=feedback,
        to="resolved",
        starts_from=UNRESOLVED,
        action="resolved",
        actor_id=user_id,
        now=now,
        note=resolution,
        values={
            "acknowledged_by": func.coalesce(col(Feedback.acknowledged_by), user_id),
            "acknowledged_at": func.coalesce(
                col(Feedback.acknowledged_at), literal(now, type_=UTCDateTime())
            ),
            "resolved_by": user_id,
            "resolved_at": now,
            "resolution": resolution,
        },
    )


def withdraw_feedback(*, session: Session, feedback: Feedback, user_id: str, now: datetime) -> bool:
    """Only its named sender withdraws feedback, and only while it is not resolved. The row
    stays (history is kept); it just leaves the open list."""
    return move(
        session=session,
        row=feedback,
        to="withdrawn",
        starts_from=("open", "acknowledged"),
        action="withdrawn",
        actor_id=user_id,
        now=now,
        only_if=col(Feedback.author_id) == user_id,
    )


def feedback_received_since(
    *, session: Session, project: Project, since: datetime, client_only: bool = False
) -> list[Feedback]:
    return _listed(session, project, col(Feedback.created_at) >= since, client_only)


def feedback_resolved_since(
    *, session: Session, project: Project, since: datetime, client_only: bool = False
) -> list[Feedback]:
    return _listed(session, project, col(Feedback.resolved_at) >= since, client_only)


def feedback_for_digest(
    *, session: Session, project: Project, since: datetime
) -> list[FeedbackRow]:
    """Received or resolved since `since`, by number, whoever gave it: both of a digest's
    lists, for both audiences, in one query (`given_by_client` sorts out the client's)."""
    params = {"project_id": project.id, "since": stored_time(session, since)}
    return _FOR_DIGEST.all(session, params)


_FOR_DIGEST = DriverRows[FeedbackRow](  # the digest's path reads it for every project
    FeedbackRow,
    "FROM feedback WHERE project_id = :project_id AND (created_at >= :since OR resolved_at >="
    " :since) ORDER BY number",
)


def given_by_client(feedback: FeedbackRow, project: Project) -> bool:
    """What `client_only` keeps: feedback not given in the internal channel."""
    return feedback.origin_channel_id in (None, project.client_channel_id)


def _listed(
    session: Session, project: Project, when: ColumnElement[bool], client_only: bool
) -> list[Feedback]:
    """Feedback of one project, by number. `client_only` leaves out what the team gave in its
    internal channel (older rows, from before the origin was kept, count as the client's)."""
    query = select(Feedback).where(Feedback.project_id == project.id, when)
    if client_only:
        origin = col(Feedback.origin_channel_id)
        query = query.where(origin.is_(None) | (origin == project.client_channel_id))
    return list(session.exec(query.order_by(col(Feedback.number))))


def open_feedback(*, session: Session, project: Project) -> list[Feedback]:
    """Feedback still waiting for its resolution, oldest first."""
    return list(
        session.exec(
            select(Feedback)
            .where(
                Feedback.project_id == project.id,
                col(Feedback.state).not_in(("resolved", "withdrawn")),
            )
            .order_by(col(Feedback.created_at), col(Feedback.number))
        )
    )
