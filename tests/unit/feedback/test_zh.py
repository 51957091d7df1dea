"""Feedback and polls in Simplified Chinese: every message and form of the slice has no English
left and no placeholder, key sentences read as written, and the quick form understands the
keywords of every language, Chinese and mixed input included."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from babel.messages.pofile import read_po
from hypothesis import example, given
from hypothesis import strategies as st
from slack_sdk.errors import SlackApiError

from bot.feedback.blocks import (
    NOT_TEAM,
    build_acknowledged_notice,
    build_feedback_card,
    build_feedback_help,
    build_feedback_list,
    build_feedback_receipt,
    build_overdue_notice,
    build_resolution_notice,
    build_resolved_for_sender,
    card_text,
)
from bot.feedback.forms import build_feedback_modal, build_resolve_modal
from bot.feedback.quick_form import KEYWORD_CONTEXT, KEYWORDS, guess_kind, keywords
from bot.platform import i18n
from bot.platform.i18n import speaking
from bot.platform.telling import tell_team
from bot.polls.blocks import build_low_score_alert, build_poll_message, build_poll_results
from bot.polls.forms import build_comment_modal, build_follow_up_modal
from bot.polls.scores import QUESTIONS, summarize
from bot.sandbox.limits import check_message_blocks, check_view
from storage.models import Feedback, Poll
from tests.factories import MONDAY, make_feedback, make_project
from tests.language import assert_chinese
from tests.reading import all_text, buttons

ROOT = Path(__file__).resolve().parents[3]
PROJECT = "官网改版"
ZONE = "Asia/Shanghai"
ALLOWED = [ZONE]  # test data: the zone's name is an id, the same in every language

OPEN = make_feedback("测试环境每隔几分钟就把我登出", id=7, number=3)
ACKNOWLEDGED = make_feedback(
    "测试环境把我登出", id=7, number=3, state="acknowledged", acknowledged_by="U0ANA"
)
RESOLVED = make_feedback(
    "测试环境把我登出",
    id=7,
    number=3,
    state="resolved",
    acknowledged_by="U0ANA",
    resolved_by="U0BEN",
    resolution="会话现在可保持 8 小时",
)
WITHDRAWN = make_feedback("算了", id=7, number=3, state="withdrawn")


def poll(kind: str = "csat", **overrides: object) -> Poll:
    values: dict[str, object] = {
        "id": 2,
        "project_id": 1,
        "kind": kind,
        "question": "项目进展如何？",
        "anonymity": "anonymous",
        "channel_id": "C1",
        "opened_at": MONDAY,
        "closes_at": MONDAY + timedelta(days=3),
    }
    values.update(overrides)
    return Poll(**values)  # type: ignore[arg-type]


# -- every builder, in Chinese ---------------------------------------------------------------


@pytest.mark.parametrize("feedback", [OPEN, ACKNOWLEDGED, RESOLVED, WITHDRAWN])
def test_the_triage_card_in_every_state_is_chinese(feedback: Feedback) -> None:
    with speaking("zh_CN"):
        blocks = build_feedback_card(feedback, project_name=PROJECT, timezone=ZONE)
        text = card_text(feedback)
    assert_chinese(blocks, allowed=ALLOWED)
    assert_chinese(text)
    assert check_message_blocks(blocks) == []


def test_the_forms_are_chinese() -> None:
    with speaking("zh_CN"):
        views = [
            build_feedback_modal(project_id=5, project_name=PROJECT, channel_id="C0ACME"),
            build_resolve_modal(OPEN),
            build_comment_modal(poll()),
            build_comment_modal(poll(anonymity="named")),
            build_follow_up_modal(poll()),
        ]
    for view in views:
        assert_chinese(view)
        assert check_view(view) == []
    feedback_form = views[0]
    assert feedback_form["title"]["text"] == "反馈"
    kinds = [o["text"]["text"] for o in feedback_form["blocks"][1]["element"]["options"]]
    assert kinds == ["🙌 表扬", "⚠️ 问题", "📝 需求", "❓ 疑问"]
    assert views[1]["title"]["text"] == "解决 FB-3"


def test_the_receipts_and_notices_to_the_sender_are_chinese() -> None:
    with speaking("zh_CN"):
        named = build_feedback_receipt(OPEN, owner_ids=["U0ANA", "U0BEN"], timezone=ZONE)
        anonymous = build_feedback_receipt(
            make_feedback("会议太长", author_id=None), owner_ids=[], timezone=ZONE
        )
        acknowledged = build_acknowledged_notice(ACKNOWLEDGED)
        resolved = build_resolved_for_sender(RESOLVED)
    for message in (named, anonymous, acknowledged, resolved):
        assert_chinese(message, allowed=ALLOWED)
    assert all_text(named) == (
        "谢谢！您的反馈已记录，编号为 *FB-3*。\n"
        "<@U0ANA>和<@U0BEN> 将在 11月24日周二 19:14（Asia/Shanghai）前答复。"
    )
    assert "团队将在" in all_text(anonymous) and "匿名发送" in all_text(anonymous)
    assert acknowledged == "👀 <@U0ANA> 已接手您的反馈 *FB-3*，正在处理。"
    assert resolved == "✅ 您的反馈 *FB-3* 已解决：会话现在可保持 8 小时\n感谢您提出。"


def test_the_card_reads_as_a_chinese_pm_would_write_it() -> None:
    with speaking("zh_CN"):
        shown = all_text(build_feedback_card(ACKNOWLEDGED, project_name=PROJECT, timezone=ZONE))
        text = card_text(ACKNOWLEDGED)
        buttons_shown = [
            b["text"]["text"]
            for b in buttons(build_feedback_card(OPEN, project_name=PROJECT, timezone=ZONE))
        ]
    assert "*FB-3* · ⚠️ 问题 · 项目 *官网改版* · 来自 <@U0DANA>" in shown
    assert "*紧急程度*\n普通" in shown and "*状态*\n👀 已确认" in shown
    assert "<@U0ANA> 已确认" in shown
    assert "答复期限：11月24日周二 19:14（Asia/Shanghai）" in shown
    assert text == "FB-3（问题，已确认）"
    assert buttons_shown == ["确认", "解决…"]


def test_the_resolution_notice_is_chinese() -> None:
    with speaking("zh_CN"):
        text, blocks = build_resolution_notice(RESOLVED)
    assert_chinese(text)
    assert_chinese(blocks)
    assert text == "✅ 反馈 FB-3（问题）已解决。"
    assert "*处理结果：* 会话现在可保持 8 小时" in all_text(blocks)


def test_the_list_and_the_overdue_reminder_are_chinese() -> None:
    items = [
        make_feedback(
            "页面太慢", id=n, number=n, created_at=MONDAY, due_at=MONDAY + timedelta(days=1)
        )
        for n in range(1, 18)
    ]
    now = MONDAY + timedelta(days=3)
    with speaking("zh_CN"):
        listed = build_feedback_list(items, project_name=PROJECT, timezone=ZONE, now=now)
        empty = build_feedback_list([], project_name=PROJECT, timezone=ZONE, now=now)
        overdue = build_overdue_notice(OPEN, ["U0ANA"], ZONE)
        anonymous_overdue = build_overdue_notice(make_feedback(author_id=None), [], ZONE)
    for message in (listed, empty, overdue, anonymous_overdue):
        assert_chinese(message, allowed=ALLOWED)
    shown = all_text(listed)
    assert "待处理反馈 — 官网改版（17）" in shown
    assert "*FB-1* · ⚠️ 问题 · 待处理 · 已等待 3天 · 来自 <@U0DANA> · ⏰ *已逾期*" in shown
    assert "……另有 2 条较新的反馈。" in shown
    assert check_message_blocks(listed) == []
    assert overdue == (
        "⏰ <@U0ANA> 反馈 *FB-3*（问题，来自 <@U0DANA>）自 11月16日周一 17:00（Asia/Shanghai）起"
        "仍未答复，答复期限为 11月24日周二 19:14（Asia/Shanghai）。"
        "输入 `/feedback list` 查看待处理的反馈。"
    )


def test_the_poll_is_chinese_open_and_closed() -> None:
    with speaking("zh_CN"):
        csat = build_poll_message(poll(), answers=3)
        nps = build_poll_message(poll("nps", anonymity="named"), answers=0)
        closed = build_poll_message(poll(closed_at=MONDAY), answers=4)
    for text, blocks in (csat, nps, closed):
        assert_chinese(text, allowed=["项目进展如何？"])
        assert_chinese(blocks)
        assert check_message_blocks(blocks) == []
    shown = all_text(csat[1])
    assert "📊 满意度小调查" in shown
    assert "*项目进展如何？*\n评分从 1（完全不）到 5（非常）。" in shown
    assert "目前已有 3 人作答 · 调查结束前可随时修改答案" in shown
    assert "👤 实名" in all_text(nps[1])
    assert closed[0] == "📊 本次调查已结束：共 4 人作答。谢谢！"


@pytest.mark.parametrize(
    ("kind", "scores", "before", "asked", "headline", "change"),
    [
        ("csat", [4, 5], [3, 3], 4, "4.5 / 5", "与上次调查相比：+1.5"),
        ("nps", [10, 9, 3], [10, 0], None, "NPS +33", "与上次调查相比：+33"),
        ("csat", [], None, 3, "暂无答复", None),
    ],
)
def test_poll_results_are_chinese(
    kind: str,
    scores: list[int],
    before: list[int] | None,
    asked: int | None,
    headline: str,
    change: str | None,
) -> None:
    now = summarize(kind, scores, asked=asked)
    previous = summarize(kind, before, asked=None) if before is not None else None
    with speaking("zh_CN"):
        text, blocks = build_poll_results(poll(kind), now, previous)
    assert_chinese(text)
    assert_chinese(blocks, allowed=["项目进展如何？"])
    assert text == f"📊 调查结果：{headline}"
    if change is not None:
        assert change in all_text(blocks)
    assert check_message_blocks(blocks) == []


def test_the_results_give_the_share_of_clients_asked_in_chinese() -> None:
    with speaking("zh_CN"):
        _text, blocks = build_poll_results(poll(), summarize("csat", [4, 5], asked=4), None)
    assert "结果：*4.5 / 5*，共 2 份答复（受邀客户成员的 50%）" in all_text(blocks)


@pytest.mark.parametrize("voter", [None, "U0DANA"])
@pytest.mark.parametrize("comment", [None, "发布太慢"])
def test_the_low_score_alert_is_chinese(voter: str | None, comment: str | None) -> None:
    with speaking("zh_CN"):
        text, blocks = build_low_score_alert(poll(), PROJECT, 2, ["U0ANA"], voter, comment)
    assert_chinese(text)
    assert_chinese(blocks)
    assert text == "⚠️ 官网改版 的调查中出现低分（2）"
    if voter:
        assert "⚠️ <@U0ANA> *官网改版* 的调查中，<@U0DANA> 给出了低分（*2*）。" in all_text(blocks)


def test_the_default_questions_and_the_answers_in_the_handlers_are_chinese() -> None:
    with speaking("zh_CN"):
        questions = [i18n._(q) for q in QUESTIONS.values()]
        help_text, not_team = build_feedback_help(), i18n._(NOT_TEAM)
    for said in (*questions, help_text, not_team):
        assert_chinese(said)
    assert questions[0] == "您对这个项目目前的进展满意吗？"
    # The help names the keywords of the reader's language.
    assert "以 `问题`、`表扬`、`疑问` 或 `需求` 开头说明类型，事情紧急时以 `紧急` 开头" in help_text


# -- the quick form's keywords, in every language -------------------------------------------


def test_the_keywords_are_exactly_the_catalogues() -> None:
    """Each keyword the parser reads has its entry (msgctxt "feedback keyword") in every
    catalogue, and none is left over: a new language translates them, nothing else."""
    path = ROOT / "bot/locale/zh_CN/LC_MESSAGES/rapport.po"
    with path.open("rb") as source:
        marked = {m.id for m in read_po(source) if m.context == KEYWORD_CONTEXT}
    assert marked == set(KEYWORDS)


def test_the_keywords_of_both_languages_are_known() -> None:
    known = keywords()
    for word, meaning in [
        ("problem", ("problem", None)),
        ("问题", ("problem", None)),
        ("故障", ("problem", None)),
        ("表扬", ("praise", None)),
        ("需求", ("request", None)),
        ("疑问", ("question", None)),
        ("紧急", (None, "urgent")),
        ("urgent", (None, "urgent")),
    ]:
        assert known[word] == meaning


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("问题：测试环境登不上", ("problem", "normal")),
        ("表扬！演示很棒", ("praise", "normal")),
        ("疑问，周五演示吗？", ("question", "normal")),
        ("需求 加一个常见问题页面", ("request", "normal")),
        ("紧急：结账页面挂了", ("problem", "urgent")),
        ("紧急 需求：要测试环境密码", ("request", "urgent")),
        ("【紧急】服务器挂了", ("problem", "urgent")),
        ("疑问 紧急，今天能上线吗", ("question", "urgent")),
        ("urgent 问题: checkout is down", ("problem", "urgent")),
        ("紧急 question: can we ship today?", ("question", "urgent")),
        ("Praise：界面很好看", ("praise", "normal")),
        ("　问题　页面很慢", ("problem", "normal")),  # full-width spaces
        # A keyword glued to the words after it is not a keyword: 紧急情况 is a word.
        ("紧急情况下联系谁？", ("request", "normal")),
        ("问题不大，只是建议", ("request", "normal")),
        ("problem-solving workshop?", ("request", "normal")),
        ("问题 表扬", ("problem", "normal")),  # the second kind is the text
        ("谢谢大家", ("request", "normal")),
    ],
)
def test_chinese_and_mixed_quick_feedback(text: str, expected: tuple[str, str]) -> None:
    assert guess_kind(text) == expected


def _words(message: str) -> list[str]:
    return [w for w in i18n.translated_in("zh_CN", message, KEYWORD_CONTEXT).split("|") if w]


CHINESE_KINDS = st.sampled_from(
    [(word, kind) for kind in ("problem", "praise", "question", "request") for word in _words(kind)]
)
ENGLISH_KINDS = st.sampled_from(
    [
        (word, kind)
        for kind in ("problem", "praise", "question", "request")
        for word in (kind, kind.upper(), kind.title())
    ]
)
URGENT = st.sampled_from([*_words("urgent"), "urgent", "URGENT", "Urgent"])
SEPARATORS = st.sampled_from(
    [" ", "　", "：", ":", "，", ",", "。", "！", "!", "；", "、", "： ", " : "]
)
CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
REST = st.text(alphabet=CJK | st.sampled_from(list("abc 123，。？！")), max_size=40)


@given(CHINESE_KINDS | ENGLISH_KINDS, SEPARATORS, REST)
@example(("问题", "problem"), "：", "紧急")
def test_a_leading_kind_in_either_language_is_read(
    keyword: tuple[str, str], separator: str, rest: str
) -> None:
    word, kind = keyword
    assert guess_kind(f"{word}{separator}{rest}")[0] == kind


@given(URGENT, CHINESE_KINDS | ENGLISH_KINDS, SEPARATORS, SEPARATORS, REST, st.booleans())
def test_urgency_and_kind_mix_in_any_order_and_language(
    urgent: str,
    keyword: tuple[str, str],
    first: str,
    second: str,
    rest: str,
    urgency_first: bool,
) -> None:
    word, kind = keyword
    lead = f"{urgent}{first}{word}" if urgency_first else f"{word}{first}{urgent}"
    assert guess_kind(f"{lead}{second}{rest}") == (kind, "urgent")


@given(URGENT, SEPARATORS, REST)
def test_urgent_alone_is_an_urgent_problem(urgent: str, separator: str, rest: str) -> None:
    text = f"{urgent}{separator}{rest}"
    kind, urgency = guess_kind(text)
    assert urgency == "urgent"
    if not any(rest.strip(" ，。？！").startswith(w) for w in keywords()):
        assert kind == "problem"


@given(CHINESE_KINDS, st.text(alphabet=CJK, min_size=1, max_size=20))
def test_a_keyword_glued_to_chinese_text_is_just_a_word(
    keyword: tuple[str, str], glued: str
) -> None:
    word = keyword[0]
    if f"{word}{glued}" in keywords():
        return
    assert guess_kind(f"{word}{glued}") == ("request", "normal")


@given(st.text(alphabet=CJK | st.characters(), max_size=200))
def test_any_text_gives_a_known_kind_whatever_the_readers_language(text: str) -> None:
    if not text.strip():
        return  # the handler answers blank text before guessing
    in_english = guess_kind(text)
    with speaking("zh_CN"):
        in_chinese = guess_kind(text)
    assert in_english == in_chinese
    assert in_english[0] in KEYWORDS and in_english[1] in ("normal", "urgent")


# -- telling the team, each reader in their language -----------------------------------------


class _Client:
    def __init__(self, refuse: set[str]) -> None:
        self.posts: list[tuple[str, str]] = []
        self.refuse = refuse

    def chat_postMessage(self, *, channel: str, text: str, **_extra: object) -> dict[str, str]:  # noqa: N802
        if channel in self.refuse:
            raise SlackApiError("refused", {"ok": False, "error": "not_in_channel"})  # type: ignore[arg-type]
        self.posts.append((channel, text))
        return {"channel": channel, "ts": f"{len(self.posts)}.000"}


def _deps(locales: dict[str, str]) -> SimpleNamespace:
    directory = SimpleNamespace(
        caller=lambda user_id, _team: SimpleNamespace(locale=locales.get(user_id))
    )
    return SimpleNamespace(directory=directory, settings=SimpleNamespace(default_language="en"))


def _said() -> tuple[str, None]:
    return i18n._("🟢 On track"), None


@pytest.mark.parametrize("refused", [False, True])
def test_the_team_is_told_in_the_projects_language_or_each_owners(refused: bool) -> None:
    project = make_project(language="zh_CN")
    client = _Client({"C0TEAM"} if refused else set())
    deps = _deps({"U0ANA": "en-US", "U0BEN": "zh-CN"})

    told = tell_team(deps, client, project, ["U0ANA", "U0BEN"], _said, what="a test")  # type: ignore[arg-type]

    assert told.anyone
    said = [(channel, text.split("\n")[0]) for channel, text in client.posts]
    if refused:  # each owner directly, in their language, with why it came directly
        assert said == [("U0ANA", "🟢 On track"), ("U0BEN", "🟢 正常")]
        assert told.channel_id is None and told.owner_ids == ("U0ANA", "U0BEN")
        assert (
            "Invite me there" in client.posts[0][1] and "请邀请我加入该频道" in client.posts[1][1]
        )
    else:
        assert said == [("C0TEAM", "🟢 正常")] and told.channel_id == "C0TEAM"
