"""In-memory domain objects for the pure tests: nothing here touches a database."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from bot.platform.blocks import Block
from storage.models import Feedback, Member, Project, StatusUpdate

MONDAY = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)
FRIDAY = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)


def make_project(**overrides: Any) -> Project:
    values: dict[str, Any] = {
        "id": 1,
        "team_id": "T1",
        "name": "Acme Website",
        "client_channel_id": "C0CLIENT",
        "internal_channel_id": "C0TEAM",
        "timezone": "Europe/Berlin",
        "created_by": "U0OWNER",
        "created_at": MONDAY,
    }
    values.update(overrides)
    return Project(**values)


def make_update(text: str, **overrides: Any) -> StatusUpdate:
    values: dict[str, Any] = {
        "id": 1,
        "project_id": 1,
        "author_id": "U0BEN",
        "text": text,
        "created_at": MONDAY,
    }
    values.update(overrides)
    return StatusUpdate(**values)


def make_feedback(text: str = "The staging site logs me out", **overrides: Any) -> Feedback:
    values: dict[str, Any] = {
        "id": 7,
        "project_id": 1,
        "number": 1,
        "author_id": "U0DANA",
        "kind": "problem",
        "urgency": "normal",
        "text": text,
        "due_at": datetime(2026, 11, 24, 11, 14, tzinfo=UTC),
        "created_at": MONDAY,
    }
    values.update(overrides)
    return Feedback(**values)


def make_member(user_id: str, role: str) -> Member:
    return Member(project_id=1, user_id=user_id, role=role)


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
