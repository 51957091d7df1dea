"""The tables. Times are timezone-aware UTC; a project's own timezone applies only on display."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Table, UniqueConstraint
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import declared_attr
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel


class UTCDateTime(TypeDecorator[datetime]):
    """Stores aware datetimes as UTC; SQLite drops the offset, so it is put back on read."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def table_of(model: type[SQLModel]) -> Table:
    """The Core table of a model, for the statements on the hot path that skip the ORM."""
    table = model.__table__  # type: ignore[attr-defined]
    assert isinstance(table, Table)
    return table


def utcnow() -> datetime:
    return datetime.now(UTC)


def _at(nullable: bool = False) -> Any:
    return Field(default=None, sa_type=UTCDateTime, nullable=nullable)


class Project(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    name: str = Field(max_length=80, unique=True)
    client_channel_id: str = Field(max_length=32, unique=True)
    internal_channel_id: str | None = Field(default=None, max_length=32, index=True)
    timezone: str = Field(default="UTC", max_length=64)
    language: str = Field(default="en", max_length=8)
    digest_weekday: int = 4  # Monday is 0: Friday
    digest_time: str = Field(default="16:00", max_length=5)
    # Satisfaction polls: every N weeks on the digest day (0 turns them off), CSAT or NPS,
    # anonymous (no identity kept with a score) or named.
    poll_every_weeks: int = 4
    poll_kind: str = Field(default="csat", max_length=4)
    poll_anonymity: str = Field(default="anonymous", max_length=10)
    poll_window_days: int = 3
    poll_question: str | None = None  # None: the standard question of the poll's kind
    # Local time of the monthly report on the first working day; None turns it off.
    report_time: str | None = Field(default="10:00", max_length=5)
    # Hours before the digest that reminders go out; 0 turns them off.
    reminder_lead_hours: int = 3
    response_target: str = Field(default="1d", max_length=8)
    # Working hours, in the project's zone: response times count only these. Days are
    # Monday-first digits ("01234" is Monday to Friday).
    work_days: str = Field(default="01234", max_length=7)
    work_start: str = Field(default="09:00", max_length=5)
    work_end: str = Field(default="18:00", max_length=5)
    feedback_counter: int = 0
    risk_counter: int = 0  # hands out, …
    change_counter: int = 0  # hands out CR-1, CR-2, …
    # When the plan's timing last changed: times due before it are not caught up.
    plan_changed_at: datetime | None = _at(nullable=True)
    # Scheduled posts stop until this local date (inclusive); None means running.
    paused_until: date | None = None
    created_by: str = Field(max_length=32)
    created_at: datetime = Field(sa_type=UTCDateTime)
    # SQLAlchemy's version counter: a process's copy of the plan is trusted while it matches
    # (bot/platform/asking.py). The FB/R/CR counters move by plain UPDATEs that leave it alone.
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})

    @declared_attr.directive
    def __mapper_args__(cls: type[SQLModel]) -> dict[str, Any]:
        return {"version_id_col": table_of(cls).c.version}


class Member(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("project_id", "user_id"),)

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    user_id: str = Field(max_length=32)
    role: str = Field(max_length=8)  # owner | team | client
    reminders_off: bool = False  # `/status remind off`
    # Decides change requests (`/project set approver`); when nobody is, any client decides.
    approver: bool = False


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
    edited_at: datetime | None = _at(nullable=True)
    deleted_at: datetime | None = _at(nullable=True)


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
    acknowledged_at: datetime | None = _at(nullable=True)
    resolved_by: str | None = Field(default=None, max_length=32)
    resolved_at: datetime | None = _at(nullable=True)
    resolution: str | None = None
    # The channel it was given in: feedback typed in the internal channel stays internal.
    origin_channel_id: str | None = Field(default=None, max_length=32)
    # Where the triage card sits, so a change of state can update it in place.
    card_channel_id: str | None = Field(default=None, max_length=32)
    card_ts: str | None = Field(default=None, max_length=32)


class Event(SQLModel, table=True):
    """The decision log: one row per change of state of feedback, a risk or a change request
    (who, when, from, to, note). Append-only: the database refuses updates and deletes."""

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    subject: str = Field(max_length=10)  # feedback | risk | change
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
    closed_at: datetime | None = _at(nullable=True)
    close_note: str | None = None


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
    decided_at: datetime | None = _at(nullable=True)
    decision_note: str | None = None
    created_at: datetime = Field(sa_type=UTCDateTime, index=True)
    # The message with the buttons, updated in place when it is decided.
    channel_id: str | None = Field(default=None, max_length=32)
    ts: str | None = Field(default=None, max_length=32)


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
    closed_at: datetime | None = _at(nullable=True)
    asked: int | None = None  # client members in the channel when it opened
    # What the team did about low scores: who followed up, and the note the client will read.
    follow_up_by: str | None = Field(default=None, max_length=32)
    follow_up_note: str | None = None
    follow_up_at: datetime | None = _at(nullable=True)
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
    finished_at: datetime | None = _at(nullable=True)
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
    answered_at: datetime | None = _at(nullable=True)
    answered_by: str | None = Field(default=None, max_length=32)
    answer_ts: str | None = Field(default=None, max_length=32)
    # Working seconds from the message to its answer, in the project's hours at the time.
    response_seconds: int | None = None
    # Deleted by its author before anyone answered: the clock stops and it counts for nothing.
    withdrawn: bool = False
    # The team's alert at 80% of the target: its every post (storage.responses.AlertPost).
    alerted_at: datetime | None = _at(nullable=True)
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
