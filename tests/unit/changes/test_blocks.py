"""Change requests as the client and the team read them, in every language Rapport speaks; no
I/O.

Each test renders inside `speaking(language)` and compares with a small table keyed by
language. What people typed is theirs: an English team types English, a Chinese team Chinese
(so the check that a zh_CN message is wholly Chinese also catches English the builder adds)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from bot.changes.blocks import (
    build_change_list,
    build_change_request,
    build_decision_notice,
    build_proposal_notice,
    build_question_post,
    change_state_label,
    decide_again_answer,
    decision_line,
)
from bot.changes.forms import (
    build_change_modal,
    build_question_modal,
    build_reject_modal,
    read_change_form,
)
from bot.platform.blocks import Block
from bot.platform.i18n import _, speaking
from bot.sandbox.limits import check_message_blocks, check_view
from handlers import change as change_handlers
from storage.models import ChangeRequest
from tests.factories import make_change
from tests.language import LANGUAGES, assert_in_language
from tests.reading import all_text, buttons, submitted_values

PROJECT = {"en": "Acme", "zh_CN": "官网改版"}
ZONE = {"en": "Europe/Berlin", "zh_CN": "Asia/Shanghai"}
# The request as its team typed it; English is the factory's ("Add single sign-on", "IT
# requires it", "Okta on the admin pages").
TYPED: dict[str, dict[str, str]] = {
    "en": {},
    "zh_CN": {
        "title": "增加单点登录",
        "reason": "客户的信息部门要求所有工具都支持单点登录",
        "scope_impact": "管理后台接入统一登录",
    },
}
DECIDED_AT = datetime(2026, 11, 19, 8, 5, tzinfo=UTC)  # 09:05 in Berlin, 16:05 in Shanghai


def change_in(language: str, **overrides: Any) -> ChangeRequest:
    """The factory's change request, its text typed in `language`."""
    return make_change(**{**TYPED[language], **overrides})


def decided(language: str, state: str = "approved", **overrides: Any) -> ChangeRequest:
    return change_in(language, state=state, decided_by="U0DANA", decided_at=DECIDED_AT, **overrides)


def request(
    change: ChangeRequest, language: str, approvers: list[str] | None = None
) -> tuple[str, list[Block]]:
    with speaking(language):
        return build_change_request(
            change,
            project_name=PROJECT[language],
            timezone=ZONE[language],
            approver_ids=approvers or [],
        )


# -- the request the client decides on -----------------------------------------------------

PENDING_TEXT = {
    "en": "Change request CR-2: Add single sign-on — waiting for a decision",
    "zh_CN": "变更请求 CR-2：增加单点登录 — 待决定",
}
IMPACT_FIELDS = {
    "en": ["*Schedule*\n+5 working days", "*Cost*\n+4,800"],
    "zh_CN": ["*工期*\n+5 个工作日", "*成本*\n+4,800"],
}
DECISION_BUTTONS = {
    "en": ["Approve", "Reject", "Ask a question", "Withdraw"],
    "zh_CN": ["批准", "拒绝", "提问", "撤回"],
}
APPROVE_CONFIRM = {  # title, text, deny
    "en": (
        "Approve CR-2?",
        "Schedule +5 working days, cost +4,800. Your name goes on the record.",
        "Cancel",
    ),
    "zh_CN": ("批准 CR-2？", "工期 +5 个工作日，成本 +4,800。您的名字将记录在案。", "取消"),
}


@pytest.mark.parametrize(
    ("language", "approvers", "who_decides"),
    [
        ("en", ["U0DANA"], "⏳ Waiting for a decision · decided by <@U0DANA>"),
        (
            "en",
            ["U0DANA", "U0ELI"],
            "⏳ Waiting for a decision · decided by <@U0DANA> or <@U0ELI>",
        ),
        ("en", [], "⏳ Waiting for a decision · decided by any member of the client's team"),
        ("zh_CN", ["U0DANA"], "⏳ 待决定 · 由 <@U0DANA> 决定"),
        ("zh_CN", ["U0DANA", "U0ELI"], "⏳ 待决定 · 由 <@U0DANA>或<@U0ELI> 决定"),
        ("zh_CN", [], "⏳ 待决定 · 由客户团队的任意成员决定"),
    ],
)
def test_a_pending_request_offers_the_decision_and_says_who_decides(
    language: str, approvers: list[str], who_decides: str
) -> None:
    change = change_in(language)
    text, blocks = request(change, language, approvers)
    assert_in_language(text, language)
    assert_in_language(blocks, language)
    assert check_message_blocks(blocks) == []
    assert text == PENDING_TEXT[language]
    assert [b["action_id"] for b in buttons(blocks)] == [
        "change_approve",
        "change_reject",
        "change_ask",
        "change_withdraw",
    ]
    assert [b["text"]["text"] for b in buttons(blocks)] == DECISION_BUTTONS[language]
    approve = buttons(blocks)[0]
    assert approve["value"] == "3"
    assert approve["confirm"]["style"] == "primary"  # agreeing is not a danger
    title, says, deny = APPROVE_CONFIRM[language]
    assert approve["confirm"]["title"]["text"] == title
    assert approve["confirm"]["text"]["text"] == says
    assert approve["confirm"]["deny"]["text"] == deny
    shown = all_text(blocks)
    assert who_decides in shown
    for field in IMPACT_FIELDS[language]:
        assert field in shown
    assert change.scope_impact in shown


