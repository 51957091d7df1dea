"""The status form: a new update or its author's edit, built, and read back when submitted."""

from __future__ import annotations

from typing import Any

from bot.platform.blocks import (
    Block,
    context,
    input_block,
    modal,
    option,
    options,
    state_value,
    text_input,
)
from bot.platform.i18n import N_, _
from bot.platform.text import escape
from bot.status.blocks import HEALTH_LABELS, health_label
from bot.status.quick_form import TEXT_LIMIT, StatusDraft

STATUS_MODAL = "status_modal"

VISIBILITY_LABELS = {"client": N_("Client and team"), "internal": N_("Team only (internal)")}


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
    visibility_options = [option(label, value) for value, label in options(VISIBILITY_LABELS)]
    return modal(
        STATUS_MODAL,
        title=_("Edit update") if status_id else _("Status update"),
        submit=_("Save") if status_id else _("Post"),
        metadata={"project_id": project_id, "status_id": status_id, "channel_id": channel_id},
        blocks=[
            context(_("Project *{project}*").format(project=escape(project_name))),
            input_block("health", _("Health"), _health(draft), optional=True),
            input_block("progress", _("Progress (%)"), _progress(draft), optional=True),
            input_block(
                "text",
                _("What got done"),
                _text("text", draft.text, _("Shipped the login page")),
            ),
            input_block(
                "next", _("Next"), _text("next", draft.next_steps, _("Payments")), optional=True
            ),
            input_block(
                "blockers",
                _("Blockers"),
                _text("blockers", draft.blockers, _("Waiting for API keys")),
                optional=True,
            ),
            input_block(
                "visibility",
                _("Who sees it"),
                {
                    "type": "radio_buttons",
                    "action_id": "visibility",
                    "options": visibility_options,
                    "initial_option": option(
                        _(VISIBILITY_LABELS[draft.visibility]), draft.visibility
                    ),
                },
            ),
        ],
    )


def _health(draft: StatusDraft) -> Block:
    choices = [option(label, value) for value, label in options(HEALTH_LABELS)]
    health: Block = {"type": "static_select", "action_id": "health", "options": choices}
    if draft.health:
        health["initial_option"] = option(health_label(draft.health), draft.health)
    return health


def _progress(draft: StatusDraft) -> Block:
    progress: Block = {
        "type": "number_input",
        "action_id": "progress",
        "is_decimal_allowed": False,
        "min_value": "0",
        "max_value": "100",
    }
    if draft.progress is not None:
        progress["initial_value"] = str(draft.progress)
    return progress


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


def _text(action_id: str, initial: str, placeholder: str) -> Block:
    return text_input(action_id, initial=initial, placeholder=placeholder, max_length=TEXT_LIMIT)
