"""The weekly digest: what the team did, where the project stands, what clients said.

`build_digest` is the one function behind `/status digest`, `/status digest post`,
`python -m bot run digest` and (next) the schedule.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import NamedTuple

from sqlalchemy import Engine
from sqlmodel import Session

from bot.digest.team import TeamWeek, team_week
from bot.platform.calendar import calendar_of
from bot.projects.timing import response_due
from bot.risks.summary import RiskSummary, split_risks
from bot.scheduling.triggers import DIGEST_PERIOD
from storage.changes import DECISIONS, changes_for_digest
from storage.db import driver_reads
from storage.email import given_up_sends
from storage.feedback import feedback_for_digest, given_by_client
from storage.incidents import incidents_between
from storage.meetings import action_items_for_digest
from storage.models import Project
from storage.polls import follow_up_notes_since
from storage.risks import risks_for_digest
from storage.rows import ActionItemRow, ChangeRow, FeedbackRow, IncidentRow, RiskRow, StatusRow
from storage.runs import given_up, runs_since
from storage.status import statuses_since
from storage.time_off import TeamPerson, team_with_time_off

INSTANT = timedelta(microseconds=1)
MISSED_SHOWN_FOR = timedelta(days=35)
QUIET_AFTER = timedelta(weeks=8)  # who posted within this, unnamed, is team (as for reminders)
AUDIENCES = ("client", "internal")


class Line(NamedTuple):
    """One thing said on a digest or report: a tuple, as a digest of fifty updates makes a
    hundred of them."""

    author_id: str
    text: str
    internal: bool = False


@dataclass(frozen=True)
class NotPosted:
    kind: str  # digest | report | email:digest | email:report
    at: datetime
    state: str  # missed | refused | error | unverified; an email's: refused | failed
    note: str = ""
    to: str = ""  # an email's address


@dataclass(frozen=True)
class Digest:
    project_name: str
    audience: str  # client | internal
    since: datetime
    until: datetime
    timezone: str
    health: str | None
    progress: int | None
    highlights: list[Line]
    next_steps: list[Line]
    blockers: list[Line]
    received: Sequence[FeedbackRow]
    resolved: Sequence[FeedbackRow]
    owner_ids: list[str] = field(default_factory=list)
    late: bool = False  # posted after its time, when Rapport came back
    # Scheduled posts that did not go out, for the team to know (internal only).
    missed: list[NotPosted] = field(default_factory=list)
    # What the team did about low poll scores this period: the notes the client reads.
    follow_ups: list[str] = field(default_factory=list)
    # Change requests approved or rejected this period, and those still waiting: all of them
    # for the client (who decides), those past the response target for the team.
    changes_decided: Sequence[ChangeRow] = field(default_factory=list)
    changes_waiting: Sequence[ChangeRow] = field(default_factory=list)
    # Risks: logged this period, still open from before, closed this period. The client
    # variant holds the client-visible ones only.
    risks: RiskSummary = field(default_factory=lambda: RiskSummary([], [], []))
    # Open action items of the meetings' minutes, soonest due first.
    action_items: Sequence[ActionItemRow] = field(default_factory=list)
    # Who is away, and (the team's variant) who posted nothing: bot/digest/team.py.
    team: TeamWeek = field(default_factory=TeamWeek)
    incidents: Sequence[IncidentRow] = field(default_factory=list)  # declared, resolved or open

    @property
    def is_empty(self) -> bool:
        return not (self.highlights or self.received or self.resolved)


def assemble_digest(
    *,
    project: Project,
    audience: str,
    since: datetime,
    until: datetime,
    updates: Sequence[StatusRow],
    received: Sequence[FeedbackRow],
    resolved: Sequence[FeedbackRow],
) -> Digest:
    """Pure: rows in (newest update first), digest out. Every update is a highlight; the latest
    health and progress stand, and so do each author's latest next steps and blockers."""
    if audience not in AUDIENCES:
        raise ValueError(f"unknown audience {audience!r}")  # i18n: not shown
    visible = [u for u in updates if audience == "internal" or u.visibility == "client"]
    oldest_first = list(reversed(visible))
    health = next((u.health for u in visible if u.health), None)
    progress = next((u.progress for u in visible if u.progress is not None), None)
    return Digest(
        project_name=project.name,
        audience=audience,
        since=since,
        until=until,
        timezone=project.timezone,
        health=health,
        progress=progress,
        highlights=[_line(u, u.text) for u in oldest_first],
        next_steps=_latest_per_author(oldest_first, "next_steps"),
        blockers=_latest_per_author(oldest_first, "blockers"),
        received=received,
        resolved=resolved,
    )


@dataclass(frozen=True)
class DigestRows:
    """What one project's digests are made of, read once for both audiences (eight queries,
    however many rows): each audience's digest is then sorted out of them in Python."""

    updates: Sequence[StatusRow]  # since the period began, newest first, internal ones too
    feedback: Sequence[FeedbackRow]  # received or resolved since the period began, by number
    owner_ids: list[str]
    follow_ups: list[str]
    changes: Sequence[ChangeRow]  # pending, or decided in the period, by number
    risks: Sequence[RiskRow]  # open, or opened or closed in the period, by number
    action_items: Sequence[ActionItemRow] = field(default_factory=list)  # open, soonest due first
    team: list[TeamPerson] = field(default_factory=list)  # with their time off
    incidents: Sequence[IncidentRow] = field(default_factory=list)  # the week's, and those open


