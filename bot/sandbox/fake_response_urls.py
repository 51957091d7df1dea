"""The stand-in's response_urls: what a listener's `respond(...)` reaches."""

from __future__ import annotations

import json
import time
from typing import TYPE_CHECKING, Any

from bot.sandbox.fake_oauth import owner_of
from bot.sandbox.fake_types import Entry
from bot.sandbox.limits import check_message_blocks

if TYPE_CHECKING:
    from bot.sandbox.fake_slack import FakeSlack

RESPONSE_URL_USES = 5
RESPONSE_URL_LIFETIME = 30 * 60


def answer_response_url(slack: FakeSlack, key: str, payload: dict[str, Any]) -> tuple[int, str]:
    """A POST to a response_url, as Slack takes it: at most five uses in 30 minutes, Block Kit
    checked, the answer shown to the person who acted (or in the channel, or in place)."""
    if (owner := owner_of(slack, key, "_response_urls")) is not slack:
        return owner.handle_response_url(key, payload)
    with slack._lock:
        url = slack._response_urls.get(key)
        if url is None:
            return 404, "no_such_url"
        if time.monotonic() - url["born"] > RESPONSE_URL_LIFETIME:
            return 404, "expired_url"
        if url["uses"] >= RESPONSE_URL_USES:
            return 404, "used_url"
        url["uses"] += 1
    blocks = payload.get("blocks") or []
    if errors := check_message_blocks(blocks):
        return 400, json.dumps({"ok": False, "error": "invalid_blocks", "errors": errors})
    kind = "message" if payload.get("response_type") == "in_channel" else "ephemeral"
    if payload.get("replace_original") or payload.get("delete_original"):
        kind = "delete" if payload.get("delete_original") else "update"
    slack.record(
        Entry(
            kind,
            url["channel"],
            slack.bot_user_id,
            payload.get("text", ""),
            blocks,
            slack.next_ts(),
            to_user=url["user"],
        )
    )
    return 200, "ok"
