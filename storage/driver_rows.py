"""Rows that many readers read, by the driver, as light tuples instead of the ORM's objects.

Through the ORM a digest's ten reads cost several times the rows themselves (building each
object, its state, the identity map: bench/digests_at_scale.py). Here a Protocol says what a
reader sees of a table's row, as read-only properties named after its columns; `DriverRows`
selects exactly those columns in the driver's SQL (storage/driver_sql.py) and hands each row
over as a named tuple, which the model's own objects read the same as (a `Feedback` is a
`FeedbackRow`). What SQLAlchemy's column types do on reading is done here, by the
properties' types: a time, stored as text on SQLite, comes back aware and in UTC, as
storage.models.UTCDateTime gives it; a day and a flag (text and 0 or 1 on SQLite) as a date
and a bool.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from typing import Any, Generic, TypeVar, cast, get_args, get_type_hints

from sqlmodel import Session

from storage.driver_sql import DriverSQL

R = TypeVar("R")
DIALECTS = ("sqlite", "postgresql")


class DriverRows(Generic[R]):
    """`SELECT <the shape's columns> <rest>`, each row a tuple with the shape's properties.
    Written `DriverRows[FeedbackRow](FeedbackRow, "FROM feedback WHERE …")`: a Protocol cannot
    be handed over where a class is expected, so the type is named once more."""

    def __init__(self, shape: type, rest: str) -> None:
        types = {  # the shape's own properties and those it inherits, the inherited first
            name: get_type_hints(member.fget)["return"]
            for kind in reversed(shape.__mro__)
            for name, member in vars(kind).items()
            if isinstance(member, property) and member.fget is not None
        }
        self.statement = DriverSQL(f"SELECT {', '.join(types)} {rest}")
        self.make: Any = namedtuple(shape.__name__, list(types))  # type: ignore[misc]
        self.converters = {
            dialect: [
                (index, convert)
                for index, kind in enumerate(types.values())
                if (convert := _converter(kind, dialect)) is not None
            ]
            for dialect in DIALECTS
        }

    def all(self, session: Session, params: Mapping[str, Any]) -> list[R]:
        rows = self.statement.all(session, params)
        converters = self.converters[session.get_bind().dialect.name]
        if not converters:
            return cast(list[R], [self.make._make(values) for values in rows])
        made = []
        for values in rows:
            converted = list(values)
            for index, convert in converters:
                if converted[index] is not None:
                    converted[index] = convert(converted[index])
            made.append(self.make._make(converted))
        return cast(list[R], made)


def _converter(kind: Any, dialect: str) -> Callable[[Any], Any] | None:
    """How a column of this type is read back on `dialect` (None: as the driver gives it)."""
    kinds = set(get_args(kind)) - {type(None)} or {kind}
    if datetime in kinds:
        return _sqlite_time if dialect == "sqlite" else _utc
    if dialect != "sqlite":
        return None
    if date in kinds:
        return date.fromisoformat
    return bool if bool in kinds else None


def _sqlite_time(stored: str) -> datetime:
    """SQLite holds the UTC time as text without its offset; parsed with it in one step (ten
    times faster than parsing, then `replace(tzinfo=UTC)`)."""
    return datetime.fromisoformat(stored + "+00:00")


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)
