"""What happens on a project: status updates, feedback, risks, change requests, polls and the
decision log."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.models.columns import UTCDateTime, utc_field


class StatusUpdate(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    author_id: str = Field(max_length=32)
    health: str | None = Field(default=None, max_length=10)  # on-track | at-risk | off-track
    progress: int | None = None
    text: str
    next_steps: str = ""
    blockers: str = ""
    visibility: str = Field(default="client", max_length=8)  # client | internal
    created_at: datetime = Field(sa_type=UTCDateTime, index=True)
    edited_at: datetime | None = utc_field(nullable=True)
    deleted_at: datetime | None = utc_field(nullable=True)


class Feedback(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("project_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    number: int
    # None when anonymous: the sender is not stored anywhere, not even here.
    author_id: str | None = Field(default=None, max_length=32)
    kind: str = Field(default="request", max_length=10)  # praise | problem | request | question
    urgency: str = Field(default="normal", max_length=8)  # low | normal | urgent
    text: str
    state: str = Field(default="open", max_length=12)  # open | acknowledged | resolved
    due_at: datetime = Field(sa_type=UTCDateTime)
    created_at: datetime = Field(sa_type=UTCDateTime, index=True)
    acknowledged_by: str | None = Field(default=None, max_length=32)
    acknowledged_at: datetime | None = utc_field(nullable=True)
    resolved_by: str | None = Field(default=None, max_length=32)
    resolved_at: datetime | None = utc_field(nullable=True)
    resolution: str | None = None
    # The channel it was given in: feedback typed in the internal channel stays internal.
    origin_channel_id: str | None = Field(default=None, max_length=32)
    # Where the triage card sits, so a change of state can update it in place.
    card_channel_id: str | None = Field(default=None, max_length=32)
    card_ts: str | None = Field(default=None, max_length=32)
    # Logged from a message ("Log this"): its link, and the team member who logged a client's
    # words for them (author_id is then the client).
    source_link: str | None = Field(default=None, max_length=300)
    logged_by: str | None = Field(default=None, max_length=32)


class Event(SQLModel, table=True):
    """The decision log: one row per change of state of feedback, a risk or a change request
    (who, when, from, to, note). Append-only: the database refuses updates and deletes."""

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    subject: str = Field(max_length=10)  # feedback | risk | change | incident
    subject_id: int = Field(index=True)
    ref: str = Field(max_length=16)  # FB-3, R-2, CR-1: how people name it
    action: str = Field(max_length=16)  # created | acknowledged | resolved | approved | …
    actor_id: str | None = Field(default=None, max_length=32)  # None: anonymous or the bot
    from_state: str | None = Field(default=None, max_length=12)  # None when it was created
    to_state: str = Field(max_length=12)
    note: str | None = None
    at: datetime = Field(sa_type=UTCDateTime, index=True)


class Risk(SQLModel, table=True):
    """A risk or an issue the team keeps in the open; `R-n` within its project."""

    __table_args__ = (UniqueConstraint("project_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    number: int
    title: str
    severity: str = Field(default="medium", max_length=6)  # high | medium | low
    likelihood: str = Field(default="medium", max_length=6)  # high | medium | low
    owner_id: str | None = Field(default=None, max_length=32)
    mitigation: str = ""
    visibility: str = Field(default="client", max_length=8)  # client | internal
    state: str = Field(default="open", max_length=8)  # open | closed
    created_by: str = Field(max_length=32)
    created_at: datetime = Field(sa_type=UTCDateTime, index=True)
    closed_by: str | None = Field(default=None, max_length=32)
    closed_at: datetime | None = utc_field(nullable=True)
    close_note: str | None = None
    source_link: str | None = Field(default=None, max_length=300)  # logged from a message


class ChangeRequest(SQLModel, table=True):
    """A change of scope the client decides on in the channel; `CR-n` within its project."""

    __table_args__ = (UniqueConstraint("project_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    number: int
    title: str
    reason: str = ""
    scope_impact: str = ""
    schedule_days: int = 0  # working days added (negative: saved)
    cost_cents: int = 0  # added cost in hundredths (negative: saved); no currency kept
    requested_by: str | None = Field(default=None, max_length=32)  # who asked for it
    proposed_by: str = Field(max_length=32)  # who wrote it up in Rapport
    # pending | approved | rejected | withdrawn
    state: str = Field(default="pending", max_length=10)
    decided_by: str | None = Field(default=None, max_length=32)
    decided_at: datetime | None = utc_field(nullable=True)
    decision_note: str | None = None
    created_at: datetime = Field(sa_type=UTCDateTime, index=True)
    # The message with the buttons, updated in place when it is decided.
    channel_id: str | None = Field(default=None, max_length=32)
    ts: str | None = Field(default=None, max_length=32)
    source_link: str | None = Field(default=None, max_length=300)  # proposed from a message


class Poll(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    kind: str = Field(max_length=4)  # csat | nps
    question: str
    anonymity: str = Field(max_length=10)  # anonymous | named
    channel_id: str = Field(max_length=32)
    ts: str | None = Field(default=None, max_length=32)
    opened_at: datetime = Field(sa_type=UTCDateTime)
    closes_at: datetime = Field(sa_type=UTCDateTime)
    closed_at: datetime | None = utc_field(nullable=True)
    asked: int | None = None  # client members in the channel when it opened
    # What the team did about low scores: who followed up, and the note the client will read.
    follow_up_by: str | None = Field(default=None, max_length=32)
    follow_up_note: str | None = None
    follow_up_at: datetime | None = utc_field(nullable=True)
    # Keys the voter hashes of an anonymous poll while it is open; wiped when it closes, so
    # afterwards nobody, operators included, can link a score to a person.
    voter_secret: str | None = Field(default=None, max_length=64)


class PollVote(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("poll_id", "voter_key"),)

    id: int | None = Field(default=None, primary_key=True)
    poll_id: int = Field(foreign_key="poll.id", index=True)
    # Anonymous: HMAC(poll secret, user id). Named: the user id itself.
    voter_key: str = Field(max_length=64)
    user_id: str | None = Field(default=None, max_length=32)  # named polls only
    score: int
    comment: str | None = None
    voted_at: datetime = Field(sa_type=UTCDateTime)
