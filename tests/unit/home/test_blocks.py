"""The App Home tab built from plain values: what a team member and a client read on it, in each
reader's language."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.home.blocks import age, ago, build_home, poll_line, response_line, sparkline
from bot.home.cards import Home, PollResult, ProjectCard, ResponseTrend
from bot.platform.i18n import speaking
from bot.sandbox.limits import check_home_view
from tests.language import LANGUAGES, assert_in_language, texts
from tests.reading import all_text, section_texts

NOW = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)
HOUR = 3600
TARGET = 9 * HOUR  # one business day of 09:00–18:00

CALM = ResponseTrend(
    weekly_medians=(2 * HOUR, None, 3 * HOUR, 4 * HOUR),
    target_seconds=TARGET,
    within_target=0.9,
    judged=10,
)
SLIPPING = replace(CALM, weekly_medians=(HOUR, HOUR, HOUR, 12 * HOUR))

NAME = {"en": "Acme Website", "zh_CN": "官网改版"}
UPDATE = {"en": "Login page built; next: password reset", "zh_CN": "登录页已上线"}
# Slack's own date token is Slack's to render, in the reader's locale: `<!date^…^{date_short_pretty}
# {time}|…>` keeps Slack's braces, which are not a format argument left behind.
SLACK_DATE = re.compile(r"<!date\^[^<>]*>")


def team_card(name: str = "Acme Website", **overrides: object) -> ProjectCard:
    values: dict[str, object] = {
        "name": name,
        "client_channel_id": "C0ACME",
        "audience": "team",
        "health": "at-risk",
        "progress": 60,
        "last_update_at": NOW - timedelta(days=2),
        "last_update_text": "Login page built; next: password reset",
        "last_update_author": "U0BEN",
        "open_feedback": 3,
        "overdue_feedback": 1,
        "pending_changes": 2,
        "oldest_change_at": NOW - timedelta(days=5),
        "polls": (PollResult("csat", 4.0), PollResult("csat", 4.5)),
        "response": CALM,
    }
    values.update(overrides)
    return ProjectCard(**values)  # type: ignore[arg-type]


def client_card(name: str = "Acme Website", **overrides: object) -> ProjectCard:
    values: dict[str, object] = {
        "name": name,
        "client_channel_id": "C0ACME",
        "audience": "client",
        "health": "on-track",
        "progress": 60,
        "last_update_at": NOW - timedelta(days=2),
        "open_feedback": 1,
        "pending_changes": 1,
        "oldest_change_at": NOW - timedelta(days=1),
    }
    values.update(overrides)
    return ProjectCard(**values)  # type: ignore[arg-type]


def quiet(name: str, **overrides: object) -> ProjectCard:
    """A team card with nothing needing attention."""
    return team_card(
        name, pending_changes=0, oldest_change_at=None, overdue_feedback=0, **overrides
    )


def cards_of(view: dict[str, Any]) -> list[str]:
    """The cards' texts: every section of a Home with projects is a card."""
    return section_texts(view["blocks"])


def assert_home_in_language(view: Any, language: str, *, allowed: Iterable[str] = ()) -> None:
    """`assert_in_language` once Slack's date tokens are set aside."""
    shown = [SLACK_DATE.sub(" ", text) for text in texts(view)]
    assert_in_language(shown, language, allowed=allowed)


# -- a team member's card ----------------------------------------------------------------------

