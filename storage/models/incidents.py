"""Incidents (`INC-n`): the notice in the client channel, its timed updates and its review; and
the team members a client's praise names."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.models.columns import UTCDateTime, utc_field


class Incident(SQLModel, table=True):
    """Something broken in production, told to the client with updates at promised times."""

    __table_args__ = (UniqueConstraint("project_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    number: int
    severity: str = Field(default="sev2", max_length=4)  # sev1 | sev2 | sev3, as it is now
    declared_severity: str = Field(default="sev2", max_length=4)  # as it was declared
    title: str  # what is affected
    known: str = ""  # what is known so far (the latest update's words once there are any)
    owner_id: str = Field(max_length=32)  # who is on it: reminded when an update is due
    state: str = Field(default="open", max_length=10)  # open | resolved
    declared_by: str = Field(max_length=32)
    declared_at: datetime = Field(sa_type=UTCDateTime, index=True)
    # When the next update is promised; None once resolved. The reminder is claimed per
    # (incident, this time), so a reminder goes once whoever sweeps.
    next_update_at: datetime | None = utc_field(nullable=True)
    # The notice in the client channel, edited as the incident moves; when it was posted.
    notice_channel_id: str | None = Field(default=None, max_length=32)
    notice_ts: str | None = Field(default=None, max_length=32)
    noticed_at: datetime | None = utc_field(nullable=True)
    resolved_by: str | None = Field(default=None, max_length=32)
    resolved_at: datetime | None = utc_field(nullable=True)
    summary: str | None = None  # what was done, as the client reads it
    # The post-incident review (SEV1 and SEV2): asked of the owner when resolved.
    review_cause: str | None = None
    review_fix: str | None = None
    review_prevention: str | None = None
    reviewed_at: datetime | None = utc_field(nullable=True)


class IncidentUpdate(SQLModel, table=True):
    """One update of an incident: its words, its severity after it, and whether it came by the
    time promised."""

    id: int | None = Field(default=None, primary_key=True)
    incident_id: int = Field(foreign_key="incident.id", index=True)
    author_id: str = Field(max_length=32)
    text: str
    severity: str = Field(max_length=4)
    due_at: datetime | None = utc_field(nullable=True)  # the time it was promised by
    at: datetime = Field(sa_type=UTCDateTime)


class PraiseCredit(SQLModel, table=True):
    """A team member named in a client's praise (feedback of kind praise)."""

    __table_args__ = (UniqueConstraint("feedback_id", "user_id"),)

    id: int | None = Field(default=None, primary_key=True)
    feedback_id: int = Field(foreign_key="feedback.id", index=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    user_id: str = Field(max_length=32, index=True)
    at: datetime = Field(sa_type=UTCDateTime)
