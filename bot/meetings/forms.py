"""`/project minutes`: the form that records what a meeting decided and who does what by when;
built, and read back (with what to fix, field by field) when submitted. Pure."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from bot.platform import i18n
from bot.platform.blocks import (
    Block,
    context,
    input_block,
    modal,
    option,
    state_value,
    text_input,
)
from bot.platform.i18n import _
from bot.platform.text import clip, escape
from storage.meetings import PlannedItem
from storage.models import Meeting

MINUTES_MODAL = "meeting_minutes_modal"
ITEM_ROWS = 5
ITEM_LIMIT = 300
DECISIONS_LIMIT = 3000
DECISION_LIMIT = 500
OTHER_MEETING = "0"  # a meeting outside the plan
DEFAULT_DUE_AFTER = timedelta(days=7)


@dataclass(frozen=True)
class MinutesDraft:
    """What the form says, or what to fix in it (`errors`: block id → words)."""

    meeting_id: int | None
    held_on: date | None
    decisions: list[str]
    items: list[PlannedItem]
    errors: dict[str, str] = field(default_factory=dict)


def build_minutes_modal(
    *,
    project_id: int,
    project_name: str,
    channel_id: str,
    meetings: list[Meeting],
    meeting_id: int | None,
    held_on: date,
) -> dict[str, Any]:
    """`meeting_id` and `held_on`: the meeting most likely meant (the last one that began)."""
    # A select holds at most 100 options: the plan's first 99 meetings and "another".
    choices = [option(clip(m.title, 75), str(m.id)) for m in meetings[:99]]
    choices.append(option(_("Another meeting (not in the plan)"), OTHER_MEETING))
    chosen = next((c for c in choices if c["value"] == str(meeting_id)), choices[0])
    blocks: list[Block] = [
        context(_("Minutes of a meeting of *{project}*").format(project=escape(project_name))),
        input_block(
            "meeting",
            _("Meeting"),
            {
                "type": "static_select",
                "action_id": "meeting",
                "options": choices,
                "initial_option": chosen,
            },
        ),
        input_block("held_on", _("Held on"), _datepicker("held_on", held_on)),
        input_block(
            "decisions",
            _("Decisions, one a line"),
            text_input(
                "decisions",
                max_length=DECISIONS_LIMIT,
                placeholder=_("Launch moves to Monday, December 7"),
            ),
            optional=True,
        ),
    ]
    for row in range(1, ITEM_ROWS + 1):
        blocks += _item_row(row)
    return modal(
        MINUTES_MODAL,
        title=_("Meeting minutes"),
        submit=_("Record"),
        metadata={"project_id": project_id, "channel_id": channel_id},
        blocks=blocks,
    )


def _item_row(row: int) -> list[Block]:
    """One action item: what, who, by when."""
    return [
        input_block(
            f"item_{row}_what",
            _("Action item {number}: what").format(number=row),
            text_input(f"item_{row}_what", max_length=ITEM_LIMIT, multiline=False),
            optional=True,
        ),
        input_block(
            f"item_{row}_who",
            _("Who"),
            {"type": "users_select", "action_id": f"item_{row}_who"},
            optional=True,
        ),
        input_block(f"item_{row}_due", _("Due"), _datepicker(f"item_{row}_due"), optional=True),
    ]


def _datepicker(action_id: str, initial: date | None = None) -> Block:
    element: Block = {"type": "datepicker", "action_id": action_id}
    if initial is not None:
        element["initial_date"] = initial.isoformat()
    return element


def selected_date(values: dict[str, dict[str, Any]], block_id: str) -> date | None:
    """A datepicker's `selected_date` (`YYYY-MM-DD`, or null when none is picked)."""
    picked = values.get(block_id, {}).get(block_id, {}).get("selected_date")
    try:
        return date.fromisoformat(str(picked)) if picked else None
    except ValueError:
        return None


def read_minutes_modal(values: dict[str, dict[str, Any]], *, today: date) -> MinutesDraft:
    """The draft, with an error under each field to fix: a row needs what and who (due a week
    after the meeting unless a day is picked), no due date before `today`, something
    recorded."""
    errors: dict[str, str] = {}
    chosen = state_value(values, "meeting")
    meeting_id = int(chosen) if chosen.isdigit() and chosen != OTHER_MEETING else None
    held_on = selected_date(values, "held_on")
    if held_on is None:
        errors["held_on"] = _("Pick the day the meeting was held.")
    decisions = [line.strip() for line in state_value(values, "decisions").splitlines()]
    decisions = [line for line in decisions if line]
    if any(len(line) > DECISION_LIMIT for line in decisions):
        errors["decisions"] = _("Keep each decision to {limit} characters.").format(
            limit=i18n.number(DECISION_LIMIT)
        )
    default_due = max(today, (held_on or today) + DEFAULT_DUE_AFTER)
    items = []
    for row in range(1, ITEM_ROWS + 1):
        what = state_value(values, f"item_{row}_what")
        who = state_value(values, f"item_{row}_who")
        due = selected_date(values, f"item_{row}_due")
        if not what and not who and due is None:
            continue
        if not what:
            errors[f"item_{row}_what"] = _("Say what is to be done, or clear this row.")
        elif not who:
            errors[f"item_{row}_who"] = _("Pick who does it.")
        elif due is not None and due < today:
            errors[f"item_{row}_due"] = _("That day has passed: pick today or a later day.")
        else:
            items.append(PlannedItem(what[:ITEM_LIMIT], who, due or default_due))
    if not decisions and not items and not errors:
        errors["decisions"] = _("Record at least one decision or one action item.")
    return MinutesDraft(meeting_id, held_on, decisions, items, errors)
