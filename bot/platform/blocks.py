"""Small builders for Block Kit dicts that keep every text inside Slack's limits.

Slack's limits count characters, and so does `clip` (Python's `len`): 3000 Chinese characters
fit in a section like 3000 Latin letters, and a cut never splits what reads as one character,
an entity or a `<…>` sequence (see text.py). The few words these builders add themselves
("Cancel", "…and 3 more") are in the reader's language (i18n.py).
"""

from __future__ import annotations

import json
from typing import Any

from bot.platform import i18n
from bot.platform.i18n import _, ngettext
from bot.platform.text import clip, printable

Block = dict[str, Any]


MAX_MESSAGE_BLOCKS = 50

MAX_VIEW_BLOCKS = 100

SECTION_TEXT = 3000

FIELD_TEXT = 2000

HEADER_TEXT = 150

CONTEXT_TEXT = 2000

BUTTON_TEXT = 75

BUTTON_VALUE = 2000


CONFIRM_TITLE = 100

CONFIRM_TEXT = 300

CONFIRM_BUTTON = 30

OPTION_TEXT = 75

PLACEHOLDER_TEXT = 150

LABEL_TEXT = 2000
MODAL_TITLE = 24  # a modal's title, and its submit and close buttons


def header(text: str) -> Block:
    return {"type": "header", "text": plain(clip(text, HEADER_TEXT))}


def section(mrkdwn: str, *, accessory: Block | None = None, block_id: str | None = None) -> Block:
    block: Block = {
        "type": "section",
        "text": {"type": "mrkdwn", "text": clip(mrkdwn, SECTION_TEXT)},
    }
    if accessory is not None:
        block["accessory"] = accessory
    if block_id is not None:
        block["block_id"] = block_id
    return block


def fields(*items: str) -> Block:
    return {
        "type": "section",
        "fields": [{"type": "mrkdwn", "text": clip(item, FIELD_TEXT)} for item in items[:10]],
    }


def context(mrkdwn: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": clip(mrkdwn, CONTEXT_TEXT)}]}


def divider() -> Block:
    return {"type": "divider"}


def plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text, "emoji": True}


def button(
    text: str,
    action_id: str,
    value: str,
    *,
    style: str | None = None,
    confirm: Block | None = None,
) -> Block:
    element: Block = {
        "type": "button",
        "text": plain(clip(text, BUTTON_TEXT)),
        "action_id": action_id,
        "value": value[:BUTTON_VALUE],
    }
    if style is not None:
        element["style"] = style
    if confirm is not None:
        element["confirm"] = confirm
    return element


def actions(*elements: Block, block_id: str | None = None) -> Block:
    block: Block = {"type": "actions", "elements": list(elements)}
    if block_id is not None:
        block["block_id"] = block_id
    return block


def confirm_dialog(
    title: str, text: str, confirm: str, deny: str | None = None, *, style: str = "danger"
) -> Block:
    """`deny` defaults to "Cancel" in the reader's language."""
    return {
        "title": plain(clip(title, CONFIRM_TITLE)),
        "text": {"type": "mrkdwn", "text": clip(text, CONFIRM_TEXT)},
        "confirm": plain(clip(confirm, CONFIRM_BUTTON)),
        "deny": plain(clip(_("Cancel") if deny is None else deny, CONFIRM_BUTTON)),
        "style": style,
    }


def bullet_list(items: list[str], *, limit: int = SECTION_TEXT) -> str:
    """Bullets, all of them if they fit in `limit`; otherwise as many as fit beside a last
    line that says how many were left out."""
    lines = [f"• {item}" for item in items]
    everything = "\n".join(lines)
    if len(everything) <= limit:
        return everything
    kept: list[str] = []
    used = 0  # length of "\n".join(kept)
    # Room for the closing line, at its longest (the most left out has the most digits): one
    # formatting, not one per line.
    note = 1 + len(_left_out(len(lines)))
    for line in lines:
        with_line = used + (1 if kept else 0) + len(line)
        if with_line + note > limit:
            break
        kept.append(line)
        used = with_line
    return "\n".join([*kept, _left_out(len(lines) - len(kept))])


