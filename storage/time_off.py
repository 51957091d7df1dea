"""People's time off (`/status away`, `/status back`), and who of a project's team is away."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol

import sqlalchemy as sql
from sqlalchemy import bindparam, delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col

from storage.driver_rows import DriverRows
from storage.driver_sql import stored_time
from storage.models import Project, TimeOff, table_of


def set_time_off(*, session: Session, time_off: TimeOff) -> None:
    """One period of time off a person: a new one replaces the one before (one INSERT … ON
    CONFLICT DO UPDATE, so two at once leave the later)."""
    connection = session.connection()
    values = time_off.model_dump()
    connection.execute(_UPSERT[connection.dialect.name], values)


def end_time_off(*, session: Session, user_id: str, now: datetime) -> TimeOff | None:
    """`/status back`: the time off that was still running or to come, now ended; None when
    there was none."""
    current = time_off_of(session=session, user_id=user_id, now=now)
    session.execute(delete(TimeOff).where(col(TimeOff.user_id) == user_id))
    session.flush()
    return current


def time_off_of(*, session: Session, user_id: str, now: datetime) -> TimeOff | None:
    """The person's time off, unless it is over."""
    row = session.connection().execute(_OF_USER, {"user_id": user_id}).first()
    if row is None:
        return None
    found = TimeOff(**row._mapping)
    return found if found.back_at > now else None


def away_among(*, session: Session, user_ids: Iterable[str], at: datetime) -> set[str]:
    """Who of these people is away at the instant `at`."""
    wanted = sorted(set(user_ids))
    if not wanted:
        return set()
    rows = session.connection().execute(_AWAY_AT, {"users": wanted, "at": at})
    return {str(row[0]) for row in rows}


@dataclass(frozen=True)
class TeamPerson:
    """Someone of a project as its digest sees them: named on it (with a role), or not named
    but posting (role None: the team, as roles.py decides); with their time off, if any."""

    user_id: str
    role: str | None
    time_off: TimeOff | None

    def away_during(self, since: datetime, until: datetime) -> bool:
        off = self.time_off
        return off is not None and off.starts_at < until and off.back_at > since


def team_with_time_off(
    *, session: Session, project: Project, authors_since: datetime
) -> list[TeamPerson]:
    """Everyone named on the project, in the order they were named, then whoever posted since
    `authors_since` without being named; each with their time off: one statement (the digest's
    path runs it for every project)."""
    params = {"project_id": project.id, "since": stored_time(session, authors_since)}
    people = []
    for row in _TEAM.all(session, params):
        away: dict[str, Any] = {name: getattr(row, name) for name in _TIME_OFF}
        off = TimeOff(user_id=row.user_id, **away) if row.starts_at is not None else None
        people.append(TeamPerson(row.user_id, row.role, off))
    return people


class _TeamRow(Protocol):
    """One of `team_with_time_off`'s rows: a person, and their time off if any (all None)."""

    @property
    def user_id(self) -> str: ...
    @property
    def role(self) -> str | None: ...
    @property
    def first_day(self) -> date | None: ...
    @property
    def last_day(self) -> date | None: ...
    @property
    def timezone(self) -> str | None: ...
    @property
    def starts_at(self) -> datetime | None: ...
    @property
    def back_at(self) -> datetime | None: ...
    @property
    def set_at(self) -> datetime | None: ...


_TIME_OFF = ("first_day", "last_day", "timezone", "starts_at", "back_at", "set_at")
# The named (by when they were named), then those posting without being named (rank NULL).
_TEAM = DriverRows[_TeamRow](
    _TeamRow,
    "FROM (SELECT user_id, role, id AS rank FROM member WHERE project_id = :project_id"
    " UNION ALL SELECT DISTINCT author_id, NULL, CAST(NULL AS INTEGER) FROM statusupdate"
    " WHERE project_id = :project_id AND created_at >= :since AND author_id NOT IN"
    " (SELECT user_id FROM member WHERE project_id = :project_id)) AS people"
    " LEFT OUTER JOIN (SELECT user_id AS away_id, first_day, last_day, timezone, starts_at,"
    " back_at, set_at FROM timeoff) AS away ON away_id = people.user_id"
    " ORDER BY rank IS NULL, rank, user_id",
)


# Built once, on the tables: asked on the digest's and the reminders' paths.
_TABLE = table_of(TimeOff)


def _upsert(insert: Any) -> Any:
    kept = {c.name: insert.excluded[c.name] for c in _TABLE.c if c.name != "user_id"}
    return insert.on_conflict_do_update(index_elements=["user_id"], set_=kept)


_UPSERT = {
    "postgresql": _upsert(postgresql.insert(_TABLE)),
    "sqlite": _upsert(sqlite.insert(_TABLE)),
}
_OF_USER = sql.select(_TABLE).where(_TABLE.c.user_id == bindparam("user_id"))
_AWAY_AT = sql.select(_TABLE.c.user_id).where(
    _TABLE.c.user_id.in_(bindparam("users", expanding=True)),
    _TABLE.c.starts_at <= bindparam("at"),
    _TABLE.c.back_at > bindparam("at"),
)
