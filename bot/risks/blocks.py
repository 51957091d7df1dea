"""Block Kit for `/risk`: the form, the receipt, the owners' alert, the list, closing.

All of it is for whoever reads it in the current language: the answers and the list for the
person who asked, the owners' alert in the project's language (its channel) or each owner's
(a direct message); the caller chooses with `i18n.speaking`."""

from __future__ import annotations

from datetime import datetime

from babel.lists import format_list

from bot.platform import i18n
from bot.platform.blocks import (
    Block,
    button,
    context,
    fields,
    fit_message,
    header,
    section,
    source_note,
    user,
)
from bot.platform.i18n import _, duration, pgettext
from bot.platform.text import clip, escape, one_line
from bot.risks.forms import TITLE_LIMIT
from bot.risks.labels import risk_level_label
from storage.models import Risk
from storage.refs import risk_ref

RISK_CLOSE = "risk_close"

LIST_LIMIT = 40  # one block each, with room for the header and the notes below


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
    if (note := source_note(risk.source_link)) is not None:
        blocks.append(note)
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