def _left_out(count: int) -> str:
    return ngettext("…and {count} more", "…and {count} more", count).format(
        count=i18n.number(count)
    )


def fit_message(blocks: list[Block], *, limit: int = MAX_MESSAGE_BLOCKS) -> list[Block]:
    """Keep a message within the block limit, saying that something was left out."""
    if len(blocks) <= limit:
        return blocks
    kept = blocks[: limit - 1]
    count = len(blocks) - len(kept)
    note = ngettext(
        "_{count} more block was left out to fit Slack._",
        "_{count} more blocks were left out to fit Slack._",
        count,
    ).format(count=i18n.number(count))
    return [*kept, context(note)]


def input_block(block_id: str, label: str, element: Block, *, optional: bool = False) -> Block:
    """An input whose action_id equals its block_id, so state reads as values[id][id]."""
    return {
        "type": "input",
        "block_id": block_id,
        "label": plain(clip(label, LABEL_TEXT)),
        "element": element,
        "optional": optional,
    }


def text_input(
    action_id: str,
    *,
    initial: str = "",
    placeholder: str = "",
    max_length: int = 2000,
    multiline: bool = True,
) -> Block:
    element: Block = {
        "type": "plain_text_input",
        "action_id": action_id,
        "multiline": multiline,
        "max_length": max_length,
    }
    if placeholder:
        element["placeholder"] = plain(clip(placeholder, PLACEHOLDER_TEXT))
    if initial:
        element["initial_value"] = initial
    return element


def option(label: str, value: str) -> Block:
    return {"text": plain(clip(label, OPTION_TEXT)), "value": value}


def state_value(values: dict[str, dict[str, Any]], block_id: str) -> str:
    """The typed or selected value of input `block_id` in a view_submission state ('' if none)."""
    element = values.get(block_id, {}).get(block_id, {})
    selected = element.get("selected_option")
    if selected:
        return str(selected.get("value", ""))
    if element.get("selected_user"):
        return str(element["selected_user"])
    if "selected_options" in element:
        return ",".join(str(o.get("value", "")) for o in element["selected_options"] or [])
    return printable(str(element.get("value") or "")).strip()


def label(table: dict[str, str], key: str | None, unknown: str | None = None) -> str:
    """The entry of a table of `N_()` msgids for `key`, translated (`unknown`, else the key
    itself, when the table lacks it)."""
    english = table.get(key or "")
    if english is None:
        return unknown if unknown is not None else (key or "")
    return _(english)


def options(table: dict[str, str]) -> list[tuple[str, str]]:
    """(value, label) pairs of a table, labels translated: for select menus."""
    return [(value, _(english)) for value, english in table.items()]


def user(user_id: str | None) -> str:
    return f"<@{user_id}>" if user_id else _("someone (anonymous)")


def keep_it_to(limit: int) -> str:
    """The error under a form field that is too long."""
    return _("Keep it to {limit} characters.").format(limit=i18n.number(limit))


def modal(
    callback_id: str,
    *,
    title: str,
    submit: str,
    metadata: dict[str, Any],
    blocks: list[Block],
) -> dict[str, Any]:
    """A modal view: `metadata` comes back with its submission (`private_metadata`, JSON);
    its close button says Cancel in the reader's language."""
    return {
        "type": "modal",
        "callback_id": callback_id,
        "private_metadata": json.dumps(metadata),
        "title": plain(clip(title, MODAL_TITLE)),
        "submit": plain(clip(submit, MODAL_TITLE)),
        "close": plain(clip(_("Cancel"), MODAL_TITLE)),
        "blocks": blocks,
    }


def source_note(link: str | None, logged_by: str | None = None) -> Block | None:
    """Under an item logged from a message ("Log this"): a link to the message, and who logged
    a client's words for them; None for an item typed as a command."""
    if not link:
        return None
    note = _("🔗 <{link}|From a message>").format(link=link)
    if logged_by:
        note += " · " + _("logged by {person}").format(person=user(logged_by))
    return context(note)


def with_source(line: str, link: str | None) -> str:
    """A line about an item logged from a message, linked to the message ("Log this")."""
    return f"{line} <{link}|🔗>" if link else line
