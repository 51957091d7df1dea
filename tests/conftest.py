"""Fixtures shared by the three levels of tests.

The database is a fresh SQLite file per test by default. With RAPPORT_TEST_DATABASE_URL set to
a PostgreSQL URL, the storage and end-to-end tests run there instead: one database per xdist
worker, migrated once, emptied between tests.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlmodel import SQLModel

from storage.db import make_engine, migrate

PG_URL = os.environ.get("RAPPORT_TEST_DATABASE_URL", "")


@dataclass(frozen=True)
class Database:
    url: str
    engine: Engine


def _worker() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


@pytest.fixture(scope="session")
def _database_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if PG_URL:
        url = make_url(PG_URL)
        # Named for this process too: two test runs at once (two checkouts) must not drop
        # each other's database.
        name = f"rapport_test_{_worker()}_{os.getpid()}"
        admin = create_engine(url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        worker_url = url.set(database=name).render_as_string(hide_password=False)
        engine = make_engine(worker_url)
        migrate(engine)
        engine.dispose()
        yield worker_url
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
        return
    template = tmp_path_factory.mktemp("template") / "template.sqlite3"
    engine = make_engine(f"sqlite:///{template}")
    migrate(engine)
    engine.dispose()
    yield str(template)


@pytest.fixture
def database(_database_template: str, tmp_path: Path) -> Iterator[Database]:
    if PG_URL:
        engine = make_engine(_database_template)
        tables = ", ".join(f'"{t.name}"' for t in SQLModel.metadata.sorted_tables)
        with engine.begin() as connection:
            connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        yield Database(_database_template, engine)
        engine.dispose()
        return
    path = tmp_path / "rapport.sqlite3"
    shutil.copyfile(_database_template, path)
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    yield Database(url, engine)
    engine.dispose()


@pytest.fixture
def engine(database: Database) -> Engine:
    return database.engine