def read_digest_rows(*, session: Session, project: Project, now: datetime) -> DigestRows:
    since, until = now - DIGEST_PERIOD, now + INSTANT
    team = team_with_time_off(session=session, project=project, authors_since=since - QUIET_AFTER)
    return DigestRows(
        updates=statuses_since(
            session=session, project=project, since=since, include_internal=True
        ),
        feedback=feedback_for_digest(session=session, project=project, since=since),
        owner_ids=[person.user_id for person in team if person.role == "owner"],
        follow_ups=follow_up_notes_since(session=session, project=project, since=since),
        changes=changes_for_digest(session=session, project=project, since=since, until=until),
        risks=risks_for_digest(session=session, project=project, since=since, until=until),
        action_items=action_items_for_digest(session=session, project=project),
        team=team,
        incidents=incidents_between(session=session, project=project, since=since, until=until),
    )


def not_posted(*, session: Session, project: Project, now: datetime) -> list[NotPosted]:
    """Digests and reports of the last weeks given up on, and their emails, oldest first (the
    team's variant)."""
    since = now - MISSED_SHOWN_FOR
    recent = runs_since(session=session, project=project, since=since)
    missed = {
        NotPosted(r.job.split(":")[0], r.scheduled_for, r.state, r.note or "")
        for r in recent
        if r.job.split(":")[0] in ("digest", "report") and given_up(r)
    }
    missed |= {
        NotPosted(f"email:{s.job}", s.scheduled_for, s.state, s.note or "", s.address)
        for s in given_up_sends(session=session, project_id=project.id or 0, since=since)
    }
    return sorted(missed, key=lambda problem: (problem.at, problem.kind, problem.to))


def digest_for(
    rows: DigestRows,
    *,
    project: Project,
    audience: str,
    now: datetime,
    late: bool = False,
    missed: list[NotPosted] | None = None,
) -> Digest:
    """Pure: one audience's digest out of the project's rows."""
    since, until = now - DIGEST_PERIOD, now + INSTANT  # now's own instant belongs to it
    internal = audience == "internal"
    feedback = [f for f in rows.feedback if internal or given_by_client(f, project)]
    digest = assemble_digest(
        project=project,
        audience=audience,
        since=since,
        until=now,
        updates=rows.updates,
        received=[f for f in feedback if f.created_at >= since],
        resolved=[f for f in feedback if f.resolved_at is not None and f.resolved_at >= since],
    )
    waiting = [c for c in rows.changes if c.state == "pending"]
    if internal:
        waiting = [
            c
            for c in waiting
            if response_due(c.created_at, project.response_target, calendar_of(project)) <= now
        ]
    week = team_week(rows.team, posted={u.author_id for u in rows.updates}, since=since, until=now)
    return replace(
        digest,
        owner_ids=week.present_owners,
        team=week if internal else replace(week, quiet=[]),
        late=late,
        missed=list(missed or []) if internal else [],
        follow_ups=rows.follow_ups,
        changes_decided=[
            c
            for c in rows.changes
            if c.state in DECISIONS and c.decided_at is not None and since <= c.decided_at < until
        ],
        changes_waiting=waiting,
        risks=split_risks(rows.risks, since=since, until=until, internal=internal),
        action_items=[i for i in rows.action_items if internal or i.visibility == "client"],
        incidents=rows.incidents,
    )


def load_digest(
    *, session: Session, project: Project, audience: str, now: datetime, late: bool = False
) -> Digest:
    rows = read_digest_rows(session=session, project=project, now=now)
    missed = not_posted(session=session, project=project, now=now) if audience == "internal" else []
    return digest_for(rows, project=project, audience=audience, now=now, late=late, missed=missed)


class ProjectDigests:
    """Both audiences' digests of one project at `now`, as the schedule posts them: the rows
    are read once, by the first digest asked for; the internal variant reads the record of
    posts not made when it is built, so it knows what became of the client's just before."""

    def __init__(self, engine: Engine, project: Project, *, now: datetime, late: bool) -> None:
        self.engine, self.project, self.now, self.late = engine, project, now, late
        self._rows: DigestRows | None = None

    def digest(self, audience: str) -> Digest:
        with driver_reads(self.engine) as session:
            if self._rows is None:
                self._rows = read_digest_rows(session=session, project=self.project, now=self.now)
            missed = (
                not_posted(session=session, project=self.project, now=self.now)
                if audience == "internal"
                else []
            )
        return digest_for(
            self._rows,
            project=self.project,
            audience=audience,
            now=self.now,
            late=self.late,
            missed=missed,
        )


def _latest_per_author(oldest_first: Sequence[StatusRow], field: str) -> list[Line]:
    """Each author's most recent next steps (or blockers), ordered by when last said: a later
    statement supersedes an earlier one, and an update that says nothing about them leaves the
    earlier one standing."""
    latest: dict[str, Line] = {}
    for update in reversed(oldest_first):  # newest first: the first one seen stands
        text = getattr(update, field)
        if text and update.author_id not in latest:
            latest[update.author_id] = _line(update, str(text))
    return list(reversed(latest.values()))


def _line(update: StatusRow, text: str) -> Line:
    return Line(update.author_id, text, update.visibility == "internal")
