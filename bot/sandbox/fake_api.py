"""The Web API methods the stand-in answers, with Slack's response shapes and errors."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from bot.sandbox.fake_types import Entry, SlackError
from bot.sandbox.limits import check_home_view, check_message_blocks, check_view

if TYPE_CHECKING:
    from bot.sandbox.fake_slack import FakeSlack

TRIGGER_LIFETIME = 3.0
TEXT_LIMIT = 40_000


def _json_field(params: dict[str, Any], key: str) -> Any:
    value = params.get(key)
    return json.loads(value) if isinstance(value, str) else value


def _dm_of(user_id: str) -> str:
    return f"D{user_id[1:]}"


def _channel_for_post(fake: FakeSlack, channel_id: str) -> str:
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
    blocks = _json_field(params, "blocks") or []
    if not text and not blocks:
        raise SlackError("no_text")
    if errors := check_message_blocks(blocks):
        raise SlackError("invalid_blocks", errors=errors)
    return text[:TEXT_LIMIT], blocks


def _post_message(fake: FakeSlack, params: dict[str, Any]) -> dict[str, Any]:
    channel = _channel_for_post(fake, str(params.get("channel", "")))
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
            metadata=_json_field(params, "metadata"),
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
    channel = _channel_for_post(fake, str(params.get("channel", "")))
    user = str(params.get("user", ""))
    if channel in fake.channels and user not in fake.channels[channel].members:
        raise SlackError("user_not_in_channel")
    text, blocks = _message_content(params)
    entry = fake.record(
        Entry("ephemeral", channel, fake.bot_user_id, text, blocks, fake.next_ts(), to_user=user)
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


def _views_open(fake: FakeSlack, params: dict[str, Any]) -> dict[str, Any]:
    trigger = str(params.get("trigger_id", ""))
    with fake._lock:
        born = fake._triggers.pop(trigger, None)
    if born is None:
        raise SlackError("invalid_trigger_id")
    if time.monotonic() - born > TRIGGER_LIFETIME:
        raise SlackError("expired_trigger_id")
    view = dict(_json_field(params, "view") or {})
    if errors := check_view(view):
        raise SlackError("invalid_arguments", response_metadata={"messages": errors})
    view_id = f"V{next(fake._counter):08d}"
    view.update(
        id=view_id,
        hash=f"{int(time.time())}.{view_id}",
        state={"values": {}},
        team_id=fake.team_id,
        app_installed_team_id=fake.team_id,
    )
    with fake._lock:
        fake.views[view_id] = view
    fake.record(
        Entry(
            "modal",
            None,
            fake.bot_user_id,
            view.get("title", {}).get("text", ""),
            view.get("blocks", []),
            view=view,
        )
    )
    return {"view": view}


def _views_publish(fake: FakeSlack, params: dict[str, Any]) -> dict[str, Any]:
    """Replaces what the user's Home tab shows; kept in `fake.homes[user_id]`."""
    user_id = str(params.get("user_id", ""))
    if user_id not in fake.users:
        raise SlackError("user_not_found")
    view = dict(_json_field(params, "view") or {})
    if errors := check_home_view(view):
        raise SlackError("invalid_arguments", response_metadata={"messages": errors})
    view_id = f"V{next(fake._counter):08d}"
    view.update(
        id=view_id,
        hash=f"{int(time.time())}.{view_id}",
        team_id=fake.team_id,
        app_installed_team_id=fake.team_id,
    )
    with fake._lock:
        fake.homes[user_id] = view
    fake.record(
        Entry(
            "home", None, fake.bot_user_id, "", view.get("blocks", []), to_user=user_id, view=view
        )
    )
    return {"view": view}


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


def _members(fake: FakeSlack, params: dict[str, Any]) -> dict[str, Any]:
    channel = fake.channels.get(str(params.get("channel", "")))
    if channel is None:
        raise SlackError("channel_not_found")
    if fake.bot_user_id not in channel.members:
        raise SlackError("not_in_channel")
    return {"members": sorted(channel.members), "response_metadata": {"next_cursor": ""}}


def _upload_url(fake: FakeSlack, params: dict[str, Any]) -> dict[str, Any]:
    filename, length = str(params.get("filename") or ""), int(params.get("length") or 0)
    if not filename or length <= 0:
        raise SlackError("invalid_arguments")
    file_id = f"F{next(fake._counter):08d}"
    with fake._lock:
        fake.uploads[file_id] = {"name": filename, "length": length, "data": None}
    return {"upload_url": f"{fake.url}/upload/{file_id}", "file_id": file_id}


def _complete_upload(fake: FakeSlack, params: dict[str, Any]) -> dict[str, Any]:
    """Shares uploaded files in a channel (or thread), as a message of their own."""
    requested = _json_field(params, "files") or []
    shared = []
    for item in requested:
        upload = fake.uploads.get(str(item.get("id")))
        if upload is None or upload["data"] is None:
            raise SlackError("file_not_found")
        if len(upload["data"]) != upload["length"]:
            raise SlackError("file_upload_size_mismatch")
        shared.append(
            {
                "id": item["id"],
                "name": upload["name"],
                "title": item.get("title") or upload["name"],
                "data": upload["data"],
            }
        )
    channel = params.get("channel_id")
    if channel and str(channel).startswith(("U", "W")):
        # As Slack does: files are shared in a conversation, a DM by its D… id, not a user id.
        raise SlackError("invalid_arguments")
    if channel:
        channel = _channel_for_post(fake, str(channel))
        fake.record(
            Entry(
                "file",
                channel,
                fake.bot_user_id,
                str(params.get("initial_comment") or ""),
                ts=fake.next_ts(),
                thread_ts=params.get("thread_ts"),
                files=shared,
            )
        )
    return {"files": [{"id": f["id"], "name": f["name"], "title": f["title"]} for f in shared]}


def _open_conversation(fake: FakeSlack, params: dict[str, Any]) -> dict[str, Any]:
    """The bot's DM with one person (what `im:write` allows); group DMs are not needed."""
    users = str(params.get("users") or "").split(",")
    if len(users) != 1 or users[0] not in fake.users:
        raise SlackError("user_not_found")
    return {"channel": {"id": _dm_of(users[0])}}


def _permalink(fake: FakeSlack, params: dict[str, Any]) -> dict[str, Any]:
    channel, ts = str(params.get("channel", "")), str(params.get("message_ts", ""))
    if channel not in fake.channels and not channel.startswith("D"):
        raise SlackError("channel_not_found")
    return {
        "channel": channel,
        "permalink": f"https://agency.slack.com/archives/{channel}/p{ts.replace('.', '')}",
    }


def _auth_test(fake: FakeSlack, _params: dict[str, Any]) -> dict[str, Any]:
    return {
        "url": "https://agency.slack.com/",
        "team": fake.team_name,
        "user": "rapport",
        "team_id": fake.team_id,
        "user_id": fake.bot_user_id,
        "bot_id": "B0RAPPORT",
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
    "views.open": _views_open,
    "views.publish": _views_publish,
    "users.info": _users_info,
    "conversations.join": _join,
    "conversations.history": _history,
    "conversations.members": _members,
    "conversations.open": _open_conversation,
    "files.getUploadURLExternal": _upload_url,
    "files.completeUploadExternal": _complete_upload,
}
