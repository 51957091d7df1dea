"""The forms of feedback: sending it, and resolving it (what was done); built, and read back
when submitted."""

from __future__ import annotations

from typing import Any

from bot.feedback.labels import (
    KIND_LABELS,
    URGENCY_LABELS,
)
from bot.platform.blocks import (
    context,
    input_block,
    modal,
    option,
    options,
    section,
    state_value,
    text_input,
)
from bot.platform.i18n import _
from bot.platform.text import clip, escape
from storage.models import Feedback
from storage.refs import feedback_ref

FEEDBACK_MODAL = "feedback_modal"
RESOLVE_MODAL = "feedback_resolve_modal"
FEEDBACK_LIMIT = 2000
RESOLUTION_LIMIT = 1000


def build_feedback_modal(*, project_id: int, project_name: str, channel_id: str) -> dict[str, Any]:
    """`channel_id` is where /feedback was typed: the receipt and the resolution go there."""
    kinds = [option(label, value) for value, label in options(KIND_LABELS)]
    urgencies = [option(label, value) for value, label in options(URGENCY_LABELS)]
    return modal(
        FEEDBACK_MODAL,
        title=_("Feedback"),
        submit=_("Send"),
        metadata={"project_id": project_id, "channel_id": channel_id},
        blocks=[
            context(_("To the team of *{project}*").format(project=escape(project_name))),
            input_block(
                "kind",
                _("What kind"),
                {
                    "type": "radio_buttons",
                    "action_id": "kind",
                    "options": kinds,
                    "initial_option": kinds[2],
                },
            ),
            input_block(
                "urgency",
                _("Urgency"),
                {
                    "type": "static_select",
                    "action_id": "urgency",
                    "options": urgencies,
                    "initial_option": urgencies[1],
                },
            ),
            input_block(
                "text",
                _("Your feedback"),
                text_input(
                    "text",
                    max_length=FEEDBACK_LIMIT,
                    placeholder=_("What works, what doesn't, what you need"),
                ),
            ),
            input_block(
                "anonymous",
                _("Anonymous"),
                {
                    "type": "checkboxes",
                    "action_id": "anonymous",
                    "options": [
                        option(_("Send without my name (it is not stored anywhere)"), "yes")
                    ],
                },
                optional=True,
            ),
        ],
    )


def read_feedback_modal(values: dict[str, dict[str, Any]]) -> tuple[str, str, str, bool]:
    """(kind, urgency, text, anonymous)."""
    return (
        state_value(values, "kind") or "request",
        state_value(values, "urgency") or "normal",
        state_value(values, "text"),
        state_value(values, "anonymous") == "yes",
    )


def build_resolve_modal(feedback: Feedback) -> dict[str, Any]:
    assert feedback.id is not None
    ref = feedback_ref(feedback.number)
    return modal(
        RESOLVE_MODAL,
        title=_("Resolve {ref}").format(ref=ref),
        submit=_("Resolve"),
        metadata={"feedback_id": feedback.id},
        blocks=[
            section(f">{escape(clip(feedback.text, 2500))}"),
            input_block(
                "note",
                _("What was done (the client reads this)"),
                text_input("note", max_length=RESOLUTION_LIMIT),
            ),
        ],
    )
