"""Each server thread's session (storage/db.py) and SQLite's queued writers (storage/sqlite.py)."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError
from sqlmodel import select

from storage.db import ThreadSessions, make_engine, session_scope
from storage.models import Project, StatusUpdate
from storage.projects import project_copy, project_version_and_role
from storage.status import add_status
from tests.conftest import PG_URL, Database
from tests.factories import NOW, new_project

pytestmark = pytest.mark.db


def test_a_thread_keeps_its_session_and_nothing_else_from_one_use_to_the_next(
    engine: Engine,
) -> None:
    with session_scope(engine) as session:
        project = new_project(session)
    sessions = ThreadSessions(engine)
    first = sessions.session()
    add_status(
        session=first,
        project=project,
        author_id="U0BEN",
        text="Shipped",
        health=None,
        progress=None,
        next_steps="",
        blockers="",
        visibility="client",
        now=NOW,
    )
    assert first.changed_anything()
    first.rollback()
    first.close()

    again = sessions.session()
    assert again is first and not again.changed_anything()  # the write was forgotten
    assert list(again.exec(select(StatusUpdate))) == []
    again.close()
    elsewhere: list[object] = []
    worker = threading.Thread(target=lambda: elsewhere.append(sessions.session()))
    worker.start()
    worker.join()
    assert elsewhere and elsewhere[0] is not first  # another thread, another session
    sessions.close_all()


def test_a_change_of_the_plan_moves_its_version_and_the_role_is_read_each_time(
    engine: Engine,
) -> None:
    with session_scope(engine) as session:
        project = new_project(session)
        assert project.id is not None
        before = project_version_and_role(session=session, user_id="U0OWNER", project_id=project.id)
    with session_scope(engine) as session:
        stored = session.get(Project, project.id)
        assert stored is not None
        stored.timezone = "Asia/Tokyo"
        session.add(stored)
    with session_scope(engine) as session:
        after = project_version_and_role(
            session=session, user_id="U0STRANGER", channel_id=project.client_channel_id
        )
        copy = project_copy(session=session, project_id=project.id)
    assert before is not None and after is not None and copy is not None
    assert before[2] == "owner" and after[2] is None  # no Member row: the caller's role decides
    assert after[1] == before[1] + 1 == copy.version
    assert copy.timezone == "Asia/Tokyo"


@pytest.mark.skipif(bool(PG_URL), reason="SQLite's writers; PostgreSQL has row locks")
def test_sqlite_writers_take_turns_and_the_next_goes_as_soon_as_the_first_commits(
    database: Database,
) -> None:
    engine = make_engine(database.url, lock_wait=5)
    with session_scope(engine) as session:
        new_project(session)
    holding, went_at = threading.Event(), []

    def first() -> None:
        with engine.begin() as connection:
            connection.execute(text("UPDATE project SET timezone = 'UTC'"))
            holding.set()
            time.sleep(0.25)

    def second() -> None:
        holding.wait()
        with engine.begin() as connection:
            connection.execute(text("UPDATE project SET language = 'en'"))
            went_at.append(time.monotonic())

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    waited = went_at[0] - started
    # SQLite's own busy handler would have tried again at 0.228 s, then only at 0.328 s.
    assert 0.25 <= waited < 0.31  # woken as the first committed
    engine.dispose()


@pytest.mark.skipif(bool(PG_URL), reason="SQLite's writers; PostgreSQL has row locks")
def test_a_sqlite_writer_that_waits_too_long_is_told_the_database_is_locked(
    database: Database,
) -> None:
    engine = make_engine(database.url, lock_wait=0.2)
    with session_scope(engine) as session:
        new_project(session)
    with engine.begin() as holder:
        holder.execute(text("UPDATE project SET timezone = 'UTC'"))
        result: list[BaseException] = []

        def writer() -> None:
            try:
                with engine.begin() as connection:
                    connection.execute(text("UPDATE project SET language = 'en'"))
            except OperationalError as error:
                result.append(error)

        thread = threading.Thread(target=writer)
        started = time.monotonic()
        thread.start()
        thread.join()
        waited = time.monotonic() - started
    assert result and "database is locked" in str(result[0])
    assert 0.2 <= waited < 1
    engine.dispose()


@pytest.mark.skipif(bool(PG_URL), reason="SQLite's writers; PostgreSQL has row locks")
def test_a_turn_ended_by_another_thread_lets_the_next_writer_in(database: Database) -> None:
    """A server thread's connection closed at shutdown by the main thread, in the middle of a
    write: the writers after it are not shut out for the rest of the process."""
    engine = make_engine(database.url, lock_wait=0.5)
    with session_scope(engine) as session:
        new_project(session)
    sessions = ThreadSessions(engine)

    def write_and_leave_open() -> None:
        sessions.session().execute(text("UPDATE project SET timezone = 'UTC'"))

    thread = threading.Thread(target=write_and_leave_open)
    thread.start()
    thread.join()
    closer = threading.Thread(target=sessions.close_all)  # not the thread that took the turn
    closer.start()
    closer.join()
    with engine.begin() as connection:
        connection.execute(text("UPDATE project SET language = 'en'"))
    engine.dispose()
