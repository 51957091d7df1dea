"""Requests that are signed but not shaped like anything Slack sends are refused at the door,
with a 400 and a plain reason, before de-duplication or any listener reads them: a listener may
then trust `command["user_id"]`, `body["user"]["id"]` and `event["type"]` to be strings."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import BoltResponse
from slack_bolt.middleware.middleware import Middleware
from slack_bolt.request import BoltRequest

logger = logging.getLogger("rapport")

INTERACTIONS = ("block_actions", "view_submission", "view_closed", "message_action")


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value)


def _optional_text(body: dict[str, Any], key: str) -> bool:
    return body.get(key) is None or isinstance(body[key], str)


# Objects wherever Slack sends them (commands come form-encoded and have none of these keys).
OBJECTS = ("event", "team", "user", "channel", "container", "view", "message", "enterprise")
EVENT_TEXTS = ("channel", "ts", "thread_ts", "text", "subtype", "tab", "event_ts")
EVENT_OBJECTS = ("message", "previous_message", "view")


def problem_with(body: Any) -> str | None:
    """What makes `body` unlike Slack's payloads, or None when it looks right."""
    if not isinstance(body, dict):
        return "the body is not an object"
    if "command" not in body and (problem := _shape_problem(body)):
        return problem
    if "command" in body:
        for key in ("command", "user_id", "channel_id"):
            if not _text(body.get(key)):
                return f"a command without `{key}`"
        if not _optional_text(body, "text") or not _optional_text(body, "trigger_id"):
            return "a command with a malformed field"
        return None
    kind = body.get("type")
    if kind in INTERACTIONS:
        user = body.get("user")
        if not isinstance(user, dict) or not _text(user.get("id")):
            return f"{kind} without a user"
        if not _optional_text(body, "trigger_id") or not _optional_text(body, "response_url"):
            return f"{kind} with a malformed field"
        if kind == "message_action":
            message, channel = body.get("message"), body.get("channel")
            if not isinstance(message, dict) or not _text(message.get("ts")):
                return "message_action without a message"
            if not isinstance(channel, dict) or not _text(channel.get("id")):
                return "message_action without a channel"
            if not _text(body.get("callback_id")):
                return "message_action without a callback_id"
        elif kind == "block_actions":
            actions = body.get("actions")
            if not isinstance(actions, list) or not actions:
                return "block_actions without actions"
            if not all(isinstance(a, dict) and _text(a.get("action_id")) for a in actions):
                return "block_actions with a malformed action"
            for key in ("channel", "container", "message"):
                if body.get(key) is not None and not isinstance(body[key], dict):
                    return f"block_actions with a malformed `{key}`"
        else:
            view = body.get("view")
            if not isinstance(view, dict) or not _text(view.get("callback_id")):
                return f"{kind} without a view"
            if view.get("state") is not None and not isinstance(view["state"], dict):
                return f"{kind} with a malformed view state"
        return None
    if kind == "event_callback":
        event = body.get("event")
        if not isinstance(event, dict) or not _text(event.get("type")):
            return "an event without an event"
        if not _text(body.get("event_id")):
            return "an event without an event_id"
        if not all(_optional_text(event, key) for key in EVENT_TEXTS):
            return "an event with a malformed field"
        if any(
            event.get(key) is not None and not isinstance(event[key], dict) for key in EVENT_OBJECTS
        ):
            return "an event with a malformed field"
        if event.get("user") is not None and not isinstance(event["user"], (str, dict)):
            return "an event with a malformed user"
    return None


def _shape_problem(body: dict[str, Any]) -> str | None:
    """What even Bolt's own middleware (which runs before ours) would trip over."""
    if not _optional_text(body, "type"):
        return "a malformed `type`"
    if "event" in body and not isinstance(body["event"], dict):  # Slack never sends it null
        return "a malformed `event`"
    for key in OBJECTS:
        if body.get(key) is not None and not isinstance(body[key], dict):
            return f"a malformed `{key}`"
    authorizations = body.get("authorizations")
    if authorizations is not None and not (
        isinstance(authorizations, list) and all(isinstance(a, dict) for a in authorizations)
    ):
        return "malformed `authorizations`"
    return None


def refusal(problem: str) -> BoltResponse:
    logger.warning("refused a malformed request: %s", problem)
    return BoltResponse(
        status=400,
        body=f"Malformed request: {problem}.",
        headers={"Content-Type": "text/plain; charset=utf-8", "X-Slack-No-Retry": "1"},
    )


class RejectMalformed(Middleware):
    def process(self, *, req: BoltRequest, resp: BoltResponse, next: Any) -> BoltResponse | None:  # noqa: A002 (Bolt's name)
        problem = problem_with(req.body)
        if problem is None:
            return next()  # type: ignore[no-any-return]
        return refusal(problem)
