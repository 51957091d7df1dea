"""The numbers that matter, per project and period: how fast clients hear back, whether
updates come before the digest, how feedback is resolved, how satisfied clients are, what
became of change requests, and each team member's share.

Pure arithmetic over rows, plus one loader. Conventions, so figures can be checked by hand:
the median of an even count is the mean of the two middle values; the 90th percentile is the
nearest rank (the ⌈0.9·n⌉-th smallest value); "within target" counts answered messages whose
working-time wait was at most the target, out of the answered ones and the unanswered ones
already past the target (those still inside it are not judged yet).
"""

from __future__ import annotations

import math
import statistics
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.incidents.summary import incident_figures
from bot.platform.calendar import Calendar, calendar_of
from bot.polls.scores import summarize
from bot.projects.working_hours import target_seconds
from storage.changes import list_changes
from storage.feedback import feedback_received_since, feedback_resolved_since
from storage.incidents import incidents_between, updates_of_incidents
from storage.models import ChangeRequest, ClientMessage, Feedback, Poll, Project
from storage.polls import closed_polls_with_scores
from storage.responses import messages_received_between
from storage.rows import StatusRow
from storage.status import statuses_since

PERIODS = {"week": 1, "month": 4, "quarter": 13}  # trailing weeks, ending with the current one


@dataclass(frozen=True)
class ResponseFigures:
    received: int
    answered: int
    median_seconds: float | None
    p90_seconds: int | None
    within_target: float | None  # share, 0..1
    judged: int  # the messages `within_target` is a share of


@dataclass(frozen=True)
class WeekFigures:
    start: date  # Monday, local
    received: int
    median_seconds: float | None


@dataclass(frozen=True)
class MemberFigures:
    user_id: str
    replies: int  # client messages they answered first
    median_seconds: float | None


@dataclass(frozen=True)
class PollPoint:
    closed_at: datetime
    kind: str
    value: float  # CSAT average (1–5) or NPS (−100..100)
    answers: int


@dataclass(frozen=True)
class ProjectFigures:
    project_name: str
    timezone: str
    period: str
    since: datetime
    until: datetime
    target_seconds: int
    responses: ResponseFigures
    weeks: list[WeekFigures]
    members: list[MemberFigures]
    punctual_weeks: int
    digest_weeks: int
    feedback_received: int
    feedback_resolved: int
    median_resolution: timedelta | None
    polls: list[PollPoint]
    changes: dict[str, int]  # state → count, for requests proposed in the period
    incident_line: str | None = None  # the period's incidents, when there were any


def median(values: list[float]) -> float | None:
    return float(statistics.median(values)) if values else None


def nearest_rank(values: list[int], percent: int) -> int | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(1, math.ceil(percent / 100 * len(ordered))) - 1]


def response_figures(
    messages: list[ClientMessage], *, target: int, now: datetime, hours: Calendar
) -> ResponseFigures:
    answered = [m for m in messages if m.response_seconds is not None]
    waits = [int(m.response_seconds or 0) for m in answered]
    overdue = [
        m
        for m in messages
        if m.response_seconds is None and hours.seconds_between(m.received_at, now) > target
    ]
    judged = len(answered) + len(overdue)
    within = sum(1 for wait in waits if wait <= target)
    return ResponseFigures(
        received=len(messages),
        answered=len(answered),
        median_seconds=median([float(w) for w in waits]),
        p90_seconds=nearest_rank(waits, 90),
        within_target=within / judged if judged else None,
        judged=judged,
    )


def weekly(messages: list[ClientMessage], mondays: list[date], zone: ZoneInfo) -> list[WeekFigures]:
    """Messages by the local week they arrived in; the median of those answered."""
    by_week: dict[date, list[ClientMessage]] = defaultdict(list)
    for message in messages:
        local = message.received_at.astimezone(zone).date()
        by_week[local - timedelta(days=local.weekday())].append(message)
    return [
        WeekFigures(
            monday,
            len(by_week[monday]),
            median(
                [
                    float(m.response_seconds)
                    for m in by_week[monday]
                    if m.response_seconds is not None
                ]
            ),
        )
        for monday in mondays
    ]


def per_member(messages: list[ClientMessage]) -> list[MemberFigures]:
    """Who answered clients first, most replies first."""
    waits: dict[str, list[float]] = defaultdict(list)
    for message in messages:
        if message.answered_by and message.response_seconds is not None:
            waits[message.answered_by].append(float(message.response_seconds))
    return sorted(
        (MemberFigures(user, len(values), median(values)) for user, values in waits.items()),
        key=lambda member: (-member.replies, member.user_id),
    )


