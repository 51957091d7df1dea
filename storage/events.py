"""The decision log: every change of state of feedback, risks and change requests, and every
meeting's decisions and action items, appended."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from storage.models import Event, Project

SUBJECTS = ("feedback", "risk", "change", "decision", "action", "plan", "incident")
PLAN_REF = "PLAN"  # how the decision log names the plan itself (its goal, its document)


def record_event(
    *,
    session: Session,
    project_id: int,
    subject: str,
    subject_id: int,
    ref: str,
    action: str,
    actor_id: str | None,
    from_state: str | None,
    to_state: str,
    note: str | None,
    now: datetime,
) -> Event:
    """Written in the same unit of work as the change it records, so neither exists alone."""
    if subject not in SUBJECTS:
        raise ValueError(f"unknown subject {subject!r}")
    event = Event(
        project_id=project_id,
        subject=subject,
        subject_id=subject_id,
        ref=ref,
        action=action,
        actor_id=actor_id,
        from_state=from_state,
        to_state=to_state,
        note=note,
        at=now,
    )
    session.add(event)
    session.flush()
    return event


def latest_events(*, session: Session, project: Project, limit: int) -> list[Event]:
    """The project's most recent events, newest first."""
    return list(
        session.exec(
            select(Event)
            .where(Event.project_id == project.id)
            .order_by(col(Event.id).desc())
            .limit(limit)
        )
    )


def record_plan_event(
    *,
    session: Session,
    project_id: int,
    action: str,
    actor_id: str | None,
    from_state: str | None,
    to_state: str,
    note: str | None,
    now: datetime,
) -> Event:
    """A line about the plan itself: its goal or background written, its document published."""
    return record_event(
        session=session,
        project_id=project_id,
        subject="plan",
        subject_id=project_id,
        ref=PLAN_REF,
        action=action,
        actor_id=actor_id,
        from_state=from_state,
        to_state=to_state,
        note=note,
        now=now,
    )
