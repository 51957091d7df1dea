"""The weekly digest: what the team did, where the project stands, what clients said.

`build_digest` is the one function behind `/status digest`, `/status digest post`,
`python -m bot run digest` and (next) the schedule.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from sqlmodel import Session

from bot.plan import response_due
from storage.changes import changes_decided_between, pending_changes
from storage.feedback import feedback_received_since, feedback_resolved_since
from storage.models import ChangeRequest, Feedback, Project, Risk, StatusUpdate
from storage.polls import followed_up_since
from storage.projects import members
from storage.risks import open_risks, risks_closed_between, risks_opened_between
from storage.runs import given_up, runs_since
from storage.status import statuses_since

DIGEST_PERIOD = timedelta(days=7)
INSTANT = timedelta(microseconds=1)
MISSED_SHOWN_FOR = timedelta(days=35)
AUDIENCES = ("client", "internal")


@dataclass(frozen=True)
class Line:
    author_id: str
    text: str
    internal: bool = False


@dataclass(frozen=True)
class NotPosted:
    kind: str  # digest | report
    at: datetime
    state: str  # missed | refused | error | unverified
    note: str = ""


@dataclass(frozen=True)
class RiskSummary:
    new: list[Risk]
    still_open: list[Risk]
    closed: list[Risk]

    @property
    def is_empty(self) -> bool:
        return not (self.new or self.still_open or self.closed)


def summarise_risks(
    *, session: Session, project: Project, since: datetime, until: datetime, internal: bool
) -> RiskSummary:
    """What changed in the risk log over [since, until), for one audience."""
    new = risks_opened_between(
        session=session, project=project, since=since, until=until, include_internal=internal
    )
    fresh = {r.id for r in new}
    return RiskSummary(
        new=new,
        still_open=[
            r
            for r in open_risks(session=session, project=project, include_internal=internal)
            if r.id not in fresh and r.created_at < until
        ],
        closed=risks_closed_between(
            session=session, project=project, since=since, until=until, include_internal=internal
        ),
    )


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
    received: list[Feedback]
    resolved: list[Feedback]
    owner_ids: list[str] = field(default_factory=list)
    late: bool = False  # posted after its time, when Rapport came back
    # Scheduled posts that did not go out, for the team to know (internal only).
    missed: list[NotPosted] = field(default_factory=list)
    # What the team did about low poll scores this period: the notes the client reads.
    follow_ups: list[str] = field(default_factory=list)
    # Change requests approved or rejected this period, and those still waiting: all of them
    # for the client (who decides), those past the response target for the team.
    changes_decided: list[ChangeRequest] = field(default_factory=list)
    changes_waiting: list[ChangeRequest] = field(default_factory=list)
    # Risks: logged this period, still open from before, closed this period. The client
    # variant holds the client-visible ones only.
    risks: RiskSummary = field(default_factory=lambda: RiskSummary([], [], []))

    @property
    def is_empty(self) -> bool:
        return not (self.highlights or self.received or self.resolved)


@dataclass(frozen=True)
class Posted:
    """One audience's digest: `ts` when it landed, `error` (Slack's code) when it did not."""

    channel_id: str
    audience: str
    ts: str | None = None
    error: str | None = None


def assemble_digest(
    *,
    project: Project,
    audience: str,
    since: datetime,
    until: datetime,
    updates: list[StatusUpdate],
    received: list[Feedback],
    resolved: list[Feedback],
) -> Digest:
    """Pure: rows in (newest update first), digest out. Every update is a highlight; the latest
    health and progress stand, and so do each author's latest next steps and blockers."""
    if audience not in AUDIENCES:
        raise ValueError(f"unknown audience {audience!r}")
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


def load_digest(
    *, session: Session, project: Project, audience: str, now: datetime, late: bool = False
) -> Digest:
    since = now - DIGEST_PERIOD
    until = now + INSTANT  # what happened at the digest's own instant belongs to it
    missed = []
    if audience == "internal":
        recent = runs_since(session=session, project=project, since=now - MISSED_SHOWN_FOR)
        missed = [
            NotPosted(r.job.split(":")[0], r.scheduled_for, r.state, r.note or "")
            for r in recent
            if r.job.split(":")[0] in ("digest", "report") and given_up(r)
        ]
    digest = assemble_digest(
        project=project,
        audience=audience,
        since=since,
        until=now,
        updates=statuses_since(
            session=session,
            project=project,
            since=since,
            include_internal=audience == "internal",
        ),
        received=feedback_received_since(
            session=session, project=project, since=since, client_only=audience == "client"
        ),
        resolved=feedback_resolved_since(
            session=session, project=project, since=since, client_only=audience == "client"
        ),
    )
    owners = [m.user_id for m in members(session=session, project=project, role="owner")]
    unique = sorted(set(missed), key=lambda problem: problem.at)
    notes = [
        poll.follow_up_note
        for poll in followed_up_since(session=session, project=project, since=since)
        if poll.follow_up_note
    ]
    waiting = pending_changes(session=session, project=project)
    if audience == "internal":
        waiting = [
            c
            for c in waiting
            if response_due(c.created_at, project.response_target, project.timezone) <= now
        ]
    return replace(
        digest,
        owner_ids=owners,
        late=late,
        missed=unique,
        follow_ups=notes,
        changes_decided=changes_decided_between(
            session=session, project=project, since=since, until=until
        ),
        changes_waiting=waiting,
        risks=summarise_risks(
            session=session,
            project=project,
            since=since,
            until=until,
            internal=audience == "internal",
        ),
    )


def _latest_per_author(oldest_first: list[StatusUpdate], field: str) -> list[Line]:
    """Each author's most recent next steps (or blockers): a later statement supersedes an
    earlier one, and an update that says nothing about them leaves the earlier one standing."""
    latest: dict[str, Line] = {}
    for update in oldest_first:
        text = str(getattr(update, field))
        if text:
            latest.pop(update.author_id, None)  # re-inserted: ordered by when last said
            latest[update.author_id] = _line(update, text)
    return list(latest.values())


def _line(update: StatusUpdate, text: str) -> Line:
    return Line(update.author_id, text, update.visibility == "internal")
