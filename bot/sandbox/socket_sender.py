"""SlackSender's people, over Socket Mode: the same Slack-shaped payloads (commands, clicks,
submissions, events) delivered as envelopes by the Socket Mode stand-in instead of as signed
HTTP requests, and the app's acknowledgement read back as the reply."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl

from bot.sandbox.client import Reply, SlackSender
from bot.sandbox.fake_slack import FakeSlack
from bot.sandbox.fake_socket import FakeSocketMode

# Interactions whose acknowledgement can carry an answer (errors, a new view, options).
ANSWERABLE_INTERACTIONS = ("view_submission", "block_suggestion")


def as_envelope(body: bytes, content_type: str) -> tuple[str, dict[str, Any], bool]:
    """What Slack would put in the envelope for the HTTP request SlackSender built:
    (type, payload, accepts_response_payload)."""
    if content_type.startswith("application/json"):
        return "events_api", json.loads(body), False
    fields = dict(parse_qsl(body.decode()))
    if "payload" in fields:
        payload = json.loads(fields["payload"])
        return "interactive", payload, payload.get("type") in ANSWERABLE_INTERACTIONS
    return "slash_commands", fields, True


class SocketSender(SlackSender):
    def __init__(self, *, socket_mode: FakeSocketMode, fake: FakeSlack) -> None:
        super().__init__(bot_url="socket-mode:", signing_secret="", fake=fake)
        self.socket_mode = socket_mode

    def send(
        self,
        body: bytes,
        content_type: str,
        *,
        timestamp: int | None = None,
        signature: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> Reply:
        """Deliver as an envelope (timestamp and signature have no place in Socket Mode; the
        retry headers become retry_attempt and retry_reason) and wait for the ack. No ack in
        time is answered 408, as Slack would show the person an error."""
        kind, payload, accepts = as_envelope(body, content_type)
        retry = {k.lower(): v for k, v in (headers or {}).items()}
        envelope = self.socket_mode.deliver(
            kind,
            payload,
            accepts_response_payload=accepts,
            retry_attempt=int(retry.get("x-slack-retry-num", "0")),
            retry_reason=retry.get("x-slack-retry-reason", ""),
        )
        if not envelope.acked.is_set():
            return Reply(408, "", {})
        answer = envelope.answer
        return Reply(
            200, json.dumps(answer) if answer else "", {"Content-Type": "application/json"}
        )
