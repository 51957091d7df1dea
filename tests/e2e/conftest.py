"""End-to-end fixtures: every test gets the whole bot on loopback (bot/sandbox/stack.py) on its
own database, SQLite or PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from bot.sandbox.fake_types import Entry
from bot.sandbox.stack import ManualClock, Stack, start_stack
from bot.sandbox.workspace import CLIENT_CHANNEL, INTERNAL_CHANNEL, OWNER
from tests.conftest import Database


def setup_project(
    stack: Stack,
    name: str = "Acme Website",
    *,
    channel: str = CLIENT_CHANNEL,
    internal: str | None = INTERNAL_CHANNEL,
) -> None:
    """The usual start: a project in the client channel, with its internal channel."""
    stack.sender.command(OWNER, channel, "/project", f"setup {name}")
    stack.fake.wait_for(
        lambda: any(
            e.to_user == OWNER and e.channel == channel and f"*{name}* is set up" in e.text
            for e in stack.fake.timeline
        )
    )
    if internal is not None:
        reply = stack.sender.command(
            OWNER,
            channel,
            "/project",
            f"set internal-channel #{stack.fake.channels[internal].name}",
        )
        assert "Internal channel set" in reply.text, reply.text


@pytest.fixture
def stack(database: Database) -> Iterator[Stack]:
    running = start_stack(database_url=database.url, engine=database.engine)
    yield running
    running.stop()


def posts(stack: Stack, channel: str) -> list[Entry]:
    """Messages the bot posted in a channel (not ephemerals), oldest first."""
    return stack.fake.messages(channel)


def wait_post(stack: Stack, channel: str, contains: str) -> Entry:
    """Wait for a bot post in `channel` whose text or blocks contain `contains`."""
    found = stack.fake.wait_for(
        lambda: next((e for e in posts(stack, channel) if contains in visible(e)), None)
    )
    assert isinstance(found, Entry)
    return found


def wait_ephemeral(stack: Stack, user: str, contains: str) -> Entry:
    found = stack.fake.wait_for(
        lambda: next(
            (
                e
                for e in stack.fake.timeline
                if e.kind in ("ephemeral", "update")
                and e.to_user == user
                and contains in visible(e)
            ),
            None,
        )
    )
    assert isinstance(found, Entry)
    return found


def visible(entry: Entry) -> str:
    """Everything a person could read in a message: its text and every text in its blocks."""
    return entry.text + "\n" + json.dumps(entry.blocks, ensure_ascii=False)


def open_modal(stack: Stack, callback_id: str) -> dict[str, Any]:
    view = stack.fake.wait_for(
        lambda: next(
            (v for v in reversed(stack.fake.opened_views()) if v["callback_id"] == callback_id),
            None,
        )
    )
    assert isinstance(view, dict)
    return view


Clock = ManualClock  # the scheduler tests move it by hand


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime.now(UTC))


@pytest.fixture
def timed_stack(database: Database, clock: Clock) -> Iterator[Stack]:
    """The stack with a hand-moved clock, for the scheduler's decisions."""
    running = start_stack(database_url=database.url, engine=database.engine, clock=clock)
    yield running
    running.stop()
