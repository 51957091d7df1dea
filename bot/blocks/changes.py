"""Change requests as Block Kit: the form, the request the client decides on, the list."""

from __future__ import annotations

import json
from typing import Any

from bot.blocks.common import (
    Block,
    actions,
    bullet_list,
    button,
    confirm_dialog,
    context,
    fields,
    fit_message,
    header,
    input_block,
    plain,
    section,
    text_input,
)
from bot.blocks.labels import user
from bot.impact import describe_cost, describe_days
from bot.plan import format_local
from bot.text import clip, escape, one_line
from storage.changes import change_ref
from storage.models import ChangeRequest

CHANGE_MODAL = "change_modal"
REJECT_MODAL = "change_reject_modal"
QUESTION_MODAL = "change_question_modal"
CHANGE_APPROVE, CHANGE_REJECT = "change_approve", "change_reject"
CHANGE_ASK, CHANGE_WITHDRAW = "change_ask", "change_withdraw"
TITLE_LIMIT, TEXT_LIMIT, NOTE_LIMIT = 150, 1000, 1000
STATE_LABELS = {
    "pending": "⏳ Waiting for a decision",
    "approved": "✅ Approved",
    "rejected": "❌ Rejected",
    "withdrawn": "↩️ Withdrawn",
}


def build_change_modal(
    *, project_id: int, project_name: str, channel_id: str, caller_id: str, title: str = ""
) -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": CHANGE_MODAL,
        "private_metadata": json.dumps({"project_id": project_id, "channel_id": channel_id}),
        "title": plain("Change request"),
        "submit": plain("Propose"),
        "close": plain("Cancel"),
        "blocks": [
            context(
                f"For *{escape(project_name)}*. It is posted in the client channel, where the "
                "client approves or rejects it."
            ),
            input_block(
                "title",
                "What changes",
                text_input(
                    "title", initial=title[:TITLE_LIMIT], max_length=TITLE_LIMIT, multiline=False
                ),
            ),
            input_block("reason", "Why", text_input("reason", max_length=TEXT_LIMIT)),
            input_block(
                "scope",
                "Impact on scope",
                text_input("scope", max_length=TEXT_LIMIT, placeholder="What is added or dropped"),
                optional=True,
            ),
            input_block(
                "schedule",
                "Impact on schedule (working days)",
                text_input("schedule", max_length=12, multiline=False, placeholder="5, or -2"),
                optional=True,
            ),
            input_block(
                "cost",
                "Impact on cost",
                text_input("cost", max_length=24, multiline=False, placeholder="2000, or -300"),
                optional=True,
            ),
            input_block(
                "requested_by",
                "Who asked for it",
                {"type": "users_select", "action_id": "requested_by", "initial_user": caller_id},
            ),
        ],
    }


def build_change_request(
    change: ChangeRequest, *, project_name: str, timezone: str, approver_ids: list[str]
) -> tuple[str, list[Block]]:
    """The message in the client channel: with the decision buttons while it is pending, with
    the outcome (and no buttons) afterwards."""
    assert change.id is not None
    ref = change_ref(change.number)
    blocks: list[Block] = [
        header(f"🔀 {ref}: {change.title}"),
        context(f"Change request on *{escape(project_name)}*"),
        section(f"*Why*\n{escape(clip(change.reason, 2900))}"),
    ]
    if change.scope_impact:
        blocks.append(section(f"*Scope*\n{escape(clip(change.scope_impact, 2900))}"))
    blocks.append(
        fields(
            f"*Schedule*\n{describe_days(change.schedule_days)}",
            f"*Cost*\n{describe_cost(change.cost_cents)}",
            f"*Asked by*\n{user(change.requested_by or change.proposed_by)}",
            f"*Proposed by*\n{user(change.proposed_by)}",
        )
    )
    if change.state == "pending":
        deciders = (
            ", ".join(user(a) for a in approver_ids)
            if approver_ids
            else "any member of the client's team"
        )
        blocks += [
            context(f"{STATE_LABELS['pending']} · decided by {deciders}"),
            actions(
                button(
                    "Approve",
                    CHANGE_APPROVE,
                    str(change.id),
                    style="primary",
                    confirm=confirm_dialog(
                        f"Approve {ref}?",
                        f"Schedule {describe_days(change.schedule_days)}, cost "
                        f"{describe_cost(change.cost_cents)}. Your name goes on the record.",
                        "Approve",
                        style="primary",
                    ),
                ),
                button("Reject", CHANGE_REJECT, str(change.id), style="danger"),
                button("Ask a question", CHANGE_ASK, str(change.id)),
                button("Withdraw", CHANGE_WITHDRAW, str(change.id)),
                block_id=f"change-{change.id}",
            ),
        ]
    else:
        blocks.append(section(decision_line(change, timezone)))
    text = f"Change request {ref}: {escape(one_line(change.title))} — " + (
        "waiting for a decision" if change.state == "pending" else change.state
    )
    return text, fit_message(blocks)


