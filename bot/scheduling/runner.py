"""Turns every project's plan into APScheduler jobs, and catches up on what was missed.

One APScheduler job per project and kind fires at the plan's local time. A sweep (at start-up,
then every SWEEP_SECONDS) re-reads every plan, reschedules what changed, and posts anything due
that has no record yet: late if within CATCH_UP_HOURS, otherwise recorded as missed. Whatever
fires, the claim in the database (bot/scheduling/publishing.py) lets each period post once, so
several schedulers on one database double nothing; running one per deployment just avoids the
extra work.

The scheduler knows when things are due and how each kind is claimed; what each post says is
the features' business. They hand it their work through `ScheduledWork`, which the composition
root (bot/app.py) fills, so scheduling imports no feature and every feature may use scheduling.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.interval import IntervalTrigger
from slack_sdk import WebClient

from bot.platform.deps import Deps
from bot.platform.slack_client import SCHEDULED_POSTS, make_web_client
from bot.scheduling.publishing import WORKER
from bot.scheduling.triggers import Due, is_paused, kinds_on, last_due, trigger_for
from storage.db import session_scope
from storage.models import Project
from storage.projects import list_projects, project_by_id
from storage.runs import MAX_ATTEMPTS, RETRYABLE, find_run, record_missed, runs_since

logger = logging.getLogger(__name__)

POSTS = ("digest", "report")  # caught up late or recorded as missed; reminders are not
LATE_AFTER = timedelta(minutes=5)  # a catch-up this long after its time is marked late
REMINDERS_CATCH_UP = timedelta(hours=1)  # a reminder hours late would only annoy
# Posted once per period under one claim of their own; caught up within CATCH_UP_HOURS.
CLAIMED_ONCE = ("poll", "review")


class ScheduledPost(Protocol):
    """Posts one period of a kind for a project; it claims the period itself, so a second call
    for the same period posts nothing."""

    def __call__(
        self, deps: Deps, client: WebClient, project: Project, *, due: Due, late: bool
    ) -> object: ...


@dataclass(frozen=True)
class ScheduledWork:
    """What the scheduler runs: each kind of scheduled post (digest, report, reminders, poll),
    what every sweep does once, and what it does for each project that is not paused."""

    posts: Mapping[str, ScheduledPost]
    every_sweep: Sequence[Callable[[Deps, WebClient], object]] = ()
    every_project: Sequence[Callable[[Deps, WebClient, Project], object]] = ()


class PlanScheduler:
    def __init__(self, deps: Deps, work: ScheduledWork, client: WebClient | None = None) -> None:
        self.deps = deps
        self.work = work
        # Scheduled posts retry 429s only, paced within Slack's limits: see make_web_client.
        self.client = client or make_web_client(
            deps.settings, retries="rate-limits", pacer=SCHEDULED_POSTS
        )
        self.scheduler = BackgroundScheduler(
            timezone="UTC",
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 300},
        )
        self._plans: dict[int, tuple[object, ...]] = {}
        self._lock = threading.Lock()

    def start(self) -> None:
        """Schedule every plan now; the first sweep (catching up) runs at once on the
        scheduler's own thread, so a server starting beside it answers from the first second."""
        with session_scope(self.deps.engine) as session:
            projects = list_projects(session=session)
        for project in projects:
            self._schedule(project)
        self.scheduler.add_job(
            self.sweep,
            IntervalTrigger(seconds=self.deps.settings.sweep_seconds),
            id="sweep",
            next_run_time=datetime.now(UTC),
            replace_existing=True,
        )
        self.scheduler.start()
        self.deps.plan_listeners.append(self.plan_changed)
        logger.info("scheduler started as %s with %d projects", WORKER, len(projects))

    def shutdown(self) -> None:
        if self.plan_changed in self.deps.plan_listeners:
            self.deps.plan_listeners.remove(self.plan_changed)
        if self.scheduler.running:
            self.scheduler.shutdown(wait=True)

    def plan_changed(self, project_id: int) -> None:
        """Called in-process right after `/project set`: reschedule now, not at the next sweep.
        (A separate `scheduler` process learns of it at its next sweep.)"""
        with session_scope(self.deps.engine) as session:
            project = project_by_id(session=session, project_id=project_id)
        if project is not None:
            self._schedule(project)

    def sweep(self) -> None:
        for task in self.work.every_sweep:  # closing polls: also those that ended while down
            try:
                task(self.deps, self.client)
            except Exception:
                logger.exception("%s failed", getattr(task, "__name__", "a sweep task"))
        with session_scope(self.deps.engine) as session:
            projects = list_projects(session=session)
        for project in projects:
            try:
                self._schedule(project)
                self.catch_up(project)
                if not is_paused(project, self.deps.clock()):
                    for check in self.work.every_project:
                        check(self.deps, self.client, project)
            except Exception:  # one broken project must not stop the others' posts
                logger.exception("sweep failed for project %s", project.id)

    def catch_up(self, project: Project) -> None:
        now = self.deps.clock()
        grace = timedelta(hours=self.deps.settings.catch_up_hours)
        not_before = max(project.created_at, project.plan_changed_at or project.created_at)
        for kind in kinds_on(project):
            due = last_due(kind, project, now)
            if due is None or due.at < not_before or self._recorded(kind, project, due):
                continue
            counted_from = due.at
            if is_paused(project, due.at):
                if kind != "report" or is_paused(project, now):
                    continue  # a pause means no digest and no reminders that week
                # A report covers a month already past: it comes when the pause ends.
                counted_from = max(due.at, _day_after_pause(project))
            window = grace if kind in POSTS or kind == "review" else REMINDERS_CATCH_UP
            if now - counted_from <= window:
                logger.info("catching up %s of project %s for %s", kind, project.id, due.period_key)
                self.run(kind, project, due, late=now - due.at > LATE_AFTER)
            elif kind in POSTS:
                self._record_missed(kind, project, due)

    def fire(self, kind: str, project_id: int) -> None:
        """An APScheduler job: post what is due now."""
        with session_scope(self.deps.engine) as session:
            project = project_by_id(session=session, project_id=project_id)
        if project is None or kind not in kinds_on(project):
            return
        due = last_due(kind, project, self.deps.clock())
        if due is None or is_paused(project, due.at):
            return
        self.run(kind, project, due, late=False)

    def run(self, kind: str, project: Project, due: Due, *, late: bool) -> None:
        post = self.work.posts.get(kind)
        if post is None:
            logger.warning("nothing posts %s: it is not in the scheduled work", kind)
            return
        post(self.deps, self.client, project, due=due, late=late)

    def _schedule(self, project: Project) -> None:
        assert project.id is not None
        plan = (
            project.timezone,
            project.digest_weekday,
            project.digest_time,
            project.report_time,
            project.reminder_lead_hours,
            project.review_every_months,
        )
        # Held while the jobs change too: two quick plan changes must not leave the older one.
        with self._lock:
            if self._plans.get(project.id) == plan:
                return
            self._plans[project.id] = plan
            for kind in self.work.posts:
                job_id = f"{kind}:{project.id}"
                if kind not in kinds_on(project):
                    if self.scheduler.get_job(job_id) is not None:
                        self.scheduler.remove_job(job_id)
                    continue
                self.scheduler.add_job(
                    self.fire,
                    trigger_for(kind, project),
                    args=[kind, project.id],
                    id=job_id,
                    replace_existing=True,
                )

    def _recorded(self, kind: str, project: Project, due: Due) -> bool:
        """Whether this period needs nothing more: every post of it is done, given up on, or
        claimed by a process that is (as far as the claim's age says) still alive."""
        stale_before = self.deps.clock() - timedelta(
            seconds=self.deps.settings.claim_timeout_seconds
        )
        with session_scope(self.deps.engine) as session:
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

    def _record_missed(self, kind: str, project: Project, due: Due) -> None:
        audiences = ["client"] + (["internal"] if project.internal_channel_id else [])
        with session_scope(self.deps.engine) as session:
            for audience in audiences:
                if record_missed(
                    session=session,
                    job=f"{kind}:{audience}",
                    project=project,
                    period_key=due.period_key,
                    scheduled_for=due.at,
                    worker=WORKER,
                    now=self.deps.clock(),
                    timeout=timedelta(seconds=self.deps.settings.claim_timeout_seconds),
                ):
                    logger.warning(
                        "%s of project %s for %s missed: due %s, beyond the catch-up window",
                        kind,
                        project.id,
                        due.period_key,
                        due.at.isoformat(),
                    )


def _day_after_pause(project: Project) -> datetime:
    assert project.paused_until is not None
    end = project.paused_until + timedelta(days=1)
    return datetime(end.year, end.month, end.day, tzinfo=ZoneInfo(project.timezone))
