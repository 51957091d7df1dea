"""The Web API methods the stand-in answers, with Slack's response shapes and errors: chat,
conversations, users and auth here; views (bot/sandbox/fake_views.py) and files
(bot/sandbox/fake_files.py) beside."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from bot.sandbox.fake_types import Entry, SlackError
from bot.sandbox.limits import check_message_blocks

if TYPE_CHECKING:
    from bot.sandbox.fake_slack import FakeSlack

TRIGGER_LIFETIME = 3.0
TEXT_LIMIT = 40_000


def json_field(params: dict[str, Any], key: str) -> Any:
    value = params.get(key)
    return json.loads(value) if isinstance(value, str) else value


def _dm_of(user_id: str) -> str:
    return f"D{user_id[1:]}"


def channel_for_post(fake: FakeSlack, channel_id: str) -> str:
    if channel_id in fake.users:  # a user id: Slack opens the DM
        return _dm_of(channel_id)
    if channel_id.startswith("D") and f"U{channel_id[1:]}" in fake.users:  # an opened DM
        return channel_id
    channel = fake.channels.get(channel_id)
    if channel is None:
        raise SlackError("channel_not_found")
    if fake.bot_user_id not in channel.members:
        raise SlackError("not_in_channel")
    return channel_id


def _message_content(params: dict[str, Any]) -> tuple[str, list[dict[str, Any]]]:
    text = str(params.get("text") or "")
    blocks = json_field(params, "blocks") or []
    if not text and not blocks:
        raise SlackError("no_text")
    if errors := check_message_blocks(blocks):
        raise SlackError("invalid_blocks", errors=errors)
    return text[:TEXT_LIMIT], blocks


def _post_message(fake: FakeSlack, params: dict[str, Any]) -> dict[str, Any]:
    channel = channel_for_post(fake, str(params.get("channel", "")))
    text, blocks = _message_content(params)
    entry = fake.record(
        Entry(
            "message",
            channel,
            fake.bot_user_id,
            text,
            blocks,
            fake.next_ts(),
            thread_ts=params.get("thread_ts"),
            metadata=json_field(params, "metadata"),
        )
    )
    return {
        "channel": channel,
        "ts": entry.ts,
        "message": {
            "type": "message",
            "user": fake.bot_user_id,
            "text": text,
            "blocks": blocks,
            "ts": entry.ts,
        },
    }


def _post_ephemeral(fake: FakeSlack, params: dict[str, Any]) -> dict[str, Any]:
    channel = channel_for_post(fake, str(params.get("channel", "")))
    user = str(params.get("user", ""))
    if channel in fake.channels and user not in fake.channels[channel].members:
        raise SlackError("user_not_in_channel")
    text, blocks = _message_content(params)
    entry = fake.record(
        Entry(
            "ephemeral",
            channel,
            fake.bot_user_id,
            text,
            blocks,
            fake.next_ts(),
            to_user=user,
            thread_ts=params.get("thread_ts"),  # shown in that thread, as Slack does
        )
    )
    return {"message_ts": entry.ts}


def _update(fake: FakeSlack, params: dict[str, Any]) -> dict[str, Any]:
    channel, ts = str(params.get("channel", "")), str(params.get("ts", ""))
    original = fake.current.get((channel, ts))
    if original is None or original.kind == "ephemeral":
        raise SlackError("message_not_found")
    if original.user != fake.bot_user_id:
        raise SlackError("cant_update_message")
    text, blocks = _message_content(params)
    fake.record(Entry("update", channel, fake.bot_user_id, text, blocks, ts))
    return {"channel": channel, "ts": ts, "text": text}


def _truthy(value: Any) -> bool:
    return str(value).lower() in ("1", "true")


def _users_info(fake: FakeSlack, params: dict[str, Any]) -> dict[str, Any]:
    user = fake.users.get(str(params.get("user", "")))
    if user is None:
        raise SlackError("user_not_found")
    # Slack adds the locale only when asked (include_locale=true).
    locale = {"locale": user.locale} if _truthy(params.get("include_locale")) else {}
    return {
        "user": {
            **locale,
            "id": user.id,
            "team_id": user.team_id,
            "name": user.name,
            "real_name": user.real_name,
            "tz": user.tz,
            "is_bot": user.id == fake.bot_user_id,
            "is_restricted": user.is_guest,
            "is_ultra_restricted": False,
            # Slack Connect people from another organisation come back as strangers.
            "is_stranger": user.team_id != fake.team_id,
            "profile": {"real_name": user.real_name},
        }
    }


def _join(fake: FakeSlack, params: dict[str, Any]) -> dict[str, Any]:
    channel = fake.channels.get(str(params.get("channel", "")))
    if channel is None:
        raise SlackError("channel_not_found")
    if channel.is_private:
        raise SlackError("method_not_supported_for_channel_type")
    channel.members.add(fake.bot_user_id)
    return {"channel": {"id": channel.id, "name": channel.name, "is_member": True}}


def _history(fake: FakeSlack, params: dict[str, Any]) -> dict[str, Any]:
    """Newest first, as Slack answers; metadata only when asked for, as Slack does."""
    channel = fake.channels.get(str(params.get("channel", "")))
    if channel is None:
        raise SlackError("channel_not_found")
    if fake.bot_user_id not in channel.members:
        raise SlackError("not_in_channel")
    oldest = float(params.get("oldest") or 0)
    with_metadata = str(params.get("include_all_metadata", "")).lower() in ("1", "true")
    with fake._lock:
        found = [
            e
            for (where, _ts), e in fake.current.items()
            if where == channel.id and e.kind in ("message", "update") and float(e.ts) >= oldest
        ]
    messages = []
    for entry in sorted(found, key=lambda e: float(e.ts), reverse=True)[
        : int(params.get("limit") or 100)
    ]:
        message: dict[str, Any] = {
            "type": "message",
            "user": entry.user,
            "text": entry.text,
            "ts": entry.ts,
            "blocks": entry.blocks,
        }
        if with_metadata and entry.metadata:
            message["metadata"] = entry.metadata
        messages.append(message)
    return {"messages": messages, "has_more": False}


def _info(fake: FakeSlack, params: dict[str, Any]) -> dict[str, Any]:
    """A channel as Slack describes it: a private one the bot is not in is not found; its
    channel canvas, once made, is in `properties`."""
    channel = fake.channels.get(str(params.get("channel", "")))
    if channel is None or (channel.is_private and fake.bot_user_id not in channel.members):
        raise SlackError("channel_not_found")
    properties = {"canvas": {"file_id": channel.canvas_id}} if channel.canvas_id else {}
    return {
        "channel": {
            "id": channel.id,
            "name": channel.name,
            "is_channel": not channel.is_private,
            "is_private": channel.is_private,
            "is_member": fake.bot_user_id in channel.members,
            "properties": properties,
        }
    }


def _members(fake: FakeSlack, params: dict[str, Any]) -> dict[str, Any]:
    channel = fake.channels.get(str(params.get("channel", "")))
    if channel is None:
        raise SlackError("channel_not_found")
    if fake.bot_user_id not in channel.members:
        raise SlackError("not_in_channel")
    return {"members": sorted(channel.members), "response_metadata": {"next_cursor": ""}}


def _open_conversation(fake: FakeSlack, params: dict[str, Any]) -> dict[str, Any]:
    """The bot's DM with one person (what `im:write` allows); group DMs are not needed."""
    users = str(params.get("users") or "").split(",")
    if len(users) != 1 or users[0] not in fake.users:
        raise SlackError("user_not_found")
    return {"channel": {"id": _dm_of(users[0])}}


