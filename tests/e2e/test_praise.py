"""Praise reaches the team, through the real server: shared in the internal channel crediting
the team members it names, each told directly, and shown in their App Home."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from bot.sandbox.stack import Stack
from bot.sandbox.workspace import CLIENT, CLIENT2, CLIENT_CHANNEL, DEV, INTERNAL_CHANNEL
from storage.db import session_scope
from storage.models import PraiseCredit
from tests.e2e.conftest import open_modal, posts, setup_project, visible, wait_post

pytestmark = pytest.mark.e2e


def test_praise_credits_the_team_members_it_names(stack: Stack) -> None:
    setup_project(stack)
    stack.sender.command(
        CLIENT, CLIENT_CHANNEL, "/feedback", "praise: @ben and @eli fixed checkout in an hour!"
    )
    shared = wait_post(stack, INTERNAL_CHANNEL, "Praise for")
    assert f"<@{DEV}>" in shared.text and f"<@{CLIENT2}>" not in shared.text  # a client: no
    assert f"<@{CLIENT}>" in visible(shared)
    dm = wait_post(stack, "D" + DEV[1:], "praised you")
    assert "fixed checkout in an hour" in visible(dm)
    with session_scope(stack.deps.engine) as session:
        credits = [c.user_id for c in session.exec(select(PraiseCredit))]
    assert credits == [DEV]
    stack.sender.open_home(DEV)
    home = stack.fake.wait_for(lambda: stack.fake.homes.get(DEV))
    assert "Praise that named you" in json.dumps(home) and "fixed checkout" in json.dumps(home)


def test_anonymous_praise_naming_nobody_thanks_the_whole_team_and_names_no_sender(
    stack: Stack,
) -> None:
    setup_project(stack)
    stack.sender.command(CLIENT2, CLIENT_CHANNEL, "/feedback")
    form = open_modal(stack, "feedback_modal")
    stack.sender.submit(
        CLIENT2,
        form["id"],
        {"kind": "praise", "urgency": "low", "text": "Lovely launch", "anonymous": ["yes"]},
    )
    shared = wait_post(stack, INTERNAL_CHANNEL, "Praise for the whole project team")
    assert CLIENT2 not in visible(shared) and "anonymous" in visible(shared)
    assert not [e for e in posts(stack, "D" + DEV[1:]) if "praised you" in visible(e)]
