"""Slack's payload shapes, as the stand-in's sender delivers them: the form of a slash command,
the payload of a click or a modal submission, and the events (a message said, edited or
deleted, the Home tab opened), built from the fake workspace's people, channels and views."""

from __future__ import annotations

import re
import time
from typing import Any

from bot.sandbox.fake_slack import FakeSlack
from bot.sandbox.fake_types import Entry

_TYPED_MENTION = re.compile(r"(?<![\w&])([@#])([a-z0-9][a-z0-9._-]*)")
_TYPED_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
TOKEN = "deprecated-verification-token"


def command_fields(
    fake: FakeSlack, app_id: str, user_id: str, channel_id: str, command: str, text: str = ""
) -> dict[str, str]:
    user, channel = fake.users[user_id], fake.channels.get(channel_id)
    return {
        "token": TOKEN,
        "team_id": user.team_id,
        "team_domain": "agency" if user.team_id == fake.team_id else "client",
        "channel_id": channel_id,
        "channel_name": channel.name if channel else "directmessage",
        "user_id": user_id,
        "user_name": user.name,
        "command": command,
        "text": as_slack_sends(fake, text),
        "api_app_id": app_id,
        "is_enterprise_install": "false",
        "response_url": fake.new_response_url(channel=channel_id, user=user_id),
        "trigger_id": fake.new_trigger(),
    }


def as_slack_sends(fake: FakeSlack, typed: str) -> str:
    """Command text the way Slack delivers it with `should_escape`: `&`, `<`, `>` as entities,
    `@name` and `#channel` of known people and channels as labelled mentions,
    `@channel`/`@here`/`@everyone` as special mentions, email addresses linked
    (`<mailto:cfo@acme.com|cfo@acme.com>`)."""
    text = typed.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _TYPED_EMAIL.sub(lambda found: f"<mailto:{found[0]}|{found[0]}>", text)
    users = {u.name: u.id for u in fake.users.values()}
    channels = {c.name: c.id for c in fake.channels.values()}

    def mention(match: re.Match[str]) -> str:
        sigil, name = match.group(1), match.group(2)
        if sigil == "@" and name in ("channel", "here", "everyone"):
            return f"<!{name}>"
        known = (users if sigil == "@" else channels).get(name)
        return f"<{sigil}{known}|{name}>" if known else match.group(0)

    return _TYPED_MENTION.sub(mention, text)


def _who(fake: FakeSlack, user_id: str) -> dict[str, Any]:
    user = fake.users[user_id]
    return {"id": user.id, "username": user.name, "name": user.name, "team_id": user.team_id}


