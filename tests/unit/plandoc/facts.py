"""Plan facts made up in memory, for the document's builders."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.plandoc.facts import PlanFacts
from bot.report.figures import PollPoint, ProjectFigures, ResponseFigures
from bot.reviews.answers import ReviewResults
from storage.models import Member
from tests.factories import make_project

PUBLISHED = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)  # Friday 16:00 in Berlin


def make_figures(**overrides: Any) -> ProjectFigures:
    figures = ProjectFigures(
        project_name="Acme Website",
        timezone="Europe/Berlin",
        period="quarter",
        since=PUBLISHED - timedelta(weeks=13),
        until=PUBLISHED,
        target_seconds=9 * 3600,
        responses=ResponseFigures(
            received=20,
            answered=20,
            median_seconds=2400.0,
            p90_seconds=7200,
            within_target=0.85,
            judged=20,
        ),
        weeks=[],
        members=[],
        punctual_weeks=11,
        digest_weeks=13,
        feedback_received=6,
        feedback_resolved=4,
        median_resolution=timedelta(days=1, hours=12),
        polls=[PollPoint(PUBLISHED - timedelta(days=30), "csat", 4.5, 2)],
        changes={},
    )
    return replace(figures, **overrides)


def make_review(**overrides: Any) -> ReviewResults:
    values: dict[str, Any] = {
        "review_id": 1,
        "opened_at": PUBLISHED - timedelta(days=50),
        "closed_at": PUBLISHED - timedelta(days=43),
        "answers": 5,
        "clients": 3,
        "team": 2,
        "cadence": {"too-often": 1, "right": 4, "too-rare": 0},
        "useful": {"very": 3, "somewhat": 2, "not": 0},
        "changes": ["Less detail on Fridays", "Tell us earlier about delays"],
        "note": "The digest moves to Thursday; delays are told the day they are known.",
        "note_by": "U0OWNER",
    }
    values.update(overrides)
    return ReviewResults(**values)


def make_facts(**overrides: Any) -> PlanFacts:
    project = overrides.pop(
        "project",
        make_project(
            goal="Launch the new site by March",
            background="Acme's old site is slow; the new one brings self-service.",
        ),
    )
    values: dict[str, Any] = {
        "project": project,
        "members": [
            Member(project_id=1, user_id="U0OWNER", role="owner"),
            Member(project_id=1, user_id="U0BEN", role="team"),
            Member(project_id=1, user_id="U0DANA", role="client", approver=True),
        ],
        "figures": make_figures(),
        "review": make_review(),
        "next_digest": datetime(2026, 11, 27, 16, 0, tzinfo=project_zone(project.timezone)),
        "next_review": datetime(2027, 1, 1, 16, 0, tzinfo=project_zone(project.timezone)),
        "version": 3,
        "at": PUBLISHED,
    }
    values.update(overrides)
    return PlanFacts(**values)


def project_zone(name: str):  # type: ignore[no-untyped-def]
    from zoneinfo import ZoneInfo

    return ZoneInfo(name)
