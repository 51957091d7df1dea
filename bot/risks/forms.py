"""The forms of the risk log: logging a risk, and closing one (how it was dealt with); built,
and read back when submitted."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.platform import i18n
from bot.platform.blocks import (
    Block,
    context,
    input_block,
    keep_it_to,
    modal,
    option,
    options,
    section,
    state_value,
    text_input,
)
from bot.platform.i18n import N_, _, pgettext
from bot.platform.text import clip, escape, one_line
from bot.risks.labels import RISK_LEVEL_LABELS
from storage import risks as risk_store
from storage.models import Risk
from storage.refs import risk_ref
from storage.risks import LEVELS

RISK_MODAL = "risk_modal"

CLOSE_MODAL = "risk_close_modal"

TITLE_LIMIT = 200

MITIGATION_LIMIT = 1000

NOTE_LIMIT = 1000

VISIBILITY_LABELS = {
    "client": N_("Client-visible: the client sees it in /risk list and the digest"),
    "internal": N_("🔒 Internal only: the team alone sees it"),
}


@dataclass(frozen=True)
class RiskForm:
    """What the risk form holds when it is submitted."""

    title: str
    severity: str
    likelihood: str
    owner_id: str | None
    mitigation: str
    visibility: str


def build_risk_modal(
    *, project_id: int, project_name: str, channel_id: str, user_id: str
) -> dict[str, Any]:
    """`channel_id` is where /risk was typed: the receipt goes there. The caller owns the risk
    unless they pick someone else."""
    levels = [option(label, value) for value, label in options(RISK_LEVEL_LABELS)]
    visibilities = [option(label, value) for value, label in options(VISIBILITY_LABELS)]
    return modal(
        RISK_MODAL,
        title=_("Log a risk"),
        submit=_("Log it"),
        metadata={"project_id": project_id, "channel_id": channel_id},
        blocks=[
            context(_("Risk and issue log of *{project}*").format(project=escape(project_name))),
            input_block(
                "title",
                _("What could go wrong (or has)"),
                text_input(
                    "title",
                    max_length=TITLE_LIMIT,
                    multiline=False,
                    placeholder=_("The payment provider may ship its API late"),
                ),
            ),
            input_block("severity", _("Severity"), _select("severity", levels)),
            input_block("likelihood", _("Likelihood"), _select("likelihood", levels)),
            input_block(
                "owner",
                pgettext("risk", "Owner"),
                {"type": "users_select", "action_id": "owner", "initial_user": user_id},
            ),
            input_block(
                "mitigation",
                _("Mitigation"),
                text_input(
                    "mitigation",
                    max_length=MITIGATION_LIMIT,
                    placeholder=_("What we do about it, and by when"),
                ),
                optional=True,
            ),
            input_block(
                "visibility",
                _("Who sees it"),
                {
                    "type": "radio_buttons",
                    "action_id": "visibility",
                    "options": visibilities,
                    "initial_option": visibilities[0],
                },
            ),
        ],
    )


def _select(action_id: str, options: list[Block]) -> Block:
    return {
        "type": "static_select",
        "action_id": action_id,
        "options": options,
        "initial_option": options[1],
    }


def read_risk_modal(values: dict[str, dict[str, Any]]) -> RiskForm:
    owner = values.get("owner", {}).get("owner", {})
    return RiskForm(
        title=state_value(values, "title"),
        severity=state_value(values, "severity") or "medium",
        likelihood=state_value(values, "likelihood") or "medium",
        owner_id=owner.get("selected_user") or None,
        mitigation=state_value(values, "mitigation"),
        visibility=state_value(values, "visibility") or "client",
    )


def build_close_modal(risk: Risk, *, channel_id: str | None) -> dict[str, Any]:
    assert risk.id is not None
    ref = risk_ref(risk.number)
    return modal(
        CLOSE_MODAL,
        title=_("Close {ref}").format(ref=ref),
        submit=_("Close it"),
        metadata={"risk_id": risk.id, "channel_id": channel_id},
        blocks=[
            section(f"*{ref}* · {escape(clip(one_line(risk.title), TITLE_LIMIT))}"),
            input_block(
                "note",
                _("How it was dealt with"),
                text_input("note", max_length=NOTE_LIMIT, placeholder=_("Optional")),
                optional=True,
            ),
        ],
    )


def form_errors(form: RiskForm) -> dict[str, str]:
    """Errors to show under the form's fields (Slack's `response_action: errors`)."""
    errors: dict[str, str] = {}
    if not form.title:
        errors["title"] = _("Say in a few words what could go wrong.")
    elif len(form.title) > TITLE_LIMIT:
        errors["title"] = _("Keep it to {limit} characters; the mitigation has more room.").format(
            limit=i18n.number(TITLE_LIMIT)
        )
    if form.severity not in LEVELS:
        errors["severity"] = _("Pick high, medium or low.")
    if form.likelihood not in LEVELS:
        errors["likelihood"] = _("Pick high, medium or low.")
    if len(form.mitigation) > MITIGATION_LIMIT:
        errors["mitigation"] = keep_it_to(MITIGATION_LIMIT)
    if form.visibility not in risk_store.VISIBILITIES:
        errors["visibility"] = _("Pick who sees it.")
    return errors
