"""Plays Slack's side of the HTTP conversation: sends correctly signed slash commands, button
clicks, view submissions and events to the bot's real endpoint, in Slack's payload shapes."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

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


_TYPED_MENTION = re.compile(r"(?<![\w&])([@#])([a-z0-9][a-z0-9._-]*)")


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
        user, channel = self.fake.users[user_id], self.fake.channels.get(channel_id)
        return {
            "token": "deprecated-verification-token",
            "team_id": user.team_id,
            "team_domain": "agency" if user.team_id == self.fake.team_id else "client",
            "channel_id": channel_id,
            "channel_name": channel.name if channel else "directmessage",
            "user_id": user_id,
            "user_name": user.name,
            "command": command,
            "text": self.as_slack_sends(text),
            "api_app_id": self.app_id,
            "is_enterprise_install": "false",
            "response_url": self.fake.new_response_url(channel=channel_id, user=user_id),
            "trigger_id": self.fake.new_trigger(),
        }

    def as_slack_sends(self, typed: str) -> str:
        """Command text the way Slack delivers it with `should_escape`: `&`, `<`, `>` as
        entities, `@name` and `#channel` of known people and channels as labelled mentions,
        `@channel`/`@here`/`@everyone` as special mentions."""
        text = typed.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        users = {u.name: u.id for u in self.fake.users.values()}
        channels = {c.name: c.id for c in self.fake.channels.values()}

        def mention(match: re.Match[str]) -> str:
            sigil, name = match.group(1), match.group(2)
            if sigil == "@" and name in ("channel", "here", "everyone"):
                return f"<!{name}>"
            known = (users if sigil == "@" else channels).get(name)
            return f"<{sigil}{known}|{name}>" if known else match.group(0)

        return _TYPED_MENTION.sub(mention, text)

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
        block, button = _find_button(message.blocks, action_id, value)
        user = self.fake.users[user_id]
        self.fake.record(Entry("click", message.channel, user_id, button["text"]["text"]))
        container = {
            "type": "message",
            "message_ts": message.ts,
            "channel_id": message.channel,
            "is_ephemeral": message.kind == "ephemeral",
        }
        payload = {
            "type": "block_actions",
            "user": {
                "id": user.id,
                "username": user.name,
                "name": user.name,
                "team_id": user.team_id,
            },
            "api_app_id": self.app_id,
            "token": "deprecated-verification-token",
            "container": container,
            "trigger_id": self.fake.new_trigger(),
            "team": {"id": user.team_id, "domain": "agency"},
            "is_enterprise_install": False,
            "channel": {"id": message.channel, "name": self._channel_name(message.channel)},
            "message": {
                "type": "message",
                "ts": message.ts,
                "text": message.text,
                "blocks": message.blocks,
            },
            "response_url": self.fake.new_response_url(channel=message.channel or "", user=user_id),
            "actions": [
                {
                    "action_id": action_id,
                    "block_id": block.get("block_id", "b"),
                    "value": button.get("value", ""),
                    "type": "button",
                    "text": button["text"],
                    "action_ts": f"{time.time():.6f}",
                }
            ],
        }
        return {"payload": json.dumps(payload)}

    def submit(self, user_id: str, view_id: str, values: dict[str, Any]) -> Reply:
        """Submit an open modal. `values` maps each input's block_id to a string (text, the
        value of a select or radio option), a list of option values (checkboxes) or None."""
        return self.send_form(self.submit_fields(user_id, view_id, values))

    def submit_fields(self, user_id: str, view_id: str, values: dict[str, Any]) -> dict[str, str]:
        """The form Slack sends for a submission; sending it twice is what a Slack retry does."""
        view = self.fake.views[view_id]
        user = self.fake.users[user_id]
        state = {
            block["block_id"]: {
                block["element"]["action_id"]: _state_for(
                    block["element"], values.get(block["block_id"])
                )
            }
            for block in view.get("blocks", [])
            if block.get("type") == "input"
        }
        self.fake.record(
            Entry("submit", None, user_id, view.get("title", {}).get("text", ""), view=view)
        )
        payload = {
            "type": "view_submission",
            "team": {"id": user.team_id, "domain": "agency"},
            "user": {
                "id": user.id,
                "username": user.name,
                "name": user.name,
                "team_id": user.team_id,
            },
            "api_app_id": self.app_id,
            "token": "deprecated-verification-token",
            "trigger_id": self.fake.new_trigger(),
            "view": {**view, "state": {"values": state}},
            "response_urls": [],
            "is_enterprise_install": False,
        }
        return {"payload": json.dumps(payload)}

    def event(
        self, event: dict[str, Any], *, event_id: str | None = None, retry_num: int | None = None
    ) -> Reply:
        body = {
            "token": "deprecated-verification-token",
            "team_id": self.fake.team_id,
            "api_app_id": self.app_id,
            "event": event,
            "type": "event_callback",
            "event_id": event_id or f"Ev{self.fake.next_ts().replace('.', '')}",
            "event_time": int(time.time()),
            "authorizations": [
                {
                    "team_id": self.fake.team_id,
                    "user_id": self.fake.bot_user_id,
                    "is_bot": True,
                    "is_enterprise_install": False,
                }
            ],
        }
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
        """A person writes in a channel: Slack shows it and sends the `message` event (as
        `message.channels` or `message.groups` delivers it). Returns the message's ts."""
        ts = f"{at:.6f}" if at is not None else self.fake.next_ts()
        user = self.fake.users[user_id]
        self.fake.record(Entry("said", channel_id, user_id, text, ts=ts, thread_ts=thread_ts))
        event: dict[str, Any] = {
            "type": "message",
            "channel": channel_id,
            "user": user_id,
            "text": text,
            "ts": ts,
            "event_ts": ts,
            "team": user.team_id,
            "user_team": user.team_id,
            "source_team": user.team_id,
            "channel_type": "group" if self.fake.channels[channel_id].is_private else "channel",
            "blocks": [
                {
                    "type": "rich_text",
                    "block_id": "b",
                    "elements": [
                        {"type": "rich_text_section", "elements": [{"type": "text", "text": text}]}
                    ],
                }
            ],
        }
        if thread_ts is not None:
            event["thread_ts"] = thread_ts
        return ts, self.event(event)

    def edit(self, user_id: str, channel_id: str, ts: str, text: str) -> Reply:
        """The `message_changed` event Slack sends when someone edits a message."""
        now = self.fake.next_ts()
        return self.event(
            {
                "type": "message",
                "subtype": "message_changed",
                "hidden": True,
                "channel": channel_id,
                "ts": now,
                "event_ts": now,
                "message": {
                    "type": "message",
                    "user": user_id,
                    "text": text,
                    "ts": ts,
                    "edited": {"user": user_id, "ts": now},
                },
                "previous_message": {"type": "message", "user": user_id, "ts": ts},
            }
        )

    def delete(self, user_id: str, channel_id: str, ts: str) -> Reply:
        """The `message_deleted` event Slack sends when someone deletes a message."""
        now = self.fake.next_ts()
        return self.event(
            {
                "type": "message",
                "subtype": "message_deleted",
                "hidden": True,
                "channel": channel_id,
                "ts": now,
                "event_ts": now,
                "deleted_ts": ts,
                "previous_message": {"type": "message", "user": user_id, "ts": ts},
            }
        )

    def open_home(
        self, user_id: str, *, event_id: str | None = None, retry_num: int | None = None
    ) -> Reply:
        """The person opens the app's Home tab: `app_home_opened` as Slack sends it, with the
        view last published for them, if any."""
        event: dict[str, Any] = {
            "type": "app_home_opened",
            "user": user_id,
            "channel": f"D{user_id[1:]}",
            "tab": "home",
            "event_ts": self.fake.next_ts(),
        }
        if (view := self.fake.homes.get(user_id)) is not None:
            event["view"] = view
        return self.event(event, event_id=event_id, retry_num=retry_num)

    def last_modal(self) -> dict[str, Any]:
        modals = [e.view for e in self.fake.timeline if e.kind == "modal" and e.view]
        if not modals:
            raise AssertionError("no modal was opened")
        return modals[-1]

    def _channel_name(self, channel_id: str | None) -> str:
        channel = self.fake.channels.get(channel_id or "")
        return channel.name if channel else "directmessage"


def _find_button(
    blocks: list[dict[str, Any]], action_id: str, value: str | None
) -> tuple[dict[str, Any], dict[str, Any]]:
    for block in blocks:
        for element in block.get("elements", []) + [block.get("accessory") or {}]:
            if element.get("action_id") == action_id and (
                value is None or element.get("value") == value
            ):
                return block, element
    raise AssertionError(f"no button {action_id!r} on that message")


def _state_for(element: dict[str, Any], value: Any) -> dict[str, Any]:
    kind = element["type"]
    if kind in ("static_select", "radio_buttons"):
        chosen = next((o for o in element.get("options", []) if o["value"] == value), None)
        if value is None and "initial_option" in element:
            chosen = element["initial_option"]
        return {"type": kind, "selected_option": chosen}
    if kind == "users_select":
        return {
            "type": kind,
            "selected_user": element.get("initial_user") if value is None else value,
        }
    if kind == "checkboxes":
        chosen = [o for o in element.get("options", []) if o["value"] in (value or [])]
        return {"type": kind, "selected_options": chosen}
    if value is None:
        value = element.get("initial_value")
    return {"type": kind, "value": value}
