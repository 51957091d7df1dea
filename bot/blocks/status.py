"""Block Kit for `/status`: the modal, the author's receipt, the list and the help."""

from __future__ import annotations

import json
from typing import Any
from zoneinfo import ZoneInfo

from bot.blocks.common import (
    Block,
    actions,
    bullet_list,
    button,
    confirm_dialog,
    context,
    header,
    input_block,
    option,
    plain,
    section,
    state_value,
    text_input,
)
from bot.blocks.labels import HEALTH_LABELS, health_label, progress_label, user
from bot.quickform import TEXT_LIMIT, StatusDraft
from bot.text import clip, escape, one_line
from storage.models import StatusUpdate

STATUS_MODAL = "status_modal"
STATUS_EDIT = "status_edit"
STATUS_DELETE = "status_delete"
VISIBILITY_LABELS = {"client": "Client and team", "internal": "Team only (internal)"}


def build_status_modal(
    *,
    project_id: int,
    project_name: str,
    channel_id: str,
    draft: StatusDraft | None = None,
    status_id: int | None = None,
) -> dict[str, Any]:
    """`channel_id` is where the person asked for the form: the confirmation goes there."""
    draft = draft or StatusDraft(text="")
    health_options = [option(label, value) for value, label in HEALTH_LABELS.items()]
    health: Block = {"type": "static_select", "action_id": "health", "options": health_options}
    if draft.health:
        health["initial_option"] = option(HEALTH_LABELS[draft.health], draft.health)
    progress: Block = {
        "type": "number_input",
        "action_id": "progress",
        "is_decimal_allowed": False,
        "min_value": "0",
        "max_value": "100",
    }
    if draft.progress is not None:
        progress["initial_value"] = str(draft.progress)
    visibility_options = [option(label, value) for value, label in VISIBILITY_LABELS.items()]
    return {
        "type": "modal",
        "callback_id": STATUS_MODAL,
        "private_metadata": json.dumps(
            {"project_id": project_id, "status_id": status_id, "channel_id": channel_id}
        ),
        "title": plain("Edit update" if status_id else "Status update"),
        "submit": plain("Save" if status_id else "Post"),
        "close": plain("Cancel"),
        "blocks": [
            context(f"Project *{escape(project_name)}*"),
            input_block("health", "Health", health, optional=True),
            input_block("progress", "Progress (%)", progress, optional=True),
            input_block(
                "text", "What got done", _text("text", draft.text, "Shipped the login page")
            ),
            input_block("next", "Next", _text("next", draft.next_steps, "Payments"), optional=True),
            input_block(
                "blockers",
                "Blockers",
                _text("blockers", draft.blockers, "Waiting for API keys"),
                optional=True,
            ),
            input_block(
                "visibility",
                "Who sees it",
                {
                    "type": "radio_buttons",
                    "action_id": "visibility",
                    "options": visibility_options,
                    "initial_option": option(VISIBILITY_LABELS[draft.visibility], draft.visibility),
                },
            ),
        ],
    }


def read_status_modal(values: dict[str, dict[str, Any]]) -> StatusDraft:
    """The submitted view state back into a draft (lengths are checked by the handler)."""
    progress = state_value(values, "progress")
    return StatusDraft(
        text=state_value(values, "text"),
        health=state_value(values, "health") or None,
        progress=int(progress) if progress.isdigit() else None,
        next_steps=state_value(values, "next"),
        blockers=state_value(values, "blockers"),
        visibility=state_value(values, "visibility") or "client",
    )


def build_status_receipt(update: StatusUpdate, project_name: str) -> list[Block]:
    assert update.id is not None
    where = "the team only (internal)" if update.visibility == "internal" else "client and team"
    verb = "edited" if update.edited_at else "posted"
    return [
        section(
            f"✅ Update {verb} to *{escape(project_name)}* — seen by {where}.\n" + _summary(update)
        ),
        actions(
            button("Edit", STATUS_EDIT, str(update.id)),
            button(
                "Delete",
                STATUS_DELETE,
                str(update.id),
                style="danger",
                confirm=confirm_dialog(
                    "Delete this update?", "It leaves every list and digest.", "Delete"
                ),
            ),
        ),
    ]


def build_status_list(updates: list[StatusUpdate], project_name: str, timezone: str) -> list[Block]:
    if not updates:
        return [
            section(
                f"No updates on *{escape(project_name)}* in the last 7 days. "
                "Post one with `/status on-track 50% what got done`."
            )
        ]
    zone = ZoneInfo(timezone)
    items = [
        f"{u.created_at.astimezone(zone):%a %d %b %H:%M} · {user(u.author_id)} · "
        + ("🔒 " if u.visibility == "internal" else "")
        + _summary(u).replace("\n", " · ")
        for u in updates
    ]
    return [
        header(f"Updates — {project_name}"),
        section(bullet_list(items)),
        context(f"Last 7 days, newest first · times in {timezone}"),
    ]


def build_status_help() -> list[Block]:
    return [
        section(
            "*Post a status update*\n"
            "• `/status` — open the form\n"
            "• `/status [on-track|at-risk|off-track] [NN%] [internal] what got done "
            "[; next: …] [; blocked: …]`\n"
            "   e.g. `/status at-risk 40% Login done; next: payments; blocked: API keys`\n"
            "• `/status list` — this week's updates\n"
            "• `/status digest` — preview the weekly digest (only you see it)\n"
            "• `/status digest post` — post the digest to the client channel now\n"
            "• `/status remind off` / `on` — the weekly reminder, for you\n"
            "`internal` keeps an update out of the client's digest."
        )
    ]


def _summary(update: StatusUpdate) -> str:
    parts = [escape(clip(one_line(update.text), 400))]
    if update.health or update.progress is not None:
        parts.insert(0, f"{health_label(update.health)} · {progress_label(update.progress)}")
    if update.next_steps:
        parts.append("Next: " + escape(clip(one_line(update.next_steps), 300)))
    if update.blockers:
        parts.append("Blocked: " + escape(clip(one_line(update.blockers), 300)))
    return "\n".join(parts)


def _text(action_id: str, initial: str, placeholder: str) -> Block:
    return text_input(action_id, initial=initial, placeholder=placeholder, max_length=TEXT_LIMIT)
