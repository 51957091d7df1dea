"""CSAT and NPS arithmetic, checked against hand-computed values; the default questions, in the
project's language."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.platform import i18n
from bot.platform.i18n import speaking
from bot.polls.scores import QUESTIONS, is_low, summarize
from tests.language import LANGUAGES, assert_in_language


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


CSAT_QUESTION = {
    "en": "How satisfied are you with how this project is going?",
    "zh_CN": "您对这个项目目前的进展满意吗？",
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_default_questions_are_asked_in_the_projects_language(language: str) -> None:
    with speaking(language):
        questions = [i18n._(question) for question in QUESTIONS.values()]
    for question in questions:
        assert_in_language(question, language)
    assert questions[0] == CSAT_QUESTION[language]


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
