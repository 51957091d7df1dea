"""Stakeholders outside Slack: the addresses that receive a project's client digest and monthly
report by email, and the exactly-once claim of each email sent."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.models.columns import UTCDateTime, utc_field


class EmailRecipient(SQLModel, table=True):
    """An address an owner added with `/project set email add`. Removed by an owner, the row
    stays (`removed_at`) only so that its unsubscription is remembered: an address that
    unsubscribed is never added again by anyone but its owner, from the link in an email."""

    __table_args__ = (UniqueConstraint("project_id", "address"),)

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    address: str = Field(max_length=254)  # as normalised by email-validator (domain lowercased)
    added_by: str = Field(max_length=32)
    added_at: datetime = Field(sa_type=UTCDateTime)
    removed_at: datetime | None = utc_field(nullable=True)
    unsubscribed_at: datetime | None = utc_field(nullable=True)


class EmailSend(SQLModel, table=True):
    """The exactly-once claim of one email: (project, recipient, job, period) is unique.

    state: claimed (a process is preparing it) → sending (the server was told the recipient and
    is being given the message: from here on a failure leaves it unknown whether it arrived) →
    sent | refused (the server said no for good: 5xx) | failed (a temporary refusal, a timeout,
    a dropped connection: tried again at `next_attempt_at`, a few times). A claim older than the
    timeout whose process died is taken over; one taken over in `sending` is sent again with the
    same Message-ID, so the copy is recognisable as the same email (bot/email/sending.py).
    """

    __table_args__ = (UniqueConstraint("project_id", "address", "job", "period_key"),)

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    address: str = Field(max_length=254)
    job: str = Field(max_length=16)  # digest | report
    period_key: str = Field(max_length=32)  # 2026-W47, 2026-11: the Slack post's period
    scheduled_for: datetime = Field(sa_type=UTCDateTime)
    state: str = Field(default="claimed", max_length=10)
    claimed_by: str = Field(max_length=64)
    claimed_at: datetime = Field(sa_type=UTCDateTime)
    attempts: int = 1
    next_attempt_at: datetime | None = utc_field(nullable=True)
    finished_at: datetime | None = utc_field(nullable=True)
    message_id: str = Field(max_length=200)
    note: str | None = Field(default=None, max_length=200)  # the server's answer, or what broke
