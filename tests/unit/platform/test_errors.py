"""The failure policy's pure parts: what a malformed request is, what a person is told, and
which Web API calls are asked again after a slow answer."""

from __future__ import annotations

from typing import Any
from urllib.error import URLError

import pytest
from slack_bolt import BoltResponse
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.state import RetryState

from bot.platform.errors import handle_error, slow_slack, sorry
from bot.platform.middleware.malformed import problem_with
from bot.platform.slack_client import SlowReadRetryHandler

COMMAND = {"command": "/status", "user_id": "U1", "channel_id": "C1", "text": "x"}
CLICK = {
    "type": "block_actions",
    "user": {"id": "U1"},
    "actions": [{"action_id": "feedback_ack", "value": "1"}],
    "channel": {"id": "C1"},
}
VIEW = {"type": "view_submission", "user": {"id": "U1"}, "view": {"callback_id": "m", "state": {}}}
EVENT = {"type": "event_callback", "event_id": "Ev1", "event": {"type": "message"}}


@pytest.mark.parametrize("body", [COMMAND, CLICK, VIEW, EVENT, {"type": "url_verification"}])
def test_what_slack_sends_passes(body: dict[str, Any]) -> None:
    assert problem_with(body) is None


@pytest.mark.parametrize(
    "body",
    [
        [],
        {**COMMAND, "user_id": ""},
        {k: v for k, v in COMMAND.items() if k != "channel_id"},
        {**CLICK, "user": 5},
        {**CLICK, "user": {"id": 5}},
        {**CLICK, "actions": []},
        {**CLICK, "actions": [5]},
        {**CLICK, "channel": "C1"},
        {**CLICK, "trigger_id": 5},
        {**VIEW, "view": "V1"},
        {**VIEW, "view": {"state": {}}},
        {**EVENT, "event": "x"},
        {**EVENT, "event_id": 5},
    ],
)
def test_malformed_payloads_are_named(body: Any) -> None:
    assert problem_with(body)


class Recorder:
    def __init__(self) -> None:
        self.said: list[str] = []

    def __call__(self, **arguments: Any) -> None:
        self.said.append(arguments["text"])


def test_a_command_failing_before_ack_is_answered_in_words() -> None:
    respond = Recorder()
    answer = handle_error(KeyError("x"), COMMAND, respond, None, None, BoltResponse(status=500))
    assert answer is not None and answer.status == 200 and answer.body == sorry()
    assert respond.said == []  # said once, in the answer


def test_after_ack_there_is_no_answer_to_change_and_the_person_is_told() -> None:
    respond = Recorder()
    body = {**CLICK, "response_url": "https://hooks.slack.com/x"}
    assert handle_error(KeyError("x"), body, respond) is None
    assert respond.said == [sorry()]


@pytest.mark.parametrize("error", [TimeoutError("timed out"), URLError(TimeoutError())])
def test_a_slow_slack_is_not_followed_by_try_again(error: Exception) -> None:
    respond = Recorder()
    handle_error(error, {**CLICK, "response_url": "https://hooks.slack.com/x"}, respond)
    assert respond.said == [slow_slack()]


@pytest.mark.parametrize(
    ("method", "retried"),
    [
        ("users.info", True),
        ("conversations.history", True),
        ("conversations.join", True),
        ("chat.postMessage", False),
        ("files.completeUploadExternal", False),
        ("views.open", False),
    ],
)
def test_only_reads_are_asked_again_after_a_timeout(method: str, retried: bool) -> None:
    handler = SlowReadRetryHandler(max_retry_count=1)
    request = HttpRequest(
        method="POST", url=f"https://slack.com/api/{method}", headers={}, data=b""
    )
    state = RetryState()
    assert handler.can_retry(state=state, request=request, error=TimeoutError()) is retried
    assert not handler.can_retry(state=state, request=request, error=ValueError())
