"""Telling the team, one rule for every feature (bot/platform/telling.py), through the real
server: the internal channel, in the project's language; without one, every owner by direct
message, each in their own language, with a line that says why it came directly."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from bot.platform.slack_client import make_web_client
from bot.responses.service import alert_slow_answers
from bot.sandbox.stack import Stack
from bot.sandbox.workspace import (
    CLIENT,
    CLIENT_CHANNEL,
    DESIGNER,
    DEV,
    INTERNAL_CHANNEL,
    OWNER,
)
from storage.db import session_scope
from storage.models import ClientMessage, Project
from tests.e2e.conftest import Clock, posts, setup_project, visible, wait_ephemeral, wait_post

pytestmark = pytest.mark.e2e
BERLIN = ZoneInfo("Europe/Berlin")
OWNER_DM, DESIGNER_DM = "D" + OWNER[1:], "D" + DESIGNER[1:]
NO_CHANNEL = {"en": "This project has no internal channel", "zh": "本项目还没有内部频道"}


def feedback_card(stack: Stack, _clock: Clock) -> str:
    stack.sender.command(CLIENT, CLIENT_CHANNEL, "/feedback", "problem: staging logs me out")
    return "FB-1"


def high_risk(stack: Stack, _clock: Clock) -> str:
    stack.sender.command(DEV, CLIENT_CHANNEL, "/risk", "add high Key developer leaves")
    return "R-1"


def low_poll_score(stack: Stack, _clock: Clock) -> str:
    stack.sender.command(OWNER, CLIENT_CHANNEL, "/project", f"set client <@{CLIENT}>")
    stack.sender.command(OWNER, CLIENT_CHANNEL, "/project", "poll")
    wait_ephemeral(stack, OWNER, "Poll posted")
    poll = wait_post(stack, CLIENT_CHANNEL, "Quick check-in")
    stack.sender.click(CLIENT, poll, "poll_vote_1")
    return "Acme Website"  # the alert's only words that read the same in both languages


def waiting_client(stack: Stack, clock: Clock) -> str:
    """A client's message waits past 80% of a day's target (Tuesday 09:00 to 16:13)."""
    asked = datetime(2026, 11, 17, 9, 0, tzinfo=BERLIN)
    ts, reply = stack.sender.say(CLIENT, CLIENT_CHANNEL, "Is staging down?", at=asked.timestamp())
    assert reply.status == 200

    def recorded() -> bool:
        with session_scope(stack.deps.engine) as session:
            return (
                session.exec(select(ClientMessage).where(ClientMessage.ts == ts)).first()
                is not None
            )

    stack.fake.wait_for(recorded)
    clock.now = datetime(2026, 11, 17, 16, 13, tzinfo=BERLIN)
    with session_scope(stack.deps.engine) as session:
        project = session.exec(select(Project)).one()
    assert alert_slow_answers(stack.deps, make_web_client(stack.deps.settings), project) == [ts]
    return ts.replace(".", "")  # in the link to the message


Cause = Callable[[Stack, Clock], str]
CAUSES = [feedback_card, high_risk, low_poll_score, waiting_client]


@pytest.fixture
def stack(timed_stack: Stack, clock: Clock) -> Stack:
    clock.now = datetime(2026, 11, 16, 8, 0, tzinfo=BERLIN)
    return timed_stack


@pytest.mark.parametrize("cause", CAUSES, ids=lambda cause: cause.__name__)
def test_without_an_internal_channel_every_owner_hears_in_their_own_language(
    stack: Stack, clock: Clock, cause: Cause
) -> None:
    setup_project(stack, internal=None)
    named = stack.sender.command(OWNER, CLIENT_CHANNEL, "/project", f"set owner <@{DESIGNER}>")
    assert "now has the role owner" in named.text, named.text
    stack.fake.users[DESIGNER].locale = "zh-CN"  # before Rapport first asks who Chen is

    marker = cause(stack, clock)

    to_owner = wait_post(stack, OWNER_DM, marker)
    to_designer = wait_post(stack, DESIGNER_DM, marker)
    assert NO_CHANNEL["en"] in visible(to_owner) and NO_CHANNEL["zh"] not in visible(to_owner)
    assert NO_CHANNEL["zh"] in visible(to_designer) and NO_CHANNEL["en"] not in visible(to_designer)
    stack.fake.wait_quiet()
    assert len([e for e in posts(stack, OWNER_DM) if marker in visible(e)]) == 1
    assert not [e for e in posts(stack, CLIENT_CHANNEL) if NO_CHANNEL["en"] in visible(e)]


@pytest.mark.parametrize("cause", CAUSES, ids=lambda cause: cause.__name__)
def test_with_an_internal_channel_the_team_hears_once_there(
    stack: Stack, clock: Clock, cause: Cause
) -> None:
    setup_project(stack)
    stack.sender.command(OWNER, CLIENT_CHANNEL, "/project", f"set owner <@{DESIGNER}>")
    stack.fake.users[DESIGNER].locale = "zh-CN"

    marker = cause(stack, clock)

    alert = wait_post(stack, INTERNAL_CHANNEL, marker)
    assert NO_CHANNEL["en"] not in visible(alert) and NO_CHANNEL["zh"] not in visible(alert)
    stack.fake.wait_quiet()
    assert posts(stack, OWNER_DM) == [] and posts(stack, DESIGNER_DM) == []
    assert len([e for e in posts(stack, INTERNAL_CHANNEL) if marker in visible(e)]) == 1
