"""What the runner (bot/scheduling/runner.py) asks of the record of scheduled posts: whether a
period needs nothing more, and how a period beyond the catch-up window is recorded as missed."""

from __future__ import annotations

import logging
from datetime import timedelta

from bot.platform.deps import Deps
from bot.scheduling.publishing import WORKER
from bot.scheduling.triggers import Due
from storage.db import session_scope
from storage.models import Project
from storage.runs import MAX_ATTEMPTS, RETRYABLE, find_run, record_missed, runs_since

logger = logging.getLogger(__name__)

POSTS = ("digest", "report")  # caught up late or recorded as missed; reminders are not
# Posted once per period under one claim of their own; caught up within CATCH_UP_HOURS.
CLAIMED_ONCE = ("poll", "review")


def period_recorded(deps: Deps, kind: str, project: Project, due: Due) -> bool:
    """Whether this period needs nothing more: every post of it is done, given up on, or
    claimed by a process that is (as far as the claim's age says) still alive."""
    stale_before = deps.clock() - timedelta(seconds=deps.settings.claim_timeout_seconds)
    with session_scope(deps.engine) as session:
        if kind in POSTS:
            audiences = ["client"] + (["internal"] if project.internal_channel_id else [])
            found = [
                find_run(
                    session=session,
                    job=f"{kind}:{audience}",
                    project=project,
                    period_key=due.period_key,
                )
                for audience in audiences
            ]
            return all(
                run is not None
                and not (run.state == "claimed" and run.claimed_at < stale_before)
                and not (run.state in RETRYABLE and run.attempts < MAX_ATTEMPTS)
                for run in found
            )
        if kind in CLAIMED_ONCE:
            found_claim = find_run(
                session=session, job=kind, project=project, period_key=due.period_key
            )
            return found_claim is not None
        # Reminders go person by person; any record for the period means they went out.
        return any(
            run.job.startswith("reminder:") and run.period_key == due.period_key
            for run in runs_since(session=session, project=project, since=due.at)
        )


def record_missed_period(deps: Deps, kind: str, project: Project, due: Due) -> None:
    audiences = ["client"] + (["internal"] if project.internal_channel_id else [])
    with session_scope(deps.engine) as session:
        for audience in audiences:
            if record_missed(
                session=session,
                job=f"{kind}:{audience}",
                project=project,
                period_key=due.period_key,
                scheduled_for=due.at,
                worker=WORKER,
                now=deps.clock(),
                timeout=timedelta(seconds=deps.settings.claim_timeout_seconds),
            ):
                logger.warning(
                    "%s of project %s for %s missed: due %s, beyond the catch-up window",
                    kind,
                    project.id,
                    due.period_key,
                    due.at.isoformat(),
                )
