"""How Rapport keeps its word: claims on scheduled posts, Slack deliveries acted on, and the
client messages and team replies that response times are measured by."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.models.columns import UTCDateTime, utc_field


class JobRun(SQLModel, table=True):
    """The exactly-once claim of one scheduled post: (job, project, period) is unique.

    state: claimed (a process is posting) → posted (ts known) | missed (too late to post) |
    skipped (nothing to post, e.g. the person posted already) | refused or error (Slack said
    no, or the message could not be built: tried again later, a few times) | unverified (a
    takeover could not read the channel, so it did not post blind). A claim older than the
    timeout whose process died is taken over; the new owner first looks in the channel.
    """

    __table_args__ = (UniqueConstraint("job", "project_id", "period_key"),)

    id: int | None = Field(default=None, primary_key=True)
    job: str = Field(max_length=64)  # digest:client | digest:internal | reminder:U123 | …
    project_id: int = Field(foreign_key="project.id", index=True)
    period_key: str = Field(max_length=32)  # 2026-W48, 2026-11, …
    scheduled_for: datetime = Field(sa_type=UTCDateTime)
    state: str = Field(default="claimed", max_length=10)
    claimed_by: str = Field(max_length=64)
    claimed_at: datetime = Field(sa_type=UTCDateTime)
    attempts: int = 1
    late: bool = False
    channel_id: str | None = Field(default=None, max_length=32)
    ts: str | None = Field(default=None, max_length=32)
    finished_at: datetime | None = utc_field(nullable=True)
    note: str | None = Field(default=None, max_length=200)


class ClientMessage(SQLModel, table=True):
    """A client's message in the client channel, waiting for the team's first answer.

    A top-level message is answered by the team's next message in the channel or in its thread;
    a message in a thread by the team's next reply in that thread. Only ids and times are kept,
    never the text.
    """

    __table_args__ = (UniqueConstraint("channel_id", "ts"),)

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    channel_id: str = Field(max_length=32)
    ts: str = Field(max_length=32)
    thread_ts: str | None = Field(default=None, max_length=32)  # None: a top-level message
    author_id: str = Field(max_length=32)
    received_at: datetime = Field(sa_type=UTCDateTime, index=True)
    answered_at: datetime | None = utc_field(nullable=True)
    answered_by: str | None = Field(default=None, max_length=32)
    answer_ts: str | None = Field(default=None, max_length=32)
    # Working seconds from the message to its answer, in the project's hours at the time.
    response_seconds: int | None = None
    # Deleted by its author before anyone answered: the clock stops and it counts for nothing.
    withdrawn: bool = False
    # The team's alert at 80% of the target: its every post (storage.responses.AlertPost).
    alerted_at: datetime | None = utc_field(nullable=True)
    alert_posts: list[dict[str, Any]] | None = Field(default=None, sa_type=JSON)


class TeamReply(SQLModel, table=True):
    """A team member's message in a client channel. Kept (ids and times only) because Slack
    may deliver it before the client message it answers."""

    __table_args__ = (UniqueConstraint("channel_id", "ts"),)

    id: int | None = Field(default=None, primary_key=True)
    channel_id: str = Field(max_length=32, index=True)
    ts: str = Field(max_length=32)
    thread_ts: str | None = Field(default=None, max_length=32)
    user_id: str = Field(max_length=32)
    at: datetime = Field(sa_type=UTCDateTime)


class SeenRequest(SQLModel, table=True):
    """One row per Slack delivery we acted on; a retry finds its key here and is dropped."""

    key: str = Field(primary_key=True, max_length=255)
    seen_at: datetime = Field(sa_type=UTCDateTime, index=True)
