"""Block Kit for `/risk`: the form, the receipt, the owners' alert, the list, closing.

All of it is for whoever reads it in the current language: the answers and the list for the
person who asked, the owners' alert in the project's language (its channel) or each owner's
(a direct message); the caller chooses with `i18n.speaking`."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from babel.lists import format_list

from bot.platform import i18n
from bot.platform.blocks import (
    Block,
    button,
    context,
    fields,
    fit_message,
    header,
    input_block,
    label,
    option,
    options,
    plain,
    section,
    state_value,
    text_input,
    user,
)
from bot.platform.i18n import N_, _, duration, pgettext
from bot.platform.text import clip, escape, one_line
from storage.models import Risk
from storage.refs import risk_ref

RISK_LEVEL_LABELS = {"high": N_("🔴 High"), "medium": N_("🟠 Medium"), "low": N_("🟢 Low")}


def risk_level_label(level: str) -> str:
    return label(RISK_LEVEL_LABELS, level)


RISK_MODAL = "risk_modal"

CLOSE_MODAL = "risk_close_modal"

RISK_CLOSE = "risk_close"

TITLE_LIMIT = 200

MITIGATION_LIMIT = 1000

NOTE_LIMIT = 1000

LIST_LIMIT = 40  # one block each, with room for the header and the notes below

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
    return {
        "type": "modal",
        "callback_id": RISK_MODAL,
        "private_metadata": json.dumps({"project_id": project_id, "channel_id": channel_id}),
        "title": plain(_("Log a risk")),
        "submit": plain(_("Log it")),
        "close": plain(_("Cancel")),
        "blocks": [
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
    """`*R-3* · 🔴 High severity · likelihood 🟠 Medium · owner @ana · 2 days old`."""
    line = (
        _(
            "*{ref}* · {severity} severity · likelihood {likelihood} · 🔒 internal · "
            "owner {owner} · {age} old"
        )
        if risk.visibility == "internal"
        else _(
            "*{ref}* · {severity} severity · likelihood {likelihood} · owner {owner} · {age} old"
        )
    )
    return line.format(
        ref=risk_ref(risk.number),
        severity=risk_level_label(risk.severity),
        likelihood=risk_level_label(risk.likelihood),
        owner=_owner(risk),
        age=duration(now - risk.created_at),
    )


def build_risk_receipt(
    risk: Risk, *, alerted: list[str], alert_place: str | None
) -> tuple[str, list[Block]]:
    """The private answer to whoever logged it. `alerted`: the owners told of a high risk;
    `alert_place`: where (a channel id), None when they were told directly."""
    ref = risk_ref(risk.number)
    lines = [
        _("📋 Logged as *{ref}*: {title}").format(
            ref=ref, title=escape(clip(one_line(risk.title), TITLE_LIMIT))
        )
    ]
    summary = (
        _(
            "{severity} severity · likelihood {likelihood} · owner {owner} · 🔒 internal: the "
            "team alone sees it"
        )
        if risk.visibility == "internal"
        else _("{severity} severity · likelihood {likelihood} · owner {owner} · the client sees it")
    )
    lines.append(
        summary.format(
            severity=risk_level_label(risk.severity),
            likelihood=risk_level_label(risk.likelihood),
            owner=_owner(risk),
        )
    )
    if risk.severity == "high":
        who = format_list([user(o) for o in alerted], locale=i18n.current()) if alerted else ""
        if not alerted:
            lines.append(_("⚠️ I could not alert the owners: tell them yourself."))
        elif alert_place:
            lines.append(
                _("🚨 High severity: I alerted {owners} in <#{channel}>.").format(
                    owners=who, channel=alert_place
                )
            )
        else:
            lines.append(
                _("🚨 High severity: I alerted {owners} by direct message.").format(owners=who)
            )
    text = _("Risk {ref} logged").format(ref=ref)
    return text, [
        section("\n".join(lines)),
        context(
            _(
                "`/risk list` shows every open risk · `/risk close {ref} what was done` closes it"
            ).format(ref=ref)
        ),
    ]


def build_risk_alert(
    risk: Risk, *, project_name: str, owner_ids: list[str]
) -> tuple[str, list[Block]]:
    """The owners' alert for a high-severity risk. The mentions go in the notification text,
    so they reach the owners even in a muted channel."""
    ref = risk_ref(risk.number)
    mentions = " ".join(user(o) for o in owner_ids)
    text = (
        _("{mentions} 🚨 High-severity risk {ref} on {project}")
        .format(mentions=mentions, ref=ref, project=escape(project_name))
        .strip()
    )
    visibility = _("🔒 Internal only") if risk.visibility == "internal" else _("Client-visible")
    blocks = [
        section(
            _("🚨 *High-severity risk {ref}* on *{project}*, logged by {person}").format(
                ref=ref, project=escape(project_name), person=user(risk.created_by)
            )
            + f"\n>{escape(clip(one_line(risk.title), TITLE_LIMIT))}"
        ),
        fields(
            _("*Likelihood*\n{likelihood}").format(likelihood=risk_level_label(risk.likelihood)),
            _("*Owner*\n{owner}").format(owner=_owner(risk)),
            _("*Mitigation*\n{mitigation}").format(mitigation=_mitigation(risk, 1500)),
            _("*Visibility*\n{visibility}").format(visibility=visibility),
        ),
        context(
            _("`/risk close {ref} what was done` when it is dealt with · `/risk list`").format(
                ref=ref
            )
        ),
    ]
    return text, blocks


def build_risk_list(
    risks: list[Risk], *, project_name: str, now: datetime, team: bool
) -> list[Block]:
    """Open risks as given (highest severity first). The team sees internal ones, marked 🔒,
    and a Close button on each; clients see neither."""
    if not risks:
        empty = (
            _(
                "No open risks on *{project}*. `/risk add high what could go wrong` or `/risk` "
                "for the form logs one."
            )
            if team
            else _(
                "No open risks on *{project}*. The team logs risks here as they see them; to "
                "raise one, use `/feedback`."
            )
        )
        return [section(empty.format(project=escape(project_name)))]
    blocks: list[Block] = [
        header(
            _("Open risks — {project} ({count})").format(
                project=project_name, count=i18n.number(len(risks))
            )
        )
    ]
    for risk in risks[:LIST_LIMIT]:
        assert risk.id is not None
        text = (
            f"{risk_line(risk, now=now)}\n>{escape(clip(one_line(risk.title), TITLE_LIMIT))}\n"
            + _("_Mitigation:_ {mitigation}").format(mitigation=_mitigation(risk, 600))
        )
        accessory = button(pgettext("risk", "Close…"), RISK_CLOSE, str(risk.id)) if team else None
        blocks.append(section(text, accessory=accessory, block_id=f"risk-{risk.id}"))
    if len(risks) > LIST_LIMIT:
        more = len(risks) - LIST_LIMIT
        blocks.append(
            context(_("…and {count} more, lower in severity.").format(count=i18n.number(more)))
        )
    blocks.append(
        context(
            _("🔒 marks what only the team sees · `/risk close R-3 what was done` closes one")
            if team
            else _("Something worrying you that is not here? Tell the team with `/feedback`.")
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
        "title": plain(_("Close {ref}").format(ref=ref)),
        "submit": plain(_("Close it")),
        "close": plain(_("Cancel")),
        "blocks": [
            section(f"*{ref}* · {escape(clip(one_line(risk.title), TITLE_LIMIT))}"),
            input_block(
                "note",
                _("How it was dealt with"),
                text_input("note", max_length=NOTE_LIMIT, placeholder=_("Optional")),
                optional=True,
            ),
        ],
    }


def build_closed_receipt(risk: Risk) -> str:
    ref = risk_ref(risk.number)
    if risk.close_note:
        return _("✅ *{ref}* is closed: {note}").format(
            ref=ref, note=escape(clip(one_line(risk.close_note), 500))
        )
    return _("✅ *{ref}* is closed.").format(ref=ref)


def build_already_closed(risk: Risk) -> str:
    return _("*{ref}* is closed already, by {person}.").format(
        ref=risk_ref(risk.number), person=user(risk.closed_by)
    )


def _owner(risk: Risk) -> str:
    return user(risk.owner_id) if risk.owner_id else _("nobody yet")


def _mitigation(risk: Risk, limit: int) -> str:
    return escape(clip(one_line(risk.mitigation), limit)) if risk.mitigation.strip() else "—"
