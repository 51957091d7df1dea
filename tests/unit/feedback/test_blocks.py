"""`/feedback` in Slack, for a reader of each language: the form, the sender's receipt, the team's
triage card, the notices, the list, the overdue reminder and the help. Each test renders inside
`speaking(language)`, checks that what the reader sees is wholly in that language, and compares
the words with a small table keyed by language."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest

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
from bot.feedback.forms import (
    FEEDBACK_MODAL,
    build_feedback_modal,
    build_resolve_modal,
    read_feedback_modal,
)
from bot.platform import i18n
from bot.platform.blocks import Block
from bot.platform.i18n import speaking
from bot.sandbox.limits import check_message_blocks, check_view
from storage.models import Feedback
from tests.factories import MONDAY, make_feedback
from tests.language import LANGUAGES, assert_in_language
from tests.reading import all_text, buttons, submitted_values

# The test's data, as a client and a team of each language type it.
PROJECT = {"en": "Acme Website", "zh_CN": "官网改版"}
ZONE = {"en": "Europe/Berlin", "zh_CN": "Asia/Shanghai"}
COMPLAINT = {
    "en": "Staging logs me out\nevery few minutes",
    "zh_CN": "测试环境每隔几分钟\n就把我登出",
}
SHORT_COMPLAINT = {"en": "Staging logs me out", "zh_CN": "测试环境把我登出"}
RESOLUTION = {"en": "Sessions now last 8 hours", "zh_CN": "会话现在可保持 8 小时"}
SLOW_PAGE = {"en": "The page is slow", "zh_CN": "页面太慢"}
STATES = ["open", "acknowledged", "resolved", "withdrawn"]


def feedback_in(language: str, state: str = "open") -> Feedback:
    """FB-3 as it is in `state`, written (and resolved) in `language`."""
    if state == "open":
        return make_feedback(COMPLAINT[language], id=7, number=3)
    return make_feedback(
        SHORT_COMPLAINT[language],
        id=7,
        number=3,
        state=state,
        acknowledged_by="U0ANA" if state in ("acknowledged", "resolved") else None,
        acknowledged_at=MONDAY if state in ("acknowledged", "resolved") else None,
        resolved_by="U0BEN" if state == "resolved" else None,
        resolved_at=MONDAY if state == "resolved" else None,
        resolution=RESOLUTION[language] if state == "resolved" else None,
    )


def card(feedback: Feedback, language: str) -> list[Block]:
    with speaking(language):
        return build_feedback_card(
            feedback, project_name=PROJECT[language], timezone=ZONE[language]
        )


# -- the triage card ---------------------------------------------------------------------------

CARD_TITLE = {
    "en": "*FB-3* · ⚠️ Problem on *Acme Website* from <@U0DANA>",
    "zh_CN": "*FB-3* · ⚠️ 问题 · 项目 *官网改版* · 来自 <@U0DANA>",
}
QUOTED_COMPLAINT = {
    "en": ">Staging logs me out\n>every few minutes",
    "zh_CN": ">测试环境每隔几分钟\n>就把我登出",
}
ANSWER_DUE = {
    "en": "Answer due Tue, Nov 24, 12:14\u202fPM (Europe/Berlin)",
    "zh_CN": "答复期限：11月24日周二 19:14（Asia/Shanghai）",
}
ANSWER_DUE_WORDS = {"en": "Answer due", "zh_CN": "答复期限"}
TRIAGE_BUTTONS = {"en": ("Acknowledge", "Resolve…"), "zh_CN": ("确认", "解决…")}
URGENCY_FIELD = {"en": "*Urgency*\nNormal", "zh_CN": "*紧急程度*\n普通"}
ACKNOWLEDGED_FIELD = {"en": "*State*\n👀 Acknowledged", "zh_CN": "*状态*\n👀 已确认"}
ACKNOWLEDGED_BY = {"en": "Acknowledged by <@U0ANA>", "zh_CN": "<@U0ANA> 已确认"}
RESOLVED_BY = {
    "en": "Resolved by <@U0BEN>: Sessions now last 8 hours",
    "zh_CN": "<@U0BEN> 已解决：会话现在可保持 8 小时",
}
ANONYMOUS_SENDER = {"en": "from someone (anonymous)", "zh_CN": "来自 某人（匿名）"}
CARD_TEXT = {"en": "FB-3 (problem, acknowledged)", "zh_CN": "FB-3（问题，已确认）"}


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_triage_card_in_every_state_is_in_the_readers_language(
    language: str, state: str
) -> None:
    feedback = feedback_in(language, state)
    blocks = card(feedback, language)
    with speaking(language):
        text = card_text(feedback)

    assert_in_language(blocks, language, allowed=[ZONE[language]])
    assert_in_language(text, language)
    assert check_message_blocks(blocks) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_open_card_offers_acknowledge_and_resolve(language: str) -> None:
    blocks = card(feedback_in(language), language)

    acknowledge, resolve = TRIAGE_BUTTONS[language]
    assert [(b["text"]["text"], b["action_id"], b["value"]) for b in buttons(blocks)] == [
        (acknowledge, "feedback_ack", "7"),
        (resolve, "feedback_resolve", "7"),
    ]
    shown = all_text(blocks)
    assert CARD_TITLE[language] in shown
    assert QUOTED_COMPLAINT[language] in shown
    assert ANSWER_DUE[language] in shown
    assert check_message_blocks(blocks) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_acknowledged_card_offers_only_resolve_and_says_who(language: str) -> None:
    blocks = card(feedback_in(language, "acknowledged"), language)

    assert [b["action_id"] for b in buttons(blocks)] == ["feedback_resolve"]
    shown = all_text(blocks)
    assert CARD_TITLE[language] in shown
    assert ACKNOWLEDGED_BY[language] in shown
    assert ACKNOWLEDGED_FIELD[language] in shown
    assert URGENCY_FIELD[language] in shown
    assert ANSWER_DUE[language] in shown
    assert check_message_blocks(blocks) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_resolved_card_has_no_buttons_and_shows_the_resolution(language: str) -> None:
    blocks = card(feedback_in(language, "resolved"), language)

    assert buttons(blocks) == []
    assert RESOLVED_BY[language] in all_text(blocks)
    assert ANSWER_DUE_WORDS[language] not in all_text(blocks)
    assert check_message_blocks(blocks) == []


@pytest.mark.parametrize("state", ["open", "acknowledged", "resolved"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_an_anonymous_card_names_nobody_as_the_sender(language: str, state: str) -> None:
    anonymous = make_feedback(author_id=None, state=state)

    shown = all_text(card(anonymous, language))

    assert ANONYMOUS_SENDER[language] in shown
    assert "U0DANA" not in shown


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_card_escapes_feedback_and_project_name(language: str) -> None:
    feedback = make_feedback("<!channel> look <http://x|y>")

    with speaking(language):
        blocks = build_feedback_card(feedback, project_name="<!here>", timezone="UTC")
    shown = all_text(blocks)

    assert "<!" not in shown
    assert "<http" not in shown
    assert "&lt;!channel&gt; look &lt;http://x|y&gt;" in shown


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_huge_feedback_card_stays_within_limits(language: str) -> None:
    feedback = make_feedback(("&<>\n" * 2000), resolution="&" * 2000, state="resolved")

    assert check_message_blocks(card(feedback, language)) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_cards_notification_names_the_reference_the_kind_and_the_state(
    language: str,
) -> None:
    with speaking(language):
        assert card_text(feedback_in(language, "acknowledged")) == CARD_TEXT[language]


# -- what the sender hears ---------------------------------------------------------------------

RECEIPT = {
    "en": "Thanks — your feedback is logged as *FB-3*.\n"
    "<@U0ANA> and <@U0BEN> will answer by Tue, Nov 24, 12:14\u202fPM (Europe/Berlin).",
    "zh_CN": "谢谢！您的反馈已记录，编号为 *FB-3*。\n"
    "<@U0ANA>和<@U0BEN> 将在 11月24日周二 19:14（Asia/Shanghai）前答复。",
}
SENT_ANONYMOUSLY = {"en": "anonymously", "zh_CN": "匿名"}
TEAM_WILL_ANSWER = {
    "en": "The team will answer by Tue, Nov 24, 11:14\u202fAM (UTC).",
    "zh_CN": "团队将在 11月24日周二 11:14（UTC）前答复。",
}
NAME_NOT_STORED = {"en": "your name is not stored", "zh_CN": "匿名发送"}
ACKNOWLEDGED_NOTICE = {
    "en": "👀 <@U0ANA> has picked up your feedback *FB-3* and is on it.",
    "zh_CN": "👀 <@U0ANA> 已接手您的反馈 *FB-3*，正在处理。",
}
RESOLVED_FOR_SENDER = {
    "en": "✅ Your feedback *FB-3* is resolved: Sessions now last 8 hours\n"
    "Thank you for raising it.",
    "zh_CN": "✅ 您的反馈 *FB-3* 已解决：会话现在可保持 8 小时\n感谢您提出。",
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_receipt_gives_the_reference_owners_and_due_time(language: str) -> None:
    with speaking(language):
        blocks = build_feedback_receipt(
            feedback_in(language), owner_ids=["U0ANA", "U0BEN"], timezone=ZONE[language]
        )
    shown = all_text(blocks)

    assert_in_language(blocks, language, allowed=[ZONE[language]])
    assert shown == RECEIPT[language]
    assert SENT_ANONYMOUSLY[language] not in shown


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_anonymous_receipt_says_the_name_is_not_stored(language: str) -> None:
    with speaking(language):
        blocks = build_feedback_receipt(make_feedback(author_id=None), owner_ids=[], timezone="UTC")
    shown = all_text(blocks)

    assert_in_language(blocks, language)
    assert TEAM_WILL_ANSWER[language] in shown
    assert NAME_NOT_STORED[language] in shown


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_acknowledged_notice_names_who_picked_it_up(language: str) -> None:
    with speaking(language):
        notice = build_acknowledged_notice(feedback_in(language, "acknowledged"))

    assert_in_language(notice, language)
    assert notice == ACKNOWLEDGED_NOTICE[language]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_sender_is_told_what_was_done_and_thanked(language: str) -> None:
    with speaking(language):
        notice = build_resolved_for_sender(feedback_in(language, "resolved"))

    assert_in_language(notice, language)
    assert notice == RESOLVED_FOR_SENDER[language]


# -- the resolution, in the channel where the feedback was given --------------------------------

RESOLUTION_NOTICE = {
    "en": "✅ Feedback FB-3 (problem) is resolved.",
    "zh_CN": "✅ 反馈 FB-3（问题）已解决。",
}
WHAT_WAS_DONE = {
    "en": "*What was done:* Sessions now last 8 hours",
    "zh_CN": "*处理结果：* 会话现在可保持 8 小时",
}
RESOLVED_BY_WHOM = {"en": "Resolved by <@U0BEN>", "zh_CN": "由 <@U0BEN> 解决"}
THANKS = {"en": "Thank you", "zh_CN": "感谢"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_resolution_notice_closes_the_loop_without_naming_the_sender(language: str) -> None:
    with speaking(language):
        text, blocks = build_resolution_notice(feedback_in(language, "resolved"))
    shown = all_text(blocks)

    assert_in_language(text, language)
    assert_in_language(blocks, language)
    assert text == RESOLUTION_NOTICE[language]
    assert "U0DANA" not in shown  # the sender is thanked privately, not in the channel
    assert WHAT_WAS_DONE[language] in shown
    assert RESOLVED_BY_WHOM[language] in shown
    assert check_message_blocks(blocks) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_resolution_notice_for_anonymous_feedback_thanks_nobody(language: str) -> None:
    anonymous = make_feedback(
        author_id=None, state="resolved", resolved_by="U0BEN", resolution="<!channel> fixed"
    )

    with speaking(language):
        _, blocks = build_resolution_notice(anonymous)
    shown = all_text(blocks)

    assert THANKS[language] not in shown
    assert "<@U0DANA>" not in shown
    assert "&lt;!channel&gt; fixed" in shown
    assert "<!channel>" not in shown


# -- the list of open feedback and the overdue reminder ----------------------------------------

LIST_HEADER = {"en": "Open feedback — Acme Website (17)", "zh_CN": "待处理反馈 — 官网改版（17）"}
OVERDUE_LINE = {
    "en": "*FB-1* · ⚠️ Problem · Open · 3 days old · from <@U0DANA> · ⏰ *overdue*",
    "zh_CN": "*FB-1* · ⚠️ 问题 · 待处理 · 已等待 3天 · 来自 <@U0DANA> · ⏰ *已逾期*",
}
TWO_MORE = {"en": "…and 2 more, newer ones.", "zh_CN": "……另有 2 条较新的反馈。"}
FIFTEEN_MORE = {"en": "…and 15 more", "zh_CN": "……另有 15 条"}
OVERDUE = {"en": "overdue", "zh_CN": "已逾期"}
ALL_ANSWERED = {"en": "every piece of feedback has an answer", "zh_CN": "每条反馈都已答复"}
OVERDUE_REMINDER = {
    "en": "⏰ <@U0ANA> *FB-3* (problem) from <@U0DANA> has had no answer since Mon, Nov 16, "
    "10:00\u202fAM (Europe/Berlin); its target was Tue, Nov 24, 12:14\u202fPM (Europe/Berlin). "
    "`/feedback list` shows what is open.",
    "zh_CN": "⏰ <@U0ANA> 反馈 *FB-3*（问题，来自 <@U0DANA>）"
    "自 11月16日周一 17:00（Asia/Shanghai）起仍未答复，"
    "答复期限为 11月24日周二 19:14（Asia/Shanghai）。"
    "输入 `/feedback list` 查看待处理的反馈。",
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_list_shows_each_open_item_its_age_and_that_it_is_overdue(language: str) -> None:
    items = [
        make_feedback(
            SLOW_PAGE[language],
            id=n,
            number=n,
            created_at=MONDAY,
            due_at=MONDAY + timedelta(days=1),
        )
        for n in range(1, 18)
    ]
    now = MONDAY + timedelta(days=3)
    with speaking(language):
        listed = build_feedback_list(
            items, project_name=PROJECT[language], timezone=ZONE[language], now=now
        )
    shown = all_text(listed)

    assert_in_language(listed, language, allowed=[ZONE[language]])
    assert LIST_HEADER[language] in shown
    assert OVERDUE_LINE[language] in shown
    assert TWO_MORE[language] in shown
    assert check_message_blocks(listed) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_long_list_of_open_feedback_stays_within_slacks_limits(language: str) -> None:
    items = [
        make_feedback(
            id=n, number=n, text="x" * 1900, created_at=MONDAY, due_at=MONDAY + timedelta(days=1)
        )
        for n in range(1, 31)
    ]
    now = MONDAY + timedelta(days=3)
    with speaking(language):
        blocks = build_feedback_list(items, project_name="Acme", timezone="Europe/Berlin", now=now)
    assert check_message_blocks(blocks) == []
    assert FIFTEEN_MORE[language] in all_text(blocks)
    assert OVERDUE[language] in all_text(blocks)


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_empty_list_says_everything_has_an_answer(language: str) -> None:
    now = make_feedback().created_at
    with speaking(language):
        blocks = build_feedback_list(
            [], project_name=PROJECT[language], timezone=ZONE[language], now=now
        )
    assert_in_language(blocks, language, allowed=[ZONE[language]])
    assert ALL_ANSWERED[language] in all_text(blocks)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_overdue_reminder_says_since_when_and_by_when(language: str) -> None:
    with speaking(language):
        reminder = build_overdue_notice(feedback_in(language), ["U0ANA"], ZONE[language])

    assert_in_language(reminder, language, allowed=[ZONE[language]])
    assert reminder == OVERDUE_REMINDER[language]


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_anonymous_overdue_reminder_names_nobody_as_the_sender(language: str) -> None:
    with speaking(language):
        reminder = build_overdue_notice(make_feedback(author_id=None), [], ZONE[language])

    assert_in_language(reminder, language, allowed=[ZONE[language]])
    assert ANONYMOUS_SENDER[language] in reminder
    assert "U0DANA" not in reminder


# -- the forms ---------------------------------------------------------------------------------

FORM_TITLE = {"en": "Feedback", "zh_CN": "反馈"}
KINDS = {
    "en": ["🙌 Praise", "⚠️ Problem", "📝 Request", "❓ Question"],
    "zh_CN": ["🙌 表扬", "⚠️ 问题", "📝 需求", "❓ 疑问"],
}
RESOLVE_TITLE = {"en": "Resolve FB-3", "zh_CN": "解决 FB-3"}


def feedback_form(language: str) -> dict[str, Any]:
    with speaking(language):
        return build_feedback_modal(
            project_id=5, project_name=PROJECT[language], channel_id="C0ACME"
        )


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_feedback_form_asks_what_kind_in_the_readers_language(language: str) -> None:
    view = feedback_form(language)

    assert_in_language(view, language)
    assert check_view(view) == []
    assert view["title"]["text"] == FORM_TITLE[language]
    kinds = [o["text"]["text"] for o in view["blocks"][1]["element"]["options"]]
    assert kinds == KINDS[language]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_feedback_forms_preselected_options_are_among_its_choices(language: str) -> None:
    """Slack refuses to open a view whose initial option is not one of its options."""
    view = feedback_form(language)

    for block in view["blocks"]:
        element = block.get("element", {})
        if "initial_option" in element:
            assert element["initial_option"] in element["options"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_feedback_form_defaults_and_reads_back(language: str) -> None:
    view = feedback_form(language)

    assert view["callback_id"] == FEEDBACK_MODAL
    assert json.loads(view["private_metadata"]) == {"project_id": 5, "channel_id": "C0ACME"}
    assert check_view(view) == []
    values = submitted_values(view)
    values["text"]["text"]["value"] = "  Please add dark mode  "
    assert read_feedback_modal(values) == ("request", "normal", "Please add dark mode", False)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_feedback_form_reads_anonymous_and_choices(language: str) -> None:
    view = feedback_form(language)
    values = submitted_values(view)
    kinds = {b["block_id"]: b["element"] for b in view["blocks"] if b["type"] == "input"}
    values["kind"]["kind"]["selected_option"] = kinds["kind"]["options"][1]
    values["urgency"]["urgency"]["selected_option"] = kinds["urgency"]["options"][2]
    values["anonymous"]["anonymous"]["selected_options"] = kinds["anonymous"]["options"]
    values["text"]["text"]["value"] = "Staging is down"

    assert read_feedback_modal(values) == ("problem", "urgent", "Staging is down", True)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_resolve_form_names_the_reference(language: str) -> None:
    with speaking(language):
        view = build_resolve_modal(feedback_in(language))

    assert_in_language(view, language)
    assert view["title"]["text"] == RESOLVE_TITLE[language]
    assert json.loads(view["private_metadata"]) == {"feedback_id": 7}
    assert check_view(view) == []


# -- the help and the refusals ------------------------------------------------------------------

HELP_KEYWORDS = {
    "en": "start with `problem`, `praise`, `question` or `request` to say what it is, and "
    "`urgent` when it cannot wait",
    "zh_CN": "以 `问题`、`表扬`、`疑问` 或 `需求` 开头说明类型，事情紧急时以 `紧急` 开头",
}
ONLY_THE_TEAM = {"en": "Only the project team can do that.", "zh_CN": "只有项目团队可以这样做。"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_help_names_the_keywords_of_the_readers_language(language: str) -> None:
    with speaking(language):
        help_text = build_feedback_help()

    assert_in_language(help_text, language)
    assert HELP_KEYWORDS[language] in help_text


@pytest.mark.parametrize("language", LANGUAGES)
def test_someone_outside_the_team_is_told_only_the_team_can_do_that(language: str) -> None:
    with speaking(language):
        said = i18n._(NOT_TEAM)

    assert_in_language(said, language)
    assert said == ONLY_THE_TEAM[language]
