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
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.interval import IntervalTrigger
from slack_sdk import WebClient

from bot.platform.deps import Deps
from bot.platform.slack_client import SCHEDULED_POSTS, make_web_client
from bot.platform.workspaces import ClientFor
from bot.scheduling.publishing import WORKER
from bot.scheduling.records import POSTS, period_recorded, record_missed_period
from bot.scheduling.triggers import Due, is_paused, kinds_on, last_due, trigger_for
from storage.db import session_scope
from storage.models import Project
from storage.projects import list_projects, project_by_id

logger = logging.getLogger(__name__)

LATE_AFTER = timedelta(minutes=5)  # a catch-up this long after its time is marked late
REMINDERS_CATCH_UP = timedelta(hours=1)  # a reminder hours late would only annoy


class ScheduledPost(Protocol):
    """Posts one period of a kind for a project; it claims the period itself, so a second call
    for the same period posts nothing."""

    def __call__(
        self, deps: Deps, client: WebClient, project: Project, *, due: Due, late: bool
    ) -> object: ...


class Series(Protocol):
    """Scheduled posts kept in a feature's own rows rather than in the plan's columns (a
    meeting's agenda): one APScheduler job per row. `jobs` names every job with a key (a
    changed key reschedules it) and its trigger; `fire` posts what that job has due now,
    claiming it itself. Catching up is the feature's own sweep task (`every_sweep`)."""

    def jobs(self, deps: Deps) -> Mapping[str, tuple[object, BaseTrigger]]: ...

    def fire(self, deps: Deps, client: WebClient, job_id: str) -> object: ...


@dataclass(frozen=True)
class ScheduledWork:
    """What the scheduler runs: each kind of scheduled post (digest, report, reminders, poll),
    what every sweep does once (given the client of each project's workspace), what it does
    for each project that is not paused, and the series of posts features keep in rows of
    their own."""

    posts: Mapping[str, ScheduledPost]
    every_sweep: Sequence[Callable[[Deps, ClientFor], object]] = ()
    every_project: Sequence[Callable[[Deps, WebClient, Project], object]] = ()
    series: Sequence[Series] = ()


class PlanScheduler:
    def __init__(self, deps: Deps, work: ScheduledWork, client: WebClient | None = None) -> None:
        self.deps = deps
        self.work = work
        # Scheduled posts retry 429s only, paced within Slack's limits: see make_web_client.
        # One client for every project (the single workspace's, or the one given); in OAuth
        # mode each project's workspace has its own token (`client_for`).
        self.client = client or make_web_client(
            deps.settings, retries="rate-limits", pacer=SCHEDULED_POSTS
        )
        self._per_workspace = client is None and deps.workspaces.multi
        self.scheduler = BackgroundScheduler(
            timezone="UTC",
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 300},
        )
        self._plans: dict[int, tuple[int, tuple[object, ...]]] = {}  # by id: (version, plan)
        self._series_keys: dict[str, object] = {}
        self._lock = threading.Lock()

    def start(self) -> None:
        """Schedule every plan now; the first sweep (catching up) runs at once on the
        scheduler's own thread, so a server starting beside it answers from the first second."""
        with session_scope(self.deps.engine) as session:
            projects = list_projects(session=session)
        for project in projects:
            self._schedule(project)
        self._schedule_series()
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
        self._schedule_series()

    def client_for(self, project: Project) -> WebClient | None:
        """The client that posts for the project: with its workspace's bot token in OAuth mode
        (None when the workspace uninstalled Rapport: nothing of it is posted)."""
        if not self._per_workspace:
            return self.client
        token = self.deps.workspaces.token_for(project.team_id)
        if token is None:
            logger.info("project %s: its workspace has no installation; skipped", project.id)
            return None
        return make_web_client(
            self.deps.settings, retries="rate-limits", pacer=SCHEDULED_POSTS, token=token
        )

    def sweep(self) -> None:
        try:
            self._schedule_series()
        except Exception:
            logger.exception("could not schedule the series")
        for task in self.work.every_sweep:  # closing polls: also those that ended while down
            try:
                task(self.deps, self.client_for)
            except Exception:
                logger.exception("%s failed", getattr(task, "__name__", "a sweep task"))
        with session_scope(self.deps.engine) as session:
            projects = list_projects(session=session)
        for project in projects:
            try:
                self._schedule(project)
                self.catch_up(project)
                client = self.client_for(project)
                if client is not None and not is_paused(project, self.deps.clock()):
                    for check in self.work.every_project:
                        check(self.deps, client, project)
            except Exception:  # one broken project must not stop the others' posts
                logger.exception("sweep failed for project %s", project.id)

    def catch_up(self, project: Project) -> None:
        now = self.deps.clock()
        grace = timedelta(hours=self.deps.settings.catch_up_hours)
        not_before = max(project.created_at, project.plan_changed_at or project.created_at)
        for kind in kinds_on(project):
            due = last_due(kind, project, now)
            if due is None or due.at < not_before or period_recorded(self.deps, kind, project, due):
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
                record_missed_period(self.deps, kind, project, due)

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
        client = self.client_for(project)
        if client is not None:
            post(self.deps, client, project, due=due, late=late)

    def _schedule(self, project: Project) -> None:
        assert project.id is not None
        plan = (
            project.timezone,
            project.digest_weekday,
            project.digest_time,
            project.report_time,
            project.reminder_lead_hours,
            # The calendar moves the monthly report's first working day.
            project.work_days,
            project.holiday_region,
            project.days_off,
            project.review_every_months,
        )
        # Held while the jobs change too: two quick plan changes must not leave the older one,
        # nor a sweep that read the project just before a change (its copy's version is older).
        with self._lock:
            known = self._plans.get(project.id)
            if known is not None and (known[0] > project.version or known[1] == plan):
                return
            self._plans[project.id] = (project.version, plan)
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

    def fire_series(self, index: int, job_id: str) -> None:
        """An APScheduler job of a series: post what it has due now."""
        self.work.series[index].fire(self.deps, self.client, job_id)

    def _schedule_series(self) -> None:
        """Every series' jobs as the rows say now: new and changed ones (re)scheduled, gone
        ones removed."""
        wanted: dict[str, tuple[int, object, BaseTrigger]] = {}
        for index, series in enumerate(self.work.series):
            for job_id, (key, trigger) in series.jobs(self.deps).items():
                wanted[job_id] = (index, key, trigger)
        with self._lock:
            for job_id in set(self._series_keys) - set(wanted):
                del self._series_keys[job_id]
                if self.scheduler.get_job(job_id) is not None:
                    self.scheduler.remove_job(job_id)
            for job_id, (index, key, trigger) in wanted.items():
                if self._series_keys.get(job_id) == key:
                    continue
                self._series_keys[job_id] = key
                self.scheduler.add_job(
                    self.fire_series,
                    trigger,
                    args=[index, job_id],
                    id=job_id,
                    replace_existing=True,
                )


def _day_after_pause(project: Project) -> datetime:
    assert project.paused_until is not None
    end = project.paused_until + timedelta(days=1)
    return datetime(end.year, end.month, end.day, tzinfo=ZoneInfo(project.timezone))