TEAM_CARD = {  # the whole card of team_card(), line by line
    "en": [
        "*Acme Website* in <#C0ACME>",
        "⚠️ *Needs attention:* 2 change requests wait for a decision; 1 feedback past its answer "
        "target",
        "🟡 At risk · Progress 60%",
        "📝 Last update 2 days ago by <@U0BEN>: Login page built; next: password reset",
        "💬 Open feedback: 3 (1 past its answer target)",
        "🔀 Change requests pending: 2 (oldest 5 days)",
        "⭐ CSAT 4.0 → 4.5 ↑",
        "⏱ First response ▃·▃▄ · median 4 hr vs target 9 hr · 90% within target",
    ],
    "zh_CN": [
        "*官网改版* · <#C0ACME>",
        "⚠️ *需要关注：* 2 个变更请求待审批；1 条反馈已超过答复时限",
        "🟡 有风险 · 进度 60%",
        "📝 最近更新：2 天前，<@U0BEN>：登录页已上线",
        "💬 待处理反馈：3（1 条已超过答复时限）",
        "🔀 待审批的变更请求：2（最早的已等 5 天）",
        "⭐ CSAT 4.0 → 4.5 ↑",
        "⏱ 首次回复 ▃·▃▄ · 中位数 4小时，目标 9小时 · 90% 在目标内",
    ],
}
AROUND_THE_CARDS = {  # the header, the summary, the footer and Slack's date format in it
    "en": (
        "Your projects",
        "1 project · 1 needs attention",
        "Refreshed <!date^",
        "^{date_short_pretty} at {time}|",
    ),
    "zh_CN": (
        "你的项目",
        "1 个项目 · 1 个需要关注",
        "更新于 <!date^",
        "^{date_short_pretty} {time}|",
    ),
}
# The same card when first responses slip: the attention line says so, the trend is flagged.
SLIPPING_LINES = {
    "en": (
        "⚠️ *Needs attention:* 2 change requests wait for a decision; 1 feedback past its answer "
        "target; first responses are slipping",
        "⏱ First response ▂▂▂█ · median 12 hr vs target 9 hr · 90% within target ⚠️",
    ),
    "zh_CN": (
        "⚠️ *需要关注：* 2 个变更请求待审批；1 条反馈已超过答复时限；首次回复变慢了",
        "⏱ 首次回复 ▂▂▂█ · 中位数 12小时，目标 9小时 · 90% 在目标内 ⚠️",
    ),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_team_member_reads_the_whole_card(language: str) -> None:
    card = team_card(NAME[language], last_update_text=UPDATE[language])

    with speaking(language):
        view = build_home(Home("U0ANA", NOW, [card]))

    assert check_home_view(view) == []
    assert_home_in_language(view, language, allowed=[NAME[language], UPDATE[language]])
    assert section_texts(view["blocks"])[0].splitlines() == TEAM_CARD[language]
    header, summary, refreshed, date_format = AROUND_THE_CARDS[language]
    text = all_text(view["blocks"])
    assert header in text and summary in text
    assert refreshed in text and date_format in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_slipping_first_responses_need_attention(language: str) -> None:
    card = team_card(NAME[language], last_update_text=UPDATE[language], response=SLIPPING)

    with speaking(language):
        view = build_home(Home("U0ANA", NOW, [card]))

    assert_home_in_language(view, language, allowed=[NAME[language], UPDATE[language]])
    attention, trend = SLIPPING_LINES[language]
    whole = TEAM_CARD[language]
    assert section_texts(view["blocks"])[0].splitlines() == [
        whole[0],
        attention,
        *whole[2:-1],
        trend,
    ]


# -- a client's card ---------------------------------------------------------------------------

CLIENT_CARD = {  # (language, feedback past its target): client_card() then a fresher one
    ("en", False): [
        "⚠️ *Needs attention:* 1 change request waits for your decision",
        "🟢 On track · Progress 60%",
        "📝 Last update 2 days ago",
        "💬 Your open feedback: 1",
        "🔀 Change requests awaiting your decision: 1 (oldest yesterday)",
    ],
    ("en", True): [
        "⚠️ *Needs attention:* 1 change request waits for your decision; 1 feedback past its "
        "answer target",
        "🟢 On track · Progress 60%",
        "📝 Last update 3 hours ago",
        "💬 Your open feedback: 1 (1 past its answer target)",
        "🔀 Change requests awaiting your decision: 1 (oldest yesterday)",
    ],
    ("zh_CN", False): [
        "⚠️ *需要关注：* 1 个变更请求等你决定",
        "🟢 正常 · 进度 60%",
        "📝 最近更新：2 天前",
        "💬 你的待处理反馈：1",
        "🔀 等你决定的变更请求：1（最早的已等 1 天）",
    ],
    ("zh_CN", True): [
        "⚠️ *需要关注：* 1 个变更请求等你决定；1 条反馈已超过答复时限",
        "🟢 正常 · 进度 60%",
        "📝 最近更新：3 小时前",
        "💬 你的待处理反馈：1（1 条已超过答复时限）",
        "🔀 等你决定的变更请求：1（最早的已等 1 天）",
    ],
}
TEAM_ONLY = {  # what only the team reads, in each language
    "en": ("First response", "within target", "CSAT", "NPS", "<@", "Login page"),
    "zh_CN": ("首次回复", "在目标内", "CSAT", "NPS", "<@", "登录页"),
}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("overdue", [False, True])
def test_a_client_reads_health_their_feedback_and_their_decisions_only(
    language: str, overdue: bool
) -> None:
    fresher = {"overdue_feedback": 1, "last_update_at": NOW - timedelta(hours=3)}
    card = client_card(NAME[language], **(fresher if overdue else {}))

    with speaking(language):
        view = build_home(Home("U0DANA", NOW, [card]))

    assert check_home_view(view) == []
    assert_home_in_language(view, language, allowed=[NAME[language]])
    assert section_texts(view["blocks"])[0].splitlines()[1:] == CLIENT_CARD[language, overdue]
    text = all_text(view["blocks"])
    for internal in TEAM_ONLY[language]:
        assert internal not in text


def test_a_client_who_decides_nothing_sees_no_change_line() -> None:
    card = client_card(pending_changes=0, oldest_change_at=None)

    text = all_text(build_home(Home("U0GIA", NOW, [card]))["blocks"])

    assert "Change requests" not in text
    assert "Needs attention" not in text


# -- many projects, or none --------------------------------------------------------------------

PROJECT_N = {"en": "Project {n:02d}", "zh_CN": "项目{n:02d}"}
NEEDS_ATTENTION = {"en": "Needs attention", "zh_CN": "需要关注"}
MORE = {
    "en": "…and 12 more projects, not shown: a Home tab holds 100 blocks.",
    "zh_CN": "……还有 12 个项目未显示：主页最多容纳 100 个区块。",
}
SUMMARY = {  # of sixty projects: one needing attention, then all of them
    "en": ("60 projects · 1 needs attention", "60 projects · 60 need attention"),
    "zh_CN": ("60 个项目 · 1 个需要关注", "60 个项目 · 60 个需要关注"),
}
EMPTY_HOME = {  # how it opens, how to start, and its footer
    "en": (
        "👋 Welcome to Rapport\nYou are not on any project yet.",
        "`/project setup NAME` in the channel you share with your client",
        "Refreshed",
    ),
    "zh_CN": (
        "👋 欢迎使用 Rapport\n你还没有加入任何项目。",
        "在与客户共用的频道里输入 `/project setup 项目名称` 。",
        "更新于",
    ),
}


def test_projects_needing_attention_come_first_then_by_name() -> None:
    cards = [
        quiet("alpha"),
        quiet("Zeta"),
        team_card("Yankee"),  # pending changes
        quiet("Bravo"),
        replace(quiet("Xray"), response=SLIPPING),
        replace(quiet("Whiskey"), overdue_feedback=2),
    ]

    names = [t.split("*")[1] for t in cards_of(build_home(Home("U0ANA", NOW, cards)))]

    assert names == ["Whiskey", "Xray", "Yankee", "alpha", "Bravo", "Zeta"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_sixty_projects_fit_in_100_blocks_and_the_rest_are_counted(language: str) -> None:
    names = [PROJECT_N[language].format(n=n) for n in range(60)]
    cards = [quiet(name, last_update_text=UPDATE[language]) for name in names]
    # The last by name needs attention: it is shown, first.
    cards[59] = team_card(names[59], last_update_text=UPDATE[language])

    with speaking(language):
        view = build_home(Home("U0ANA", NOW, cards))

    assert check_home_view(view) == []
    assert_home_in_language(view, language, allowed=[*names, UPDATE[language]])
    assert len(view["blocks"]) <= 100
    shown = cards_of(view)
    assert len(shown) == 48
    assert shown[0].startswith(f"*{names[59]}*") and NEEDS_ATTENTION[language] in shown[0]
    text = all_text(view["blocks"])
    assert MORE[language] in text
    assert SUMMARY[language][0] in text
    assert EMPTY_HOME[language][2] in all_text(view["blocks"][-1:])


@pytest.mark.parametrize("language", LANGUAGES)
def test_when_every_project_needs_attention_the_summary_counts_them_all(language: str) -> None:
    names = [PROJECT_N[language].format(n=n) for n in range(60)]
    crowded = [
        team_card(name, last_update_text=UPDATE[language], pending_changes=0, oldest_change_at=None)
        for name in names
    ]

    with speaking(language):
        view = build_home(Home("U0ANA", NOW, crowded))

    assert_home_in_language(view, language, allowed=[*names, UPDATE[language]])
    text = all_text(view["blocks"])
    assert MORE[language] in text
    assert SUMMARY[language][1] in text


def test_a_project_name_cannot_ping_the_channel() -> None:
    name = "<!channel> Acme & <https://evil.example|Co>"

    text = all_text(build_home(Home("U0ANA", NOW, [team_card(name)]))["blocks"])

    assert "<!channel>" not in text
    assert "<https://evil" not in text
    assert "*&lt;!channel&gt; Acme &amp; &lt;https://evil.example|Co&gt;*" in text


def test_the_last_update_text_is_escaped_and_clipped() -> None:
    card = team_card(last_update_text="<!here> " + "word " * 100)

    text = all_text(build_home(Home("U0ANA", NOW, [card]))["blocks"])

    assert "<!here>" not in text and "&lt;!here&gt;" in text
    assert "…" in text and "word " * 60 not in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_someone_on_no_project_is_told_how_to_start(language: str) -> None:
    with speaking(language):
        view = build_home(Home("U0NEW", NOW, []))

    assert check_home_view(view) == []
    assert_home_in_language(view, language, allowed=["NAME"])
    opening, how_to_start, refreshed = EMPTY_HOME[language]
    text = all_text(view["blocks"])
    assert text.startswith(opening)
    assert how_to_start in text
    assert refreshed in text


# -- lines of a card ---------------------------------------------------------------------------

NOTHING_YET = {
    "en": [
        "⚪ Not reported · Progress —",
        "📝 No status update yet",
        "⭐ Satisfaction: no poll closed yet",
        "⏱ First response: no client messages in the last 4 weeks",
    ],
    "zh_CN": [
        "⚪ 未报告 · 进度 —",
        "📝 还没有状态更新",
        "⭐ 满意度：还没有结束的调查",
        "⏱ 首次回复：最近 4 周没有客户消息",
    ],
}
ONE_POLL = {
    "en": ("⭐ CSAT 4.2 (one poll so far)", "⭐ NPS +20 (one poll so far)"),
    "zh_CN": ("⭐ CSAT 4.2（目前只有一次调查）", "⭐ NPS +20（目前只有一次调查）"),
}
PAST_THE_TARGET = {  # the trend's words, and the reason the card needs attention
    "en": ("median 10 hr vs target 9 hr · 50% within target", "first responses are slipping"),
    "zh_CN": ("中位数 10小时，目标 9小时 · 50% 在目标内", "首次回复变慢了"),
}
AGO = [  # how long ago, and how each reader says it
    (timedelta(seconds=20), {"en": "just now", "zh_CN": "刚刚"}),
    (timedelta(minutes=5), {"en": "5 min ago", "zh_CN": "5 分钟前"}),
    (timedelta(hours=1), {"en": "1 hour ago", "zh_CN": "1 小时前"}),
    (timedelta(hours=23), {"en": "23 hours ago", "zh_CN": "23 小时前"}),
    (timedelta(hours=30), {"en": "yesterday", "zh_CN": "昨天"}),
    (timedelta(days=2), {"en": "2 days ago", "zh_CN": "2 天前"}),
    (timedelta(days=21), {"en": "3 weeks ago", "zh_CN": "3 周前"}),
    (timedelta(days=90), {"en": "3 months ago", "zh_CN": "3 个月前"}),
    (-timedelta(minutes=1), {"en": "just now", "zh_CN": "刚刚"}),  # clocks disagree a little
]
AGE = [  # how old the oldest is, for "(oldest …)"
    (timedelta(seconds=20), {"en": "just now", "zh_CN": "不到 1 分钟"}),
    (timedelta(hours=1), {"en": "1 hour", "zh_CN": "1小时"}),
    (timedelta(hours=30), {"en": "yesterday", "zh_CN": "1 天"}),
    (timedelta(days=5), {"en": "5 days", "zh_CN": "5 天"}),
    (timedelta(days=21), {"en": "3 weeks", "zh_CN": "3 周"}),
]


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_project_with_no_update_poll_or_message_says_so(language: str) -> None:
    card = team_card(
        NAME[language],
        health=None,
        progress=None,
        last_update_at=None,
        polls=(),
        response=ResponseTrend((None, None, None, None), TARGET, None, 0),
    )

    with speaking(language):
        view = build_home(Home("U0ANA", NOW, [card]))

    assert_home_in_language(view, language, allowed=[NAME[language]])
    lines = section_texts(view["blocks"])[0].splitlines()
    for line in NOTHING_YET[language]:
        assert line in lines


def test_trends_in_text() -> None:
    assert sparkline([0, 3.5, 7, None], 7) == "▁▅█·"
    assert sparkline([10, 20], 5) == "▅█"  # above the target: scaled to the highest
    assert poll_line((PollResult("nps", 20), PollResult("nps", 10))) == "⭐ NPS +20 → +10 ↓"
    assert poll_line((PollResult("csat", 4), PollResult("csat", 4))) == "⭐ CSAT 4.0 → 4.0 →"


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_single_poll_says_it_is_the_only_one_so_far(language: str) -> None:
    with speaking(language):
        said = poll_line((PollResult("csat", 4.2),)), poll_line((PollResult("nps", 20),))

    assert said == ONE_POLL[language]


@pytest.mark.parametrize("language", LANGUAGES)
def test_response_times_past_the_target_are_flagged(language: str) -> None:
    late = ResponseTrend((HOUR, 10 * HOUR), TARGET, 0.5, 4)
    words, reason = PAST_THE_TARGET[language]

    with speaking(language):
        line = response_line(late)
        attention = team_card(response=late, pending_changes=0, overdue_feedback=0).attention

    assert line.endswith("⚠️")
    assert words in line
    assert attention == [reason]


@pytest.mark.parametrize("language", LANGUAGES)
def test_ages_read_as_people_say_them(language: str) -> None:
    with speaking(language):
        said = [ago(NOW - before, NOW) for before, _words in AGO]

    assert said == [words[language] for _before, words in AGO]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_age_of_the_oldest_reads_as_people_say_it(language: str) -> None:
    with speaking(language):
        said = [age(NOW - before, NOW) for before, _words in AGE]

    assert said == [words[language] for _before, words in AGE]
