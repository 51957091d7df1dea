"""The plumbing in Simplified Chinese: failure answers, the words the Block Kit helpers add, the
export's README; and Chinese (with emoji and mixed text) measured and cut the way Slack counts,
one character at a time, never inside a character, an entity or a `<…>` sequence."""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from slack_bolt import BoltResponse
from sqlalchemy.exc import OperationalError

from bot.export.files import readme
from bot.platform.blocks import (
    BUTTON_TEXT,
    CONTEXT_TEXT,
    FIELD_TEXT,
    HEADER_TEXT,
    SECTION_TEXT,
    actions,
    bullet_list,
    button,
    confirm_dialog,
    context,
    fields,
    fit_message,
    header,
    input_block,
    option,
    section,
    text_input,
)
from bot.platform.deps import Background
from bot.platform.errors import (
    SLACK_ERROR_ADVICE,
    after_ack,
    database_down,
    database_lost,
    handle_error,
    slack_error_advice,
    slow_slack,
    sorry,
)
from bot.platform.i18n import speaking
from bot.platform.metrics import Metrics
from bot.platform.middleware.retries import database_down_answer
from bot.platform.text import ELLIPSIS, clip, escape
from bot.sandbox.limits import check_message_blocks
from storage.export import ProjectRecords
from tests.factories import make_project
from tests.language import assert_chinese

SORRY_ZH = "抱歉，我这边出了问题。请稍后再试；如果一直失败，请联系 Rapport 的管理员。"
DATABASE_DOWN_ZH = (
    "⚠️ 我暂时连不上数据库，所以没有保存任何内容。"
    "请稍后再试；如果一直失败，请联系 Rapport 的管理员。"
)
COMMAND = {"command": "/status", "user_id": "U1", "channel_id": "C1", "text": "正常 60%"}
CLICK = {
    "type": "block_actions",
    "user": {"id": "U1"},
    "actions": [{"action_id": "feedback_ack", "value": "1"}],
    "channel": {"id": "C1"},
    "response_url": "https://hooks.slack.com/x",
}


class Recorder:
    def __init__(self) -> None:
        self.said: list[str] = []

    def __call__(self, **arguments: Any) -> None:
        self.said.append(arguments["text"])


# -- failures ------------------------------------------------------------------------------------


def test_every_failure_answer_is_in_chinese() -> None:
    with speaking("zh_CN"):
        answers = [sorry(), database_down(), database_lost(), slow_slack()]
        answers += [slack_error_advice(code) for code in SLACK_ERROR_ADVICE]
        unknown = slack_error_advice("ratelimited")
        missing = slack_error_advice(None)
        assert sorry() == SORRY_ZH
        assert database_down() == DATABASE_DOWN_ZH
        assert (
            slow_slack()
            == "Slack 响应超时，我无法确定刚才的操作是否已完成。请先确认再重试，以免重复操作。"
        )
        assert slack_error_advice("not_in_channel") == (
            "我还不在那个频道里：请在该频道输入 `/invite @Rapport`，然后重试。"
        )
    assert_chinese(answers)
    assert unknown == missing == SORRY_ZH
    # Looked up when said: the same call in English is English.
    assert sorry().startswith("Sorry, that did not work")
    assert slack_error_advice("is_archived").startswith("That channel is archived")


def test_a_failure_is_told_in_the_language_of_the_person_answered() -> None:
    respond = Recorder()
    with speaking("zh_CN"):
        handle_error(OperationalError("SELECT 1", {}, Exception("gone")), CLICK, respond)
        answer = handle_error(KeyError("x"), COMMAND, None, None, None, BoltResponse(status=500))
        advised = Recorder()
        handle_error(TimeoutError("slow"), CLICK, advised)
    assert respond.said == [
        "⚠️ 操作进行到一半时与数据库的连接断开了，未完成的部分已全部撤销。请稍后检查并重试；"
        "如果一直失败，请联系 Rapport 的管理员。"
    ]
    assert answer is not None and answer.body == SORRY_ZH
    assert_chinese(advised.said)


def test_a_failure_after_the_acknowledgement_keeps_the_callers_language() -> None:
    pool, respond = Background(workers=1), Recorder()

    def work() -> None:
        with after_ack(Metrics(), CLICK, respond, None):  # type: ignore[arg-type]
            raise KeyError("x")

    with speaking("zh-CN"):
        pool.submit(work)
    assert pool.wait_idle(5)
    pool.shutdown()
    assert respond.said == [SORRY_ZH]


