"""CSAT and NPS arithmetic, checked against hand-computed values."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.polls.blocks import build_poll_results
from bot.polls.scores import is_low, summarize
from bot.sandbox.limits import check_message_blocks
from storage.models import Poll
from tests.factories import MONDAY
from tests.reading import all_text


def test_csat_average_and_distribution() -> None:
    summary = summarize("csat", [5, 4, 4, 2, 5], asked=8)
    assert summary.average == pytest.approx(4.0)
    assert summary.distribution == {1: 0, 2: 1, 3: 0, 4: 2, 5: 2}
    assert summary.response_rate == pytest.approx(5 / 8)
    assert summary.headline == "4.0 / 5"


def test_nps_is_promoters_minus_detractors_in_percent() -> None:
    # 3 promoters (9, 10, 10), 2 passives (7, 8), 3 detractors (0, 5, 6) of 8: 37.5 − 37.5 = 0
    assert summarize("nps", [9, 10, 10, 7, 8, 0, 5, 6], asked=None).nps == 0
    # 2 promoters of 3, no detractor: +67
    assert summarize("nps", [9, 10, 8], asked=None).nps == 67
    assert summarize("nps", [1, 2], asked=None).headline == "NPS -100"


def test_no_answers_is_said_plainly() -> None:
    summary = summarize("csat", [], asked=3)
    assert (summary.answers, summary.average, summary.response_rate) == (0, None, 0.0)
    assert summary.headline == "no answers"


@pytest.mark.parametrize(
    ("kind", "score", "low"),
    [("csat", 2, True), ("csat", 3, False), ("nps", 6, True), ("nps", 7, False)],
)
def test_low_scores(kind: str, score: int, low: bool) -> None:
    assert is_low(kind, score) is low


def test_results_show_the_change_since_the_last_poll_within_limits() -> None:
    poll = Poll(
        id=2,
        project_id=1,
        kind="csat",
        question="How is it going?",
        anonymity="anonymous",
        channel_id="C1",
        opened_at=MONDAY,
        closes_at=MONDAY,
    )
    now, before = summarize("csat", [4, 5], asked=4), summarize("csat", [3, 3], asked=4)
    _, blocks = build_poll_results(poll, now, before)
    shown = all_text(blocks)
    assert "4.5 / 5" in shown and "+1.5" in shown and "50% of the client members" in shown
    assert check_message_blocks(blocks) == []


csat_scores = st.lists(st.integers(min_value=1, max_value=5), max_size=60)
nps_scores = st.lists(st.integers(min_value=0, max_value=10), min_size=1, max_size=60)


@given(csat_scores, st.integers(min_value=1, max_value=80))
def test_csat_properties(scores: list[int], asked: int) -> None:
    summary = summarize("csat", scores, asked=asked)
    assert sum(summary.distribution.values()) == len(scores) == summary.answers
    assert list(summary.distribution) == [1, 2, 3, 4, 5]
    if scores:
        assert summary.average is not None and min(scores) <= summary.average <= max(scores)
    assert summary.response_rate == pytest.approx(len(scores) / asked)


@given(nps_scores)
def test_nps_properties(scores: list[int]) -> None:
    nps = summarize("nps", scores, asked=None).nps
    assert nps is not None and -100 <= nps <= 100
    promoters = sum(s >= 9 for s in scores)
    detractors = sum(s <= 6 for s in scores)
    assert nps == round(100 * (promoters - detractors) / len(scores))
    # Another promoter never lowers the score; another detractor never raises it.
    assert summarize("nps", [*scores, 10], asked=None).nps >= nps  # type: ignore[operator]
    assert summarize("nps", [*scores, 0], asked=None).nps <= nps  # type: ignore[operator]
