"""The database goes away while people use Rapport: they are told to try again, nothing is
half-written, /healthz says 503, and Rapport recovers by itself when the database is back."""

from __future__ import annotations

import sqlite3
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy.engine import make_url
from sqlmodel import select

from bot.sandbox.stack import Stack, start_stack
from bot.sandbox.workspace import CLIENT, CLIENT_CHANNEL, DEV
from storage.db import make_engine, session_scope
from storage.models import Feedback, SeenRequest, StatusUpdate
from tests.conftest import PG_URL, Database
from tests.e2e.conftest import setup_project
from tests.e2e.tcp_proxy import TcpProxy

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]
TRY_AGAIN = "I cannot reach my database right now, so nothing was saved. Try again in a minute"


def health(stack: Stack) -> int:
    try:
        with urllib.request.urlopen(f"{stack.server.url}/healthz", timeout=5) as answer:
            return int(answer.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


@contextmanager
def running(database_url: str, lock_wait: float = 15) -> Iterator[Stack]:
    engine = make_engine(database_url, lock_wait=lock_wait)
    stack = start_stack(database_url=database_url, engine=engine)
    try:
        yield stack
    finally:
        stack.stop()
        engine.dispose()


def rows(stack: Stack) -> tuple[list[str], int, int]:
    with session_scope(stack.deps.engine) as session:
        texts = list(session.exec(select(StatusUpdate.text)))
        feedback = len(list(session.exec(select(Feedback))))
        seen = len(list(session.exec(select(SeenRequest))))
    return texts, feedback, seen


def while_away_and_back(stack: Stack, away: object, back: object) -> None:
    """The same story whatever took the database away."""
    setup_project(stack)
    _, _, seen_before = rows(stack)
    away()  # type: ignore[operator]
    command = stack.sender.command(DEV, CLIENT_CHANNEL, "/status", "on-track Shipped it")
    assert TRY_AGAIN in command.text, command.text
    feedback = stack.sender.command(CLIENT, CLIENT_CHANNEL, "/feedback", "Is it live?")
    assert TRY_AGAIN in feedback.text
    event = stack.sender.say(CLIENT, CLIENT_CHANNEL, "Hello?")[1]
    assert event.status == 503  # Slack delivers the event again later
    assert "Traceback" not in command.body + feedback.body
    assert health(stack) == 503
    back()  # type: ignore[operator]
    stack.fake.wait_for(lambda: health(stack) == 200, timeout=10)
    again = stack.sender.command(DEV, CLIENT_CHANNEL, "/status", "on-track Shipped it")
    assert "Update posted" in again.text
    texts, feedback_rows, seen = rows(stack)
    assert texts == ["Shipped it"]  # once: the refused request left nothing
    assert feedback_rows == 0 and seen == seen_before + 1  # nothing of the failed requests


@pytest.mark.skipif(bool(PG_URL), reason="SQLite's file lock; the PostgreSQL run cuts the server")
def test_a_locked_sqlite_file(database: Database) -> None:
    path = make_url(database.url).database
    assert path is not None
    holder = sqlite3.connect(path, timeout=0, isolation_level=None)

    def lock() -> None:
        holder.execute("BEGIN EXCLUSIVE")  # another process writing for a long time

    def unlock() -> None:
        holder.execute("ROLLBACK")

    with running(database.url, lock_wait=0.5) as stack:
        while_away_and_back(stack, lock, unlock)
    holder.close()


@pytest.mark.skipif(not PG_URL, reason="PostgreSQL cut off; the SQLite run locks its file")
def test_postgresql_going_away(database: Database) -> None:
    url = make_url(database.url)
    proxy = TcpProxy(url.port or 5432).start()
    proxied = url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    with running(proxied) as stack:
        while_away_and_back(stack, proxy.cut, proxy.start)
    proxy.cut()
