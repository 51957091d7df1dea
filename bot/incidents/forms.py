"""The forms of an incident: declaring it, an update, the resolution, the review; built, and
read back when submitted."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.incidents.labels import SEVERITY_LABELS
from bot.platform.blocks import (
    Block,
    context,
    input_block,
    modal,
    option,
    options,
    state_value,
)
from bot.platform.blocks import (
    text_input as _text_input,
)
from bot.platform.i18n import _
from bot.platform.text import clip, escape, one_line
from storage.models import Incident
from storage.refs import incident_ref

DECLARE_MODAL = "incident_declare_modal"
UPDATE_MODAL = "incident_update_modal"
RESOLVE_MODAL = "incident_resolve_modal"
REVIEW_MODAL = "incident_review_modal"
TITLE_LIMIT = 200
TEXT_LIMIT = 2000


def _severity_input(current: str) -> Block:
    choices = [option(text, value) for value, text in options(SEVERITY_LABELS)]
    chosen = next((c for c in choices if c["value"] == current), choices[1])
    return input_block(
        "severity",
        _("Severity"),
        {
            "type": "radio_buttons",
            "action_id": "severity",
            "options": choices,
            "initial_option": chosen,
        },
    )


def _text(block_id: str, label: str, limit: int = TEXT_LIMIT, *, optional: bool = False) -> Block:
    return input_block(
        block_id,
        label,
        _text_input(block_id, max_length=limit, multiline=limit > TITLE_LIMIT),
        optional=optional,
    )


def build_declare_modal(
    *, project_id: int, project_name: str, channel_id: str, owner_id: str
) -> dict[str, Any]:
    return modal(
        DECLARE_MODAL,
        title=_("Declare an incident"),
        submit=_("Declare"),
        metadata={"project_id": project_id, "channel_id": channel_id},
        blocks=[
            context(
                _("*{project}*: the client channel gets a notice at once.").format(
                    project=escape(project_name)
                )
            ),
            _severity_input("sev2"),
            _text("title", _("What is affected"), TITLE_LIMIT),
            _text("known", _("What is known so far"), optional=True),
            input_block(
                "owner",
                _("Who is on it (reminded when an update is due)"),
                {"type": "users_select", "action_id": "owner", "initial_user": owner_id},
            ),
        ],
    )


@dataclass(frozen=True)
class Declared:
    severity: str
    title: str
    known: str
    owner_id: str


def read_declare_modal(values: dict[str, dict[str, Any]], caller: str) -> Declared:
    return Declared(
        state_value(values, "severity") or "sev2",
        state_value(values, "title"),
        state_value(values, "known"),
        state_value(values, "owner") or caller,
    )


def _about(incident: Incident) -> Block:
    return context(
        f"*{incident_ref(incident.number)}* · {escape(clip(one_line(incident.title), 300))}"
    )


def build_update_modal(incident: Incident) -> dict[str, Any]:
    return modal(
        UPDATE_MODAL,
        title=_("Update {ref}").format(ref=incident_ref(incident.number)),
        submit=_("Post"),
        metadata={"incident_id": incident.id, "project_id": incident.project_id},
        blocks=[
            _about(incident),
            _severity_input(incident.severity),
            _text("text", _("What changed, what happens next (the client reads this)")),
        ],
    )


def build_resolve_modal(incident: Incident) -> dict[str, Any]:
    return modal(
        RESOLVE_MODAL,
        title=_("Resolve {ref}").format(ref=incident_ref(incident.number)),
        submit=_("Resolve"),
        metadata={"incident_id": incident.id, "project_id": incident.project_id},
        blocks=[_about(incident), _text("summary", _("What was done (the client reads this)"))],
    )


def build_review_modal(incident: Incident) -> dict[str, Any]:
    return modal(
        REVIEW_MODAL,
        title=_("Review {ref}").format(ref=incident_ref(incident.number)),
        submit=_("Share"),
        metadata={"incident_id": incident.id, "project_id": incident.project_id},
        blocks=[
            _about(incident),
            _text("cause", _("Cause")),
            _text("fix", _("Fix")),
            _text("prevention", _("Prevention")),
        ],
    )
