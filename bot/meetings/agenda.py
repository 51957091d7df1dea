"""Each meeting's agenda, posted once per meeting before it: the client's variant in the client
channel, the team's in the internal channel (bot/scheduling/publishing.py: claimed per meeting
day, so retries, replicas and restarts post it once). The scheduler fires it at its time
(`AgendaSeries`); each sweep catches up an agenda missed while Rapport was down, as long as its
meeting has not begun (`catch_up_agendas`). Nothing is posted while the project is paused."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime, timedelta

from apscheduler.triggers.base import BaseTrigger
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.meetings.agenda_blocks import build_agenda
from bot.meetings.contents import AgendaRows, agenda_for, linked_places, read_agenda_rows
from bot.meetings.schedule import Occurrence, agenda_trigger, last_agenda_due
from bot.platform.blocks import Block
from bot.platform.deps import Deps
from bot.platform.workspaces import ClientFor
from bot.scheduling.publishing import Posted, Publication, publish_once
from bot.scheduling.triggers import Due, is_paused
from storage.db import session_scope
from storage.meetings import every_meeting, get_meeting
from storage.models import Meeting, Project
from storage.projects import list_projects, project_by_id
from storage.runs import find_run

logger = logging.getLogger(__name__)

JOB_PREFIX = "meeting-agenda"
LATE_AFTER = timedelta(minutes=5)


def agenda_job(meeting: Meeting) -> str:
    """The scheduler's job, and the claim's name (with `:client` or `:internal`)."""
    return f"{JOB_PREFIX}:{meeting.id}"


def post_agenda(
    deps: Deps,
    client: WebClient,
    project: Project,
    meeting: Meeting,
    due: Occurrence,
    *,
    late: bool = False,
) -> list[Posted]:
    """Both variants of this meeting's agenda, each once: the rows and their links are read
    once, by the first variant that is built."""
    found: list[tuple[AgendaRows, dict[str, str]]] = []

    def build(audience: str) -> tuple[str, list[Block], dict[str, object]]:
        if not found:
            with session_scope(deps.engine) as session:
                rows = read_agenda_rows(session=session, project=project, meeting=meeting, due=due)
            found.append((rows, permalinks(client, linked_places(rows))))
        rows, links = found[0]
        agenda = agenda_for(
            rows,
            project=project,
            meeting=meeting,
            due=due,
            audience=audience,
            links=links,
            late=late,
        )
        text, blocks = build_agenda(agenda)  # in the project's language (publish_once)
        return text, blocks, {"meeting_id": meeting.id}

    job = agenda_job(meeting)
    # The event type names the meeting: a takeover looking for an earlier post of this day
    # must not take another meeting's agenda of the same day for it.
    publication = Publication(job, f"rapport_agenda_{meeting.id}", build)
    return publish_once(
        deps, client, project, publication, Due(job, due.agenda_at, due.period_key), late
    )


def permalinks(client: WebClient, places: Mapping[str, tuple[str, str]]) -> dict[str, str]:
    """Slack's link to each message (chat.getPermalink); one Slack cannot give is left
    unlinked rather than guessed."""
    links = {}
    for key, (channel, ts) in places.items():
        try:
            links[key] = str(client.chat_getPermalink(channel=channel, message_ts=ts)["permalink"])
        except (SlackApiError, KeyError) as error:
            logger.info("no link to %s in %s: %s", ts, channel, error)
    return links


class AgendaSeries:
    """One scheduler job per meeting, at its agenda's time in the project's zone
    (bot/scheduling/runner.py's `Series`)."""

    def jobs(self, deps: Deps) -> Mapping[str, tuple[object, BaseTrigger]]:
        with session_scope(deps.engine) as session:
            meetings = every_meeting(session=session)
            zones = {p.id: p.timezone for p in list_projects(session=session)}
        jobs: dict[str, tuple[object, BaseTrigger]] = {}
        for meeting in meetings:
            zone = zones.get(meeting.project_id)
            if zone is None:
                continue
            key = (zone, meeting.weekday, meeting.time, meeting.agenda_lead_minutes)
            jobs[agenda_job(meeting)] = (key, agenda_trigger(meeting, zone))
        return jobs

    def fire(self, deps: Deps, client: WebClient, job_id: str) -> object:
        meeting_id = int(job_id.rpartition(":")[2])
        with session_scope(deps.engine) as session:
            meeting = get_meeting(session=session, meeting_id=meeting_id)
            project = (
                project_by_id(session=session, project_id=meeting.project_id) if meeting else None
            )
        if meeting is None or project is None:
            return None
        now = deps.clock()
        due = last_agenda_due(meeting, project.timezone, now)
        if due is None or not _postable(project, due, now):
            return None  # a week the meeting skips, or a pause
        return post_agenda(deps, client, project, meeting, due)


def catch_up_agendas(deps: Deps, client_for: ClientFor) -> None:
    """Each sweep: an agenda due and not posted (Rapport was down at its time) is posted late,
    until its meeting begins."""
    now = deps.clock()
    with session_scope(deps.engine) as session:
        meetings = every_meeting(session=session)
        projects = {p.id: p for p in list_projects(session=session)}
    for meeting in meetings:
        project = projects.get(meeting.project_id)
        due = last_agenda_due(meeting, project.timezone, now) if project else None
        if project is None or due is None or due.agenda_at < meeting.created_at:
            continue  # a meeting set after its agenda's time starts with the next one
        if not _postable(project, due, now) or _posted(deps, project, meeting, due):
            continue
        client = client_for(project)
        if client is None:
            continue  # its workspace uninstalled Rapport
        try:
            late = now - due.agenda_at > LATE_AFTER
            post_agenda(deps, client, project, meeting, due, late=late)
        except Exception:  # one meeting's trouble must not cost the others their agenda
            logger.exception("catching up the agenda of meeting %s failed", meeting.id)


def _postable(project: Project, due: Occurrence, now: datetime) -> bool:
    """Before the meeting, and not in a pause."""
    return now < due.starts_at and not is_paused(project, due.starts_at)


def _posted(deps: Deps, project: Project, meeting: Meeting, due: Occurrence) -> bool:
    """Whether every variant is posted already (the claims decide in any case; this only
    spares a sweep the attempt)."""
    audiences = ["client"] + (["internal"] if project.internal_channel_id else [])
    with session_scope(deps.engine) as session:
        runs = [
            find_run(
                session=session,
                job=f"{agenda_job(meeting)}:{audience}",
                project=project,
                period_key=due.period_key,
            )
            for audience in audiences
        ]
    return all(run is not None and run.state == "posted" for run in runs)