def _permalink(fake: FakeSlack, params: dict[str, Any]) -> dict[str, Any]:
    """A link to an extant message; a reply's link names its thread, as Slack's does."""
    channel, ts = str(params.get("channel", "")), str(params.get("message_ts", ""))
    if channel not in fake.channels and not channel.startswith("D"):
        raise SlackError("channel_not_found")
    message = fake.message_at(channel, ts)
    if message is None:
        raise SlackError("message_not_found")
    link = f"https://agency.slack.com/archives/{channel}/p{ts.replace('.', '')}"
    if message.thread_ts and message.thread_ts != ts:
        link += f"?thread_ts={message.thread_ts}&cid={channel}"
    return {"channel": channel, "permalink": link}


def _auth_test(fake: FakeSlack, _params: dict[str, Any]) -> dict[str, Any]:
    return {
        "url": "https://agency.slack.com/",
        "team": fake.team_name,
        "user": "rapport",
        "team_id": fake.team_id,
        "user_id": fake.bot_user_id,
        "bot_id": "B" + fake.bot_user_id[1:],  # B0RAPPORT for U0RAPPORT
        "is_enterprise_install": False,
    }


def _connections_open(fake: FakeSlack, _params: dict[str, Any]) -> dict[str, Any]:
    """Socket Mode's WebSocket URL; FakeSlack has checked the app-level token already."""
    if fake.socket_mode is None:
        raise SlackError("invalid_auth")
    return fake.socket_mode.open_connection()


METHODS: dict[str, Callable[[FakeSlack, dict[str, Any]], dict[str, Any]]] = {
    "auth.test": _auth_test,
    "apps.connections.open": _connections_open,
    "chat.postMessage": _post_message,
    "chat.postEphemeral": _post_ephemeral,
    "chat.update": _update,
    "chat.getPermalink": _permalink,
    "users.info": _users_info,
    "conversations.join": _join,
    "conversations.history": _history,
    "conversations.info": _info,
    "conversations.members": _members,
    "conversations.open": _open_conversation,
}
