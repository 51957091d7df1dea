"""What Slack never sends is refused by name, before Bolt's own middleware can trip over it;
what Slack does send (nulls included, where it sends them) passes."""

from __future__ import annotations

from typing import Any

import pytest

from bot.platform.middleware.malformed import problem_with

EVENT: dict[str, Any] = {
    "type": "event_callback",
    "event_id": "Ev1",
    "team_id": "T1",
    "authorizations": [{"team_id": "T1", "user_id": "U0BOT", "is_bot": True}],
    "event": {"type": "message", "channel": "C1", "user": "U1", "text": "hi", "ts": "1.2"},
}
CLICK: dict[str, Any] = {
    "type": "block_actions",
    "user": {"id": "U1", "team_id": "T1"},
    "team": {"id": "T1"},
    "enterprise": None,  # what Slack sends outside Enterprise Grid
    "actions": [{"action_id": "status_open", "value": "1"}],
    "channel": {"id": "C1"},
}


@pytest.mark.parametrize("body", [EVENT, CLICK])
def test_what_slack_sends_passes(body: dict[str, Any]) -> None:
    assert problem_with(body) is None


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"event": None}, "a malformed `event`"),
        ({"event": "x"}, "a malformed `event`"),
        ({"type": 5}, "a malformed `type`"),
        ({"authorizations": "x"}, "malformed `authorizations`"),
        ({"authorizations": [5]}, "malformed `authorizations`"),
        ({"team": "T1"}, "a malformed `team`"),
        ({"event": {**EVENT["event"], "channel": 7}}, "an event with a malformed field"),
        ({"event": {**EVENT["event"], "message": "x"}}, "an event with a malformed field"),
        ({"event": {**EVENT["event"], "user": ["U1"]}}, "an event with a malformed user"),
    ],
)
def test_a_malformed_event_is_named(change: dict[str, Any], problem: str) -> None:
    assert problem_with({**EVENT, **change}) == problem
