"""Engine, sessions and migrations."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlmodel import Session

from storage.driver_sql import DRIVER, WROTE, driver_error
from storage.sqlite import WRITES, QueuedWriters

MIGRATIONS = Path(__file__).parent / "migrations"
CONNECT_TIMEOUT = 3  # seconds: a database that does not answer by then is down
HEALTH_WAIT_MS = 500  # how long /healthz waits for SQLite's write lock


def make_engine(database_url: str, *, lock_wait: float = 15) -> Engine:
    """An engine for SQLite (WAL, foreign keys on, waits up to `lock_wait` seconds on another
    writer's lock) or PostgreSQL (gives up connecting after a few seconds, checks pooled
    connections before use, so it recovers by itself when the server comes back).

    On SQLite a transaction begins at its first write, with BEGIN IMMEDIATE (the driver's own
    transaction handling, told which BEGIN to use): the reads before it run beside other
    writers instead of queueing behind them, and a write never has to upgrade a read lock half
    way through, which SQLite refuses at once, without waiting, when another writer came
    first."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        engine = create_engine(
            url,
            pool_pre_ping=True,
            pool_size=10,
            max_overflow=10,
            connect_args={"connect_timeout": CONNECT_TIMEOUT},
        )
        event.listen(engine, "after_cursor_execute", _note_writes)
        return engine
    connect_args: dict[str, Any] = {"check_same_thread": False, "timeout": lock_wait}
    if url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        connect_args["factory"] = QueuedWriters
    engine = create_engine(url, connect_args=connect_args)
    event.listen(engine, "after_cursor_execute", _note_writes)

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
        dbapi_connection.isolation_level = "IMMEDIATE"

    return engine


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One unit of work: commits on success, rolls back everything on any error."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


@contextmanager
def driver_reads(engine: Engine) -> Iterator[Session]:
    """A session for reads in the driver's SQL only (storage/driver_sql.py, driver_rows.py), on
    a connection of its own: no transaction of SQLAlchemy's is begun or ended around them,
    which for a digest's few reads cost as much as the reads (and on PostgreSQL none of the
    driver's either). A statement through SQLAlchemy in it would begin a transaction that
    nothing commits: reads only."""
    with engine.connect() as connection, Session(bind=connection) as session:
        raw = on_the_driver(session, connection)
        if connection.dialect.name != "postgresql":
            yield session
            return
        # psycopg begins a transaction at the first read, which the pool then rolls back: a
        # round trip to the server each time. Reads in autocommit see what each sees in a
        # transaction at READ COMMITTED anyway (a snapshot per statement).
        raw.autocommit = True
        try:
            yield session
        finally:
            if not raw.closed:  # a connection found dead is closed and dropped already
                raw.autocommit = False


def on_the_driver(session: Session, connection: Connection) -> Any:
    """Hand `session` its connection's driver connection (returned): the driver's statements
    in it then go straight to it (storage/driver_sql.py)."""
    raw = connection.connection.dbapi_connection
    session.info[DRIVER] = (connection, raw)
    return raw


class WriteTrackingSession(Session):
    """A session on one connection that knows whether it wrote anything since it was last
    closed: a request that changed nothing need not claim its delivery
    (bot/platform/unit_of_work.py). Every INSERT, UPDATE and DELETE counts, through the ORM or
    not (the engine notes them on the connection: `_note_writes`)."""

    def changed_anything(self) -> bool:
        connection = self.get_bind()
        wrote = isinstance(connection, Connection) and connection.info.get(WROTE, False)
        return bool(wrote or self.new or self.dirty or self.deleted)

    def commit(self) -> None:
        """When only the driver's statements ran (storage/driver_sql.py), the driver's own
        transaction is committed, without SQLAlchemy's around it; else SQLAlchemy's, which
        holds theirs too (one connection, one transaction)."""
        if self._driver_alone():
            self._end_driver_transaction("COMMIT")
        else:
            super().commit()

    def rollback(self) -> None:
        if self._driver_alone():
            self._end_driver_transaction("ROLLBACK")
        else:
            super().rollback()

    def _driver_alone(self) -> bool:
        """Only the driver's statements ran: SQLAlchemy began no transaction around them."""
        return DRIVER in self.info and not self.in_transaction()

    def close(self) -> None:
        super().close()
        connection = self.get_bind()
        if isinstance(connection, Connection) and not connection.closed:
            if DRIVER in self.info and not connection.invalidated:
                self._end_driver_transaction("ROLLBACK")  # what no commit ended is undone
            connection.info[WROTE] = False

    def _end_driver_transaction(self, how: str) -> None:
        connection, raw = self.info[DRIVER]
        try:
            raw.commit() if how == "COMMIT" else raw.rollback()
        except connection.dialect.loaded_dbapi.Error as error:
            raise driver_error(connection, raw, error, how, {}) from error


