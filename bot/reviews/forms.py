"""The review's forms: the three questions, and the owners' improvement note."""

from __future__ import annotations

from typing import Any

from bot.platform.blocks import Block, context, input_block, modal, option, options, text_input
from bot.platform.i18n import _
from bot.reviews.answers import CADENCE, CHANGE_LIMIT, QUESTIONS, USEFUL
from bot.reviews.blocks import anonymity_note
from storage.models import Review

REVIEW_ANSWER_MODAL = "review_answer_modal"
REVIEW_NOTE_MODAL = "review_note_modal"
NOTE_LIMIT = 1500


def _choices(action_id: str, table: dict[str, str]) -> Block:
    return {
        "type": "radio_buttons",
        "action_id": action_id,
        "options": [option(label, value) for value, label in options(table)],
    }


def build_answer_modal(review: Review, *, channel_id: str) -> dict[str, Any]:
    assert review.id is not None
    return modal(
        REVIEW_ANSWER_MODAL,
        title=_("Communication review"),
        submit=_("Send"),
        metadata={
            "review_id": review.id,
            "project_id": review.project_id,
            "channel_id": channel_id,
        },
        blocks=[
            context(anonymity_note()),
            input_block("cadence", _(QUESTIONS["cadence"]), _choices("cadence", CADENCE)),
            input_block("useful", _(QUESTIONS["useful"]), _choices("useful", USEFUL)),
            input_block(
                "change",
                _(QUESTIONS["change"]),
                text_input(
                    "change",
                    max_length=CHANGE_LIMIT,
                    placeholder=_("More of this, less of that, another day or channel…"),
                ),
                optional=True,
            ),
        ],
    )


def build_note_modal(review: Review, *, channel_id: str | None) -> dict[str, Any]:
    assert review.id is not None
    return modal(
        REVIEW_NOTE_MODAL,
        title=_("Improvement note"),
        submit=_("Save"),
        metadata={
            "review_id": review.id,
            "project_id": review.project_id,
            "channel_id": channel_id,
        },
        blocks=[
            input_block(
                "note",
                _("What you will change, as the client will read it in the plan"),
                text_input("note", initial=review.note or "", max_length=NOTE_LIMIT),
            ),
        ],
    )
