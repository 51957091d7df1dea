"""The figures as the team reads them, in every language Rapport speaks; no I/O.

Each test renders inside `speaking(language)` and compares with a small table keyed by
language. Working hours are the responses module's words (bot/responses/blocks.hours_label):
what they say is its tests' business, so they are read from it here."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from bot.platform.i18n import speaking
from bot.report.figures import (
    MemberFigures,
    PollPoint,
    ProjectFigures,
    ResponseFigures,
    WeekFigures,
    nearest_rank,
)
from bot.report.figures_blocks import build_figures
from bot.responses.blocks import hours_label
from bot.sandbox.limits import check_message_blocks
from tests.language import LANGUAGES, assert_in_language
from tests.reading import all_text

PROJECT = {"en": "Acme Website", "zh_CN": "Acme 官网"}
ZONE = {"en": "Europe/Berlin", "zh_CN": "Asia/Shanghai"}
# From Monday, Oct 26 at midnight to Friday, Nov 20 in the afternoon, in the project's zone.
PERIOD = {
    "en": (datetime(2026, 10, 25, 23, tzinfo=UTC), datetime(2026, 11, 20, 16, tzinfo=UTC)),
    "zh_CN": (datetime(2026, 10, 25, 16, tzinfo=UTC), datetime(2026, 11, 20, 8, tzinfo=UTC)),
}
# Latin letters the Chinese test data itself brings in.
DATA = [PROJECT["zh_CN"], ZONE["zh_CN"], "Acme"]


def figures(language: str = "en", **overrides: object) -> ProjectFigures:
    since, until = PERIOD[language]
    values: dict[str, object] = {
        "project_name": PROJECT[language],
        "timezone": ZONE[language],
        "period": "month",
        "since": since,
        "until": until,
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
            PollPoint(datetime(2026, 11, 13, tzinfo=UTC), "csat", 4.0, 1),
            PollPoint(datetime(2026, 11, 19, tzinfo=UTC), "csat", 14 / 3, 3),
        ],
        "changes": {"approved": 1, "rejected": 0, "pending": 1, "withdrawn": 0},
    }
    values.update(overrides)
    return ProjectFigures(**values)  # type: ignore[arg-type]


# What the figures say: notification, header, words, with one NPS poll, with none. In Chinese,
# `{target}`, `{median}`, `{p90}` and `{ben}` are the responses module's words for 9, 2.5, 10
# and 3.5 working hours.
FIGURE_WORDS = {
    "en": (
        "Acme Website: figures for the last 4 weeks",
        "📊 Acme Website — the last 4 weeks",
        [
            "Mon, Oct 26 – Fri, Nov 20, 2026 · working hours, target 9.0 working hours",
            "*First response, median*\n2.5 working hours",
            "*First response, 90th percentile*\n10.0 working hours",
            "*Answered within target*\n60% (3 of 5)",
            "*Client messages*\n7 received, 4 answered",
            "*Status before the digest*\n2 of 4 weeks",
            "median 2 days to resolve",
            "CSAT 4.7 / 5 ↑ from 4.0 (3 answers)",
            "1 approved, 0 rejected, 1 pending, 0 withdrawn",
            "<@U0BEN>: 3 first answers, median 3.5 working hours",
            "Nov 16: 2.5 working hours (6)",
            "Nov 9: — (2)",
        ],
        "*Satisfaction*\nNPS +20 (1 answer)",
        "*Satisfaction*\nno poll closed yet",
    ),
    "zh_CN": (
        "Acme 官网：最近 4 周的数据",
        "📊 Acme 官网 — 最近 4 周",
        [
            "10月26日周一 – 2026年11月20日周五 · 按工作时间计，目标 {target}",
            "*首次响应，中位数*\n{median}",
            "*首次响应，第 90 百分位*\n{p90}",
            "*在目标时间内回复*\n60%（5 条中的 3 条）",
            "*客户消息*\n收到 7 条，已回复 4 条",
            "*周报前已更新状态*\n4 周中有 2 周",
            "*反馈*\n收到 2 条，已解决 1 条；解决用时中位数 2天",
            "*满意度*\nCSAT 4.7 / 5 ↑（上次 4.0，3 份回答）",
            "*变更请求*\n已批准 1 个、已拒绝 0 个、待决定 1 个、已撤回 0 个",
            "<@U0BEN>：首次回复 3 条，中位数 {ben}",
            "*每周首次响应中位数*（消息数）\n11月9日：—（2） · 11月16日：{median}（6）",
        ],
        "*满意度*\nNPS +20（1 份回答）",
        "*满意度*\n还没有结束的调查",
    ),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_figure_is_there_in_words(language: str) -> None:
    with speaking(language):
        text, blocks = build_figures(figures(language))
        hours = {
            "target": hours_label(9 * 3600),
            "median": hours_label(9000),
            "p90": hours_label(36000),
            "ben": hours_label(12600),
        }
        _text, nps = build_figures(
            figures(language, polls=[PollPoint(datetime(2026, 11, 13, tzinfo=UTC), "nps", 20.0, 1)])
        )
        _text, no_poll = build_figures(figures(language, polls=[]))
    shown = all_text(blocks)
    notification, header, words, nps_words, no_poll_words = FIGURE_WORDS[language]
    assert text == notification
    assert blocks[0]["text"]["text"] == header
    for expected in words:
        assert expected.format(**hours) in shown, expected
    assert nps_words in all_text(nps)
    assert no_poll_words in all_text(no_poll)
    assert check_message_blocks(blocks) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_project_name_cannot_ping_through_the_figures(language: str) -> None:
    with speaking(language):
        text, _blocks = build_figures(figures(language, project_name="Acme <!channel>"))
    assert "<!channel>" not in text and "Acme &lt;!channel&gt;" in text


def working_hours(*seconds: float) -> list[str]:
    """What the responses module says of these waits, in the current language."""
    return [hours_label(value) for value in seconds]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("period", ["week", "month", "quarter"])
def test_every_figure_is_in_the_readers_language(language: str, period: str) -> None:
    quiet = figures(
        language,
        period=period,
        responses=ResponseFigures(0, 0, None, None, None, 0),
        members=[],
        polls=[PollPoint(datetime(2026, 11, 13, tzinfo=UTC), "nps", -20.0, 1)],
    )
    nps = figures(
        language,
        polls=[
            PollPoint(datetime(2026, 11, 6, tzinfo=UTC), "nps", 10.0, 4),
            PollPoint(datetime(2026, 11, 13, tzinfo=UTC), "nps", 20.0, 5),
        ],
    )
    with speaking(language):
        said = working_hours(9 * 3600, 9000, 36000, 12600, 2700)
        for shown in (figures(language, period=period), quiet, nps, figures(language, polls=[])):
            text, blocks = build_figures(shown)
            assert_in_language(text, language, allowed=DATA)
            assert_in_language(blocks, language, allowed=DATA + said)
            assert check_message_blocks(blocks) == []


QUIET_PERIOD = {  # shown, and not shown
    "en": (
        ["*First response, median*\n—", "*Answered within target*\n—", "NPS +20 (5 answers)"],
        "Who answers clients",
    ),
    "zh_CN": (
        ["*首次响应，中位数*\n—", "*在目标时间内回复*\n—", "NPS +20（5 份回答）"],
        "谁在回复客户",
    ),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_quiet_period_says_so(language: str) -> None:
    quiet = figures(
        language,
        responses=ResponseFigures(0, 0, None, None, None, 0),
        members=[],
        polls=[PollPoint(datetime(2026, 11, 13, tzinfo=UTC), "nps", 20.0, 5)],
        weeks=[WeekFigures(date(2026, 11, 16), 0, None)],
    )
    with speaking(language):
        shown = all_text(build_figures(quiet)[1])
    words, absent = QUIET_PERIOD[language]
    for expected in words:
        assert expected in shown
    assert absent not in shown


def test_english_figures_count_in_plurals() -> None:
    """English only: Chinese has no plural forms, English says `1 week` and `3 answers`."""
    with speaking("en"):
        shown = all_text(build_figures(figures(digest_weeks=1, punctual_weeks=1))[1])
        first = all_text(build_figures(figures(polls=figures().polls[:1]))[1])
    assert "*Status before the digest*\n1 of 1 week" in shown
    assert "CSAT 4.7 / 5 ↑ from 4.0 (3 answers)" in shown
    assert "<@U0ANA>: 1 first answer, median" in shown
    assert "CSAT 4.0 / 5 (1 answer)" in first


def test_nearest_rank() -> None:
    assert nearest_rank([], 90) is None
    assert nearest_rank([5], 90) == 5
    assert nearest_rank(list(range(1, 11)), 90) == 9
    assert nearest_rank(list(range(1, 12)), 90) == 10
