"""Satisfaction polls in Slack, for a reader of each language: the question with its buttons, open
and closed, the results with the change since the last poll, and the low-score alert to the
owners."""

from __future__ import annotations

import pytest

from bot.platform.i18n import speaking
from bot.polls.blocks import build_low_score_alert, build_poll_message, build_poll_results
from bot.polls.scores import summarize
from bot.sandbox.limits import check_message_blocks
from storage.models import Poll
from tests.factories import MONDAY, make_poll
from tests.language import LANGUAGES, assert_in_language
from tests.reading import all_text

# The test's data, as a team of each language writes it.
QUESTION = {"en": "How is the project going?", "zh_CN": "项目进展如何？"}
PROJECT = {"en": "Acme Website", "zh_CN": "官网改版"}
COMMENT = {"en": "Releases are too slow", "zh_CN": "发布太慢"}


def poll_in(language: str, kind: str = "csat", **overrides: object) -> Poll:
    return make_poll(kind, question=QUESTION[language], **overrides)


# -- the poll ------------------------------------------------------------------------------------

CHECK_IN = {"en": "📊 Quick check-in", "zh_CN": "📊 满意度小调查"}
QUESTION_AND_SCALE = {
    "en": "*How is the project going?*\nFrom 1 (not at all) to 5 (very).",
    "zh_CN": "*项目进展如何？*\n评分从 1（完全不）到 5（非常）。",
}
ANSWERED_SO_FAR = {
    "en": "3 answered so far · you can change your answer until it closes",
    "zh_CN": "目前已有 3 人作答 · 调查结束前可随时修改答案",
}
NAMED = {"en": "👤 Named", "zh_CN": "👤 实名"}
CLOSED = {
    "en": "📊 This poll is closed: 4 answered. Thank you!",
    "zh_CN": "📊 本次调查已结束：共 4 人作答。谢谢！",
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_open_poll_asks_its_question_on_its_scale(language: str) -> None:
    with speaking(language):
        text, blocks = build_poll_message(poll_in(language), answers=3)
    shown = all_text(blocks)

    assert_in_language(text, language, allowed=[QUESTION[language]])
    assert_in_language(blocks, language)
    assert check_message_blocks(blocks) == []
    assert text == f"📊 {QUESTION[language]}"
    assert CHECK_IN[language] in shown
    assert QUESTION_AND_SCALE[language] in shown
    assert ANSWERED_SO_FAR[language] in shown


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_named_poll_says_the_team_sees_who_answered(language: str) -> None:
    with speaking(language):
        text, blocks = build_poll_message(poll_in(language, "nps", anonymity="named"), answers=0)

    assert_in_language(text, language, allowed=[QUESTION[language]])
    assert_in_language(blocks, language)
    assert check_message_blocks(blocks) == []
    assert NAMED[language] in all_text(blocks)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_closed_poll_counts_who_answered_and_thanks_them(language: str) -> None:
    with speaking(language):
        text, blocks = build_poll_message(poll_in(language, closed_at=MONDAY), answers=4)

    assert_in_language(text, language, allowed=[QUESTION[language]])
    assert_in_language(blocks, language)
    assert check_message_blocks(blocks) == []
    assert text == CLOSED[language]


# -- the results ---------------------------------------------------------------------------------

RESULTS_TEXT = {"en": "📊 Poll results: {headline}", "zh_CN": "📊 调查结果：{headline}"}
SHARE_OF_CLIENTS = {
    "en": "Result: *4.5 / 5* from 2 answers (50% of the client members asked)",
    "zh_CN": "结果：*4.5 / 5*，共 2 份答复（受邀客户成员的 50%）",
}


@pytest.mark.parametrize(
    ("kind", "scores", "before", "asked", "headline", "change"),
    [
        (
            "csat",
            [4, 5],
            [3, 3],
            4,
            {"en": "4.5 / 5", "zh_CN": "4.5 / 5"},
            {"en": "Change since the last poll: +1.5", "zh_CN": "与上次调查相比：+1.5"},
        ),
        (
            "nps",
            [10, 9, 3],
            [10, 0],
            None,
            {"en": "NPS +33", "zh_CN": "NPS +33"},
            {"en": "Change since the last poll: +33", "zh_CN": "与上次调查相比：+33"},
        ),
        ("csat", [], None, 3, {"en": "no answers", "zh_CN": "暂无答复"}, None),
    ],
)
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_results_give_the_headline_and_the_change_since_the_last_poll(
    language: str,
    kind: str,
    scores: list[int],
    before: list[int] | None,
    asked: int | None,
    headline: dict[str, str],
    change: dict[str, str] | None,
) -> None:
    with speaking(language):
        now = summarize(kind, scores, asked=asked)
        previous = summarize(kind, before, asked=None) if before is not None else None
        text, blocks = build_poll_results(poll_in(language, kind), now, previous)
    shown = all_text(blocks)

    assert_in_language(text, language)
    assert_in_language(blocks, language, allowed=[QUESTION[language]])
    assert text == RESULTS_TEXT[language].format(headline=headline[language])
    assert f"*{headline[language]}*" in shown
    if change is not None:
        assert change[language] in shown
    assert check_message_blocks(blocks) == []


@pytest.mark.parametrize("before", [None, [3, 3]])
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_results_give_the_share_of_the_clients_asked(
    language: str, before: list[int] | None
) -> None:
    with speaking(language):
        previous = summarize("csat", before, asked=4) if before is not None else None
        _text, blocks = build_poll_results(
            poll_in(language), summarize("csat", [4, 5], asked=4), previous
        )
    assert SHARE_OF_CLIENTS[language] in all_text(blocks)
    assert check_message_blocks(blocks) == []


# -- the low-score alert -------------------------------------------------------------------------

LOW_SCORE = {
    "en": "⚠️ A low score (2) in the poll of Acme Website",
    "zh_CN": "⚠️ 官网改版 的调查中出现低分（2）",
}
LOW_SCORE_FROM = {
    "en": "⚠️ <@U0ANA> a low score (*2*) in the poll of *Acme Website* from <@U0DANA>.",
    "zh_CN": "⚠️ <@U0ANA> *官网改版* 的调查中，<@U0DANA> 给出了低分（*2*）。",
}
LOW_SCORE_FROM_SOMEONE = {
    "en": "⚠️ <@U0ANA> a low score (*2*) in the poll of *Acme Website*.",
    "zh_CN": "⚠️ <@U0ANA> *官网改版* 的调查中出现了低分（*2*）。",
}


@pytest.mark.parametrize("voter", [None, "U0DANA"])
@pytest.mark.parametrize("commented", [False, True])
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_owners_hear_of_a_low_score_and_from_whom_when_the_poll_is_named(
    language: str, commented: bool, voter: str | None
) -> None:
    comment = COMMENT[language] if commented else None
    with speaking(language):
        text, blocks = build_low_score_alert(
            poll_in(language), PROJECT[language], 2, ["U0ANA"], voter, comment
        )
    shown = all_text(blocks)

    assert_in_language(text, language)
    assert_in_language(blocks, language)
    assert text == LOW_SCORE[language]
    if voter:
        assert LOW_SCORE_FROM[language] in shown
    else:
        assert LOW_SCORE_FROM_SOMEONE[language] in shown
    if comment:
        assert f">{comment}" in shown
