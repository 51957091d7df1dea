"""An incident from declaration to review: each change is made in the session it is given (a
request's, which commits it); what tells Slack of it is separate work handed to `later`, so it
runs once the change has committed.

The notice in the client channel is posted once: a claim per incident (storage.runs) lets one
process post it, whether the request's follow-up or a sweep that finds a notice never posted
(the process died between the commit and the post); a claim taken over from a dead process
first looks in the channel for the notice (message metadata) before posting.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from slack_sdk import WebClient
from sqlmodel import Session

from bot.incidents.blocks import NOTICE_EVENT, build_alert, build_notice, build_thread_update
from bot.incidents.summary import (
    REVIEWED_SEVERITIES,
    build_resolution,
    build_review,
    build_review_request,
)
from bot.platform.asking import Asking, about
from bot.platform.deps import Deps
from bot.platform.i18n import _, speaking
from bot.platform.language import of_project, of_user
from bot.platform.roles import Act
from bot.platform.slack_client import best_effort
from bot.platform.telling import edit_post, tell_team
from bot.projects.incident_plan import next_update_at
from bot.scheduling.publishing import claim_once, finish_claim
from storage import incidents as store
from storage.db import session_scope
from storage.models import Incident, IncidentUpdate, Project
from storage.projects import owners_of
from storage.refs import incident_ref

logger = logging.getLogger(__name__)


def declare(
    session: Session,
    *,
    project: Project,
    severity: str,
    title: str,
    known: str,
    owner_id: str,
    declared_by: str,
    now: datetime,
) -> Incident:
    return store.add_incident(
        session=session,
        project=project,
        severity=severity,
        title=title,
        known=known,
        owner_id=owner_id,
        declared_by=declared_by,
        next_update_at=next_update_at(project, severity, now),
        now=now,
    )


def announce(deps: Deps, project: Project, incident: Incident, client: WebClient) -> None:
    """After the declaration has committed: the notice to the client, the alert to the team."""
    post_notice(deps, client, project, incident)
    with session_scope(deps.engine) as session:
        owners = owners_of(session=session, project=project)
    now = deps.clock()
    tell_team(
        deps,
        client,
        project,
        owners,
        lambda: build_alert(
            incident,
            project_name=project.name,
            owner_ids=owners,
            timezone=project.timezone,
            now=now,
        ),
        what="incident alert",  # i18n: not shown (logs)
    )


def post_notice(deps: Deps, client: WebClient, project: Project, incident: Incident) -> None:
    """The notice in the client channel, once whoever asks (claimed per incident)."""
    now = deps.clock()
    job = f"notice:{incident_ref(incident.number)}"
    claim = claim_once(deps, job, project, "declared", incident.declared_at)
    if claim is None:
        return  # posted, or being posted
    channel = project.client_channel_id
    ts = None
    # An earlier try may have posted before its answer was lost (a timeout, a 5xx) or before
    # its process died: look in the channel first, and post only when it is known not there.
    if claim.taken_over or claim.run.attempts > 1:
        try:
            ts = _earlier_notice(client, channel, incident)
        except Exception as error:
            logger.warning("could not look for an earlier incident notice: %s", error)
            finish_claim(deps, claim, "error", channel, None, str(error))
            return
    if ts is None:
        with speaking(of_project(project, deps.settings.default_language)):
            text, blocks = build_notice(incident, timezone=project.timezone, now=now)
        try:
            posted = client.chat_postMessage(
                channel=channel,
                text=text,
                blocks=blocks,
                metadata={
                    "event_type": NOTICE_EVENT,
                    "event_payload": {"incident_id": incident.id},
                },
            )
            ts = str(posted["ts"])
        except Exception as error:  # refused or unconfirmed: a sweep tries again later
            logger.warning("incident notice to %s failed: %s", channel, error)
            finish_claim(deps, claim, "refused", channel, None, str(error))
            return
    with session_scope(deps.engine) as session:
        store.set_notice(session=session, incident=incident, channel_id=channel, ts=ts, now=now)
    finish_claim(deps, claim, "posted", channel, ts)
    incident.notice_channel_id, incident.notice_ts, incident.noticed_at = channel, ts, now


def _earlier_notice(client: WebClient, channel: str, incident: Incident) -> str | None:
    """The ts of a notice a dead process posted before it could record it, if it did."""
    page = client.conversations_history(
        channel=channel,
        oldest=str((incident.declared_at - timedelta(minutes=5)).timestamp()),
        include_all_metadata=True,
        limit=200,
    )
    for message in page.get("messages") or []:
        metadata = message.get("metadata") or {}
        payload = metadata.get("event_payload") or {}
        if metadata.get("event_type") == NOTICE_EVENT and payload.get("incident_id") == incident.id:
            return str(message["ts"])
    return None


def refresh_notice(deps: Deps, client: WebClient, project: Project, incident: Incident) -> None:
    """The notice edited in place: its state and status line."""
    if incident.notice_channel_id is None or incident.notice_ts is None:
        return
    edit_post(
        client,
        incident.notice_channel_id,
        incident.notice_ts,
        of_project(project, deps.settings.default_language),
        lambda: build_notice(incident, timezone=project.timezone, now=deps.clock()),
        what="incident notice refresh",  # i18n: not shown (logs)
    )


def managed_by(
    session: Session, asking: Asking, incident_id: int
) -> tuple[Project, Incident] | None:
    """The incident and its project, when whoever asks is of its team."""
    incident = store.get_incident(session=session, incident_id=incident_id)
    if incident is None:
        return None
    on_project = about(session, asking, incident.project_id)
    if on_project.project is None or not on_project.may(Act.MANAGE_INCIDENT):
        return None
    return on_project.project, incident


def post_update(
    session: Session,
    *,
    project: Project,
    incident: Incident,
    author_id: str,
    text: str,
    severity: str | None,
    now: datetime,
) -> tuple[IncidentUpdate, str] | None:
    """The update and the severity before it; None when the incident is resolved."""
    was = incident.severity
    chosen = severity or was
    update = store.add_update(
        session=session,
        incident=incident,
        author_id=author_id,
        text=text,
        severity=chosen,
        next_update_at=next_update_at(project, chosen, now),
        now=now,
    )
    return None if update is None else (update, was)


def open_on(session: Session, project: Project) -> list[Incident]:
    """`/incident list`: the open incidents, by number."""
    return store.open_incidents(session=session, project=project)


def resolve(
    session: Session, *, incident: Incident, user_id: str, summary: str, now: datetime
) -> bool:
    """Resolved with its summary, once: False when someone resolved it first (theirs stands)."""
    return store.resolve_incident(
        session=session, incident=incident, user_id=user_id, summary=summary, now=now
    )


def review(
    session: Session,
    *,
    incident: Incident,
    user_id: str,
    cause: str,
    fix: str,
    prevention: str,
    now: datetime,
) -> bool:
    """The post-incident review, once: False when it was written already."""
    return store.record_review(
        session=session,
        incident=incident,
        user_id=user_id,
        cause=cause,
        fix=fix,
        prevention=prevention,
        now=now,
    )


def tell_update(
    deps: Deps,
    project: Project,
    incident: Incident,
    update: IncidentUpdate,
    was: str,
    client: WebClient,
) -> None:
    """After an update has committed: in the notice's thread, and the notice's status line."""
    refresh_notice(deps, client, project, incident)
    with speaking(of_project(project, deps.settings.default_language)):
        text, blocks = build_thread_update(
            update, incident, was=was, timezone=project.timezone, now=deps.clock()
        )
    best_effort(
        "incident update",  # i18n: not shown (logs)
        client.chat_postMessage,
        channel=incident.notice_channel_id or project.client_channel_id,
        thread_ts=incident.notice_ts,
        text=text,
        blocks=blocks,
    )


def tell_resolved(deps: Deps, project: Project, incident: Incident, client: WebClient) -> None:
    """After the resolution has committed: the summary with its timeline for the client, the
    notice closed, and for SEV1 and SEV2 the owner asked for the review."""
    with session_scope(deps.engine) as session:
        assert incident.id is not None
        updates = store.updates_of(session=session, incident_id=incident.id)
    refresh_notice(deps, client, project, incident)
    with speaking(of_project(project, deps.settings.default_language)):
        text, blocks = build_resolution(incident, updates, timezone=project.timezone)
    best_effort(
        "incident resolution",  # i18n: not shown (logs)
        client.chat_postMessage,
        channel=project.client_channel_id,
        text=text,
        blocks=blocks,
    )
    if incident.severity in REVIEWED_SEVERITIES:
        with speaking(of_user(deps, incident.owner_id, project)):
            text, blocks = build_review_request(incident, project_name=project.name)
        best_effort(
            "review request",  # i18n: not shown (logs)
            client.chat_postMessage,
            channel=incident.owner_id,
            text=text,
            blocks=blocks,
        )


def tell_reviewed(deps: Deps, project: Project, incident: Incident, client: WebClient) -> None:
    """After the review has committed: shared with the client in the client channel, like the
    resolution before it (not in the notice's thread, where it would go unseen)."""
    with speaking(of_project(project, deps.settings.default_language)):
        text, blocks = build_review(incident)
    best_effort(
        "incident review",  # i18n: not shown (logs)
        client.chat_postMessage,
        channel=project.client_channel_id,
        text=text,
        blocks=blocks,
    )


def incident_named(session: Session, project: Project, number: int | None) -> Incident | str:
    """The incident named, or the only open one; else what to type."""
    if number is not None:
        found = store.incident_by_number(session=session, project=project, number=number)
        return found or _("There is no {ref} on this project.").format(ref=incident_ref(number))
    still_open = store.open_incidents(session=session, project=project)
    if len(still_open) == 1:
        return still_open[0]
    if not still_open:
        return _("No incident is open on this project.")
    return _("Several incidents are open: name one, e.g. `/incident update {ref} …`.").format(
        ref=incident_ref(still_open[0].number)
    )
