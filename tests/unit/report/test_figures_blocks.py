"""The figures as the team reads them; no I/O."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from bot.report.figures import (
    MemberFigures,
    PollPoint,
    ProjectFigures,
    ResponseFigures,
    WeekFigures,
    nearest_rank,
)
from bot.report.figures_blocks import build_figures
from bot.sandbox.limits import check_message_blocks
from tests.reading import all_text


def figures(**overrides: object) -> ProjectFigures:
    values: dict[str, object] = {
        "project_name": "Acme <!channel>",
        "timezone": "Europe/Berlin",
        "period": "month",
        "since": datetime(2026, 10, 25, 23, tzinfo=UTC),
        "until": datetime(2026, 11, 20, 16, tzinfo=UTC),
        "target_seconds": 9 * 3600,
        "responses": ResponseFigures(7, 4, 9000.0, 36000, 0.6, 5),
        "weeks": [WeekFigures(date(2026, 11, 9), 2, None), WeekFigures(date(2026, 11, 16), 6, 9e3)],
        "members": [MemberFigures("U0BEN", 3, 12600.0), MemberFigures("U0ANA", 1, 2700.0)],
        "punctual_weeks": 2,
        "digest_weeks": 4,
        "feedback_received": 2,
        "feedback_resolved": 1,
        "median_resolution": timedelta(days=2),
        "polls": [
            PollPoint(datetime(2026, 11, 13, tzinfo=UTC), "csat", 4.0, 3),
            PollPoint(datetime(2026, 11, 19, tzinfo=UTC), "csat", 14 / 3, 3),
        ],
        "changes": {"approved": 1, "rejected": 0, "pending": 1, "withdrawn": 0},
    }
    values.update(overrides)
    return ProjectFigures(**values)  # type: ignore[arg-type]


def test_every_figure_is_there_in_words() -> None:
    text, blocks = build_figures(figures())
    shown = all_text(blocks)
    for expected in [
        "Mon, Oct 26 – Fri, Nov 20, 2026",
        "*First response, median*\n2.5 working hours",
        "*First response, 90th percentile*\n10.0 working hours",
        "*Answered within target*\n60% (3 of 5)",
        "*Status before the digest*\n2 of 4 weeks",
        "median 2 days to resolve",
        "CSAT 4.7 / 5 ↑ from 4.0 (3 answers)",
        "1 approved, 0 rejected, 1 pending, 0 withdrawn",
        "<@U0BEN>: 3 first answers, median 3.5 working hours",
        "Nov 16: 2.5 working hours (6)",
        "Nov 9: — (2)",
    ]:
        assert expected in shown, expected
    assert "<!channel>" not in text and "Acme &lt;!channel&gt;" in text
    assert check_message_blocks(blocks) == []


def test_a_quiet_period_says_so() -> None:
    quiet = figures(
        responses=ResponseFigures(0, 0, None, None, None, 0),
        members=[],
        polls=[PollPoint(datetime(2026, 11, 13, tzinfo=UTC), "nps", 20.0, 5)],
        weeks=[WeekFigures(date(2026, 11, 16), 0, None)],
    )
    shown = all_text(build_figures(quiet)[1])
    assert "*First response, median*\n—" in shown and "*Answered within target*\n—" in shown
    assert "NPS +20 (5 answers)" in shown and "Who answers clients" not in shown


def test_nearest_rank() -> None:
    assert nearest_rank([], 90) is None
    assert nearest_rank([5], 90) == 5
    assert nearest_rank(list(range(1, 11)), 90) == 9
    assert nearest_rank(list(range(1, 12)), 90) == 10