def _note_writes(
    connection: Connection, _cursor: Any, _sql: str, _params: Any, context: Any, _many: bool
) -> None:
    if context is None:
        return
    compiled_write = context.isinsert or context.isupdate or context.isdelete
    if compiled_write or (context.compiled is None and WRITES.match(_sql)):
        connection.info[WROTE] = True


class ThreadSessions:
    """One session per server thread, bound to a connection the thread keeps: a request reuses
    its thread's instead of building a session and taking a connection from the pool, which on
    the hot path costs about as much as the request's own statements. Each use ends with a
    commit or a rollback and `close()`, so nothing (no transaction, no object) carries over from
    one request to the next but the open connection itself.

    A connection found broken (the database restarted) is replaced: `renew()` after the error.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._mine = threading.local()
        self._every: set[Connection] = set()  # to close them all at the end
        self._lock = threading.Lock()

    def session(self) -> WriteTrackingSession:
        session: WriteTrackingSession | None = getattr(self._mine, "session", None)
        connection: Connection | None = getattr(self._mine, "connection", None)
        if session is None or connection is None or connection.closed or connection.invalidated:
            session = self._open()
        return session

    def renew(self) -> WriteTrackingSession:
        """A new connection for this thread, in place of one that broke."""
        return self._open()

    def discard(self) -> None:
        """Forget this thread's connection (it broke): the next `session()` opens another."""
        connection: Connection | None = getattr(self._mine, "connection", None)
        self._mine.session = self._mine.connection = None
        if connection is not None:
            with self._lock:
                self._every.discard(connection)
            try:
                connection.invalidate()
            except Exception:  # already unusable; letting go is all that is left
                pass

    def _open(self) -> WriteTrackingSession:
        old: Connection | None = getattr(self._mine, "connection", None)
        if old is not None:
            with self._lock:
                self._every.discard(old)
            old.close()
        connection = self.engine.connect()
        # The pool's connection may carry a mark from its last user (session_scope's writes).
        connection.info[WROTE] = False
        with self._lock:
            self._every.add(connection)
        session = WriteTrackingSession(bind=connection, expire_on_commit=False)
        on_the_driver(session, connection)
        self._mine.connection, self._mine.session = connection, session
        return session

    def close_all(self) -> None:
        """At the end of the process (or of a test): every thread's connection back."""
        with self._lock:
            every, self._every = self._every, set()
        for connection in every:
            try:
                connection.close()
            except Exception:  # closing is best effort at shutdown
                pass


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision (idempotent). Alembic is imported here, not at
    the top: with Mako and Pygments it weighs some 9 MB that a serving process never needs
    (`migrate_apart`)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def migrate_apart(engine: Engine) -> None:
    """`migrate` in a child process forked for it, so that this one never loads Alembic: a
    server that forks its workers would otherwise hand them all its pages. Raises if the
    migration failed (the child has logged why)."""
    engine.dispose()  # the child must not share this process's connections
    pid = os.fork()
    if pid == 0:
        status = 1
        try:
            migrate(engine)
            status = 0
        except BaseException:
            logging.getLogger(__name__).exception("the database migration failed")
        finally:
            engine.dispose()
            os._exit(status)
    _, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError("the database migration failed; its log says why")


def database_answers(engine: Engine) -> bool:
    """Whether the database takes writes now. SQLite keeps answering reads while another
    process holds its write lock, so there the check takes (and drops) the write lock."""
    try:
        with engine.connect() as connection:
            if engine.dialect.name == "sqlite":
                waited = connection.exec_driver_sql("PRAGMA busy_timeout").scalar()
                connection.exec_driver_sql(f"PRAGMA busy_timeout = {HEALTH_WAIT_MS}")
                try:
                    connection.exec_driver_sql("BEGIN IMMEDIATE")
                    connection.exec_driver_sql("ROLLBACK")
                finally:
                    connection.exec_driver_sql(f"PRAGMA busy_timeout = {int(waited or 0)}")
            else:
                connection.execute(text("SELECT 1"))
        return True
    except Exception:  # any failure means "not healthy"; /healthz reports it, never raises
        return False


_SAVED = "rapport_saved_projects"  # in session.info: (this transaction, the project ids saved)


def mark_saved(session: Session, project_id: int | None) -> None:
    """storage.projects.save_project: this transaction changed the project."""
    transaction, saved = session.info.get(_SAVED, (None, frozenset()))
    if transaction is not session.get_transaction():
        transaction, saved = session.get_transaction(), frozenset()
    session.info[_SAVED] = (transaction, saved | {project_id})


def saved_in_this_transaction(*, session: Session, project_id: int) -> bool:
    """Whether this session's current transaction changed the project: what the request did
    itself, whatever other processes committed meanwhile (the thread's session outlives it)."""
    transaction, saved = session.info.get(_SAVED, (None, frozenset()))
    return transaction is session.get_transaction() and project_id in saved
