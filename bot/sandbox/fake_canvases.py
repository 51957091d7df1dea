"""The stand-in's canvases, as Slack documents them: `conversations.canvases.create` (a channel's
canvas, one per channel) and `canvases.edit` (one operation per call), both under the
`canvases:write` scope, with their errors. A test makes the workspace refuse canvases with
`FakeSlack.refuse_canvases(error)` (a free workspace, canvases switched off by an admin…) or by
taking the scope away (`fake.scopes.discard("canvases:write")`).

Canvas markdown is checked as Slack limits it: 1 MiB (1,048,576 characters) of markdown of the
type `markdown`; what renders is headings h1–h3, lists, tables, bold, italic, links, and
mentions written `![](@U…)` / `![](#C…)` (bot/sandbox/limits.py `check_canvas_markdown`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from bot.sandbox.fake_api import json_field
from bot.sandbox.fake_types import Entry, SlackError

if TYPE_CHECKING:
    from bot.sandbox.fake_slack import FakeSlack

SCOPE = "canvases:write"
MARKDOWN_LIMIT = 1_048_576
OPERATIONS = (
    "insert_after",
    "insert_before",
    "insert_at_start",
    "insert_at_end",
    "replace",
    "delete",
    "rename",
)
# What Slack answers a workspace that cannot have this canvas, for `refuse_canvases`.
REFUSALS = (
    "team_tier_cannot_create_channel_canvases",
    "canvas_disabled_user_team",
    "restricted_action",
    "not_allowed_token_type",
    "free_teams_cannot_create_non_tabbed_canvases",
    "canvas_creation_failed",
)


def _allowed(fake: FakeSlack) -> None:
    if SCOPE not in fake.scopes:
        raise SlackError("missing_scope", needed=SCOPE, provided=",".join(sorted(fake.scopes)))
    if fake.canvas_refusal is not None:
        raise SlackError(fake.canvas_refusal)


def _markdown(params: dict[str, Any], failure: str) -> str:
    content = json_field(params, "document_content")
    if content is None:
        return ""
    if not isinstance(content, dict) or content.get("type") != "markdown":
        raise SlackError("invalid_arguments")
    markdown = str(content.get("markdown") or "")
    if len(markdown) > MARKDOWN_LIMIT:
        raise SlackError(failure)
    return markdown


def _create_channel_canvas(fake: FakeSlack, params: dict[str, Any]) -> dict[str, Any]:
    channel_id = str(params.get("channel_id") or "")
    if not channel_id:
        raise SlackError("invalid_arguments")
    _allowed(fake)
    channel = fake.channels.get(channel_id)
    if channel is None:
        raise SlackError("channel_not_found")
    markdown = _markdown(params, "canvas_creation_failed")
    with fake._lock:
        if channel.canvas_id is not None:
            raise SlackError("channel_canvas_already_exists")
        canvas_id = f"F{next(fake._counter):010d}"
        channel.canvas_id = canvas_id
        title = str(params.get("title") or "")
        fake.canvases[canvas_id] = {"channel": channel_id, "title": title, "markdown": markdown}
    fake.record(Entry("canvas", channel_id, fake.bot_user_id, markdown, ts=fake.next_ts()))
    return {"canvas_id": canvas_id}


def _edit(fake: FakeSlack, params: dict[str, Any]) -> dict[str, Any]:
    canvas_id = str(params.get("canvas_id") or "")
    changes = json_field(params, "changes")
    if not canvas_id or not isinstance(changes, list) or not changes:
        raise SlackError("invalid_arguments")
    if len(changes) != 1:  # "Only one operation per API call is currently supported."
        raise SlackError("invalid_arguments")
    _allowed(fake)
    canvas = fake.canvases.get(canvas_id)
    if canvas is None:
        raise SlackError("canvas_not_found")
    change = changes[0]
    operation = change.get("operation") if isinstance(change, dict) else None
    if operation not in OPERATIONS:
        raise SlackError("invalid_arguments")
    if operation in ("insert_after", "insert_before", "delete") or change.get("section_id"):
        raise SlackError("canvas_editing_failed")  # the stand-in keeps no sections
    if operation == "rename":
        title = (change.get("title_content") or {}).get("markdown")
        with fake._lock:
            canvas["title"] = str(title or "")
        return {}
    markdown = _markdown(
        {"document_content": change.get("document_content")}, "canvas_editing_failed"
    )
    with fake._lock:
        if operation == "replace":
            canvas["markdown"] = markdown
        elif operation == "insert_at_start":
            canvas["markdown"] = markdown + "\n" + canvas["markdown"]
        else:
            canvas["markdown"] = canvas["markdown"] + "\n" + markdown
        channel = canvas["channel"]
        text = canvas["markdown"]
    fake.record(Entry("canvas-edit", channel, fake.bot_user_id, text, ts=fake.next_ts()))
    return {}


METHODS: dict[str, Callable[[FakeSlack, dict[str, Any]], dict[str, Any]]] = {
    "conversations.canvases.create": _create_channel_canvas,
    "canvases.edit": _edit,
}
