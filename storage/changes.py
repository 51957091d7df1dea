"""Change requests: proposed by either side, decided once by the client, kept with their history."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from storage.driver_rows import DriverRows
from storage.driver_sql import period_params
from storage.models import ChangeRequest, Project
from storage.projects import next_number
from storage.rows import ChangeRow
from storage.transitions import log, move

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
    log(
        session=session,
        row=change,
        action="proposed",
        from_state=None,
        actor_id=proposed_by,
        now=now,
    )
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
    second click, or two people clicking at once, decide once."""
    if decision not in DECISIONS:
        raise ValueError(f"unknown decision {decision!r}")
    return move(
        session=session,
        row=change,
        to=decision,
        starts_from=("pending",),
        action=decision,
        actor_id=user_id,
        now=now,
        note=note,
        values={"decided_by": user_id, "decided_at": now, "decision_note": note},
    )


def withdraw_change(
    *, session: Session, change: ChangeRequest, user_id: str, now: datetime
) -> bool:
    """Only whoever proposed it withdraws it, and only while it waits for a decision."""
    return move(
        session=session,
        row=change,
        to="withdrawn",
        starts_from=("pending",),
        action="withdrawn",
        actor_id=user_id,
        now=now,
        values={"decided_at": now},
        only_if=col(ChangeRequest.proposed_by) == user_id,
    )


def note_question(
    *, session: Session, change: ChangeRequest, user_id: str, question: str, now: datetime
) -> None:
    """A question changes no state, but the log keeps it beside the decision it led to."""
    log(
        session=session,
        row=change,
        action="questioned",
        from_state=change.state,
        actor_id=user_id,
        note=question,
        now=now,
    )


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
) -> list[ChangeRow]:
    """Pending, or approved or rejected in [since, until), by number, in one query: what
    `pending_changes` and `changes_decided_between` give, together."""
    params = period_params(session, project.id, since, until)
    return _FOR_DIGEST.all(session, params)


_FOR_DIGEST = DriverRows[ChangeRow](  # the digest's path reads it for every project
    ChangeRow,
    "FROM changerequest WHERE project_id = :project_id AND (state = 'pending' OR (state IN"
    f" ({', '.join(repr(d) for d in DECISIONS)}) AND decided_at >= :since AND decided_at < :until))"
    " ORDER BY number",
)
