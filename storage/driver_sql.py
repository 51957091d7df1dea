"""The few statements on every request's path, in the database's own SQL.

SQLAlchemy compiles and processes a Core statement at each execution (its cache key, its
parameters, its result's description), and even SQL handed to it as text gets a result object
built around it: on `/status` that costs more than SQLite's own work. These go to the driver's
own cursor, on the connection and in the transaction of the session they are given. A server
thread's session (storage/db.py, ThreadSessions) and a session of reads (`driver_reads`) carry
their connection in `info[DRIVER]`: their statements then go straight to the driver without
SQLAlchemy beginning a transaction of its own; a thread's session's commit, rollback and close
end the driver's (WriteTrackingSession). Each is
written once with `:name` parameters (sqlite3's style) and turned into psycopg's `%(name)s` for
PostgreSQL; times are passed as each database stores them (`stored_time`), and only portable SQL
is used. A write marks its connection as one that wrote (storage/db.py), as any other write
does.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any, TypeVar, cast

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError, StatementError
from sqlmodel import Session

from storage.sqlite import WRITES

WROTE = "rapport_wrote"  # storage/db.py reads it
DRIVER = "rapport_driver"  # in session.info: (its Connection, the driver's connection)

_NAMED = re.compile(r":(\w+)")
T = TypeVar("T")


class DriverSQL:
    def __init__(self, sql: str, *, new_id: str | None = None) -> None:
        """`new_id`: an INSERT's key column, for `inserted_id` (PostgreSQL returns it; on SQLite
        the driver has it as `lastrowid`, and RETURNING would cost a tenth of the statement)."""
        postgres = _NAMED.sub(r"%(\1)s", sql)
        if new_id is not None:
            postgres += f" RETURNING {new_id}"
        self.sql = {"sqlite": sql, "postgresql": postgres}
        self.writes = WRITES.match(sql) is not None

    def first(self, session: Session, params: Mapping[str, Any]) -> tuple[Any, ...] | None:
        """The first row the statement returns (None: none)."""
        return self._run(session, params, _first_row)

    def all(self, session: Session, params: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        return self._run(session, params, _all_rows)

    def count(self, session: Session, params: Mapping[str, Any]) -> int:
        """How many rows the statement inserted, changed or deleted."""
        return self._run(session, params, _row_count)

    def inserted_id(self, session: Session, params: Mapping[str, Any]) -> int:
        """The key of the row the INSERT made (its `new_id` column)."""
        return self._run(session, params, _new_id)

    def _run(self, session: Session, params: Mapping[str, Any], read: Callable[[Any], T]) -> T:
        handle = session.info.get(DRIVER)
        if handle is not None:
            connection, raw = handle
        else:
            connection = session.connection()
            raw = connection.connection.dbapi_connection
        if self.writes:
            connection.info[WROTE] = True
        sql = self.sql[connection.dialect.name]
        cursor = raw.cursor()
        try:
            cursor.execute(sql, params)
            return read(cursor)
        except connection.dialect.loaded_dbapi.Error as error:
            raise driver_error(connection, raw, error, sql, params) from error
        finally:
            cursor.close()


# Both drivers give plain tuples: no row factory is set on either.


def _first_row(cursor: Any) -> tuple[Any, ...] | None:
    return cast(tuple[Any, ...] | None, cursor.fetchone())


def _all_rows(cursor: Any) -> list[tuple[Any, ...]]:
    return cast(list[tuple[Any, ...]], cursor.fetchall())


def _row_count(cursor: Any) -> int:
    return int(cursor.rowcount)


def _new_id(cursor: Any) -> int:
    if cursor.description is None:  # SQLite: no RETURNING
        return int(cursor.lastrowid)
    return int(cursor.fetchone()[0])


def driver_error(
    connection: Connection, raw: Any, error: Any, sql: str, params: Mapping[str, Any]
) -> StatementError:
    """The driver's error as SQLAlchemy would raise it: a DBAPIError, and a connection found
    dead dropped."""
    dialect = connection.dialect
    lost = dialect.is_disconnect(error, raw, None)
    if lost:
        connection.invalidate(error)
    wrapped: StatementError = DBAPIError.instance(
        sql,
        dict(params),
        error,
        dialect.loaded_dbapi.Error,
        connection_invalidated=lost,
        dialect=dialect,
    )
    return wrapped


def period_params(
    session: Session, project_id: int | None, since: datetime, until: datetime
) -> dict[str, Any]:
    """A project's `:project_id`, `:since` and `:until`, the times as they are stored."""
    return {
        "project_id": project_id,
        "since": stored_time(session, since),
        "until": stored_time(session, until),
    }


def stored_time(session: Session, moment: datetime) -> Any:
    """`moment` as storage.models.UTCDateTime stores it: UTC, and on SQLite the text SQLAlchemy
    writes (so that it sorts and compares with every other time in the table). A naive time
    is refused as UTCDateTime refuses it, not taken for the machine's local time."""
    if moment.tzinfo is None:
        refused = ValueError("naive datetime given to a UTC column")  # i18n: not shown
        raise StatementError(str(refused), None, {}, refused)
    utc = moment.astimezone(UTC)
    if session.get_bind().dialect.name != "sqlite":
        return utc
    return utc.replace(tzinfo=None).isoformat(" ", "microseconds")
