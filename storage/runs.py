"""Claims on scheduled posts: each (job, project, period) is posted at most once, across
processes and restarts. The unique constraint decides who posts; a claim whose process died is
taken over after a timeout by a compare-and-set on its claim time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from storage.models import JobRun, Project


@dataclass(frozen=True)
class Claim:
    run: JobRun
    taken_over: bool  # an earlier attempt may have posted before it died: look first


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
    """The claim, or None when this period is someone else's (in progress, or finished)."""
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
    if existing is None or existing.state != "claimed" or now - existing.claimed_at < timeout:
        return None
    taken = session.execute(
        update(JobRun)
        .where(col(JobRun.id) == existing.id, col(JobRun.claimed_at) == existing.claimed_at)
        .values(claimed_by=worker, claimed_at=now, attempts=JobRun.attempts + 1, late=late)
    )
    if getattr(taken, "rowcount", 0) != 1:
        return None  # another process took it over first
    session.refresh(existing)
    return Claim(existing, taken_over=True)


def finish_run(
    *,
    session: Session,
    run: JobRun,
    state: str,
    now: datetime,
    channel_id: str | None = None,
    ts: str | None = None,
    note: str | None = None,
) -> None:
    run.state, run.finished_at, run.channel_id, run.ts = state, now, channel_id, ts
    run.note = note[:200] if note else None
    session.add(run)
    session.flush()


def record_missed(
    *,
    session: Session,
    job: str,
    project: Project,
    period_key: str,
    scheduled_for: datetime,
    worker: str,
    now: datetime,
) -> bool:
    """Mark a period as missed (too late to post), unless anything is recorded for it already."""
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
        return False


def find_run(*, session: Session, job: str, project: Project, period_key: str) -> JobRun | None:
    return session.exec(
        select(JobRun).where(
            JobRun.job == job, JobRun.project_id == project.id, JobRun.period_key == period_key
        )
    ).first()


def runs_since(
    *, session: Session, project: Project, since: datetime, state: str | None = None
) -> list[JobRun]:
    query = select(JobRun).where(
        JobRun.project_id == project.id, col(JobRun.scheduled_for) >= since
    )
    if state is not None:
        query = query.where(JobRun.state == state)
    return list(session.exec(query.order_by(col(JobRun.scheduled_for))))
