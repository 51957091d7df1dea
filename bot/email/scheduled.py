"""When emails go: right after the Slack posts of a scheduled digest or report, on a pool of
their own (`deps.mail`), so that no SMTP server, slow or down, delays a Slack post of this
project or any other; and at every sweep of the scheduler, which sends what is left: a retry
whose backoff has passed, a claim left by a process that died, an email the Slack post's
process never got to. Emails follow the scheduled posts only: a digest posted on demand
(`/status digest post`) sends none."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from functools import partial
from typing import Protocol

from slack_sdk import WebClient
from sqlmodel import Session

from bot.digest.posting import post_digest
from bot.email.contents import JOBS, Period
from bot.email.sending import send_period
from bot.platform.deps import Deps
from bot.platform.workspaces import ClientFor
from bot.report.posting import post_report
from bot.scheduling.publishing import Posted
from bot.scheduling.triggers import Due, kinds_on, last_due
from storage.db import session_scope
from storage.email import (
    active_addresses,
    projects_with_recipients,
    sends_to_resume,
    unsent_addresses,
)
from storage.models import Project
from storage.projects import project_by_id
from storage.runs import find_run

logger = logging.getLogger(__name__)


class Post(Protocol):
    def __call__(
        self, deps: Deps, client: WebClient, project: Project, *, due: Due | None, late: bool
    ) -> list[Posted]: ...


def then_emails(job: str, post: Post) -> Post:
    """A scheduled post (`SCHEDULED_WORK`): the Slack posts, then the period's emails."""

    def scheduled(
        deps: Deps,
        client: WebClient,
        project: Project,
        *,
        due: Due | None = None,
        late: bool = False,
    ) -> list[Posted]:
        posted = post(deps, client, project, due=due, late=late)
        if due is not None:
            _send_later(deps, client, Period(project, job, due.period_key, due.at, late))
        return posted

    return scheduled


digest_then_emails = then_emails("digest", post_digest)
report_then_emails = then_emails("report", post_report)


def send_due_emails(deps: Deps, client_for: ClientFor) -> None:
    """Every sweep: the periods with an email still to send, each handed to the mail pool
    (with a Slack client of the project's workspace, for the names of people)."""
    if not deps.settings.email.enabled:
        return
    now = deps.clock()
    stale_before = now - timedelta(seconds=deps.settings.claim_timeout_seconds)
    window = timedelta(hours=deps.settings.catch_up_hours)
    periods: dict[tuple[int, str, str], Period] = {}
    with session_scope(deps.engine) as session:
        projects: dict[int, Project | None] = {}

        def project(project_id: int) -> Project | None:
            if project_id not in projects:
                projects[project_id] = project_by_id(session=session, project_id=project_id)
            return projects[project_id]

        for send in sends_to_resume(session=session, now=now, stale_before=stale_before):
            if (found := project(send.project_id)) is not None:
                period = Period(found, send.job, send.period_key, send.scheduled_for)
                periods[(send.project_id, send.job, send.period_key)] = period
        for project_id in projects_with_recipients(session=session):
            if (found := project(project_id)) is None:
                continue
            for period in _fresh_periods(session, found, now, window):
                periods.setdefault((project_id, period.job, period.period_key), period)
    for period in periods.values():
        if (client := client_for(period.project)) is not None:
            _send_later(deps, client, period)


def _fresh_periods(
    session: Session, project: Project, now: datetime, window: timedelta
) -> list[Period]:
    """This project's latest digest and report, when their Slack posts are done (whatever Slack
    said) within the catch-up window, and someone listed has no email of them yet."""
    found = []
    for job in JOBS:
        if job not in kinds_on(project) or (due := last_due(job, project, now)) is None:
            continue
        if now - due.at > window:
            continue
        run = find_run(
            session=session, job=f"{job}:client", project=project, period_key=due.period_key
        )
        if run is None or run.state in ("claimed", "missed"):
            continue  # not posted yet (the Slack post comes first), or never will be
        assert project.id is not None
        addresses = active_addresses(session=session, project_id=project.id, added_by=due.at)
        if unsent_addresses(
            session=session,
            project_id=project.id,
            job=job,
            period_key=due.period_key,
            addresses=addresses,
        ):
            found.append(Period(project, job, due.period_key, due.at, run.late))
    return found


def _send_later(deps: Deps, client: WebClient, period: Period) -> None:
    if deps.settings.email.enabled:
        deps.mail.submit(partial(_send_logged, deps, client, period))


def _send_logged(deps: Deps, client: WebClient, period: Period) -> None:
    try:
        send_period(deps, client, period)
    except Exception:  # the next sweep tries again: the claims say what is left
        logger.exception("emails of %s %s failed", period.job, period.period_key)
