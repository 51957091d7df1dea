"""Slack's documented Block Kit limits, checked the way Slack checks them: a list of errors
in Slack's own format (`… [json-pointer:/blocks/3/text/text]`), empty when the payload is valid."""

from __future__ import annotations

import re
from typing import Any

MESSAGE_BLOCKS = 50
VIEW_BLOCKS = 100
LIMITS = {
    "section_text": 3000,
    "field": 2000,
    "fields": 10,
    "header": 150,
    "context_elements": 10,
    "actions_elements": 25,
    "button_text": 75,
    "button_value": 2000,
    "id": 255,
    "view_title": 24,
    "private_metadata": 3000,
}


def check_message_blocks(blocks: list[dict[str, Any]]) -> list[str]:
    return _check_blocks(blocks, MESSAGE_BLOCKS)


def check_view(view: dict[str, Any]) -> list[str]:
    errors = _check_blocks(view.get("blocks") or [], VIEW_BLOCKS)
    for key in ("title", "submit", "close"):
        text = (view.get(key) or {}).get("text", "")
        if len(text) > LIMITS["view_title"]:
            errors.append(_too_long(LIMITS["view_title"], f"/view/{key}/text"))
    if not (view.get("title") or {}).get("text"):
        errors.append("missing required field: title [json-pointer:/view/title]")
    if len(view.get("private_metadata") or "") > LIMITS["private_metadata"]:
        errors.append(_too_long(LIMITS["private_metadata"], "/view/private_metadata"))
    return errors


def check_home_view(view: dict[str, Any]) -> list[str]:
    """A Home tab: `type: home`, at most 100 blocks; no title (Slack shows the app's name)."""
    errors = _check_blocks(view.get("blocks") or [], VIEW_BLOCKS)
    if view.get("type") != "home":
        errors.append("must be home [json-pointer:/view/type]")
    if len(view.get("private_metadata") or "") > LIMITS["private_metadata"]:
        errors.append(_too_long(LIMITS["private_metadata"], "/view/private_metadata"))
    return errors


def _check_blocks(blocks: list[dict[str, Any]], most: int) -> list[str]:
    if not isinstance(blocks, list):
        return ["must be an array [json-pointer:/blocks]"]
    errors = (
        [f"no more than {most} items allowed [json-pointer:/blocks]"] if len(blocks) > most else []
    )
    for index, block in enumerate(blocks):
        errors += _check_block(block, f"/blocks/{index}")
    return errors


def _check_block(block: dict[str, Any], at: str) -> list[str]:
    errors: list[str] = []
    kind = block.get("type")
    if len(str(block.get("block_id", ""))) > LIMITS["id"]:
        errors.append(_too_long(LIMITS["id"], f"{at}/block_id"))
    if kind == "section":
        text = (block.get("text") or {}).get("text")
        if text is not None and len(text) > LIMITS["section_text"]:
            errors.append(_too_long(LIMITS["section_text"], f"{at}/text/text"))
        items = block.get("fields") or []
        if len(items) > LIMITS["fields"]:
            errors.append(
                f"no more than {LIMITS['fields']} items allowed [json-pointer:{at}/fields]"
            )
        for number, item in enumerate(items):
            if len(item.get("text", "")) > LIMITS["field"]:
                errors.append(_too_long(LIMITS["field"], f"{at}/fields/{number}/text"))
        if text is None and not items:
            errors.append(f"must provide text or fields [json-pointer:{at}]")
        if "accessory" in block:
            errors += _check_element(block["accessory"], f"{at}/accessory")
    elif kind == "header":
        if len((block.get("text") or {}).get("text", "")) > LIMITS["header"]:
            errors.append(_too_long(LIMITS["header"], f"{at}/text/text"))
    elif kind == "context":
        if len(block.get("elements") or []) > LIMITS["context_elements"]:
            errors.append(f"no more than 10 items allowed [json-pointer:{at}/elements]")
    elif kind == "actions":
        elements = block.get("elements") or []
        if len(elements) > LIMITS["actions_elements"]:
            errors.append(f"no more than 25 items allowed [json-pointer:{at}/elements]")
        for number, element in enumerate(elements):
            errors += _check_element(element, f"{at}/elements/{number}")
    elif kind == "input":
        errors += _check_element(block.get("element") or {}, f"{at}/element")
    elif kind not in ("divider", "image", "rich_text"):
        errors.append(f"unsupported block type: {kind} [json-pointer:{at}/type]")
    return errors


def _check_element(element: dict[str, Any], at: str) -> list[str]:
    errors: list[str] = []
    if len(str(element.get("action_id", ""))) > LIMITS["id"]:
        errors.append(_too_long(LIMITS["id"], f"{at}/action_id"))
    if element.get("type") == "button":
        if len((element.get("text") or {}).get("text", "")) > LIMITS["button_text"]:
            errors.append(_too_long(LIMITS["button_text"], f"{at}/text/text"))
        if len(str(element.get("value", ""))) > LIMITS["button_value"]:
            errors.append(_too_long(LIMITS["button_value"], f"{at}/value"))
    return errors


def _too_long(limit: int, pointer: str) -> str:
    return f"must be less than {limit + 1} characters [json-pointer:{pointer}]"


CANVAS_MARKDOWN = 1_048_576
_CANVAS_HEADING = re.compile(r"^(#{1,6}) ", re.MULTILINE)
_SLACK_MENTION = re.compile(r"<[@#!][^>]*>")


def check_canvas_markdown(markdown: str) -> list[str]:
    """What a canvas would not show as written: past 1 MiB, headings below h3 (canvases have
    three levels), and mentions in message markup (`<@U…>` shows as text: canvases want
    `![](@U…)`), Block Kit (canvases take no blocks)."""
    problems = []
    if len(markdown) > CANVAS_MARKDOWN:
        problems.append(f"markdown: {len(markdown)} characters, over {CANVAS_MARKDOWN}")
    for found in _CANVAS_HEADING.finditer(markdown):
        if len(found.group(1)) > 3:
            problems.append(f"heading h{len(found.group(1))}: canvases stop at h3")
    for found in _SLACK_MENTION.finditer(markdown):
        problems.append(f"{found.group(0)}: message markup, not a canvas mention")
    if '"type": "section"' in markdown or '"blocks"' in markdown:
        problems.append("Block Kit in a canvas")
    return problems
