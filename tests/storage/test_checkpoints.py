"""SQLite's checkpoints run on a thread of their own, not in a writer's commit
(storage/checkpoints.py)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from sqlalchemy import text

from storage import checkpoints
from storage.db import make_engine, session_scope

pytestmark = pytest.mark.db


def test_the_log_is_copied_back_by_the_checkpoint_thread_once_enough_commits_came(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = tmp_path / "rapport.sqlite3"
    url = f"sqlite:///{database}"
    engine = make_engine(url)
    with session_scope(engine) as session:
        session.connection().execute(
            text("CREATE TABLE seenrequest (key VARCHAR PRIMARY KEY, seen_at VARCHAR)")
        )
    monkeypatch.setattr(checkpoints, "COMMITS", 60)
    monkeypatch.setattr(checkpoints, "IDLE", 60.0)  # only the count may set it off here
    monkeypatch.setattr(checkpoints, "CHECKPOINTS", checkpoints.Checkpoints())
    size = database.stat().st_size

    for number in range(59):  # not enough: nothing copied back, by the thread or by SQLite
        with session_scope(engine) as session:
            session.connection().execute(
                text("INSERT INTO seenrequest VALUES (:key, '2026-12-06')"),
                {"key": f"{number}:" + "x" * 200},
            )
    time.sleep(0.3)
    assert database.stat().st_size == size

    with session_scope(engine) as session:  # the 60th commit wakes the thread
        session.connection().execute(text("INSERT INTO seenrequest VALUES ('last', '')"))
    deadline = time.monotonic() + 5
    while database.stat().st_size == size and time.monotonic() < deadline:
        time.sleep(0.02)
    assert database.stat().st_size > size  # the new pages are in the database file
    with session_scope(engine) as session:
        count = session.connection().execute(text("SELECT count(*) FROM seenrequest")).scalar()
    assert count == 60
    engine.dispose()


def test_a_checkpoint_of_a_database_that_is_gone_does_not_make_it_again(tmp_path: Path) -> None:
    gone = tmp_path / "removed.sqlite3"
    checkpoints.checkpoint(str(gone))
    assert not gone.exists()
