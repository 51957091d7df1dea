"""A person's time off: one row a person, whatever their projects."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Field, SQLModel

from storage.models.columns import UTCDateTime


class TimeOff(SQLModel, table=True):
    """`/status away until 2026-12-10`. Away is a person's, not a project's: someone on leave is
    away from every project they are on. The days are read in the zone they were typed for (the
    person's, from Slack) and kept as the instants they begin and end, so every project, in any
    zone, agrees on whether they are away at a moment; the dates stay for display."""

    user_id: str = Field(primary_key=True, max_length=32)
    first_day: date
    last_day: date  # inclusive
    timezone: str = Field(max_length=64)
    starts_at: datetime = Field(sa_type=UTCDateTime)  # the first day's midnight, or when set
    back_at: datetime = Field(sa_type=UTCDateTime)  # the midnight after the last day
    set_at: datetime = Field(sa_type=UTCDateTime)
