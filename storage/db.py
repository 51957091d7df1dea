"""Engine, sessions and migrations."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlmodel import Session

MIGRATIONS = Path(__file__).parent / "migrations"
CONNECT_TIMEOUT = 3  # seconds: a database that does not answer by then is down
HEALTH_WAIT_MS = 500  # how long /healthz waits for SQLite's write lock


def make_engine(database_url: str, *, lock_wait: float = 15) -> Engine:
    """An engine for SQLite (WAL, foreign keys on, waits up to `lock_wait` seconds on another
    writer's lock) or PostgreSQL (gives up connecting after a few seconds, checks pooled
    connections before use, so it recovers by itself when the server comes back)."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        return create_engine(
            url,
            pool_pre_ping=True,
            pool_size=10,
            max_overflow=10,
            connect_args={"connect_timeout": CONNECT_TIMEOUT},
        )
    if url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": lock_wait})

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

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


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision (idempotent)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


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
