"""The change request form as submitted: read, checked, and the errors to show under its fields."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.changes.impact import ImpactError, parse_cost, parse_days
from bot.platform import i18n
from bot.platform.blocks import (
    context,
    input_block,
    keep_it_to,
    modal,
    section,
    state_value,
    text_input,
)
from bot.platform.i18n import _, pgettext
from bot.platform.text import clip, escape
from storage.models import ChangeRequest
from storage.refs import change_ref


@dataclass(frozen=True)
class ChangeForm:
    title: str
    reason: str
    scope_impact: str
    schedule_days: int
    cost_cents: int
    requested_by: str | None


def read_change_form(values: dict[str, dict[str, Any]]) -> tuple[ChangeForm | None, dict[str, str]]:
    """The form, or the errors to show under each field."""
    title, reason = state_value(values, "title"), state_value(values, "reason")
    scope = state_value(values, "scope")
    errors: dict[str, str] = {}
    if not title or len(title) > TITLE_LIMIT:
        errors["title"] = _("Say what changes, in at most {limit} characters.").format(
            limit=i18n.number(TITLE_LIMIT)
        )
    if not reason or len(reason) > TEXT_LIMIT:
        errors["reason"] = _("Say why, in at most {limit} characters.").format(
            limit=i18n.number(TEXT_LIMIT)
        )
    if len(scope) > TEXT_LIMIT:
        errors["scope"] = keep_it_to(TEXT_LIMIT)
    days = cost = 0
    try:
        days = parse_days(state_value(values, "schedule"))
    except ImpactError as error:
        errors["schedule"] = str(error)
    try:
        cost = parse_cost(state_value(values, "cost"))
    except ImpactError as error:
        errors["cost"] = str(error)
    if errors:
        return None, errors
    requested_by = state_value(values, "requested_by") or None
    return ChangeForm(title, reason, scope, days, cost, requested_by), {}


CHANGE_MODAL = "change_modal"

REJECT_MODAL = "change_reject_modal"

QUESTION_MODAL = "change_question_modal"


def build_change_modal(
    *, project_id: int, project_name: str, channel_id: str, caller_id: str, title: str = ""
) -> dict[str, Any]:
    return modal(
        CHANGE_MODAL,
        title=_("Change request"),
        submit=_("Propose"),
        metadata={"project_id": project_id, "channel_id": channel_id},
        blocks=[
            context(
                _(
                    "For *{project}*. It is posted in the client channel, where the client "
                    "approves or rejects it."
                ).format(project=escape(project_name))
            ),
            input_block(
                "title",
                _("What changes"),
                text_input(
                    "title", initial=title[:TITLE_LIMIT], max_length=TITLE_LIMIT, multiline=False
                ),
            ),
            input_block(
                "reason",
                pgettext("change form", "Why"),
                text_input("reason", max_length=TEXT_LIMIT),
            ),
            input_block(
                "scope",
                _("Impact on scope"),
                text_input(
                    "scope", max_length=TEXT_LIMIT, placeholder=_("What is added or dropped")
                ),
                optional=True,
            ),
            input_block(
                "schedule",
                _("Impact on schedule (working days)"),
                text_input("schedule", max_length=12, multiline=False, placeholder=_("5, or -2")),
                optional=True,
            ),
            input_block(
                "cost",
                _("Impact on cost"),
                text_input("cost", max_length=24, multiline=False, placeholder=_("2000, or -300")),
                optional=True,
            ),
            input_block(
                "requested_by",
                _("Who asked for it"),
                {"type": "users_select", "action_id": "requested_by", "initial_user": caller_id},
            ),
        ],
    )


def build_reject_modal(change: ChangeRequest) -> dict[str, Any]:
    ref = change_ref(change.number)
    return _note_modal(
        change,
        REJECT_MODAL,
        title=_("Reject {ref}").format(ref=ref),
        submit=pgettext("change decision", "Reject"),
        label=_("Why not? (the team reads this)"),
        optional=True,
    )


def build_question_modal(change: ChangeRequest) -> dict[str, Any]:
    ref = change_ref(change.number)
    return _note_modal(
        change,
        QUESTION_MODAL,
        title=_("Ask {ref}").format(ref=ref),
        submit=pgettext("change question", "Ask"),
        label=_("Your question"),
        optional=False,
    )


def _note_modal(
    change: ChangeRequest,
    callback_id: str,
    *,
    title: str,
    submit: str,
    label: str,
    optional: bool,
) -> dict[str, Any]:
    return modal(
        callback_id,
        title=title,
        submit=submit,
        metadata={"change_id": change.id},
        blocks=[
            section(f"*{escape(clip(change.title, 2900))}*"),
            input_block(
                "note", label, text_input("note", max_length=NOTE_LIMIT), optional=optional
            ),
        ],
    )


TITLE_LIMIT, TEXT_LIMIT, NOTE_LIMIT = 150, 1000, 1000
