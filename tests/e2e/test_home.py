"""The App Home tab through the real server: opening it publishes the person's dashboard."""

from __future__ import annotations

import json
import logging

import pytest

from bot.sandbox.stack import Stack
from bot.sandbox.workspace import CLIENT, CLIENT_CHANNEL, DESIGNER, DEV, OWNER
from tests.e2e.conftest import open_modal, setup_project, wait_post

pytestmark = pytest.mark.e2e


def home_text(stack: Stack, user: str) -> str:
    """Every text on the user's Home tab, once the bot has published it."""
    view = stack.fake.wait_for(lambda: stack.fake.homes.get(user))
    return json.dumps(view["blocks"], ensure_ascii=False)


def a_week_of_work(stack: Stack) -> None:
    """An update from the team, an internal note, a client's feedback and a change request."""
    setup_project(stack)
    stack.sender.command(DEV, CLIENT_CHANNEL, "/status", "at-risk 60% Login page built")
    stack.sender.command(DEV, CLIENT_CHANNEL, "/status", "internal Budget is tight, 2 days left")
    reply = stack.sender.command(
        CLIENT, CLIENT_CHANNEL, "/feedback", "problem: staging logs me out"
    )
    assert "FB-1" in reply.text, reply.text
    stack.sender.command(CLIENT, CLIENT_CHANNEL, "/change")
    stack.sender.submit(
        CLIENT,
        open_modal(stack, "change_modal")["id"],
        {"title": "Add single sign-on", "reason": "IT asks", "scope": "", "schedule": "5"},
    )
    wait_post(stack, CLIENT_CHANNEL, "Add single sign-on")


def test_a_team_member_sees_health_last_update_feedback_and_changes(stack: Stack) -> None:
    a_week_of_work(stack)

    reply = stack.sender.open_home(OWNER)

    assert reply.status == 200
    text = home_text(stack, OWNER)
    assert "*Acme Website* in <#C0ACME>" in text
    assert "🟡 At risk · Progress 60%" in text
    assert f"📝 Last update just now by <@{DEV}>: Budget is tight, 2 days left" in text
    assert "💬 Open feedback: 1" in text
    assert "🔀 Change requests pending: 1 (oldest just now)" in text
    assert "1 change request waits for a decision" in text
    assert "⭐ Satisfaction: no poll closed yet" in text
    assert "⏱ First response" in text
    assert "Refreshed" in text
    [entry] = [e for e in stack.fake.timeline if e.kind == "home"]
    assert entry.to_user == OWNER


def test_a_clients_home_hides_the_teams_figures(stack: Stack) -> None:
    a_week_of_work(stack)

    stack.sender.open_home(CLIENT)

    text = home_text(stack, CLIENT)
    assert "*Acme Website*" in text
    assert "🟡 At risk · Progress 60%" in text
    assert "📝 Last update just now" in text
    assert "💬 Your open feedback: 1" in text
    assert "🔀 Change requests awaiting your decision: 1" in text
    for internal in ("Budget is tight", "First response", "within target", "Satisfaction"):
        assert internal not in text


def test_someone_on_no_project_is_told_how_to_start(stack: Stack) -> None:
    setup_project(stack)  # Chen is in the channel but on no project yet

    stack.sender.open_home(DESIGNER)

    text = home_text(stack, DESIGNER)
    assert "You are not on any project yet" in text
    assert "`/project setup NAME`" in text
    assert "Acme Website" not in text


def test_a_retried_event_publishes_once(stack: Stack) -> None:
    setup_project(stack)

    first = stack.sender.open_home(OWNER, event_id="Ev0HOME1")
    home_text(stack, OWNER)
    retry = stack.sender.open_home(OWNER, event_id="Ev0HOME1", retry_num=1)
    stack.fake.wait_quiet()

    assert (first.status, retry.status) == (200, 200)
    assert len(stack.fake.calls_of("views.publish")) == 1


def test_opening_the_messages_tab_publishes_nothing(stack: Stack) -> None:
    setup_project(stack)

    reply = stack.sender.event(
        {"type": "app_home_opened", "user": OWNER, "channel": "D0ANA", "tab": "messages"}
    )
    stack.fake.wait_quiet()

    assert reply.status == 200
    assert stack.fake.calls_of("views.publish") == []


def test_slack_refusing_the_home_is_logged_and_the_next_open_works(
    stack: Stack, caplog: pytest.LogCaptureFixture
) -> None:
    setup_project(stack)
    stack.fake.fail_next("views.publish", status=200, error="invalid_arguments", retry_after=None)

    with caplog.at_level(logging.ERROR, logger="rapport"):
        reply = stack.sender.open_home(OWNER)
        stack.fake.wait_for(lambda: stack.fake.calls_of("views.publish"))
        stack.fake.wait_quiet()

    assert reply.status == 200
    assert OWNER not in stack.fake.homes
    assert any("listener failed" in r.getMessage() for r in caplog.records)
    assert not stack.fake.messages()  # no apology posted anywhere: nobody asked for anything
    stack.sender.open_home(OWNER)
    assert "*Acme Website*" in home_text(stack, OWNER)
