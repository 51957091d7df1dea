"""Made-up records for the tests, with defaults a test overrides where it matters: in memory
(`make_…`, for builders and parsers, no database) and stored through the real storage functions
(`new_…`, for the storage and end-to-end tests)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlmodel import Session, col, select

from storage.changes import add_change
from storage.feedback import add_feedback
from storage.models import (
    ChangeRequest,
    Event,
    Feedback,
    Member,
    Poll,
    Project,
    Risk,
    StatusUpdate,
)
from storage.projects import create_project
from storage.risks import add_risk
from storage.status import add_status

MONDAY = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)
FRIDAY = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)


def make_project(**overrides: Any) -> Project:
    values: dict[str, Any] = {
        "id": 1,
        "team_id": "T1",
        "name": "Acme Website",
        "client_channel_id": "C0CLIENT",
        "internal_channel_id": "C0TEAM",
        "timezone": "Europe/Berlin",
        "created_by": "U0OWNER",
        "created_at": MONDAY,
    }
    values.update(overrides)
    return Project(**values)


def make_update(text: str, **overrides: Any) -> StatusUpdate:
    values: dict[str, Any] = {
        "id": 1,
        "project_id": 1,
        "author_id": "U0BEN",
        "text": text,
        "created_at": MONDAY,
    }
    values.update(overrides)
    return StatusUpdate(**values)


def make_feedback(text: str = "The staging site logs me out", **overrides: Any) -> Feedback:
    values: dict[str, Any] = {
        "id": 7,
        "project_id": 1,
        "number": 1,
        "author_id": "U0DANA",
        "kind": "problem",
        "urgency": "normal",
        "text": text,
        "due_at": datetime(2026, 11, 24, 11, 14, tzinfo=UTC),
        "created_at": MONDAY,
    }
    values.update(overrides)
    return Feedback(**values)


def make_member(user_id: str, role: str) -> Member:
    return Member(project_id=1, user_id=user_id, role=role)


def make_risk(title: str = "The payment provider may ship late", **overrides: Any) -> Risk:
    values: dict[str, Any] = {
        "id": 11,
        "project_id": 1,
        "number": 3,
        "title": title,
        "severity": "medium",
        "likelihood": "low",
        "owner_id": "U0BEN",
        "mitigation": "Mock the API until it ships",
        "visibility": "client",
        "created_by": "U0ANA",
        "created_at": MONDAY,
    }
    values.update(overrides)
    return Risk(**values)


def make_change(**overrides: Any) -> ChangeRequest:
    values: dict[str, Any] = {
        "id": 3,
        "project_id": 1,
        "number": 2,
        "title": "Add single sign-on",
        "reason": "IT requires it",
        "scope_impact": "Okta on the admin pages",
        "schedule_days": 5,
        "cost_cents": 480000,
        "requested_by": "U0DANA",
        "proposed_by": "U0ANA",
        "created_at": MONDAY,
    }
    values.update(overrides)
    return ChangeRequest(**values)


def make_poll(kind: str = "csat", **overrides: Any) -> Poll:
    values: dict[str, Any] = {
        "id": 2,
        "project_id": 1,
        "kind": kind,
        "question": "How is the project going?",
        "anonymity": "anonymous",
        "channel_id": "C0CLIENT",
        "opened_at": MONDAY,
        "closes_at": MONDAY + timedelta(days=3),
    }
    values.update(overrides)
    return Poll(**values)


# -- stored, through the storage functions -------------------------------------------------

NOW = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)


def new_project(
    session: Session,
    name: str = "Acme Website",
    channel_id: str = "C0CLIENT",
    owner_id: str = "U0OWNER",
) -> Project:
    return create_project(
        session=session,
        team_id="T1",
        name=name,
        channel_id=channel_id,
        owner_id=owner_id,
        timezone="Europe/Berlin",
        now=NOW,
    )


def new_status(
    session: Session,
    project: Project,
    text: str,
    *,
    at: datetime = NOW,
    visibility: str = "client",
    author_id: str = "U0BEN",
) -> StatusUpdate:
    status_id = add_status(
        session=session,
        project=project,
        author_id=author_id,
        text=text,
        health="on-track",
        progress=50,
        next_steps="",
        blockers="",
        visibility=visibility,
        now=at,
    )
    update = session.get(StatusUpdate, status_id)
    assert update is not None
    return update


def new_feedback(
    session: Session,
    project: Project,
    text: str = "Staging logs me out",
    *,
    author_id: str | None = "U0DANA",
    at: datetime = NOW,
) -> Feedback:
    return add_feedback(
        session=session,
        project=project,
        author_id=author_id,
        kind="problem",
        urgency="normal",
        text=text,
        due_at=at + timedelta(days=1),
        now=at,
    )


def new_risk(
    session: Session,
    project: Project,
    title: str = "The payment provider may slip its API release",
    *,
    severity: str = "medium",
    visibility: str = "client",
    at: datetime = NOW,
    created_by: str = "U0BEN",
) -> Risk:
    return add_risk(
        session=session,
        project=project,
        title=title,
        severity=severity,
        likelihood="medium",
        owner_id=created_by,
        mitigation="",
        visibility=visibility,
        created_by=created_by,
        now=at,
    )


def log_of(session: Session, row: Feedback | Risk | ChangeRequest) -> list[Event]:
    """The decision log's lines about one item, oldest first."""
    subject = {Feedback: "feedback", Risk: "risk", ChangeRequest: "change"}[type(row)]
    return list(
        session.exec(
            select(Event)
            .where(Event.subject == subject, Event.subject_id == row.id)
            .order_by(col(Event.id))
        )
    )


def new_change(
    session: Session, project: Project, title: str = "Add SSO", *, at: datetime = NOW
) -> ChangeRequest:
    return add_change(
        session=session,
        project=project,
        title=title,
        reason="IT requires it",
        scope_impact="",
        schedule_days=5,
        cost_cents=200000,
        requested_by="U0DANA",
        proposed_by="U0BEN",
        now=at,
    )
