"""End-to-end fixtures: every test gets the whole bot on loopback (bot/sandbox/stack.py) on its
own database, SQLite or PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.sandbox.stack import Stack, start_stack
from bot.sandbox.workspace import CLIENT_CHANNEL, INTERNAL_CHANNEL, OWNER
from tests.conftest import Database


def setup_project(stack: Stack, name: str = "Acme Website") -> None:
    """The usual start: a project in the client channel, with its internal channel."""
    reply = stack.sender.command(OWNER, CLIENT_CHANNEL, "/project", f"setup {name}")
    assert "is set up" in reply.text, reply.text
    reply = stack.sender.command(
        OWNER, CLIENT_CHANNEL, "/project", f"set internal-channel <#{INTERNAL_CHANNEL}|acme-team>"
    )
    assert "Internal channel set" in reply.text, reply.text


@pytest.fixture
def stack(database: Database) -> Iterator[Stack]:
    running = start_stack(database_url=database.url, engine=database.engine)
    yield running
    running.stop()
