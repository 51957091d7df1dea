"""Socket Mode: the same Bolt app behind a WebSocket to the stand-in (bot/sandbox/fake_socket.py)
instead of signed HTTP requests; same answers, same de-duplication of Slack's retries."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import replace

import pytest
from sqlmodel import SQLModel, func, select

from bot.app import build_app
from bot.platform.socket_mode import SocketModeError, connect_socket_mode, make_socket_mode_handler
from bot.sandbox.stack import SocketStack, Stack, start_socket_stack, start_stack
from bot.sandbox.workspace import CLIENT, CLIENT_CHANNEL, DEV, INTERNAL_CHANNEL, OWNER
from storage.db import session_scope
from storage.models import Feedback, StatusUpdate
from tests.conftest import Database
from tests.e2e.conftest import setup_project, wait_post

pytestmark = pytest.mark.e2e

MENTION = {
    "type": "app_mention",
    "user": CLIENT,
    "text": "<@U0RAPPORT> what can you do?",
    "ts": "1790000001.000100",
    "channel": CLIENT_CHANNEL,
    "event_ts": "1790000001.000100",
}


@pytest.fixture
def socket_stack(database: Database) -> Iterator[SocketStack]:
    running = start_socket_stack(database_url=database.url, engine=database.engine)
    yield running
    running.stop()


@pytest.fixture(params=["http", "socket-mode"])
def either_stack(request: pytest.FixtureRequest, database: Database) -> Iterator[Stack]:
    """The same scenario over both ways Slack reaches the bot."""
    start = start_stack if request.param == "http" else start_socket_stack
    running = start(database_url=database.url, engine=database.engine)
    yield running
    running.stop()


def count(stack: Stack, table: type[SQLModel]) -> int:
    with session_scope(stack.deps.engine) as session:
        return int(session.exec(select(func.count()).select_from(table)).one())


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_status_and_feedback_get_the_same_answers_and_are_stored_once(
    either_stack: Stack,
) -> None:
    stack = either_stack
    setup_project(stack)
    status = stack.sender.command(
        DEV, CLIENT_CHANNEL, "/status", "at-risk 45% Login page built; next: password reset"
    )
    assert status.status == 200
    assert "Update posted" in status.text and "At risk" in status.text and "45%" in status.text
    buttons = [
        e["action_id"]
        for b in status.json()["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
    ]
    assert buttons == ["status_edit", "status_delete"]

    feedback = stack.sender.command(CLIENT, CLIENT_CHANNEL, "/feedback", "problem: logs me out")
    assert "FB-1" in feedback.text and f"<@{OWNER}>" in feedback.text
    assert "will answer by" in feedback.text and "(Europe/Berlin)" in feedback.text
    wait_post(stack, INTERNAL_CHANNEL, "FB-1")  # the triage card, as over HTTP
    stack.fake.wait_quiet()
    assert count(stack, StatusUpdate) == 1 and count(stack, Feedback) == 1


def test_an_app_mention_gets_its_reply_in_the_thread(socket_stack: SocketStack) -> None:
    setup_project(socket_stack)
    reply = socket_stack.sender.event(MENTION, event_id="Ev0SOCKET")
    assert reply.status == 200 and reply.json() == {}  # a bare ack: events carry no answer
    [envelope] = [e for e in socket_stack.socket_mode.envelopes if e.type == "events_api"]
    assert envelope.ack == {"envelope_id": envelope.envelope_id}
    answer = wait_post(socket_stack, CLIENT_CHANNEL, "/feedback")
    assert answer.thread_ts == MENTION["ts"]


def test_a_redelivered_envelope_is_acknowledged_and_acted_on_once(
    socket_stack: SocketStack,
) -> None:
    stack, socket_mode = socket_stack, socket_stack.socket_mode
    setup_project(stack)
    stack.sender.event(MENTION, event_id="Ev0RETRY")
    [first] = [e for e in socket_mode.envelopes if e.type == "events_api"]
    retry = socket_mode.redeliver(first, reason="timeout")
    assert (retry.retry_attempt, retry.retry_reason) == (1, "timeout")
    assert retry.envelope_id != first.envelope_id and retry.payload == first.payload
    assert retry.ack == {"envelope_id": retry.envelope_id}  # acknowledged, so Slack stops
    wait_post(stack, CLIENT_CHANNEL, "/feedback")

    feedback = stack.sender.command(CLIENT, CLIENT_CHANNEL, "/feedback", "Once only")
    assert "FB-1" in feedback.text
    command = socket_mode.envelopes[-1]
    assert command.type == "slash_commands" and command.accepts_response_payload
    again = socket_mode.redeliver(command)
    assert again.acked.is_set() and again.answer == {}  # recognised: nothing done twice

    stack.fake.wait_quiet()
    assert socket_mode.unacked() == []
    assert len(stack.fake.calls_of("chat.postMessage")) == 2  # the mention reply, the FB card
    assert count(stack, Feedback) == 1
    _, metrics = get(f"{stack.server.url}/metrics")
    assert "rapport_slack_retries_dropped_total 2.0" in metrics


def test_after_a_disconnect_the_bot_reconnects_and_the_next_delivery_works(
    socket_stack: SocketStack,
) -> None:
    stack, socket_mode = socket_stack, socket_stack.socket_mode
    setup_project(stack)
    assert len(stack.fake.calls_of("apps.connections.open")) == 1
    socket_mode.disconnect("refresh_requested")
    socket_mode.wait_connected(hellos=2)
    assert len(stack.fake.calls_of("apps.connections.open")) == 2  # a fresh URL, not the old one
    stack.fake.wait_for(lambda: socket_mode.live_connections() == 1)  # the old one hung up
    reply = stack.sender.command(CLIENT, CLIENT_CHANNEL, "/feedback", "Still there?")
    assert "FB-1" in reply.text
    assert count(stack, Feedback) == 1


def test_http_keeps_health_and_metrics_but_not_slack_events(socket_stack: SocketStack) -> None:
    status, body = get(f"{socket_stack.server.url}/healthz")
    assert status == 200 and json.loads(body)["ok"] is True
    assert get(f"{socket_stack.server.url}/metrics")[0] == 200
    request = urllib.request.Request(
        f"{socket_stack.server.url}/slack/events", data=b"{}", method="POST"
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=5)
    assert refused.value.code == 404 and "Socket Mode" in refused.value.read().decode()


def test_a_wrong_app_token_fails_with_a_clear_error(socket_stack: SocketStack) -> None:
    settings = replace(socket_stack.deps.settings, slack_app_token="xapp-1-A0RAPPORT-wrong")
    handler = make_socket_mode_handler(build_app(socket_stack.deps), settings)
    try:
        with pytest.raises(SocketModeError) as refused:
            connect_socket_mode(handler)
    finally:
        handler.client.close()
    message = str(refused.value)
    assert "SLACK_APP_TOKEN" in message and "invalid_auth" in message
    assert "connections:write" in message and "xapp-1-A0RAPPORT-wrong" not in message
    assert socket_stack.socket_mode.hellos == 1  # no second connection was made

    # The bot token is not an app-level token either.
    assert socket_stack.fake.handle(
        "apps.connections.open", {}, socket_stack.deps.settings.slack_bot_token
    )[1] == {"ok": False, "error": "invalid_auth"}
