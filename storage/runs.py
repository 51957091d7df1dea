"""Claims on scheduled posts: each (job, project, period) is posted at most once, across
processes and restarts. The unique constraint decides who posts; a claim whose process died is
taken over after a timeout by a compare-and-set on its claim time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from storage.driver_rows import DriverRows
from storage.driver_sql import stored_time
from storage.models import JobRun, Project


@dataclass(frozen=True)
class Claim:
    run: JobRun
    taken_over: bool  # an earlier attempt may have posted before it died: look first


RETRYABLE = ("refused", "error")  # Slack said no, or something broke: try again later
RETRY_AFTER = timedelta(minutes=5)
MAX_ATTEMPTS = 5


def claim_run(
    *,
    session: Session,
    job: str,
    project: Project,
    period_key: str,
    scheduled_for: datetime,
    worker: str,
    now: datetime,
    timeout: timedelta,
    late: bool = False,
) -> Claim | None:
    """The claim, or None when this period is someone else's: being posted, posted, missed, or
    failed too recently (or too often) to try again."""
    assert project.id is not None
    try:
        with session.begin_nested():
            run = JobRun(
                job=job,
                project_id=project.id,
                period_key=period_key,
                scheduled_for=scheduled_for,
                claimed_by=worker,
                claimed_at=now,
                late=late,
            )
            session.add(run)
        return Claim(run, taken_over=False)
    except IntegrityError:
        pass
    existing = find_run(session=session, job=job, project=project, period_key=period_key)
    if existing is None:
        return None
    return _take_over(session, existing, worker=worker, now=now, timeout=timeout, late=late)


def _take_over(
    session: Session,
    existing: JobRun,
    *,
    worker: str,
    now: datetime,
    timeout: timedelta,
    late: bool,
) -> Claim | None:
    """A period claimed before: this worker's, if its claim went stale (its process died) or it
    failed long enough ago to try again, and it has not been tried too often."""
    if existing.attempts >= MAX_ATTEMPTS:
        return None
    stale_claim = existing.state == "claimed" and now - existing.claimed_at >= timeout
    retry = (
        existing.state in RETRYABLE
        and existing.finished_at is not None
        and now - existing.finished_at >= RETRY_AFTER
    )
    if not (stale_claim or retry):
        return None
    # Compare-and-set on what was read: a run finished or taken by someone else since is left.
    taken = session.execute(
        update(JobRun)
        .where(
            col(JobRun.id) == existing.id,
            col(JobRun.state) == existing.state,
            col(JobRun.claimed_at) == existing.claimed_at,
        )
        .values(
            state="claimed",
            claimed_by=worker,
            claimed_at=now,
            attempts=JobRun.attempts + 1,
            late=late,
        )
    )
    if getattr(taken, "rowcount", 0) != 1:
        return None
    session.refresh(existing)
    # Only a claim that may have posted before it died needs a look in the channel first.
    return Claim(existing, taken_over=stale_claim)


def finish_run(
    *,
    session: Session,
    run: JobRun,
    state: str,
    now: datetime,
    channel_id: str | None = None,
    ts: str | None = None,
    note: str | None = None,
) -> bool:
    """Record the outcome, if the claim is still this worker's (False when it was taken over)."""
    done = session.execute(
        update(JobRun)
        .where(
            col(JobRun.id) == run.id,
            col(JobRun.state) == "claimed",
            col(JobRun.claimed_by) == run.claimed_by,
            col(JobRun.claimed_at) == run.claimed_at,
        )
        .values(
            state=state,
            finished_at=now,
            channel_id=channel_id,
            ts=ts,
            note=note[:200] if note else None,
        )
    )
    return getattr(done, "rowcount", 0) == 1


def record_missed(
    *,
    session: Session,
    job: str,
    project: Project,
    period_key: str,
    scheduled_for: datetime,
    worker: str,
    now: datetime,
    timeout: timedelta,
) -> bool:
    """Mark a period as missed (too late to post now). A run that never finished (a claim left
    behind, a refusal, an error) becomes missed too; a posted one stays posted."""
    assert project.id is not None
    try:
        with session.begin_nested():
            session.add(
                JobRun(
                    job=job,
                    project_id=project.id,
                    period_key=period_key,
                    scheduled_for=scheduled_for,
                    state="missed",
                    claimed_by=worker,
                    claimed_at=now,
                    finished_at=now,
                )
            )
        return True
    except IntegrityError:
        pass
    unfinished = (col(JobRun.state).in_(RETRYABLE)) | (
        (col(JobRun.state) == "claimed") & (col(JobRun.claimed_at) <= now - timeout)
    )
    changed = session.execute(
        update(JobRun)
        .where(
            col(JobRun.job) == job,
            col(JobRun.project_id) == project.id,
            col(JobRun.period_key) == period_key,
            unfinished,
        )
        .values(state="missed", finished_at=now)
    )
    return getattr(changed, "rowcount", 0) == 1


class RunRow(Protocol):
    """The record of a scheduled post or reminder, as the internal digest and the scheduler's
    catch-up read it (storage/driver_rows.py)."""

    @property
    def job(self) -> str: ...
    @property
    def period_key(self) -> str: ...
    @property
    def scheduled_for(self) -> datetime: ...
    @property
    def state(self) -> str: ...
    @property
    def attempts(self) -> int: ...
    @property
    def note(self) -> str | None: ...


def given_up(run: RunRow) -> bool:
    """A scheduled post that will not go out without a person: missed, unverifiable, or
    refused or failed on every attempt."""
    return run.state in ("missed", "unverified") or (
        run.state in RETRYABLE and run.attempts >= MAX_ATTEMPTS
    )


def find_run(*, session: Session, job: str, project: Project, period_key: str) -> JobRun | None:
    return session.exec(
        select(JobRun).where(
            JobRun.job == job, JobRun.project_id == project.id, JobRun.period_key == period_key
        )
    ).first()


def runs_since(*, session: Session, project: Project, since: datetime) -> list[RunRow]:
    """The records of the project's work scheduled since `since`, oldest first (the internal
    digest names the posts given up on)."""
    params = {"project_id": project.id, "since": stored_time(session, since)}
    return _RUNS_SINCE.all(session, params)


_RUNS_SINCE = DriverRows[RunRow](  # the internal digest reads it for every project
    RunRow,
    "FROM jobrun WHERE project_id = :project_id AND scheduled_for >= :since ORDER BY scheduled_for",
)
