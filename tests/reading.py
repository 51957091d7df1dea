"""Block Kit as a person reads it: every text they see, the buttons they can press, and what
Slack sends back when they submit a form unchanged."""

from __future__ import annotations

from typing import Any

from bot.platform.blocks import Block


def block_texts(blocks: list[Block]) -> list[str]:
    """Every mrkdwn or plain text a reader sees in these blocks, one string per text object."""
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") in ("mrkdwn", "plain_text") and isinstance(node.get("text"), str):
                found.append(node["text"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(blocks)
    return found


def all_text(blocks: list[Block]) -> str:
    return "\n".join(block_texts(blocks))


def buttons(blocks: list[Block]) -> list[Block]:
    return [
        element
        for block in blocks
        if block["type"] == "actions"
        for element in block["elements"]
        if element["type"] == "button"
    ]


def section_texts(blocks: list[Block]) -> list[str]:
    return [b["text"]["text"] for b in blocks if b["type"] == "section" and "text" in b]


def submitted_values(view: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The `view.state.values` Slack sends when someone submits `view` without changing it:
    every input keeps its initial value (or none)."""
    values: dict[str, dict[str, Any]] = {}
    for block in view["blocks"]:
        if block["type"] != "input":
            continue
        element = block["element"]
        kind = element["type"]
        state: dict[str, Any] = {"type": kind}
        if kind in ("static_select", "radio_buttons"):
            state["selected_option"] = element.get("initial_option")
        elif kind == "users_select":
            state["selected_user"] = element.get("initial_user")
        elif kind == "checkboxes":
            state["selected_options"] = element.get("initial_options", [])
        else:
            state["value"] = element.get("initial_value")
        values[block["block_id"]] = {element["action_id"]: state}
    return values
