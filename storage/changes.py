"""Change requests: proposed by either side, decided once by the client, kept with their history."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import CursorResult, bindparam, update
from sqlmodel import Session, col, select

from storage.events import record_event
from storage.models import ChangeRequest, Project
from storage.projects import next_number
from storage.refs import change_ref

DECISIONS = ("approved", "rejected")


def add_change(
    *,
    session: Session,
    project: Project,
    title: str,
    reason: str,
    scope_impact: str,
    schedule_days: int,
    cost_cents: int,
    requested_by: str | None,
    proposed_by: str,
    now: datetime,
) -> ChangeRequest:
    assert project.id is not None
    change = ChangeRequest(
        project_id=project.id,
        number=next_number(session=session, project=project, kind="change"),
        title=title,
        reason=reason,
        scope_impact=scope_impact,
        schedule_days=schedule_days,
        cost_cents=cost_cents,
        requested_by=requested_by,
        proposed_by=proposed_by,
        created_at=now,
    )
    session.add(change)
    session.flush()
    _record(session, change, "proposed", None, proposed_by, None, now)
    return change


def get_change(*, session: Session, change_id: int) -> ChangeRequest | None:
    return session.get(ChangeRequest, change_id)


def change_by_number(*, session: Session, project: Project, number: int) -> ChangeRequest | None:
    return session.exec(
        select(ChangeRequest).where(
            ChangeRequest.project_id == project.id, ChangeRequest.number == number
        )
    ).first()


def set_message(*, session: Session, change: ChangeRequest, channel_id: str, ts: str) -> None:
    change.channel_id, change.ts = channel_id, ts
    session.add(change)
    session.flush()


def decide_change(
    *,
    session: Session,
    change: ChangeRequest,
    decision: str,
    user_id: str,
    note: str | None,
    now: datetime,
) -> bool:
    """Approve or reject a pending request. False when it was decided or withdrawn already: a
    second click, or two people clicking at once, decide once (the update is compare-and-set)."""
    if decision not in DECISIONS:
        raise ValueError(f"unknown decision {decision!r}")
    if not _move(session, change, "pending", decision):
        return False
    change.decided_by, change.decided_at, change.decision_note = user_id, now, note
    session.add(change)
    _record(session, change, decision, "pending", user_id, note, now)
    return True


def withdraw_change(
    *, session: Session, change: ChangeRequest, user_id: str, now: datetime
) -> bool:
    """Only whoever proposed it withdraws it, and only while it waits for a decision."""
    if change.proposed_by != user_id or not _move(session, change, "pending", "withdrawn"):
        return False
    change.decided_at = now
    session.add(change)
    _record(session, change, "withdrawn", "pending", user_id, None, now)
    return True


def note_question(
    *, session: Session, change: ChangeRequest, user_id: str, question: str, now: datetime
) -> None:
    """A question changes no state, but the log keeps it beside the decision it led to."""
    _record(session, change, "questioned", change.state, user_id, question, now)


def list_changes(*, session: Session, project: Project) -> list[ChangeRequest]:
    return list(
        session.exec(
            select(ChangeRequest)
            .where(ChangeRequest.project_id == project.id)
            .order_by(col(ChangeRequest.number))
        )
    )


def pending_changes(*, session: Session, project: Project) -> list[ChangeRequest]:
    """Waiting for a decision, oldest first."""
    return list(
        session.exec(
            select(ChangeRequest)
            .where(ChangeRequest.project_id == project.id, ChangeRequest.state == "pending")
            .order_by(col(ChangeRequest.number))
        )
    )


def changes_decided_between(
    *, session: Session, project: Project, since: datetime, until: datetime
) -> list[ChangeRequest]:
    """Approved or rejected in [since, until), by number."""
    return list(
        session.exec(
            select(ChangeRequest)
            .where(
                ChangeRequest.project_id == project.id,
                col(ChangeRequest.state).in_(DECISIONS),
                col(ChangeRequest.decided_at) >= since,
                col(ChangeRequest.decided_at) < until,
            )
            .order_by(col(ChangeRequest.number))
        )
    )


def changes_for_digest(
    *, session: Session, project: Project, since: datetime, until: datetime
) -> list[ChangeRequest]:
    """Pending, or approved or rejected in [since, until), by number, in one query: what
    `pending_changes` and `changes_decided_between` give, together."""
    params = {"project_id": project.id, "since": since, "until": until}
    return list(session.exec(_FOR_DIGEST, params=params))


_DECIDED = col(ChangeRequest.decided_at)
_FOR_DIGEST = (  # built once, like storage.status's: the digest's path runs it for every project
    select(ChangeRequest)
    .where(
        col(ChangeRequest.project_id) == bindparam("project_id"),
        (col(ChangeRequest.state) == "pending")
        | (
            col(ChangeRequest.state).in_(DECISIONS)
            & (_DECIDED >= bindparam("since"))
            & (_DECIDED < bindparam("until"))
        ),
    )
    .order_by(col(ChangeRequest.number))
)


def _move(session: Session, change: ChangeRequest, before: str, after: str) -> bool:
    """Compare-and-set on the row, so concurrent clicks in other processes cannot both win."""
    result: CursorResult[Any] = session.execute(  # type: ignore[assignment]
        update(ChangeRequest)
        .where(col(ChangeRequest.id) == change.id, col(ChangeRequest.state) == before)
        .values(state=after)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        session.refresh(change)
        return False
    change.state = after
    return True


def _record(
    session: Session,
    change: ChangeRequest,
    action: str,
    from_state: str | None,
    actor_id: str | None,
    note: str | None,
    now: datetime,
) -> None:
    assert change.id is not None
    record_event(
        session=session,
        project_id=change.project_id,
        subject="change",
        subject_id=change.id,
        ref=change_ref(change.number),
        action=action,
        actor_id=actor_id,
        from_state=from_state,
        to_state=change.state,
        note=note,
        now=now,
    )
