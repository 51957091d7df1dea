"""Block Kit for `/feedback`: the modal, the sender's receipt, the triage card, the resolution."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from bot.blocks.common import (
    Block,
    actions,
    button,
    context,
    fields,
    header,
    input_block,
    option,
    plain,
    section,
    state_value,
    text_input,
)
from bot.blocks.labels import (
    KIND_LABELS,
    STATE_LABELS,
    URGENCY_LABELS,
    duration,
    feedback_ref,
    user,
)
from bot.plan import format_local
from bot.text import clip, escape, one_line
from storage.models import Feedback

FEEDBACK_MODAL = "feedback_modal"
RESOLVE_MODAL = "feedback_resolve_modal"
FEEDBACK_ACK = "feedback_ack"
FEEDBACK_RESOLVE = "feedback_resolve"
FEEDBACK_LIMIT = 2000
RESOLUTION_LIMIT = 1000


def build_feedback_modal(*, project_id: int, project_name: str, channel_id: str) -> dict[str, Any]:
    """`channel_id` is where /feedback was typed: the receipt and the resolution go there."""
    kinds = [option(label, value) for value, label in KIND_LABELS.items()]
    urgencies = [option(label, value) for value, label in URGENCY_LABELS.items()]
    return {
        "type": "modal",
        "callback_id": FEEDBACK_MODAL,
        "private_metadata": json.dumps({"project_id": project_id, "channel_id": channel_id}),
        "title": plain("Feedback"),
        "submit": plain("Send"),
        "close": plain("Cancel"),
        "blocks": [
            context(f"To the team of *{escape(project_name)}*"),
            input_block(
                "kind",
                "What kind",
                {
                    "type": "radio_buttons",
                    "action_id": "kind",
                    "options": kinds,
                    "initial_option": kinds[2],
                },
            ),
            input_block(
                "urgency",
                "Urgency",
                {
                    "type": "static_select",
                    "action_id": "urgency",
                    "options": urgencies,
                    "initial_option": urgencies[1],
                },
            ),
            input_block(
                "text",
                "Your feedback",
                text_input(
                    "text",
                    max_length=FEEDBACK_LIMIT,
                    placeholder="What works, what doesn't, what you need",
                ),
            ),
            input_block(
                "anonymous",
                "Anonymous",
                {
                    "type": "checkboxes",
                    "action_id": "anonymous",
                    "options": [option("Send without my name (it is not stored anywhere)", "yes")],
                },
                optional=True,
            ),
        ],
    }


def read_feedback_modal(values: dict[str, dict[str, Any]]) -> tuple[str, str, str, bool]:
    """(kind, urgency, text, anonymous)."""
    return (
        state_value(values, "kind") or "request",
        state_value(values, "urgency") or "normal",
        state_value(values, "text"),
        state_value(values, "anonymous") == "yes",
    )


def build_feedback_receipt(
    feedback: Feedback, *, owner_ids: list[str], timezone: str
) -> list[Block]:
    who = ", ".join(user(o) for o in owner_ids) or "The team"
    lines = [
        f"Thanks — your feedback is logged as *{feedback_ref(feedback.number)}*.",
        f"{who} will answer by {format_local(feedback.due_at, timezone)}.",
    ]
    if feedback.author_id is None:
        lines.append("Sent anonymously: your name is not stored with it.")
    return [section("\n".join(lines))]


def build_feedback_card(feedback: Feedback, *, project_name: str, timezone: str) -> list[Block]:
    """The triage card in the internal channel; updated in place as the state changes."""
    assert feedback.id is not None
    ref = feedback_ref(feedback.number)
    blocks = [
        section(
            f"*{ref}* · {KIND_LABELS.get(feedback.kind, feedback.kind)} on "
            f"*{escape(project_name)}* from {user(feedback.author_id)}\n"
            f">{escape(clip(feedback.text, 2500)).replace(chr(10), chr(10) + '>')}"
        ),
        fields(
            f"*Urgency*\n{URGENCY_LABELS.get(feedback.urgency, feedback.urgency)}",
            f"*State*\n{STATE_LABELS[feedback.state]}",
        ),
    ]
    if feedback.state == "resolved":
        blocks.append(
            section(
                f"Resolved by {user(feedback.resolved_by)}: "
                f"{escape(clip(feedback.resolution or '', 2000))}"
            )
        )
        return blocks
    if feedback.state == "withdrawn":
        return blocks  # nothing left to do
    if feedback.state == "acknowledged":
        blocks.append(context(f"Acknowledged by {user(feedback.acknowledged_by)}"))
    blocks.append(context(f"Answer due {format_local(feedback.due_at, timezone)}"))
    buttons = [button("Resolve…", FEEDBACK_RESOLVE, str(feedback.id), style="primary")]
    if feedback.state == "open":
        buttons.insert(0, button("Acknowledge", FEEDBACK_ACK, str(feedback.id)))
    blocks.append(actions(*buttons, block_id=f"feedback-{feedback.id}"))
    return blocks


def card_text(feedback: Feedback) -> str:
    return f"{feedback_ref(feedback.number)} ({feedback.kind}, {feedback.state})"


def build_resolve_modal(feedback: Feedback) -> dict[str, Any]:
    assert feedback.id is not None
    ref = feedback_ref(feedback.number)
    return {
        "type": "modal",
        "callback_id": RESOLVE_MODAL,
        "private_metadata": json.dumps({"feedback_id": feedback.id}),
        "title": plain(f"Resolve {ref}"),
        "submit": plain("Resolve"),
        "close": plain("Cancel"),
        "blocks": [
            section(f">{escape(clip(feedback.text, 2500))}"),
            input_block(
                "note",
                "What was done (the client reads this)",
                text_input("note", max_length=RESOLUTION_LIMIT),
            ),
        ],
    }


def build_resolution_notice(feedback: Feedback) -> tuple[str, list[Block]]:
    """The message that closes the loop in the channel where the feedback was given. It names
    no sender: a complaint made privately stays private."""
    ref = feedback_ref(feedback.number)
    kind = KIND_LABELS.get(feedback.kind, feedback.kind).split(" ", 1)[-1].lower()
    text = f"✅ Feedback {ref} ({kind}) is resolved."
    return text, [
        section(f"{text}\n*What was done:* {escape(clip(feedback.resolution or '', 2000))}"),
        context(f"Resolved by {user(feedback.resolved_by)} · more to say? `/feedback`"),
    ]


def build_resolved_for_sender(feedback: Feedback) -> str:
    return (
        f"✅ Your feedback *{feedback_ref(feedback.number)}* is resolved: "
        f"{escape(clip(feedback.resolution or '', 2000))}\nThank you for raising it."
    )


def build_acknowledged_notice(feedback: Feedback) -> str:
    return (
        f"👀 {user(feedback.acknowledged_by)} has picked up your feedback "
        f"*{feedback_ref(feedback.number)}* and is on it."
    )


LIST_LIMIT = 15  # two blocks each, inside Slack's 50


def build_feedback_list(
    items: list[Feedback], *, project_name: str, timezone: str, now: datetime
) -> list[Block]:
    """Open feedback, oldest first, each with the same actions as its triage card."""
    if not items:
        return [
            section(
                f"Nothing open on *{escape(project_name)}*: every piece of feedback has "
                "an answer. 🎉"
            )
        ]
    blocks: list[Block] = [header(f"Open feedback — {project_name} ({len(items)})")]
    for feedback in items[:LIST_LIMIT]:
        assert feedback.id is not None
        overdue = " · ⏰ *overdue*" if feedback.due_at <= now else ""
        blocks.append(
            section(
                f"*{feedback_ref(feedback.number)}* · {KIND_LABELS.get(feedback.kind)}"
                f" · {STATE_LABELS[feedback.state]} · {duration(now - feedback.created_at)} old"
                f" · from {user(feedback.author_id)}{overdue}\n"
                f">{escape(clip(one_line(feedback.text), 280))}"
            )
        )
        buttons = [button("Resolve…", FEEDBACK_RESOLVE, str(feedback.id), style="primary")]
        if feedback.state == "open":
            buttons.insert(0, button("Acknowledge", FEEDBACK_ACK, str(feedback.id)))
        blocks.append(actions(*buttons, block_id=f"feedback-list-{feedback.id}"))
    if len(items) > LIST_LIMIT:
        blocks.append(context(f"…and {len(items) - LIST_LIMIT} more, newer ones."))
    blocks.append(
        context(
            f"Answer targets in {timezone} · each card in the internal channel "
            "shows the same buttons"
        )
    )
    return blocks


def build_overdue_notice(feedback: Feedback, owner_ids: list[str], timezone: str) -> str:
    owners = " ".join(user(o) for o in owner_ids)
    return (
        f"⏰ {owners} *{feedback_ref(feedback.number)}* "
        f"({KIND_LABELS.get(feedback.kind, feedback.kind).split(' ', 1)[-1].lower()}) from "
        f"{user(feedback.author_id)} has had no answer since "
        f"{format_local(feedback.created_at, timezone)}; its target was "
        f"{format_local(feedback.due_at, timezone)}. `/feedback list` shows what is open."
    ).strip()