def punctuality(
    updates: Sequence[StatusRow], mondays: list[date], project: Project, now: datetime
) -> tuple[int, int]:
    """(weeks with an update before that week's digest, weeks whose digest time has passed)."""
    zone = ZoneInfo(project.timezone)
    digest_at = time.fromisoformat(project.digest_time)
    punctual = due = 0
    for monday in mondays:
        start = datetime.combine(monday, time(0), tzinfo=zone)
        deadline = datetime.combine(
            monday + timedelta(days=project.digest_weekday), digest_at, tzinfo=zone
        )
        if deadline > now:
            continue
        due += 1
        if any(start <= u.created_at < deadline for u in updates):
            punctual += 1
    return punctual, due


def poll_points(polls: list[tuple[Poll, list[int]]]) -> list[PollPoint]:
    """Each closed poll's result: the CSAT average or the NPS, for the trend."""
    points = []
    for poll, scores in polls:
        summary = summarize(poll.kind, scores, None)
        value = summary.nps if poll.kind == "nps" else summary.average
        if value is not None and poll.closed_at is not None:
            points.append(PollPoint(poll.closed_at, poll.kind, float(value), summary.answers))
    return points


def change_outcomes(changes: list[ChangeRequest]) -> dict[str, int]:
    counts = Counter(c.state for c in changes)
    return {
        state: counts.get(state, 0) for state in ("approved", "rejected", "pending", "withdrawn")
    }


def resolution_median(resolved: list[Feedback]) -> timedelta | None:
    seconds = [
        (f.resolved_at - f.created_at).total_seconds()
        for f in resolved
        if f.resolved_at is not None
    ]
    value = median(seconds)
    return None if value is None else timedelta(seconds=value)


def period_mondays(period: str, now: datetime, zone: ZoneInfo) -> list[date]:
    """The Mondays of the period's weeks, oldest first, the current week last."""
    today = now.astimezone(zone).date()
    this_monday = today - timedelta(days=today.weekday())
    return [this_monday - timedelta(weeks=n) for n in reversed(range(PERIODS[period]))]


def load_figures(
    *, session: Session, project: Project, period: str, now: datetime
) -> ProjectFigures:
    if period not in PERIODS:
        raise ValueError(f"unknown period {period!r}")  # i18n: not shown
    zone = ZoneInfo(project.timezone)
    mondays = period_mondays(period, now, zone)
    since = datetime.combine(mondays[0], time(0), tzinfo=zone)
    until = now + timedelta(microseconds=1)
    hours = calendar_of(project)
    target = target_seconds(project.response_target, hours)
    messages = messages_received_between(session=session, project=project, since=since, until=until)
    updates = statuses_since(session=session, project=project, since=since, include_internal=True)
    resolved = [
        f
        for f in feedback_resolved_since(session=session, project=project, since=since)
        if f.resolved_at is not None and f.resolved_at < until
    ]
    changes = [c for c in list_changes(session=session, project=project) if c.created_at >= since]
    punctual, digest_weeks = punctuality(updates, mondays, project, now)
    return ProjectFigures(
        project_name=project.name,
        timezone=project.timezone,
        period=period,
        since=since,
        until=now,
        target_seconds=target,
        responses=response_figures(messages, target=target, now=now, hours=hours),
        weeks=weekly(messages, mondays, zone),
        members=per_member(messages),
        punctual_weeks=punctual,
        digest_weeks=digest_weeks,
        feedback_received=len(
            feedback_received_since(session=session, project=project, since=since)
        ),
        feedback_resolved=len(resolved),
        median_resolution=resolution_median(resolved),
        polls=poll_points(
            closed_polls_with_scores(
                session=session,
                project=project,
                since=since - timedelta(weeks=26),  # the trend reaches back half a year
                until=until,
            )
        ),
        changes=change_outcomes(changes),
        incident_line=_incidents(session, project, since, until),
    )


def _incidents(session: Session, project: Project, since: datetime, until: datetime) -> str | None:
    found = incidents_between(session=session, project=project, since=since, until=until)
    if not found:
        return None
    ids = [i.id for i in found if i.id is not None]
    return incident_figures(found, updates_of_incidents(session=session, incident_ids=ids))
