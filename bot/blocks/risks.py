"""Block Kit for `/risk`: the form, the receipt, the owners' alert, the list, closing."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.blocks.common import (
    Block,
    button,
    context,
    fields,
    fit_message,
    header,
    input_block,
    option,
    plain,
    section,
    state_value,
    text_input,
)
from bot.blocks.labels import RISK_LEVEL_LABELS, duration, risk_ref, user
from bot.text import clip, escape, one_line
from storage.models import Risk

RISK_MODAL = "risk_modal"
CLOSE_MODAL = "risk_close_modal"
RISK_CLOSE = "risk_close"
TITLE_LIMIT = 200
MITIGATION_LIMIT = 1000
NOTE_LIMIT = 1000
LIST_LIMIT = 40  # one block each, with room for the header and the notes below
VISIBILITY_LABELS = {
    "client": "Client-visible: the client sees it in /risk list and the digest",
    "internal": "🔒 Internal only: the team alone sees it",
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
    levels = [option(label, value) for value, label in RISK_LEVEL_LABELS.items()]
    visibilities = [option(label, value) for value, label in VISIBILITY_LABELS.items()]
    return {
        "type": "modal",
        "callback_id": RISK_MODAL,
        "private_metadata": json.dumps({"project_id": project_id, "channel_id": channel_id}),
        "title": plain("Log a risk"),
        "submit": plain("Log it"),
        "close": plain("Cancel"),
        "blocks": [
            context(f"Risk and issue log of *{escape(project_name)}*"),
            input_block(
                "title",
                "What could go wrong (or has)",
                text_input(
                    "title",
                    max_length=TITLE_LIMIT,
                    multiline=False,
                    placeholder="The payment provider may ship its API late",
                ),
            ),
            input_block("severity", "Severity", _select("severity", levels)),
            input_block("likelihood", "Likelihood", _select("likelihood", levels)),
            input_block(
                "owner",
                "Owner",
                {"type": "users_select", "action_id": "owner", "initial_user": user_id},
            ),
            input_block(
                "mitigation",
                "Mitigation",
                text_input(
                    "mitigation",
                    max_length=MITIGATION_LIMIT,
                    placeholder="What we do about it, and by when",
                ),
                optional=True,
            ),
            input_block(
                "visibility",
                "Who sees it",
                {
                    "type": "radio_buttons",
                    "action_id": "visibility",
                    "options": visibilities,
                    "initial_option": visibilities[0],
                },
            ),
        ],
    }


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


def risk_line(risk: Risk, *, now: datetime) -> str:
    """`*R-3* · 🔴 High severity · likelihood 🟠 Medium · owner @ana · 2.0 days old`."""
    lock = " · 🔒 internal" if risk.visibility == "internal" else ""
    return (
        f"*{risk_ref(risk.number)}* · {_level(risk.severity)} severity · likelihood "
        f"{_level(risk.likelihood)}{lock} · owner {_owner(risk)} · "
        f"{duration(now - risk.created_at)} old"
    )


def build_risk_receipt(
    risk: Risk, *, alerted: list[str], alert_place: str | None
) -> tuple[str, list[Block]]:
    """The private answer to whoever logged it. `alerted`: the owners told of a high risk;
    `alert_place`: where (a channel id), None when they were told directly."""
    ref = risk_ref(risk.number)
    lines = [f"📋 Logged as *{ref}*: {escape(clip(one_line(risk.title), TITLE_LIMIT))}"]
    lines.append(
        f"{_level(risk.severity)} severity · likelihood {_level(risk.likelihood)} · "
        f"owner {_owner(risk)} · "
        + (
            "🔒 internal: the team alone sees it"
            if risk.visibility == "internal"
            else "the client sees it"
        )
    )
    if risk.severity == "high":
        who = ", ".join(user(o) for o in alerted)
        if not alerted:
            lines.append("⚠️ I could not alert the owners: tell them yourself.")
        elif alert_place:
            lines.append(f"🚨 High severity: I alerted {who} in <#{alert_place}>.")
        else:
            lines.append(f"🚨 High severity: I alerted {who} by direct message.")
    text = f"Risk {ref} logged"
    return text, [
        section("\n".join(lines)),
        context(
            f"`/risk list` shows every open risk · `/risk close R-{risk.number} what was done` "
            "closes it"
        ),
    ]


def build_risk_alert(
    risk: Risk, *, project_name: str, owner_ids: list[str], reason: str | None = None
) -> tuple[str, list[Block]]:
    """The owners' alert for a high-severity risk. The mentions go in the notification text,
    so they reach the owners even in a muted channel. `reason`: why it came by DM."""
    ref = risk_ref(risk.number)
    mentions = " ".join(user(o) for o in owner_ids)
    text = f"{mentions} 🚨 High-severity risk {ref} on {escape(project_name)}".strip()
    blocks = [
        section(
            f"🚨 *High-severity risk {ref}* on *{escape(project_name)}*, logged by "
            f"{user(risk.created_by)}\n>{escape(clip(one_line(risk.title), TITLE_LIMIT))}"
        ),
        fields(
            f"*Likelihood*\n{_level(risk.likelihood)}",
            f"*Owner*\n{_owner(risk)}",
            f"*Mitigation*\n{_mitigation(risk, 1500)}",
            "*Visibility*\n"
            + ("🔒 Internal only" if risk.visibility == "internal" else "Client-visible"),
        ),
        context(
            f"`/risk close R-{risk.number} what was done` when it is dealt with · `/risk list`"
        ),
    ]
    if reason:
        blocks.append(context(reason))
    return text, blocks


def build_risk_list(
    risks: list[Risk], *, project_name: str, now: datetime, team: bool
) -> list[Block]:
    """Open risks as given (highest severity first). The team sees internal ones, marked 🔒,
    and a Close button on each; clients see neither."""
    if not risks:
        hint = (
            "`/risk add high what could go wrong` or `/risk` for the form logs one."
            if team
            else "The team logs risks here as they see them; to raise one, use `/feedback`."
        )
        return [section(f"No open risks on *{escape(project_name)}*. {hint}")]
    blocks: list[Block] = [header(f"Open risks — {project_name} ({len(risks)})")]
    for risk in risks[:LIST_LIMIT]:
        assert risk.id is not None
        text = (
            f"{risk_line(risk, now=now)}\n>{escape(clip(one_line(risk.title), TITLE_LIMIT))}\n"
            f"_Mitigation:_ {_mitigation(risk, 600)}"
        )
        accessory = button("Close…", RISK_CLOSE, str(risk.id)) if team else None
        blocks.append(section(text, accessory=accessory, block_id=f"risk-{risk.id}"))
    if len(risks) > LIST_LIMIT:
        blocks.append(context(f"…and {len(risks) - LIST_LIMIT} more, lower in severity."))
    blocks.append(
        context(
            "🔒 marks what only the team sees · `/risk close R-3 what was done` closes one"
            if team
            else "Something worrying you that is not here? Tell the team with `/feedback`."
        )
    )
    return fit_message(blocks)


def build_close_modal(risk: Risk, *, channel_id: str | None) -> dict[str, Any]:
    assert risk.id is not None
    ref = risk_ref(risk.number)
    return {
        "type": "modal",
        "callback_id": CLOSE_MODAL,
        "private_metadata": json.dumps({"risk_id": risk.id, "channel_id": channel_id}),
        "title": plain(f"Close {ref}"),
        "submit": plain("Close it"),
        "close": plain("Cancel"),
        "blocks": [
            section(f"*{ref}* · {escape(clip(one_line(risk.title), TITLE_LIMIT))}"),
            input_block(
                "note",
                "How it was dealt with",
                text_input("note", max_length=NOTE_LIMIT, placeholder="Optional"),
                optional=True,
            ),
        ],
    }


def build_closed_receipt(risk: Risk) -> str:
    note = f": {escape(clip(one_line(risk.close_note), 500))}" if risk.close_note else "."
    return f"✅ *{risk_ref(risk.number)}* is closed{note}"


def build_already_closed(risk: Risk) -> str:
    return f"*{risk_ref(risk.number)}* is closed already, by {user(risk.closed_by)}."


def _level(level: str) -> str:
    return RISK_LEVEL_LABELS.get(level, level)


def _owner(risk: Risk) -> str:
    return user(risk.owner_id) if risk.owner_id else "nobody yet"


def _mitigation(risk: Risk, limit: int) -> str:
    return escape(clip(one_line(risk.mitigation), limit)) if risk.mitigation.strip() else "—"