# What each outcome reads like, in the project's zone; the note is the client's.
NOTE = {"en": "Not <!channel> this quarter", "zh_CN": "这个季度 <!channel> 预算不够"}
NOTE_SHOWN = {
    "en": ">Not &lt;!channel&gt; this quarter",
    "zh_CN": ">这个季度 &lt;!channel&gt; 预算不够",
}
NOTICE_HEAD = {
    "en": "CR-2 “Add single sign-on” on *Acme*: ",
    "zh_CN": "*官网改版* 的 CR-2 “增加单点登录”：",
}
NOTICE_TAIL = {
    "en": ". Schedule +5 working days, cost +4,800.",
    "zh_CN": "。工期 +5 个工作日，成本 +4,800。",
}


@pytest.mark.parametrize(
    ("language", "state", "text", "outcome"),
    [
        (
            "en",
            "approved",
            "Change request CR-2: Add single sign-on — approved",
            "*✅ Approved* by <@U0DANA> on Thu, Nov 19, 9:05\u202fAM (Europe/Berlin)",
        ),
        (
            "en",
            "rejected",
            "Change request CR-2: Add single sign-on — rejected",
            "*❌ Rejected* by <@U0DANA> on Thu, Nov 19, 9:05\u202fAM (Europe/Berlin)",
        ),
        (
            "en",
            "withdrawn",
            "Change request CR-2: Add single sign-on — withdrawn",
            "↩️ Withdrawn by <@U0ANA> on Thu, Nov 19, 9:05\u202fAM (Europe/Berlin)",
        ),
        (
            "zh_CN",
            "approved",
            "变更请求 CR-2：增加单点登录 — 已批准",
            "*✅ 已批准* · 审批人 <@U0DANA> · 11月19日周四 16:05（Asia/Shanghai）",
        ),
        (
            "zh_CN",
            "rejected",
            "变更请求 CR-2：增加单点登录 — 已拒绝",
            "*❌ 已拒绝* · 审批人 <@U0DANA> · 11月19日周四 16:05（Asia/Shanghai）",
        ),
        (
            "zh_CN",
            "withdrawn",
            "变更请求 CR-2：增加单点登录 — 已撤回",
            "↩️ 已撤回 · 操作人 <@U0ANA> · 11月19日周四 16:05（Asia/Shanghai）",
        ),
    ],
)
def test_a_decided_request_shows_the_outcome_in_the_projects_zone_and_no_buttons(
    language: str, state: str, text: str, outcome: str
) -> None:
    change = decided(language, state, decision_note=NOTE[language])
    said, blocks = request(change, language)
    with speaking(language):
        notice = build_decision_notice(
            change, project_name=PROJECT[language], timezone=ZONE[language]
        )
    assert buttons(blocks) == []
    for shown in (said, blocks, notice):
        assert_in_language(shown, language, allowed=[ZONE[language], NOTE_SHOWN[language][1:]])
    assert said == text
    assert outcome in all_text(blocks)
    assert notice.startswith(NOTICE_HEAD[language] + outcome)
    assert notice.endswith(NOTICE_TAIL[language])
    assert "<!channel>" not in all_text(blocks) and "<!channel>" not in notice
    if state != "withdrawn":  # a withdrawal quotes no decision note
        assert NOTE_SHOWN[language] in all_text(blocks)


