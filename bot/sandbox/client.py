"""Plays Slack's side of the HTTP conversation: sends correctly signed slash commands, button
clicks, view submissions and events to the bot's real endpoint, in Slack's payload shapes."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from bot.sandbox import payloads
from bot.sandbox.fake_slack import FakeSlack
from bot.sandbox.fake_types import Entry


@dataclass(frozen=True)
class Reply:
    status: int
    body: str
    headers: dict[str, str]

    def json(self) -> dict[str, Any]:
        """The answer as Slack reads it: a JSON message, or plain text taken as its text."""
        if not self.body:
            return {}
        content_type = {k.lower(): v for k, v in self.headers.items()}.get("content-type", "")
        if content_type.startswith("application/json"):
            data = json.loads(self.body)
            return data if isinstance(data, dict) else {}
        return {"text": self.body}

    @property
    def text(self) -> str:
        """What the person sees of the immediate answer: text and section texts."""
        data = self.json()
        parts = [data.get("text", "")]
        for block in data.get("blocks", []):
            parts.append((block.get("text") or {}).get("text", ""))
            parts += [f.get("text", "") for f in block.get("fields", [])]
            parts += [
                e.get("text", "")
                for e in block.get("elements", [])
                if "text" in e and isinstance(e["text"], str)
            ]
        return "\n".join(p for p in parts if p)


def sign(secret: str, timestamp: str, body: bytes) -> str:
    base = b"v0:" + timestamp.encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


class SlackSender:
    def __init__(
        self, *, bot_url: str, signing_secret: str, fake: FakeSlack, app_id: str = "A0RAPPORT"
    ) -> None:
        self.endpoint = f"{bot_url}/slack/events"
        self.secret, self.fake, self.app_id = signing_secret, fake, app_id

    # -- the raw request -------------------------------------------------------------------
    def send(
        self,
        body: bytes,
        content_type: str,
        *,
        timestamp: int | None = None,
        signature: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> Reply:
        ts = str(int(time.time()) if timestamp is None else timestamp)
        all_headers = {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": ts,
            "X-Slack-Signature": signature
            if signature is not None
            else sign(self.secret, ts, body),
            **(headers or {}),
        }
        request = urllib.request.Request(
            self.endpoint, data=body, headers=all_headers, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return Reply(response.status, response.read().decode(), dict(response.headers))
        except urllib.error.HTTPError as error:
            return Reply(error.code, error.read().decode(), dict(error.headers))

    def send_form(self, fields: dict[str, str], **kwargs: Any) -> Reply:
        return self.send(urlencode(fields).encode(), "application/x-www-form-urlencoded", **kwargs)

    # -- what people do --------------------------------------------------------------------
    def command_fields(
        self, user_id: str, channel_id: str, command: str, text: str = ""
    ) -> dict[str, str]:
        """The form Slack sends for a command; sending it twice is what a Slack retry does."""
        return payloads.command_fields(self.fake, self.app_id, user_id, channel_id, command, text)

    def command(self, user_id: str, channel_id: str, command: str, text: str = "") -> Reply:
        self.fake.record(Entry("command", channel_id, user_id, f"{command} {text}".strip()))
        # Slack shows the acknowledgement before anything the bot does afterwards, so its place
        # on the timeline is taken now and filled in when the answer arrives.
        answer = self.fake.record(
            Entry(
                "ephemeral",
                channel_id,
                self.fake.bot_user_id,
                ts=self.fake.next_ts(),
                to_user=user_id,
            )
        )
        reply = self.send_form(self.command_fields(user_id, channel_id, command, text))
        data = reply.json() if reply.status == 200 else {}
        if data.get("response_type") == "in_channel":
            answer.kind = "message"
        answer.text, answer.blocks = data.get("text", ""), data.get("blocks", [])
        if not (answer.text or answer.blocks):
            self.fake.forget(answer)
        return reply

    def click(
        self,
        user_id: str,
        message: Entry,
        action_id: str,
        value: str | None = None,
        *,
        stale: bool = False,
    ) -> Reply:
        """Press the button `action_id` (with `value`, if several share it) on a message, as it
        looks now or, with `stale`, as it looked when first posted (a screen not yet refreshed)."""
        return self.send_form(self.click_fields(user_id, message, action_id, value, stale=stale))

    def click_fields(
        self,
        user_id: str,
        message: Entry,
        action_id: str,
        value: str | None = None,
        *,
        stale: bool = False,
    ) -> dict[str, str]:
        """The form Slack sends for a click; sending it twice is what a Slack retry does."""
        if not stale:
            message = self.fake.latest(message)
        payload = payloads.block_actions(self.fake, self.app_id, user_id, message, action_id, value)
        label = payload["actions"][0]["text"]["text"]
        self.fake.record(Entry("click", message.channel, user_id, label))
        return {"payload": json.dumps(payload)}

    def shortcut(
        self, user_id: str, message: Entry, callback_id: str, *, name: str | None = None
    ) -> Reply:
        """Choose the app's message shortcut `callback_id` (shown as `name`) in a message's
        menu (⋯), in a channel or in a thread."""
        return self.send_form(self.shortcut_fields(user_id, message, callback_id, name=name))

    def shortcut_fields(
        self, user_id: str, message: Entry, callback_id: str, *, name: str | None = None
    ) -> dict[str, str]:
        """The form Slack sends for a message shortcut; sending it twice is what a retry does."""
        payload = payloads.message_action(self.fake, self.app_id, user_id, message, callback_id)
        self.fake.record(Entry("shortcut", message.channel, user_id, name or callback_id))
        return {"payload": json.dumps(payload)}

    def submit(self, user_id: str, view_id: str, values: dict[str, Any]) -> Reply:
        """Submit an open modal. `values` maps each input's block_id to a string (text, the
        value of a select or radio option), a list of option values (checkboxes) or None."""
        return self.send_form(self.submit_fields(user_id, view_id, values))

    def submit_fields(self, user_id: str, view_id: str, values: dict[str, Any]) -> dict[str, str]:
        """The form Slack sends for a submission; sending it twice is what a Slack retry does."""
        view = self.fake.views[view_id]
        self.fake.record(
            Entry("submit", None, user_id, view.get("title", {}).get("text", ""), view=view)
        )
        payload = payloads.view_submission(self.fake, self.app_id, user_id, view, values)
        return {"payload": json.dumps(payload)}

    def event(
        self, event: dict[str, Any], *, event_id: str | None = None, retry_num: int | None = None
    ) -> Reply:
        body = payloads.event_callback(self.fake, self.app_id, event, event_id)
        headers = {}
        if retry_num is not None:
            headers = {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": "http_timeout"}
        return self.send(json.dumps(body).encode(), "application/json", headers=headers)

    def say(
        self,
        user_id: str,
        channel_id: str,
        text: str,
        *,
        at: float | None = None,
        thread_ts: str | None = None,
    ) -> tuple[str, Reply]:
        """A person writes in a channel: Slack shows it and sends the `message` event. Returns
        the message's ts."""
        ts = f"{at:.6f}" if at is not None else self.fake.next_ts()
        self.fake.record(Entry("said", channel_id, user_id, text, ts=ts, thread_ts=thread_ts))
        event = payloads.message_said(self.fake, user_id, channel_id, text, ts, thread_ts)
        return ts, self.event(event)

    def edit(self, user_id: str, channel_id: str, ts: str, text: str) -> Reply:
        return self.event(
            payloads.message_changed(user_id, channel_id, ts, text, self.fake.next_ts())
        )

    def delete(self, user_id: str, channel_id: str, ts: str) -> Reply:
        return self.event(payloads.message_deleted(user_id, channel_id, ts, self.fake.next_ts()))

    def open_home(
        self, user_id: str, *, event_id: str | None = None, retry_num: int | None = None
    ) -> Reply:
        """The person opens the app's Home tab."""
        event = payloads.app_home_opened(self.fake, user_id)
        return self.event(event, event_id=event_id, retry_num=retry_num)

    def last_modal(self) -> dict[str, Any]:
        modals = [e.view for e in self.fake.timeline if e.kind == "modal" and e.view]
        if not modals:
            raise AssertionError("no modal was opened")
        return modals[-1]
