"""Changes of state of feedback, risks and change requests: one compare-and-set for all of them,
each with its line in the decision log, in the caller's unit of work.

`move` changes a row only if it is still in the state it was read in:

    UPDATE feedback SET state = 'acknowledged', … WHERE id = 7 AND state = 'open'

Two owners clicking at the same moment, in two processes or on two replicas, are two such
statements; the database lets exactly one of them match, and the other learns the row's state
now (a second click, or a retry of the first, changes nothing either). When the row moved on to
another state the change also starts from (an open feedback acknowledged meanwhile is still
resolvable), the change is tried again from there, so the log's `from` is always the truth.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, update
from sqlmodel import Session, col

from storage.events import record_event
from storage.models import ActionItem, ChangeRequest, Decision, Feedback, Incident, Risk
from storage.refs import (
    action_item_ref,
    change_ref,
    decision_ref,
    feedback_ref,
    incident_ref,
    risk_ref,
)

Decided = Feedback | Risk | ChangeRequest | Decision | ActionItem | Incident
ATTEMPTS = 3  # a row can only move forward, through a handful of states


def move(
    *,
    session: Session,
    row: Decided,
    to: str,
    starts_from: Collection[str],
    action: str,
    actor_id: str | None,
    now: datetime,
    note: str | None = None,
    values: Mapping[str, Any] | None = None,
    only_if: ColumnElement[bool] | None = None,
) -> bool:
    """Move `row` to state `to` from any of `starts_from`, setting `values` too, and log it.
    False, with the row as it is now, when it is in no such state (or `only_if` does not hold:
    a rule on who may, such as the sender alone withdrawing feedback)."""
    table = type(row)
    if row not in session:
        session.add(row)  # read in an earlier unit of work: this one keeps it current
    for _attempt in range(ATTEMPTS):
        seen = row.state
        if seen not in starts_from:
            return False
        statement = update(table).where(col(table.id) == row.id, col(table.state) == seen)
        if only_if is not None:
            statement = statement.where(only_if)
        changed = session.execute(
            statement.values(state=to, **(values or {})).execution_options(
                synchronize_session=False
            )
        )
        session.refresh(row)
        if getattr(changed, "rowcount", 0) == 1:
            log(
                session=session,
                row=row,
                action=action,
                from_state=seen,
                actor_id=actor_id,
                note=note,
                now=now,
            )
            return True
        if only_if is not None and row.state == seen:
            return False  # the state held: the rule did not
    return False


def log(
    *,
    session: Session,
    row: Decided,
    action: str,
    from_state: str | None,
    actor_id: str | None,
    now: datetime,
    note: str | None = None,
) -> None:
    """One line of the decision log about `row` (created, a question asked, a change of state),
    written in the same unit of work as what it records, so neither exists alone."""
    assert row.id is not None
    subject, ref = _named(row)
    record_event(
        session=session,
        project_id=row.project_id,
        subject=subject,
        subject_id=row.id,
        ref=ref,
        action=action,
        actor_id=actor_id,
        from_state=from_state,
        to_state=row.state,
        note=note,
        now=now,
    )


def _named(row: Decided) -> tuple[str, str]:
    if isinstance(row, Feedback):
        return "feedback", feedback_ref(row.number)
    if isinstance(row, Risk):
        return "risk", risk_ref(row.number)
    if isinstance(row, Decision):
        return "decision", decision_ref(row.number)
    if isinstance(row, ActionItem):
        return "action", action_item_ref(row.number)
    if isinstance(row, Incident):
        return "incident", incident_ref(row.number)
    return "change", change_ref(row.number)
