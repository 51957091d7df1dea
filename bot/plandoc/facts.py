"""What the plan document is made of, read once in one session: the project and its people,
the figures of the last 13 weeks, the latest communication review, and when the next posts
are due. A section that needs more (the status meetings, say) adds a field here and reads it
in `load_facts`; the sections themselves stay pure."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.meetings.service import recurring_meetings
from bot.projects.blocks import next_digest
from bot.projects.service import people_of
from bot.report.figures import ProjectFigures, load_figures
from bot.reviews.answers import ReviewResults, summarize
from bot.scheduling.triggers import next_due
from storage import reviews as review_store
from storage.models import Meeting, Member, Project


@dataclass(frozen=True)
class PlanFacts:
    project: Project
    members: list[Member]
    figures: ProjectFigures  # the last 13 weeks
    review: ReviewResults | None  # the latest closed communication review
    next_digest: datetime | None  # in the project's zone
    next_review: datetime | None  # in the project's zone; None when reviews are off
    version: int  # of the document being built
    at: datetime  # when it is published (UTC)
    meetings: list[Meeting] = field(default_factory=list)  # recurring, in the week's order

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.project.timezone)


def load_facts(session: Session, project: Project, *, now: datetime, version: int) -> PlanFacts:
    latest = review_store.latest_closed_review(session=session, project=project)
    review = (
        summarize(latest, review_store.answers(session=session, review=latest))
        if latest is not None
        else None
    )
    upcoming = next_due("review", project, now) if project.review_every_months > 0 else None
    zone = ZoneInfo(project.timezone)
    return PlanFacts(
        project=project,
        members=people_of(session, project),
        meetings=recurring_meetings(session, project),
        figures=load_figures(session=session, project=project, period="quarter", now=now),
        review=review,
        next_digest=next_digest(project, now),
        next_review=upcoming.at.astimezone(zone) if upcoming is not None else None,
        version=version,
        at=now,
    )
