"""SQLite's writers, queued: a connection class for the engine (storage/db.py) that makes the
threads and processes of Rapport take turns before they ask SQLite for its write lock, instead
of sleeping in SQLite's busy handler."""

from __future__ import annotations

import fcntl
import os
import re
import sqlite3
import threading
import time
from typing import Any, Self

from storage import checkpoints

PAUSE = 0.0001  # between two tries of a process's next writer for the lock file


class QueuedWriters(sqlite3.Connection):
    """A SQLite connection whose writers take turns before SQLite's own lock.

    SQLite lets one writer in at a time and makes the others poll: its busy handler sleeps 1,
    2, 5, 10, 15, 20, 25… ms between tries, so under load a writer waits many times longer than
    the write takes, and the unlucky ones time out. Here a writer first waits for its process's
    gate (a lock the kernel hands on as soon as it is free, sleeping meanwhile), then for an
    exclusive `flock` on `DATABASE-writers`, which every process of every Rapport on the machine
    opens: only one thread a process asks for it, every 100 µs, so the processes take turns
    (a process's next writer is still waiting for its interpreter when another process's asks
    again). Writers that polled with a pause doubling at each try were served newest first: at
    10 concurrent requests, a hundredth of them waited 17 ms or more for a turn held 0.2 ms. A
    writer that has not had its turn within `timeout` is told "database is locked", as SQLite
    would say. SQLite's lock still decides; the queue only spares it the long sleeps. A thread
    that already holds a turn through another connection does not queue again (it would wait
    for itself): SQLite's busy timeout then applies."""

    def __init__(self, database: str, timeout: float = 5.0, **kwargs: Any) -> None:
        super().__init__(database, timeout=timeout, **kwargs)
        super().execute(f"PRAGMA wal_autocheckpoint={checkpoints.BACKSTOP_PAGES}")
        self._database = database
        self._queue = open(f"{database}-writers", "a+b")  # noqa: SIM115 (closed with us)
        self._gate = _gate(database)
        self._wait = timeout
        self._turn = False
        self._owner: list[int] = [0]  # the turns counter of the thread that holds our turn

    def cursor(self, factory: Any = None) -> sqlite3.Cursor:  # type: ignore[override]
        return super().cursor(factory or _QueuedCursor)

    def take_turn(self) -> None:
        if self._turn or _held() > 0:
            return
        deadline = time.monotonic() + self._wait
        if not self._gate.acquire(timeout=self._wait):
            raise sqlite3.OperationalError("database is locked")
        try:
            while True:
                try:
                    fcntl.flock(self._queue, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise sqlite3.OperationalError("database is locked") from None
                    time.sleep(PAUSE)
        except BaseException:
            self._gate.release()
            raise
        self._turn, self._owner = True, _counter()
        self._owner[0] += 1

    def end_turn(self) -> None:
        if self._turn and not self.in_transaction:
            self._let_go(unlock=True)

    def _let_go(self, *, unlock: bool) -> None:
        """End the turn, on whichever thread (a pool's rollback, a shutdown's close): the
        counter is its holder's, and the gate is let go whatever the file lock says."""
        self._turn = False
        self._owner[0] -= 1
        try:
            if unlock:
                fcntl.flock(self._queue, fcntl.LOCK_UN)
        finally:
            self._gate.release()

    def commit(self) -> None:
        wrote = self.in_transaction
        try:
            super().commit()
        finally:
            self.end_turn()
        if wrote:
            checkpoints.CHECKPOINTS.committed(self._database)

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self.end_turn()

    def close(self) -> None:
        try:
            super().close()
        finally:
            try:
                self._queue.close()  # closing the file lets go of its lock
            finally:
                if self._turn:
                    self._let_go(unlock=False)


class _QueuedCursor(sqlite3.Cursor):
    """Takes its connection's turn before the statement that opens a write transaction: the
    driver's implicit BEGIN IMMEDIATE comes before INSERT, UPDATE, DELETE and REPLACE."""

    def execute(self, sql: str, parameters: Any = (), /) -> Self:
        connection: QueuedWriters = self.connection  # type: ignore[assignment]
        if not connection.in_transaction and WRITES.match(sql):
            connection.take_turn()
            try:
                return super().execute(sql, parameters)
            finally:
                connection.end_turn()  # only if no transaction began (the write failed)
        return super().execute(sql, parameters)

    def executemany(self, sql: str, parameters: Any, /) -> Self:
        connection: QueuedWriters = self.connection  # type: ignore[assignment]
        if not connection.in_transaction and WRITES.match(sql):
            connection.take_turn()
            try:
                return super().executemany(sql, parameters)
            finally:
                connection.end_turn()
        return super().executemany(sql, parameters)


WRITES = re.compile(r"\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)
_turns = threading.local()  # how many turns this thread holds
_gates: dict[str, threading.Lock] = {}  # one per database file, in this process
_gates_made = threading.Lock()


def _gate(database: str) -> threading.Lock:
    with _gates_made:
        return _gates.setdefault(database, threading.Lock())


# A child forked while a thread of its parent held a gate would wait for that thread forever.
os.register_at_fork(after_in_child=_gates.clear)


def _counter() -> list[int]:
    """This thread's count of the turns it holds, as one shared cell."""
    counter: list[int] | None = getattr(_turns, "held", None)
    if counter is None:
        counter = _turns.held = [0]
    return counter


def _held() -> int:
    return _counter()[0]
