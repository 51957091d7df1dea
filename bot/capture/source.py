"""A message logged as feedback, a risk or a change ("Log this", the message shortcuts): where
it was said, its link, who said it; carried by the form in its metadata and read back when the
form is submitted. Pure: dicts in, dicts out."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

from bot.platform.text import printable

SOURCE_KEY = "source"  # in a form's private_metadata
PREFILL_LIMIT = 2000


@dataclass(frozen=True)
class MessageSource:
    channel_id: str
    ts: str
    thread_ts: str  # where the reference is answered: the message's thread, or its own
    link: str | None  # chat.getPermalink's answer; None when Slack did not give one
    author_id: str | None  # who wrote the message (None: a bot or an app)
    for_client: bool = False  # the author is a client of the project: the feedback is theirs


def from_shortcut(shortcut: dict[str, Any]) -> MessageSource:
    """What a `message_action` payload says of its message."""
    message = shortcut.get("message") or {}
    ts = str(message.get("ts") or shortcut.get("message_ts") or "")
    return MessageSource(
        channel_id=str((shortcut.get("channel") or {}).get("id") or ""),
        ts=ts,
        thread_ts=str(message.get("thread_ts") or ts),
        link=None,
        author_id=message.get("user") if isinstance(message.get("user"), str) else None,
    )


def message_text(shortcut: dict[str, Any]) -> str:
    """The message's words, to start the form with (Slack's markup for mentions kept)."""
    text = str((shortcut.get("message") or {}).get("text") or "")
    for entity, char in (("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&")):
        text = text.replace(entity, char)
    return printable(text).strip()[:PREFILL_LIMIT]


def prefilled(
    view: dict[str, Any], block_id: str, text: str, source: MessageSource
) -> dict[str, Any]:
    """A feature's form, its field `block_id` started with the message's words and the source
    kept in its metadata (the form itself is left as its feature built it)."""
    blocks = []
    for block in view["blocks"]:
        if block.get("type") == "input" and block.get("block_id") == block_id and text:
            element = dict(block["element"])
            limit = int(element.get("max_length") or PREFILL_LIMIT)
            element["initial_value"] = text[:limit]
            block = {**block, "element": element}
        blocks.append(block)
    meta = json.loads(view.get("private_metadata") or "{}")
    meta[SOURCE_KEY] = asdict(source)
    return {**view, "blocks": blocks, "private_metadata": json.dumps(meta)}


def source_of(meta: dict[str, Any]) -> MessageSource | None:
    """The message a submitted form was started from, if it was."""
    found = meta.get(SOURCE_KEY)
    if not isinstance(found, dict):
        return None
    try:
        return MessageSource(**found)
    except TypeError:
        return None
