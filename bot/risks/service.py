"""The risk log's core: reading the quick form, logging a risk and alerting the owners of a high
one, closing a risk once.

Like the feedback loop, each step commits before it talks to Slack; what Slack refuses after
that is logged and worked around, never raised: the risk is logged and has its reference.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.platform import i18n
from bot.platform.blocks import keep_it_to
from bot.platform.deps import Deps
from bot.platform.i18n import _
from bot.platform.language import of_project, of_user
from bot.platform.telling import _best_effort
from bot.risks.blocks import MITIGATION_LIMIT, NOTE_LIMIT, TITLE_LIMIT, RiskForm, build_risk_alert
from bot.risks.quick_form import RiskFormError
from storage import risks as risk_store
from storage.db import session_scope
from storage.models import Project, Risk
from storage.projects import members

logger = logging.getLogger(__name__)

LEVELS = risk_store.LEVELS


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
    them all (in the project's language) or, without one or when Slack refuses it there, a
    direct message to each (in each owner's). Never the client channel, whatever the risk's
    visibility."""
    with session_scope(deps.engine) as session:
        owner_ids = [m.user_id for m in members(session=session, project=project, role="owner")]
    channel = project.internal_channel_id
    refused: str | None = None
    if channel is not None and channel != project.client_channel_id:
        with i18n.speaking(of_project(project, deps.settings.default_language)):
            text, blocks = build_risk_alert(risk, project_name=project.name, owner_ids=owner_ids)
        try:
            client.chat_postMessage(channel=channel, text=text, blocks=blocks)
            return Alert(owner_ids=owner_ids, channel_id=channel)
        except SlackApiError as error:
            refused = str(error.response.get("error"))
            logger.warning("risk alert refused in %s: %s", channel, refused)
    told: list[str] = []
    for owner_id in owner_ids:
        with i18n.speaking(of_user(deps, owner_id, project)):
            text, blocks = build_risk_alert(
                risk,
                project_name=project.name,
                owner_ids=owner_ids,
                reason=_why_direct(channel, refused),
            )
        if _best_effort(
            "risk alert to an owner",  # i18n: not shown (a log line)
            client.chat_postMessage,
            channel=owner_id,
            text=text,
            blocks=blocks,
        ):
            told.append(owner_id)
    return Alert(owner_ids=told, channel_id=None)


def _why_direct(channel: str | None, refused: str | None) -> str | None:
    """Why the alert came by direct message, in the reader's language."""
    if channel is None:
        return _("This project has no internal channel: `/project set internal-channel #name`.")
    if refused is not None:
        return _("I could not post in <#{channel}> ({why}): invite me there.").format(
            channel=channel, why=refused
        )
    return None


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
        raise RiskFormError(
            _("Keep the note to {limit} characters.").format(limit=i18n.number(NOTE_LIMIT))
        )
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
