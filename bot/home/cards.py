"""The App Home dashboard's content: one card per project the person belongs to, as plain values.

"Belongs to" is read from stored facts only (no Slack call): a Member row, having created the
project, or having posted a status update, sent feedback under one's name or written a client
message on it. Team members (owner, team) get the team's card; clients get the client's card:
health, the last client-visible update, their own open feedback and the change requests they
decide, never the team's internal figures. The loader runs a fixed number of queries per project.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session

from bot.platform.i18n import _, ngettext
from bot.platform.people import Caller
from bot.platform.roles import Act, allowed, role_of
from bot.report.figures import load_figures
from storage.changes import pending_changes
from storage.feedback import open_feedback
from storage.home import approvers_by_project, projects_of
from storage.models import Project
from storage.rows import StatusRow
from storage.status import statuses_since

SLIPPING_SHARE = 0.8  # under this share of client messages answered within target: slipping
RECENT_UPDATES = 20  # read back to find the last health and progress reported
POLLS_SHOWN = 3
EPOCH = datetime.fromisoformat("2000-01-01T00:00:00+00:00")


@dataclass(frozen=True)
class ResponseTrend:
    """First response to client messages, in working seconds, week by week (oldest first)."""

    weekly_medians: tuple[float | None, ...]
    target_seconds: int
    within_target: float | None  # share 0..1 of the judged messages
    judged: int

    @property
    def latest_median(self) -> float | None:
        return next((m for m in reversed(self.weekly_medians) if m is not None), None)

    @property
    def slipping(self) -> bool:
        latest = self.latest_median
        if latest is not None and latest > self.target_seconds:
            return True
        return self.within_target is not None and self.within_target < SLIPPING_SHARE


@dataclass(frozen=True)
class PollResult:
    kind: str  # csat | nps
    value: float


@dataclass(frozen=True)
class ProjectCard:
    name: str
    client_channel_id: str
    audience: str  # team | client
    health: str | None = None
    progress: int | None = None
    last_update_at: datetime | None = None
    last_update_text: str = ""  # team cards only
    last_update_author: str | None = None
    open_feedback: int = 0  # a client's card: their own
    overdue_feedback: int = 0  # open and past its answer target
    pending_changes: int = 0  # a client's card: those they decide
    oldest_change_at: datetime | None = None
    polls: tuple[PollResult, ...] = ()  # team cards only, oldest first, one kind
    response: ResponseTrend | None = None  # team cards only

    @property
    def attention(self) -> list[str]:
        """What needs someone's attention on this project, in words (the reader's language);
        empty when nothing does."""
        reasons = []
        if count := self.pending_changes:
            if self.audience == "client":
                waiting = ngettext(
                    "{count} change request waits for your decision",
                    "{count} change requests wait for your decision",
                    count,
                )
            else:
                waiting = ngettext(
                    "{count} change request waits for a decision",
                    "{count} change requests wait for a decision",
                    count,
                )
            reasons.append(waiting.format(count=count))
        if count := self.overdue_feedback:
            late = ngettext(
                "{count} feedback past its answer target",
                "{count} feedback past its answer target",
                count,
            )
            reasons.append(late.format(count=count))
        if self.response is not None and self.response.slipping:
            reasons.append(_("first responses are slipping"))
        return reasons


@dataclass(frozen=True)
class Home:
    user_id: str
    now: datetime
    cards: list[ProjectCard] = field(default_factory=list)
    # The language all the person's projects share, if they do: the Home's language when Slack
    # does not tell the person's own.
    language: str | None = None


def ordered(cards: list[ProjectCard]) -> list[ProjectCard]:
    """Projects needing attention first, then by name."""
    return sorted(cards, key=lambda c: (not c.attention, c.name.casefold(), c.name))


def load_home(*, session: Session, caller: Caller, home_team_id: str | None, now: datetime) -> Home:
    projects = projects_of(session=session, user_id=caller.user_id, team_id=home_team_id)
    approvers = approvers_by_project(
        session=session, project_ids=[p.id for p in projects if p.id is not None]
    )
    cards = []
    for project in projects:
        role = role_of(session=session, project=project, caller=caller, home_team_id=home_team_id)
        named = approvers.get(project.id or 0, set())
        if allowed(Act.READ_REPORT, role):
            cards.append(team_card(session=session, project=project, now=now))
        else:
            decides = allowed(
                Act.DECIDE_CHANGE,
                role,
                approver=caller.user_id in named,
                approvers_named=bool(named),
            )
            cards.append(
                client_card(
                    session=session,
                    project=project,
                    user_id=caller.user_id,
                    decides=decides,
                    now=now,
                )
            )
    languages = {project.language for project in projects}
    shared = languages.pop() if len(languages) == 1 else None
    return Home(user_id=caller.user_id, now=now, cards=ordered(cards), language=shared)


def team_card(*, session: Session, project: Project, now: datetime) -> ProjectCard:
    updates = statuses_since(
        session=session,
        project=project,
        since=EPOCH,
        include_internal=True,
        limit=RECENT_UPDATES,
    )
    waiting = open_feedback(session=session, project=project)
    changes = pending_changes(session=session, project=project)
    figures = load_figures(session=session, project=project, period="month", now=now)
    latest_kind = figures.polls[-1].kind if figures.polls else None
    polls = [PollResult(p.kind, p.value) for p in figures.polls if p.kind == latest_kind]
    return ProjectCard(
        name=project.name,
        client_channel_id=project.client_channel_id,
        audience="team",
        health=_health(updates),
        progress=_progress(updates),
        last_update_at=updates[0].created_at if updates else None,
        last_update_text=updates[0].text if updates else "",
        last_update_author=updates[0].author_id if updates else None,
        open_feedback=len(waiting),
        overdue_feedback=sum(1 for f in waiting if f.due_at < now),
        pending_changes=len(changes),
        oldest_change_at=min((c.created_at for c in changes), default=None),
        polls=tuple(polls[-POLLS_SHOWN:]),
        response=ResponseTrend(
            weekly_medians=tuple(week.median_seconds for week in figures.weeks),
            target_seconds=figures.target_seconds,
            within_target=figures.responses.within_target,
            judged=figures.responses.judged,
        ),
    )


def client_card(
    *, session: Session, project: Project, user_id: str, decides: bool, now: datetime
) -> ProjectCard:
    updates = statuses_since(
        session=session,
        project=project,
        since=EPOCH,
        include_internal=False,
        limit=RECENT_UPDATES,
    )
    own = [f for f in open_feedback(session=session, project=project) if f.author_id == user_id]
    changes = pending_changes(session=session, project=project) if decides else []
    return ProjectCard(
        name=project.name,
        client_channel_id=project.client_channel_id,
        audience="client",
        health=_health(updates),
        progress=_progress(updates),
        last_update_at=updates[0].created_at if updates else None,
        open_feedback=len(own),
        overdue_feedback=sum(1 for f in own if f.due_at < now),
        pending_changes=len(changes),
        oldest_change_at=min((c.created_at for c in changes), default=None),
    )


# The newest health and progress reported, newest update first: an update may leave either out.
def _health(updates: Sequence[StatusRow]) -> str | None:
    return next((u.health for u in updates if u.health), None)


def _progress(updates: Sequence[StatusRow]) -> int | None:
    return next((u.progress for u in updates if u.progress is not None), None)
