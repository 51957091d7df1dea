"""The monthly report: the month's updates, health week by week, progress, and how feedback
was answered. Pure assembly from rows, plus the one loader that reads them."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.digest.contents import Line
from bot.risks.summary import RiskSummary, summarise_risks
from storage.changes import changes_decided_between
from storage.feedback import feedback_received_since, feedback_resolved_since, given_by_client
from storage.incidents import incidents_between
from storage.models import ChangeRequest, Feedback, Project
from storage.praise import credited, praise_between
from storage.rows import IncidentRow, StatusRow
from storage.status import statuses_since


@dataclass(frozen=True)
class Week:
    start: date  # the Monday, local
    health: str | None  # the last health reported that week
    progress: int | None  # the last progress reported that week
    updates: int


@dataclass(frozen=True)
class MonthReport:
    project_name: str
    audience: str
    month: date  # its first day
    timezone: str
    weeks: list[Week]
    progress_points: list[tuple[datetime, int]]  # oldest first
    highlights: list[Line]
    updates: int
    received: int
    resolved: int
    median_time_to_resolve: timedelta | None
    late: bool = False
    kinds: dict[str, int] = field(default_factory=dict)
    changes_decided: list[ChangeRequest] = field(default_factory=list)
    risks: RiskSummary = field(default_factory=lambda: RiskSummary([], [], []))
    incidents: Sequence[IncidentRow] = field(default_factory=list)
    praise: list[Feedback] = field(default_factory=list)  # from clients, oldest first
    praise_credits: dict[int, list[str]] = field(default_factory=dict)  # feedback id → named


def month_bounds(month: date, timezone: str) -> tuple[datetime, datetime]:
    """[first instant, first instant of the next month) in UTC, for a local month."""
    zone = ZoneInfo(timezone)
    start = datetime(month.year, month.month, 1, tzinfo=zone)
    following = (start.replace(tzinfo=None) + timedelta(days=32)).replace(day=1)
    return start, following.replace(tzinfo=zone)


def assemble_report(
    *,
    project: Project,
    audience: str,
    month: date,
    updates: Sequence[StatusRow],
    received: list[Feedback],
    resolved: list[Feedback],
) -> MonthReport:
    """Pure. `updates` newest first, within the month; `resolved` resolved within it."""
    zone = ZoneInfo(project.timezone)
    visible = [u for u in reversed(updates) if audience == "internal" or u.visibility == "client"]
    weeks: dict[date, list[StatusRow]] = {}
    for update in visible:
        local = update.created_at.astimezone(zone).date()
        weeks.setdefault(local - timedelta(days=local.weekday()), []).append(update)
    durations = [f.resolved_at - f.created_at for f in resolved if f.resolved_at is not None]
    kinds: dict[str, int] = {}
    for feedback in received:
        kinds[feedback.kind] = kinds.get(feedback.kind, 0) + 1
    return MonthReport(
        project_name=project.name,
        audience=audience,
        month=month,
        timezone=project.timezone,
        weeks=[
            Week(
                start=start,
                health=next((u.health for u in reversed(rows) if u.health), None),
                progress=next((u.progress for u in reversed(rows) if u.progress is not None), None),
                updates=len(rows),
            )
            for start, rows in sorted(weeks.items())
        ],
        progress_points=[(u.created_at, u.progress) for u in visible if u.progress is not None],
        highlights=[Line(u.author_id, u.text, u.visibility == "internal") for u in visible[-8:]],
        updates=len(visible),
        received=len(received),
        resolved=len(resolved),
        median_time_to_resolve=(
            timedelta(seconds=statistics.median(d.total_seconds() for d in durations))
            if durations
            else None
        ),
        kinds=kinds,
    )


def load_report(
    *, session: Session, project: Project, audience: str, month: date, late: bool = False
) -> MonthReport:
    start, end = month_bounds(month, project.timezone)
    client_only = audience == "client"
    updates = [
        u
        for u in statuses_since(
            session=session, project=project, since=start, include_internal=not client_only
        )
        if u.created_at < end
    ]
    received = [
        f
        for f in feedback_received_since(
            session=session, project=project, since=start, client_only=client_only
        )
        if f.created_at < end
    ]
    resolved = [
        f
        for f in feedback_resolved_since(
            session=session, project=project, since=start, client_only=client_only
        )
        if f.resolved_at is not None and f.resolved_at < end
    ]
    report = assemble_report(
        project=project,
        audience=audience,
        month=month,
        updates=updates,
        received=received,
        resolved=resolved,
    )
    decided = changes_decided_between(session=session, project=project, since=start, until=end)
    risks = summarise_risks(
        session=session, project=project, since=start, until=end, internal=not client_only
    )
    praise = [
        f
        for f in praise_between(session=session, project=project, since=start, until=end)
        if given_by_client(f, project)
    ]
    return replace(
        report,
        late=late,
        changes_decided=decided,
        risks=risks,
        incidents=incidents_between(session=session, project=project, since=start, until=end),
        praise=praise,
        praise_credits=credited(session=session, feedback_ids=[f.id for f in praise if f.id]),
    )


def previous_month(today: date) -> date:
    return (today.replace(day=1) - timedelta(days=1)).replace(day=1)
