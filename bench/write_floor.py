"""The write floor for bench/load.py: a bare Bolt app doing the least a correct `/status` quick
form needs, in one raw database transaction (the driver itself, no ORM, no SQLAlchemy): claim
the delivery key, find the channel's project and the caller's role, insert the update; then it
answers a receipt. It runs on Rapport's own tables (DATABASE_URL, migrated and seeded by the
bench), with SQLite in WAL with synchronous=NORMAL as Rapport uses it.

    DATABASE_URL=sqlite:////tmp/floor.sqlite3 gunicorn -w 2 -k gthread --threads 4 \
        bench.write_floor:wsgi
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import sqlite3
import threading
import time
from datetime import UTC, datetime
from typing import Any

import psycopg
from slack_bolt import Ack, App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk import WebClient

URL = os.environ.get("DATABASE_URL", "sqlite:///floor.sqlite3")
SQLITE = URL.startswith("sqlite")
P = "?" if SQLITE else "%s"
CLAIM = f"INSERT INTO seenrequest (key, seen_at) VALUES ({P}, {P}) ON CONFLICT (key) DO NOTHING"
FIND = (
    "SELECT p.id, p.name, m.role FROM project p LEFT JOIN member m"
    f" ON m.project_id = p.id AND m.user_id = {P} WHERE p.client_channel_id = {P}"
)
INSERT = (
    "INSERT INTO statusupdate (project_id, author_id, text, next_steps, blockers, visibility,"
    f" created_at) VALUES ({P}, {P}, {P}, '', '', 'client', {P})"
)
local = threading.local()


@contextlib.contextmanager
def one_writer() -> Any:
    """SQLite takes one writer at a time, and its busy handler sleeps 1, 2, 5, 10… ms between
    tries: writers of every thread and process queue on a lock file instead, and the kernel
    wakes the next one as soon as it is free."""
    if not SQLITE:
        yield
        return
    if not hasattr(local, "lock"):
        local.lock = open(URL.split("///", 1)[1] + ".writer", "a+b")  # noqa: SIM115
    fcntl.flock(local.lock, fcntl.LOCK_EX)
    try:
        yield
    finally:
        fcntl.flock(local.lock, fcntl.LOCK_UN)


def connection() -> Any:
    if not hasattr(local, "db"):
        if SQLITE:
            local.db = sqlite3.connect(URL.split("///", 1)[1], isolation_level=None, timeout=15)
            local.db.execute("PRAGMA journal_mode=WAL")
            local.db.execute("PRAGMA synchronous=NORMAL")
        else:
            local.db = psycopg.connect(URL.replace("+psycopg", ""), autocommit=True)
    return local.db


def handle_status(ack: Ack, command: dict[str, Any]) -> None:
    db, now = connection(), datetime.now(UTC)
    stamp = now.replace(tzinfo=None) if SQLITE else now
    begin = "BEGIN IMMEDIATE" if SQLITE else "BEGIN"
    with one_writer():
        found = transaction(db, begin, command, stamp)
    if found is None:
        return ack(text="Not for you.")
    ack(text=f"Update posted to *{found[1]}* at {time.strftime('%H:%M')}.")


def transaction(db: Any, begin: str, command: dict[str, Any], stamp: datetime) -> Any:
    db.execute(begin)
    try:
        if db.execute(CLAIM, (f"/status:{command['trigger_id']}", stamp)).rowcount == 0:
            db.execute("ROLLBACK")
            return None
        found = db.execute(FIND, (command["user_id"], command["channel_id"])).fetchone()
        if found is None or found[2] == "client":
            db.execute("ROLLBACK")
            return None
        db.execute(INSERT, (found[0], command["user_id"], command["text"], stamp))
        db.execute("COMMIT")
        return found
    except BaseException:
        db.execute("ROLLBACK")
        raise


bolt = App(
    signing_secret=os.environ.get("SLACK_SIGNING_SECRET", "bench-signing-secret"),
    client=WebClient(
        token=os.environ.get("SLACK_BOT_TOKEN", "xoxb-bench"),
        base_url=os.environ.get("SLACK_API_URL", "http://127.0.0.1:9/api/"),
    ),
    token_verification_enabled=False,
    process_before_response=True,
)
bolt.command("/status")(handle_status)
wsgi = SlackRequestHandler(bolt)