def test_try_again_while_the_database_is_away_in_every_form(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    told: list[str] = []

    class Webhook:
        def __init__(self, url: str, timeout: int) -> None:
            pass

        def send(self, *, text: str, **_options: Any) -> None:
            told.append(text)

    monkeypatch.setattr("bot.platform.middleware.retries.WebhookClient", Webhook)
    view = {
        "type": "view_submission",
        "view": {"id": "V1", "blocks": [{"type": "input", "block_id": "text"}]},
    }
    with speaking("zh_CN"):
        command = json.loads(database_down_answer(COMMAND).body)
        submission = json.loads(database_down_answer(view).body)
        click = database_down_answer(CLICK)
        event = database_down_answer({"type": "event_callback", "event_id": "Ev1"})
    assert command == {"response_type": "ephemeral", "text": DATABASE_DOWN_ZH}
    assert submission == {"response_action": "errors", "errors": {"text": DATABASE_DOWN_ZH}}
    assert click.status == 200 and told == [DATABASE_DOWN_ZH]
    assert event.status == 503


# -- the words the Block Kit helpers add ---------------------------------------------------------


def test_a_confirmation_says_cancel_in_the_readers_language() -> None:
    with speaking("zh_CN"):
        dialog = confirm_dialog("删除这条更新？", "删除后无法恢复。", "删除")
    assert dialog["deny"]["text"] == "取消"
    assert_chinese(dialog)
    assert confirm_dialog("Delete?", "Gone for good.", "Delete")["deny"]["text"] == "Cancel"
    assert confirm_dialog("删除？", "删除后无法恢复。", "删除", "返回")["deny"]["text"] == "返回"


def test_a_long_chinese_list_counts_what_was_left_out_in_chinese() -> None:
    items = [f"第{n}项：登录页面已上线" for n in range(1000)]
    with speaking("zh_CN"):
        text = bullet_list(items, limit=300)
    lines = text.split("\n")
    assert len(text) <= 300
    assert lines[-1] == f"…另有 {1000 - (len(lines) - 1)} 项"
    assert_chinese(text)


def test_a_message_over_the_block_limit_says_so_in_chinese() -> None:
    with speaking("zh_CN"):
        fitted = fit_message([section(f"第{n}段") for n in range(60)])
    assert len(fitted) == 50 and check_message_blocks(fitted) == []
    assert fitted[-1] == context("_受 Slack 篇幅限制，另有 11 个区块未显示。_")
    assert_chinese(fitted)


# -- Slack's limits, counted in characters -------------------------------------------------------


@pytest.mark.parametrize(
    ("build", "limit", "read"),
    [
        (section, SECTION_TEXT, lambda b: b["text"]["text"]),
        (header, HEADER_TEXT, lambda b: b["text"]["text"]),
        (context, CONTEXT_TEXT, lambda b: b["elements"][0]["text"]),
        (fields, FIELD_TEXT, lambda b: b["fields"][0]["text"]),
        (
            lambda t: actions(button(t, "go", "1")),
            BUTTON_TEXT,
            lambda b: b["elements"][0]["text"]["text"],
        ),
    ],
)
def test_slacks_limits_hold_as_many_chinese_characters_as_latin_letters(
    build: Any, limit: int, read: Any
) -> None:
    exactly = "进" * limit
    assert read(build(exactly)) == exactly  # 3000 Chinese characters fit a section: not cut
    over = read(build("进" * (limit + 1)))
    assert len(over) == limit and over == "进" * (limit - 1) + ELLIPSIS
    assert check_message_blocks([build(exactly), build("进" * (limit + 1))]) == []


def test_a_section_of_chinese_and_emoji_is_cut_between_characters() -> None:
    # 3001 code points; the cut for the ellipsis falls between 👍 and its skin tone.
    text = "项目进展顺利，" * 428 + "好好👍🏽！"
    assert len(text) == SECTION_TEXT + 1 and text[SECTION_TEXT - 2] == "👍"
    block = section(text)
    kept = block["text"]["text"]
    assert kept == "项目进展顺利，" * 428 + "好好" + ELLIPSIS  # never 👍 without its 🏽
    assert check_message_blocks([block]) == []
    family = "完成" + "👨‍👩‍👧" * 1000  # a family is 5 code points, kept whole or not at all
    assert section(family)["text"]["text"] == "完成" + "👨‍👩‍👧" * 599 + ELLIPSIS


def test_menus_inputs_and_confirmations_are_kept_within_their_limits() -> None:
    assert len(option("选" * 80, "v")["text"]["text"]) == 75
    assert option("选" * 75, "v")["text"]["text"] == "选" * 75
    field = input_block("x", "标" * 2001, text_input("x", placeholder="提" * 151))
    assert len(field["label"]["text"]) == 2000
    assert len(field["element"]["placeholder"]["text"]) == 150
    dialog = confirm_dialog("题" * 101, "文" * 301, "确" * 31, "否" * 31)
    assert [len(dialog[k]["text"]) for k in ("title", "text", "confirm", "deny")] == [
        100,
        300,
        30,
        30,
    ]


# -- clip: properties over Chinese, emoji and mixed text -----------------------------------------

# Text built from what a reader sees as one character each (a cluster), so whatever clip keeps
# must be a run of whole clusters.
SINGLE_CLUSTERS = [
    "项",
    "目",
    "，",
    "。",
    "：",
    "（",
    "）",
    "、",
    "\u3000",
    " ",
    "\n",
    "a",
    "Z",
    "7",
    "👍",
    "🚀",
    "✅",
    "✔️",
    "⚠️",
    "❤️",
    "👍🏽",
    "👋🏿",
    "👨‍👩‍👧",
    "🧑‍💻",
    "🏳️‍🌈",
    "🇨🇳",
    "🇺🇸",
    "🇯🇵",
    "1️⃣",
    "#️⃣",
    "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",
    "e\u0301",
    "n\u0303",
    "e\u0323\u0302",
    "か\u3099",
    "\u1100\u1161\u11a8",
    "한",
    "क\u094dष",
]
MARKUP_CLUSTERS = [
    "&amp;",
    "&lt;",
    "&gt;",
    "<@U0ANA>",
    "<#C0ACME>",
    "<!here>",
    "<https://example.com|链接>",
    "<https://example.com/路径>",
]
CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
PLAIN_CLUSTER = st.sampled_from(SINGLE_CLUSTERS) | CJK
CLUSTERS = st.lists(PLAIN_CLUSTER | st.sampled_from(MARKUP_CLUSTERS), max_size=80)
PLAIN_CLUSTERS = st.lists(PLAIN_CLUSTER, max_size=80)
EXTENDERS = re.compile("[\u200d\ufe0f\u20e3\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f]")


def _prefixes(clusters: list[str]) -> list[str]:
    return ["".join(clusters[:count]).rstrip() for count in range(len(clusters) + 1)]


@given(CLUSTERS, st.integers(0, 120))
@example(["项", "👨‍👩‍👧", "目"], 3)
@example(["🇨🇳", "🇺🇸", "🇯🇵"], 4)
@example(["中", "&amp;", "文"], 5)
@example(["看", "<@U0ANA>", "吧"], 6)
@example(["e\u0301", "e\u0301"], 3)
def test_clip_keeps_whole_characters_entities_and_sequences(
    clusters: list[str], limit: int
) -> None:
    text = "".join(clusters)
    clipped = clip(text, limit)
    assert len(clipped) <= limit
    if len(text) <= limit:
        assert clipped == text
        return
    assert clipped.endswith(ELLIPSIS) or clipped == ""
    body = clipped.removesuffix(ELLIPSIS)
    assert text.startswith(body)
    # Ends between two clusters: a bare accent, an emoji without its skin tone or colour, half
    # a family or a flag, `&am` or an unclosed `<` would all be shown as garbage.
    assert body in _prefixes(clusters), (clusters, limit, body)
    assert not re.search(r"&[#A-Za-z0-9]*$", body)
    assert body.rfind("<") <= body.rfind(">")


@given(PLAIN_CLUSTERS, st.integers(1, 120))
def test_clip_keeps_as_much_text_as_fits(clusters: list[str], limit: int) -> None:
    """Without markup, the longest run of whole clusters that fits beside the ellipsis."""
    text = "".join(clusters)
    if len(text) <= limit:
        return
    body = clip(text, limit).removesuffix(ELLIPSIS)
    assert body == max((p for p in _prefixes(clusters) if len(p) <= limit - 1), key=len)


@given(st.text(max_size=200) | CLUSTERS.map("".join), st.integers(0, 150))
def test_clip_of_any_text_never_leaves_a_mark_without_its_character(text: str, limit: int) -> None:
    for subject in (text, escape(text)):
        clipped = clip(subject, limit)
        assert len(clipped) <= limit
        if clipped == subject:
            continue
        body = clipped.removesuffix(ELLIPSIS)
        assert subject.startswith(body)
        following = subject[len(body) :]
        if body and following:
            nxt = following[0]
            assert unicodedata.category(nxt) not in ("Mn", "Mc", "Me"), (subject, body)
            assert not EXTENDERS.match(nxt), (subject, body)
            assert not (body.endswith("\u200d") and not nxt.isspace()), (subject, body)


# -- /project export: README.txt -----------------------------------------------------------------

FILE_NAMES = [
    "status_updates.csv",
    "feedback.csv",
    "decision_log.csv",
    "poll_results.csv",
    "poll_votes.csv",
    "risks.csv",
    "changes.csv",
    "response_times.csv",
]


def test_the_export_readme_is_in_the_readers_language_and_names_the_files_as_they_are() -> None:
    project = make_project(name="官网改版", timezone="Asia/Shanghai")
    records = ProjectRecords([], 2, [], [], [], [], [], [], [])
    now = datetime(2026, 11, 27, 8, 0, tzinfo=UTC)
    with speaking("zh_CN"):
        text = readme(project, records, now)
    lines = text.splitlines()
    assert lines[0] == "Rapport 导出：项目 官网改版"
    assert lines[1] == "导出时间：2026-11-27T08:00:00Z。范围：全部数据，不限时间。"
    assert "项目时区为 Asia/Shanghai。" in lines[3]
    assert "status_updates.csv    `/status` 状态更新（不含已被作者删除的 2 条）" in lines
    assert "risks.csv             风险与问题登记册" in lines
    assert_chinese(text, allowed=[*FILE_NAMES, "ISO 8601", "Asia/Shanghai", "2026-11-27T08:00:00Z"])
    with speaking("en"):
        english = readme(project, records, now)
    assert "(2 deleted by their authors left out)" in english
