"""The risk log's core: reading the quick form, logging a risk and alerting the owners of a high
one, closing a risk once.

Like the feedback loop, each step commits before it talks to Slack; what Slack refuses after
that is logged and worked around, never raised: the risk is logged and has its reference.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.blocks.risks import (
    MITIGATION_LIMIT,
    NOTE_LIMIT,
    TITLE_LIMIT,
    RiskForm,
    build_risk_alert,
)
from bot.deps import Deps
from bot.feedback_loop import _best_effort
from storage import risks as risk_store
from storage.db import session_scope
from storage.models import Project, Risk
from storage.projects import members

logger = logging.getLogger(__name__)
LEVELS = risk_store.LEVELS
_REF = re.compile(r"^(?:R-?)?(\d{1,9})$", re.IGNORECASE)


class RiskFormError(ValueError):
    """The typed text cannot be a risk; the message says how to fix it."""


@dataclass(frozen=True)
class RiskDraft:
    title: str
    severity: str = "medium"
    visibility: str = "client"


def parse_quick_risk(raw: str) -> RiskDraft:
    """`[high|medium|low] [internal] TEXT`, the leading words in any order."""
    words = raw.split()
    severity, visibility = "medium", "client"
    seen: set[str] = set()
    while words:
        word = words[0].lower().rstrip(":,")
        if word in LEVELS and "severity" not in seen:
            severity = word
            seen.add("severity")
        elif word == "internal" and "internal" not in seen:
            visibility = "internal"
            seen.add("internal")
        else:
            break
        words.pop(0)
    title = " ".join(words)
    if not title:
        raise RiskFormError(
            "Say what could go wrong after the severity: "
            "`/risk add high The payment provider may ship its API late`."
        )
    if len(title) > TITLE_LIMIT:
        raise RiskFormError(
            f"A risk's title is at most {TITLE_LIMIT} characters; yours has {len(title):,}. "
            "Shorten it, or type `/risk` for the form, which has room for the mitigation."
        )
    return RiskDraft(title=title, severity=severity, visibility=visibility)


def parse_risk_number(raw: str) -> int | None:
    """`3`, `R-3`, `r3` → 3."""
    match = _REF.match(raw.strip())
    return int(match.group(1)) if match else None


def form_errors(form: RiskForm) -> dict[str, str]:
    """Errors to show under the form's fields (Slack's `response_action: errors`)."""
    errors: dict[str, str] = {}
    if not form.title:
        errors["title"] = "Say in a few words what could go wrong."
    elif len(form.title) > TITLE_LIMIT:
        errors["title"] = f"Keep it to {TITLE_LIMIT} characters; the mitigation has more room."
    if form.severity not in LEVELS:
        errors["severity"] = "Pick high, medium or low."
    if form.likelihood not in LEVELS:
        errors["likelihood"] = "Pick high, medium or low."
    if len(form.mitigation) > MITIGATION_LIMIT:
        errors["mitigation"] = f"Keep it to {MITIGATION_LIMIT:,} characters."
    if form.visibility not in risk_store.VISIBILITIES:
        errors["visibility"] = "Pick who sees it."
    return errors


def record_risk(deps: Deps, *, project: Project, form: RiskForm, created_by: str) -> Risk:
    with session_scope(deps.engine) as session:
        return risk_store.add_risk(
            session=session,
            project=project,
            title=form.title,
            severity=form.severity,
            likelihood=form.likelihood,
            owner_id=form.owner_id,
            mitigation=form.mitigation,
            visibility=form.visibility,
            created_by=created_by,
            now=deps.clock(),
        )


@dataclass(frozen=True)
class Alert:
    """Who heard of a high risk, and where: a channel id, or None for direct messages."""

    owner_ids: list[str]
    channel_id: str | None


def alert_owners(deps: Deps, client: WebClient, *, project: Project, risk: Risk) -> Alert:
    """A high risk goes to the owners at once: one post in the internal channel that mentions
    them all or, without one or when Slack refuses it there, a direct message to each. Never
    the client channel, whatever the risk's visibility."""
    with session_scope(deps.engine) as session:
        owner_ids = [m.user_id for m in members(session=session, project=project, role="owner")]
    channel = project.internal_channel_id
    reason = None
    if channel is not None and channel != project.client_channel_id:
        text, blocks = build_risk_alert(risk, project_name=project.name, owner_ids=owner_ids)
        try:
            client.chat_postMessage(channel=channel, text=text, blocks=blocks)
            return Alert(owner_ids=owner_ids, channel_id=channel)
        except SlackApiError as error:
            why = str(error.response.get("error"))
            logger.warning("risk alert refused in %s: %s", channel, why)
            reason = f"I could not post in <#{channel}> ({why}): invite me there."
    elif channel is None:
        reason = "This project has no internal channel: `/project set internal-channel #name`."
    text, blocks = build_risk_alert(
        risk, project_name=project.name, owner_ids=owner_ids, reason=reason
    )
    told = [
        owner_id
        for owner_id in owner_ids
        if _best_effort(
            "risk alert to an owner",
            client.chat_postMessage,
            channel=owner_id,
            text=text,
            blocks=blocks,
        )
    ]
    return Alert(owner_ids=told, channel_id=None)


@dataclass(frozen=True)
class Closing:
    """What `close` did: `risk` None when the project has no such risk; `closed` False when it
    was closed already (by someone else, or by the same click delivered twice)."""

    risk: Risk | None
    closed: bool


def close(
    deps: Deps,
    *,
    project: Project,
    number: int | None = None,
    risk_id: int | None = None,
    user_id: str,
    note: str,
) -> Closing:
    note = note.strip()
    if len(note) > NOTE_LIMIT:
        raise RiskFormError(f"Keep the note to {NOTE_LIMIT:,} characters.")
    with session_scope(deps.engine) as session:
        if risk_id is not None:
            risk = risk_store.get_risk(session=session, risk_id=risk_id)
            if risk is not None and risk.project_id != project.id:
                risk = None
        else:
            risk = risk_store.risk_by_number(session=session, project=project, number=number or 0)
        if risk is None:
            return Closing(risk=None, closed=False)
        closed = risk_store.close_risk(
            session=session, risk=risk, user_id=user_id, note=note or None, now=deps.clock()
        )
    return Closing(risk=risk, closed=closed)
