"""The quarterly communication review: a short poll about the communication itself, answered
by the client members and the team, anonymously."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.models.columns import UTCDateTime, utc_field


class Review(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    channel_id: str = Field(max_length=32)
    ts: str | None = Field(default=None, max_length=32)  # the message with its button
    opened_at: datetime = Field(sa_type=UTCDateTime)
    closes_at: datetime = Field(sa_type=UTCDateTime)
    closed_at: datetime | None = utc_field(nullable=True)
    # Keys the answerers' hashes while it is open; wiped when it closes (as a poll's is), so
    # afterwards nobody, operators included, can tell whose answer is whose.
    voter_secret: str | None = Field(default=None, max_length=64)
    # What the owners will change, written after reading the results.
    note: str | None = None
    note_by: str | None = Field(default=None, max_length=32)
    note_at: datetime | None = utc_field(nullable=True)


class ReviewAnswer(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("review_id", "voter_key"),)

    id: int | None = Field(default=None, primary_key=True)
    review_id: int = Field(foreign_key="review.id", index=True)
    voter_key: str = Field(max_length=64)  # HMAC(review secret, user id): never the id
    side: str = Field(max_length=8)  # client | team
    cadence: str = Field(max_length=10)  # too-often | right | too-rare
    useful: str = Field(max_length=10)  # very | somewhat | not
    change: str | None = None  # what should change, in their words
    answered_at: datetime = Field(sa_type=UTCDateTime)