def decision_line(change: ChangeRequest, timezone: str) -> str:
    label = STATE_LABELS[change.state]
    if change.state == "withdrawn":
        return f"{label} by {user(change.proposed_by)}" + _when(change, timezone)
    line = f"*{label}* by {user(change.decided_by)}" + _when(change, timezone)
    if change.decision_note:
        line += f"\n>{escape(clip(one_line(change.decision_note), 1000))}"
    return line


def _when(change: ChangeRequest, timezone: str) -> str:
    return f" on {format_local(change.decided_at, timezone)}" if change.decided_at else ""


def build_decision_notice(change: ChangeRequest, *, project_name: str, timezone: str) -> str:
    """For the internal channel: what the client decided."""
    return (
        f"{change_ref(change.number)} “{escape(one_line(change.title))}” on "
        f"*{escape(project_name)}*: {decision_line(change, timezone)}. Schedule "
        f"{describe_days(change.schedule_days)}, cost {describe_cost(change.cost_cents)}."
    )


def build_proposal_notice(change: ChangeRequest, *, project_name: str, permalink: str) -> str:
    """For the internal channel: a request went to the client."""
    return (
        f"🔀 {user(change.proposed_by)} proposed {change_ref(change.number)} "
        f"“{escape(one_line(change.title))}” to the client of *{escape(project_name)}* "
        f"(schedule {describe_days(change.schedule_days)}, cost "
        f"{describe_cost(change.cost_cents)}){permalink}."
    )


def build_reject_modal(change: ChangeRequest) -> dict[str, Any]:
    return _note_modal(
        change,
        REJECT_MODAL,
        "Reject",
        "Why not? (the team reads this)",
        optional=True,
    )


def build_question_modal(change: ChangeRequest) -> dict[str, Any]:
    return _note_modal(change, QUESTION_MODAL, "Ask", "Your question", optional=False)


def _note_modal(
    change: ChangeRequest, callback_id: str, submit: str, label: str, *, optional: bool
) -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": callback_id,
        "private_metadata": json.dumps({"change_id": change.id}),
        "title": plain(f"{submit} {change_ref(change.number)}"),
        "submit": plain(submit),
        "close": plain("Cancel"),
        "blocks": [
            section(f"*{escape(clip(change.title, 2900))}*"),
            input_block(
                "note", label, text_input("note", max_length=NOTE_LIMIT), optional=optional
            ),
        ],
    }


def build_question_post(change: ChangeRequest, *, asker_id: str, question: str) -> str:
    """The thread reply that starts the conversation under the request."""
    return (
        f"❓ {user(asker_id)} asks about {change_ref(change.number)}: "
        f"{escape(clip(question, NOTE_LIMIT))}\n{user(change.proposed_by)}, please answer in "
        "this thread."
    )


def build_change_list(changes: list[ChangeRequest], *, project_name: str) -> list[Block]:
    if not changes:
        return [
            section(
                f"No change requests on *{escape(project_name)}* yet. Propose one with `/change`."
            )
        ]
    approved = [c for c in changes if c.state == "approved"]
    pending = sum(1 for c in changes if c.state == "pending")
    items = [
        f"*{change_ref(c.number)}* {STATE_LABELS[c.state]} · {escape(clip(one_line(c.title), 120))}"
        f" · schedule {describe_days(c.schedule_days)} · cost {describe_cost(c.cost_cents)}"
        for c in changes
    ]
    return [
        header(f"🔀 Change requests — {project_name}"),
        section(bullet_list(items, limit=2900)),
        fields(
            f"*Approved*\n{len(approved)} of {len(changes)} ({pending} waiting)",
            "*Approved schedule impact*\n" + describe_days(sum(c.schedule_days for c in approved)),
            "*Approved cost impact*\n" + describe_cost(sum(c.cost_cents for c in approved)),
        ),
    ]