@pytest.mark.parametrize(
    ("language", "line", "pending"),
    [
        (
            "en",
            "*❌ Rejected* by <@U0DANA> on Thu, Nov 19, 4:05\u202fPM (Asia/Shanghai)",
            "⏳ Waiting for a decision",
        ),
        (
            "zh_CN",
            "*❌ 已拒绝* · 审批人 <@U0DANA> · 11月19日周四 16:05（Asia/Shanghai）",
            "⏳ 待决定",
        ),
    ],
)
def test_the_decision_line_and_the_labels_follow_the_reader_not_the_zone(
    language: str, line: str, pending: str
) -> None:
    with speaking(language):
        said = decision_line(decided(language, "rejected"), "Asia/Shanghai")
        label = change_state_label("pending")
    assert said == line
    assert label == pending


@pytest.mark.parametrize("language", LANGUAGES)
def test_typed_text_is_inert_and_long_text_fits_slack(language: str) -> None:
    change = make_change(title="<@U0ALL> " + "t" * 400, reason="r" * 5000, scope_impact="&" * 4000)
    text, blocks = request(change, language)
    assert check_message_blocks(blocks) == []
    # The header is plain text (Slack reads no markup there); everything else is escaped.
    assert blocks[0]["text"]["type"] == "plain_text"
    assert "<@U0ALL>" not in all_text(blocks[1:]) and "<@U0ALL>" not in text


# -- what the team hears, and the forms beside the request ---------------------------------

PROPOSAL = {
    "en": "🔀 <@U0ANA> proposed CR-2 “Add single sign-on” to the client of *Acme* (schedule +5 "
    "working days, cost +4,800) in <#C0ACME>.",
    "zh_CN": "🔀 <@U0ANA> 已在 <#C0ACME> 向 *官网改版* 的客户提交 CR-2 “增加单点登录”"
    "（工期 +5 个工作日，成本 +4,800）。",
}
QUESTION = {  # as the client typed it, and the thread reply that starts the conversation
    "en": (
        "Which tenant?",
        "❓ <@U0ELI> asks about CR-2: Which tenant?\n<@U0ANA>, please answer in this thread.",
    ),
    "zh_CN": (
        "用哪个租户？",
        "❓ <@U0ELI> 就 CR-2 提问：用哪个租户？\n<@U0ANA>，请在此消息串中回答。",
    ),
}
DECISION_FORM_TITLES = {"en": ("Reject CR-2", "Ask CR-2"), "zh_CN": ("拒绝 CR-2", "就 CR-2 提问")}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_team_hears_of_a_proposal_and_the_proposer_of_a_question(language: str) -> None:
    change = change_in(language)
    question, reply = QUESTION[language]
    with speaking(language):
        proposal = build_proposal_notice(
            change, project_name=PROJECT[language], channel_id="C0ACME"
        )
        post = build_question_post(change, asker_id="U0ELI", question=question)
    assert proposal == PROPOSAL[language]
    assert post == reply


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_reject_and_question_forms_name_the_request_and_fit_slack(language: str) -> None:
    change = change_in(language)
    with speaking(language):
        reject = build_reject_modal(change)
        question = build_question_modal(change)
    for view in (reject, question):
        assert_in_language(view, language)
        assert check_view(view) == []
    assert (reject["title"]["text"], question["title"]["text"]) == DECISION_FORM_TITLES[language]


# -- the list --------------------------------------------------------------------------------

