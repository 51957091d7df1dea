"""Incidents on the bot's own clock, at every sweep of the scheduler, whatever the working
hours and whether or not the project's scheduled posts are paused: the owner is reminded when
the next update is due, the owners are warned when it is late by more than its interval, and a
notice never posted (its process died after the commit) is posted.

Each reminder and warning is claimed per (incident, due time) in storage.runs, so however many
schedulers sweep, replicas or restarts, it goes once; an update moves the due time, and with it
the next reminder's claim."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from functools import partial

from slack_sdk import WebClient

from bot.incidents.blocks import build_late_warning, build_reminder
from bot.incidents.service import post_notice
from bot.platform.deps import Deps
from bot.platform.i18n import speaking
from bot.platform.language import of_user
from bot.platform.telling import tell_team
from bot.platform.workspaces import ClientFor
from bot.projects.incident_plan import interval_length
from bot.scheduling.publishing import claim_once, finish_claim
from storage import incidents as store
from storage.db import session_scope
from storage.models import Incident, Project
from storage.projects import owners_of, project_by_id
from storage.refs import incident_ref

logger = logging.getLogger(__name__)

NOTICE_GRACE = timedelta(minutes=1)  # the request's own follow-up posts it well before this


def remind_incidents(deps: Deps, client_for: ClientFor) -> None:
    """Run by every sweep."""
    now = deps.clock()
    with session_scope(deps.engine) as session:
        unnoticed = store.without_notice(session=session, declared_before=now - NOTICE_GRACE)
        due = store.updates_due(session=session, now=now)
        projects = {
            i.project_id: project_by_id(session=session, project_id=i.project_id)
            for i in [*unnoticed, *due]
        }
    for incident in unnoticed:
        project = projects.get(incident.project_id)
        if project is not None and (client := client_for(project)) is not None:
            post_notice(deps, client, project, incident)
    for incident in due:
        project = projects.get(incident.project_id)
        if project is None or (client := client_for(project)) is None:
            continue  # gone, or its workspace uninstalled Rapport
        try:
            _remind(deps, client, project, incident, now)
        except Exception:  # one incident's trouble must not keep the others' reminders
            logger.exception("incident reminder failed for %s", incident_ref(incident.number))


def _remind(
    deps: Deps, client: WebClient, project: Project, incident: Incident, now: datetime
) -> None:
    assert incident.next_update_at is not None
    ref = incident_ref(incident.number)
    due, period = incident.next_update_at, f"{incident.next_update_at:%Y%m%dT%H%M%SZ}"
    if (claim := claim_once(deps, f"incident-reminder:{ref}", project, period, due)) is not None:
        with speaking(of_user(deps, incident.owner_id, project)):
            text, blocks = build_reminder(
                incident, project_name=project.name, timezone=project.timezone
            )
        try:
            sent = client.chat_postMessage(channel=incident.owner_id, text=text, blocks=blocks)
            finish_claim(deps, claim, "posted", str(sent["channel"]), str(sent["ts"]))
        except Exception as error:
            logger.warning("incident reminder to the owner failed: %s", error)
            finish_claim(deps, claim, "refused", None, None, str(error))
    late_by = now - incident.next_update_at
    if late_by < interval_length(project, incident.severity):
        return
    if (claim := claim_once(deps, f"incident-late:{ref}", project, period, due)) is None:
        return
    with session_scope(deps.engine) as session:
        owners = owners_of(session=session, project=project)
    told = tell_team(
        deps,
        client,
        project,
        owners,
        partial(
            build_late_warning,
            incident,
            project_name=project.name,
            timezone=project.timezone,
            now=now,
        ),
        what="late incident update",  # i18n: not shown (logs)
    )
    finish_claim(deps, claim, "posted" if told.anyone else "refused", told.channel_id, None)
