"""SQLite's checkpoints, off the writers' turn.

In WAL mode a commit appends its pages to DATABASE-wal, and a checkpoint copies them back into
the database file. SQLite runs one itself, in the connection whose commit takes the log past
1,000 pages, and with synchronous=NORMAL syncs both files to disk there. On `/status` (about 6
pages a commit) one commit in some 150 then held the writers' turn (storage/sqlite.py) for
about 2 ms while every other writer waited: nearly half of the commits' time (a mean of 56 µs
against a median of 26, one thread). Here one thread per process checkpoints instead, outside
any turn, after every COMMITS commits of the process or IDLE seconds after the last one. A
checkpoint copies each page once however often it changed, so fewer of them cost less: 4 µs of
processor a commit at 1,000 commits a checkpoint against 15 µs at 100. It is PASSIVE: it
neither waits for a writer nor holds one up. SQLite's own stays as a backstop, at a log ten
times as long (BACKSTOP_PAGES).
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from contextlib import closing
from pathlib import Path

logger = logging.getLogger(__name__)

BACKSTOP_PAGES = 10_000  # SQLite checkpoints in the committing connection past this
COMMITS = 1_000  # commits of a process that call for a checkpoint at once
IDLE = 2.0  # seconds after which fewer commits are checkpointed too


class Checkpoints:
    """The commits each database had in this process since its last checkpoint, and the thread
    that checkpoints them (started at the first commit)."""

    def __init__(self) -> None:
        self._pending: dict[str, int] = {}
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._started = False

    def committed(self, database: str) -> None:
        with self._lock:
            count = self._pending[database] = self._pending.get(database, 0) + 1
            if not self._started:
                self._started = True
                threading.Thread(target=self._run, name="sqlite-checkpoints", daemon=True).start()
        if count >= COMMITS:
            self._wake.set()

    def _run(self) -> None:
        while True:
            self._wake.wait(IDLE)
            self._wake.clear()
            with self._lock:
                due, self._pending = self._pending, {}
            for database in due:
                checkpoint(database)


def checkpoint(database: str) -> None:
    """Copy what the log holds back into `database`, as far as no reader still needs it.
    A database that is gone is left alone (never created again)."""
    try:
        uri = f"{Path(database).absolute().as_uri()}?mode=rw"
        with closing(sqlite3.connect(uri, uri=True, timeout=0)) as connection:
            connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
    except sqlite3.Error as error:
        if os.path.exists(database):
            logger.warning("checkpoint of %s failed: %s", database, error)


CHECKPOINTS = Checkpoints()


def _fresh_in_child() -> None:
    """A forked child starts with checkpoints of its own: its parent's thread is not there, and
    the parent's lock may have been held at the fork."""
    global CHECKPOINTS
    CHECKPOINTS = Checkpoints()


os.register_at_fork(after_in_child=_fresh_in_child)