def block_actions(
    fake: FakeSlack, app_id: str, user_id: str, message: Entry, action_id: str, value: str | None
) -> dict[str, Any]:
    """The payload of a click on the button `action_id` (with `value`, if several share it)."""
    block, button = _find_button(message.blocks, action_id, value)
    channel = fake.channels.get(message.channel or "")
    return {
        "type": "block_actions",
        "user": _who(fake, user_id),
        "api_app_id": app_id,
        "token": TOKEN,
        "container": {
            "type": "message",
            "message_ts": message.ts,
            "channel_id": message.channel,
            "is_ephemeral": message.kind == "ephemeral",
        },
        "trigger_id": fake.new_trigger(),
        "team": {"id": fake.users[user_id].team_id, "domain": "agency"},
        "is_enterprise_install": False,
        "channel": {
            "id": message.channel,
            "name": channel.name if channel else "directmessage",
        },
        "message": {
            "type": "message",
            "ts": message.ts,
            "text": message.text,
            "blocks": message.blocks,
        },
        "response_url": fake.new_response_url(channel=message.channel or "", user=user_id),
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


def message_action(
    fake: FakeSlack, app_id: str, user_id: str, message: Entry, callback_id: str
) -> dict[str, Any]:
    """The payload of a message shortcut (`callback_id`) chosen on `message`, as Slack sends
    it: the whole message (with `thread_ts` when it is in a thread), its channel, a trigger
    for a modal and a response_url for a private answer."""
    channel = fake.channels.get(message.channel or "")
    said: dict[str, Any] = {
        "type": "message",
        "user": message.user,
        "ts": message.ts,
        "text": message.text,
    }
    if message.blocks:
        said["blocks"] = message.blocks
    if message.thread_ts is not None:
        said["thread_ts"] = message.thread_ts
    return {
        "type": "message_action",
        "token": TOKEN,
        "action_ts": f"{time.time():.6f}",
        "team": {"id": fake.users[user_id].team_id, "domain": "agency"},
        "user": _who(fake, user_id),
        "channel": {"id": message.channel, "name": channel.name if channel else "directmessage"},
        "is_enterprise_install": False,
        "callback_id": callback_id,
        "trigger_id": fake.new_trigger(),
        "response_url": fake.new_response_url(channel=message.channel or "", user=user_id),
        "message_ts": message.ts,
        "message": said,
    }


def view_submission(
    fake: FakeSlack, app_id: str, user_id: str, view: dict[str, Any], values: dict[str, Any]
) -> dict[str, Any]:
    """The payload of a submitted modal; `values` maps each input's block_id to a string (text,
    the value of a select or radio option), a list of option values (checkboxes) or None."""
    state = {
        block["block_id"]: {
            block["element"]["action_id"]: _state_for(
                block["element"], values.get(block["block_id"])
            )
        }
        for block in view.get("blocks", [])
        if block.get("type") == "input"
    }
    return {
        "type": "view_submission",
        "team": {"id": fake.users[user_id].team_id, "domain": "agency"},
        "user": _who(fake, user_id),
        "api_app_id": app_id,
        "token": TOKEN,
        "trigger_id": fake.new_trigger(),
        "view": {**view, "state": {"values": state}},
        "response_urls": [],
        "is_enterprise_install": False,
    }


def event_callback(
    fake: FakeSlack, app_id: str, event: dict[str, Any], event_id: str | None
) -> dict[str, Any]:
    """An event as the Events API delivers it."""
    return {
        "token": TOKEN,
        "team_id": fake.team_id,
        "api_app_id": app_id,
        "event": event,
        "type": "event_callback",
        "event_id": event_id or f"Ev{fake.next_ts().replace('.', '')}",
        "event_time": int(time.time()),
        "authorizations": [
            {
                "team_id": fake.team_id,
                "user_id": fake.bot_user_id,
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
    }


def message_said(
    fake: FakeSlack, user_id: str, channel_id: str, text: str, ts: str, thread_ts: str | None
) -> dict[str, Any]:
    """The `message` event (as `message.channels` or `message.groups` delivers it)."""
    user = fake.users[user_id]
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
        "channel_type": "group" if fake.channels[channel_id].is_private else "channel",
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
    return event


def message_changed(user_id: str, channel_id: str, ts: str, text: str, now: str) -> dict[str, Any]:
    """The `message_changed` event Slack sends when someone edits a message."""
    return {
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


def message_deleted(user_id: str, channel_id: str, ts: str, now: str) -> dict[str, Any]:
    """The `message_deleted` event Slack sends when someone deletes a message."""
    return {
        "type": "message",
        "subtype": "message_deleted",
        "hidden": True,
        "channel": channel_id,
        "ts": now,
        "event_ts": now,
        "deleted_ts": ts,
        "previous_message": {"type": "message", "user": user_id, "ts": ts},
    }


def app_home_opened(fake: FakeSlack, user_id: str) -> dict[str, Any]:
    """`app_home_opened` as Slack sends it, with the view last published for the person."""
    event: dict[str, Any] = {
        "type": "app_home_opened",
        "user": user_id,
        "channel": f"D{user_id[1:]}",
        "tab": "home",
        "event_ts": fake.next_ts(),
    }
    if (view := fake.homes.get(user_id)) is not None:
        event["view"] = view
    return event


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
    if kind == "datepicker":  # Slack sends null when no day is picked
        picked = element.get("initial_date") if value is None else value
        return {"type": kind, "selected_date": picked or None}
    if kind == "checkboxes":
        chosen = [o for o in element.get("options", []) if o["value"] in (value or [])]
        return {"type": kind, "selected_options": chosen}
    if value is None:
        value = element.get("initial_value")
    return {"type": kind, "value": value}
