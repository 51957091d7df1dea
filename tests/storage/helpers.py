"""Rows for the storage tests, written through the real storage functions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import Session, col, select

from storage.feedback import add_feedback
from storage.models import ChangeRequest, Event, Feedback, Project, Risk, StatusUpdate
from storage.projects import create_project
from storage.risks import add_risk
from storage.status import add_status

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
    return add_status(
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
