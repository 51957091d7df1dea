"""People's time off (`/status away`, `/status back`), and who of a project's team is away."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sql
from sqlalchemy import bindparam, delete, literal, null
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col

from storage.models import Member, Project, StatusUpdate, TimeOff, table_of


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
    rows = session.connection().execute(_TEAM, {"project_id": project.id, "since": authors_since})
    people = []
    for row in rows:
        values = dict(row._mapping)
        role = values.pop("role")
        off = TimeOff(**values) if values["starts_at"] is not None else None
        people.append(TeamPerson(str(row.user_id), role, off))
    return people


# Built once, on the tables: asked on the digest's and the reminders' paths.
_TABLE, _MEMBER, _STATUS = table_of(TimeOff), table_of(Member), table_of(StatusUpdate)


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
_NAMED = sql.select(
    _MEMBER.c.user_id.label("user_id"),
    _MEMBER.c.role.label("role"),
    _MEMBER.c.id.label("rank"),
).where(_MEMBER.c.project_id == bindparam("project_id"))
_POSTING = (
    sql.select(
        _STATUS.c.author_id.label("user_id"),
        null().label("role"),
        literal(None, sql.Integer).label("rank"),
    )
    .where(
        _STATUS.c.project_id == bindparam("project_id"),
        _STATUS.c.created_at >= bindparam("since"),
        _STATUS.c.author_id.not_in(
            sql.select(_MEMBER.c.user_id).where(_MEMBER.c.project_id == bindparam("project_id"))
        ),
    )
    .distinct()
)
_PEOPLE = sql.union_all(_NAMED, _POSTING).subquery("people")
_TEAM = (
    sql.select(
        _PEOPLE.c.user_id,
        _PEOPLE.c.role,
        _TABLE.c.first_day,
        _TABLE.c.last_day,
        _TABLE.c.timezone,
        _TABLE.c.starts_at,
        _TABLE.c.back_at,
        _TABLE.c.set_at,
    )
    .select_from(_PEOPLE.outerjoin(_TABLE, _TABLE.c.user_id == _PEOPLE.c.user_id))
    .order_by(_PEOPLE.c.rank.is_(None), _PEOPLE.c.rank, _PEOPLE.c.user_id)
)
