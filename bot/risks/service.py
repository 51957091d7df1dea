"""The risk log's core: logging a risk and alerting the owners of a high one, closing a risk
once.

Like the feedback loop, each change is made in the session it is given (a request's,
bot/platform/unit_of_work.py), which commits it; the alert to the team is separate work the
request hands to `later`, run once the risk has committed. What Slack refuses then is logged and
worked around, never raised: the risk is logged and has its reference.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from slack_sdk import WebClient
from sqlmodel import Session

from bot.platform import i18n
from bot.platform.asking import Asking, about
from bot.platform.deps import Deps
from bot.platform.i18n import _
from bot.platform.roles import Act
from bot.platform.telling import Told, tell_team
from bot.risks.blocks import build_risk_alert
from bot.risks.forms import NOTE_LIMIT, RiskForm
from bot.risks.quick_form import RiskFormError
from storage import risks as risk_store
from storage.db import session_scope
from storage.models import Project, Risk
from storage.projects import owners_of

logger = logging.getLogger(__name__)

LEVELS = risk_store.LEVELS


def record_risk(
    session: Session, *, project: Project, form: RiskForm, created_by: str, now: datetime
) -> Risk:
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
        now=now,
    )


def alert_team(deps: Deps, client: WebClient, *, project: Project, risk: Risk) -> Told:
    """After the risk has committed: a high risk goes to the team at once
    (bot/platform/telling.py), its post mentioning every owner; never to the client channel,
    whatever the risk's visibility."""
    with session_scope(deps.engine) as session:
        owners = owners_of(session=session, project=project)
    return tell_team(
        deps,
        client,
        project,
        owners,
        lambda: build_risk_alert(risk, project_name=project.name, owner_ids=owners),
        what="risk alert",  # i18n: not shown (logs)
    )


@dataclass(frozen=True)
class Closing:
    """What `close` did: `risk` None when the project has no such risk; `closed` False when it
    was closed already (by someone else, or by the same click delivered twice)."""

    risk: Risk | None
    closed: bool


def close(
    session: Session,
    *,
    project: Project,
    number: int | None = None,
    risk_id: int | None = None,
    user_id: str,
    note: str,
    now: datetime,
) -> Closing:
    note = note.strip()
    if len(note) > NOTE_LIMIT:
        raise RiskFormError(
            _("Keep the note to {limit} characters.").format(limit=i18n.number(NOTE_LIMIT))
        )
    if risk_id is not None:
        risk = risk_store.get_risk(session=session, risk_id=risk_id)
        if risk is not None and risk.project_id != project.id:
            risk = None
    else:
        risk = risk_store.risk_by_number(session=session, project=project, number=number or 0)
    if risk is None:
        return Closing(risk=None, closed=False)
    closed = risk_store.close_risk(
        session=session, risk=risk, user_id=user_id, note=note or None, now=now
    )
    return Closing(risk=risk, closed=closed)


def closable_by(session: Session, asking: Asking, risk_id: int) -> tuple[Risk, Project] | None:
    """The risk and its project, when whoever clicked may close it there (its team)."""
    risk = risk_store.get_risk(session=session, risk_id=risk_id)
    if risk is None:
        return None
    on_project = about(session, asking, risk.project_id)
    if on_project.project is None or not on_project.may(Act.CLOSE_RISK):
        return None
    return risk, on_project.project


def open_for(session: Session, project: Project, *, internal_too: bool) -> list[Risk]:
    """`/risk list`: what is open, highest severity first; the client's view leaves out the
    team's internal risks."""
    return risk_store.open_risks(session=session, project=project, include_internal=internal_too)
