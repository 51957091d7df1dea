"""A project and its plan, and who is on it."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import UniqueConstraint
from sqlalchemy.orm import declared_attr
from sqlmodel import Field, SQLModel

from storage.models.columns import UTCDateTime, table_of, utc_field


class Project(SQLModel, table=True):
    # A project belongs to one workspace: its name and its client channel are its own there
    # (with OAuth, Rapport serves several workspaces from one database).
    __table_args__ = (
        UniqueConstraint("team_id", "name", name="uq_project_team_name"),
        UniqueConstraint("team_id", "client_channel_id", name="uq_project_team_client_channel"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    name: str = Field(max_length=80)
    client_channel_id: str = Field(max_length=32)
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
    # The working calendar (bot/platform/calendar.py): the public holidays of a region the
    # `holidays` package knows (`DE-BE`, `CN`, `US-NY`; None: none), and the owners' extra days
    # off, local dates as `2026-12-24,2026-12-31` (a handful: part of the plan, versioned with it).
    holiday_region: str | None = Field(default=None, max_length=40)
    days_off: str = Field(default="", max_length=1200, sa_column_kwargs={"server_default": ""})
    feedback_counter: int = 0
    risk_counter: int = 0  # hands out, …
    change_counter: int = 0  # hands out CR-1, CR-2, …
    decision_counter: int = 0  # hands out D-1, D-2, … (meetings' decisions)
    action_counter: int = 0  # hands out A-1, A-2, … (meetings' action items)
    incident_counter: int = 0  # hands out INC-1, INC-2, …
    # How often an incident's client hears from the team: SEV1, SEV2, SEV3 (m, h, working d).
    incident_updates: str = Field(default="30m 2h 1d", max_length=32)
    # When the plan's timing last changed: times due before it are not caught up.
    plan_changed_at: datetime | None = utc_field(nullable=True)
    # Scheduled posts stop until this local date (inclusive); None means running.
    paused_until: date | None = None
    # Why the project exists and what it is for, as its owners wrote them (`/project describe`).
    goal: str | None = None
    background: str | None = None
    # The communication review: every N months (0 turns it off), in the quarter's first week.
    review_every_months: int = 3
    # The plan as a document (bot/plandoc): the channel canvas edited in place, or, where the
    # workspace allows no canvas, the message whose thread holds its files; which version the
    # channel shows and when it was published.
    plan_canvas_id: str | None = Field(default=None, max_length=32)
    plan_message_ts: str | None = Field(default=None, max_length=32)
    document_version: int = 0
    document_published_at: datetime | None = utc_field(nullable=True)
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