TOTALS = {
    "en": ["*Approved*\n2 of 4 (1 waiting)", "+3 working days", "+1,500"],
    "zh_CN": ["*已批准*\n2 / 4（1 个待决定）", "+3 个工作日", "+1,500"],
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_list_totals_only_what_was_approved(language: str) -> None:
    changes = [
        make_change(number=1, state="approved", schedule_days=5, cost_cents=200000),
        make_change(number=2, state="approved", schedule_days=-2, cost_cents=-50000),
        make_change(number=3, state="rejected", schedule_days=40, cost_cents=9000000),
        make_change(number=4),
    ]
    with speaking(language):
        blocks = build_change_list(changes, project_name="Acme")
    shown = all_text(blocks)
    for total in TOTALS[language]:
        assert total in shown


LIST_LINES = {
    "en": [
        "*Approved*\n2 of 4 (1 waiting)",
        "*Approved schedule impact*\n+3 working days",
        "*Approved cost impact*\n+1,499.50",
        "*CR-4* ⏳ Waiting for a decision · Add single sign-on · schedule no change · "
        "cost no change",
    ],
    "zh_CN": [
        "*已批准*\n2 / 4（1 个待决定）",
        "*已批准的工期影响*\n+3 个工作日",
        "*已批准的成本影响*\n+1,499.50",
        "*CR-4* ⏳ 待决定 · 增加单点登录 · 工期 无变化 · 成本 无变化",
    ],
}
NO_CHANGES = {
    "en": "No change requests on *Acme* yet. Propose one with `/change`.",
    "zh_CN": "*官网改版* 还没有变更请求。可用 `/change` 提交。",
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_list_reads_each_request_and_an_empty_one_says_how_to_propose(language: str) -> None:
    changes = [
        change_in(language, number=1, state="approved", schedule_days=5, cost_cents=200000),
        change_in(language, number=2, state="approved", schedule_days=-2, cost_cents=-50050),
        change_in(language, number=3, state="rejected", schedule_days=40),
        change_in(language, number=4, schedule_days=0, cost_cents=0),
    ]
    with speaking(language):
        blocks = build_change_list(changes, project_name=PROJECT[language])
        empty = build_change_list([], project_name=PROJECT[language])
    assert_in_language(blocks, language, allowed=[PROJECT[language]])
    assert_in_language(empty, language, allowed=[PROJECT[language]])
    shown = all_text(blocks)
    for line in LIST_LINES[language]:
        assert line in shown
    assert all_text(empty) == NO_CHANGES[language]


# -- the form ----------------------------------------------------------------------------------

TITLE_TYPED = {"en": "Dark mode", "zh_CN": "深色模式"}  # after `/change`
FORM_FRAME = {"en": ("Change request", "Propose"), "zh_CN": ("变更请求", "提交")}
NO_REASON = {
    "en": "Say why, in at most 1,000 characters.",
    "zh_CN": "请写明原因，最多 1,000 个字符。",
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_form_is_valid_and_its_untouched_state_reads_back(language: str) -> None:
    with speaking(language):
        view = build_change_modal(
            project_id=1,
            project_name=PROJECT[language],
            channel_id="C0A",
            caller_id="U0ANA",
            title=TITLE_TYPED[language],
        )
        form, errors = read_change_form(submitted_values(view))
    assert_in_language(view, language, allowed=[PROJECT[language], TITLE_TYPED[language]])
    assert (view["title"]["text"], view["submit"]["text"]) == FORM_FRAME[language]
    assert check_view(view) == []
    assert form is None and errors == {"reason": NO_REASON[language]}  # the title came filled in


def test_the_form_reads_impact_as_a_chinese_keyboard_types_it() -> None:
    """Chinese only: full-width digits (`３`), 个工作日 and 万元 are how a Chinese input method
    writes a schedule and a cost; the English ways are test_impact's."""
    values = {
        "title": {"title": {"value": "增加单点登录"}},
        "reason": {"reason": {"value": "客户要求"}},
        "scope": {"scope": {"value": ""}},
        "schedule": {"schedule": {"value": "３个工作日"}},
        "cost": {"cost": {"value": "1.5万元"}},
        "requested_by": {"requested_by": {"selected_user": "U0DANA"}},
    }
    form, errors = read_change_form(values)
    assert errors == {} and form is not None
    assert (form.schedule_days, form.cost_cents, form.requested_by) == (3, 1_500_000, "U0DANA")


SCHEDULE_ERROR = {
    "en": "Give the schedule impact in working days, from -365 to 365, e.g. `5` or `-2`.",
    "zh_CN": "请以工作日填写工期影响，范围为 -365 到 365，例如 `5`、`3天` 或 `-2`。",
}
APPROVED_ALREADY = {
    "en": "CR-2 is approved already; nothing more to decide.",
    "zh_CN": "CR-2 已被批准，无需再次决定。",
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_wrong_form_and_a_second_decision_say_what_to_do(language: str) -> None:
    values = {
        "title": {"title": {"value": "标" * 151}},
        "reason": {"reason": {"value": ""}},
        "scope": {"scope": {"value": "范" * 1001}},
        "schedule": {"schedule": {"value": "很快"}},
        "cost": {"cost": {"value": "很多钱"}},
    }
    with speaking(language):
        form, errors = read_change_form(values)
        answers = [
            _(change_handlers.HELP),
            _(change_handlers.GONE),
            *(
                decide_again_answer(decided(language, state))
                for state in ("approved", "rejected", "withdrawn")
            ),
        ]
    assert form is None and set(errors) == {"title", "reason", "scope", "schedule", "cost"}
    assert_in_language(list(errors.values()), language)
    assert_in_language(answers, language)
    assert errors["schedule"] == SCHEDULE_ERROR[language]
    assert answers[2] == APPROVED_ALREADY[language]
