"""Status meetings: the recurring meetings a plan names, what the team adds to their agendas,
and what a meeting decided and who does what by when (minutes, decisions, action items)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.models.columns import UTCDateTime, utc_field


class Meeting(SQLModel, table=True):
    """A recurring meeting of the plan, on a weekday and local time in the project's zone,
    every `every_weeks` weeks counted from `starts_on`; its agenda is posted
    `agenda_lead_minutes` before it. One meeting per project, weekday and time: setting the
    same slot again changes it."""

    __table_args__ = (UniqueConstraint("project_id", "weekday", "time"),)

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    weekday: int  # Monday is 0
    time: str = Field(max_length=5)  # "HH:MM", local to the project
    every_weeks: int = 1
    title: str = Field(max_length=150)
    agenda_lead_minutes: int = 60
    starts_on: date  # the first meeting; every N weeks counts from it
    created_by: str = Field(max_length=32)
    created_at: datetime = Field(sa_type=UTCDateTime)


class AgendaItem(SQLModel, table=True):
    """Something a team member wants discussed (`/project agenda add …`): on the agenda of
    each meeting whose window (since its last occurrence) it was added in."""

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    author_id: str = Field(max_length=32)
    text: str
    visibility: str = Field(default="client", max_length=8)  # client | internal
    created_at: datetime = Field(sa_type=UTCDateTime, index=True)


class Minutes(SQLModel, table=True):
    """What one meeting recorded (`/project minutes`). The meeting may be gone from the plan
    since: its title and day are kept here."""

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    meeting_id: int | None = None  # None: a meeting outside the plan
    title: str = Field(max_length=150)
    held_on: date
    visibility: str = Field(default="client", max_length=8)  # client | internal
    recorded_by: str = Field(max_length=32)
    recorded_at: datetime = Field(sa_type=UTCDateTime)
    # The minutes as posted: what decisions and action items link to.
    channel_id: str | None = Field(default=None, max_length=32)
    ts: str | None = Field(default=None, max_length=32)


class Decision(SQLModel, table=True):
    """`D-n`: one decision of a meeting; its line in the decision log is written with it."""

    __table_args__ = (UniqueConstraint("project_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    number: int
    minutes_id: int = Field(foreign_key="minutes.id", index=True)
    text: str
    state: str = Field(default="decided", max_length=8)  # decided: a decision never moves
    decided_by: str = Field(max_length=32)  # who recorded it
    decided_at: datetime = Field(sa_type=UTCDateTime)


class ActionItem(SQLModel, table=True):
    """`A-n`: what someone does by when, from a meeting's minutes: reminded to its owner on
    its due date, open → closed (with a button)."""

    __table_args__ = (UniqueConstraint("project_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    number: int
    minutes_id: int = Field(foreign_key="minutes.id", index=True)
    text: str
    owner_id: str = Field(max_length=32)
    due_on: date = Field(index=True)
    visibility: str = Field(default="client", max_length=8)  # client | internal
    state: str = Field(default="open", max_length=8)  # open | closed
    created_by: str = Field(max_length=32)
    created_at: datetime = Field(sa_type=UTCDateTime)
    closed_by: str | None = Field(default=None, max_length=32)
    closed_at: datetime | None = utc_field(nullable=True)
    # The reminder sent to the owner, updated in place when the item is closed.
    reminder_channel_id: str | None = Field(default=None, max_length=32)
    reminder_ts: str | None = Field(default=None, max_length=32)
