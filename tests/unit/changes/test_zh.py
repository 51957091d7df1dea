"""Change requests and the risk log in Simplified Chinese: every message and form of the slice
read by a zh_CN reader has no English left and no placeholder, key sentences read as a Chinese
PM would write them, and the parsers take Chinese and mixed input (property tests)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

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
from bot.changes.impact import (
    MAX_COST_CENTS,
    MAX_DAYS,
    ImpactError,
    describe_cost,
    describe_days,
    half_width,
    parse_cost,
    parse_days,
)
from bot.platform import i18n
from bot.platform.i18n import _, speaking
from bot.platform.telling import why_directly
from bot.risks.blocks import (
    build_already_closed,
    build_closed_receipt,
    build_risk_alert,
    build_risk_list,
    build_risk_receipt,
    risk_line,
)
from bot.risks.forms import build_close_modal, build_risk_modal, form_errors, read_risk_modal
from bot.risks.quick_form import (
    RiskFormError,
    parse_quick_risk,
    parse_risk_number,
)
from bot.risks.service import LEVELS
from bot.sandbox.limits import check_message_blocks, check_view
from handlers import change as change_handlers
from handlers import risk as risk_handlers
from storage.models import ChangeRequest, Risk
from tests.factories import FRIDAY, MONDAY
from tests.language import assert_chinese, english_left, risk_keywords
from tests.reading import all_text, buttons, submitted_values

PROJECT = "官网改版"
ZONE = "Asia/Shanghai"
ALLOWED = [ZONE]  # the zone's name is the same in every language


def make_change(**overrides: Any) -> ChangeRequest:
    values: dict[str, Any] = {
        "id": 3,
        "project_id": 1,
        "number": 2,
        "title": "增加单点登录",
        "reason": "客户的信息部门要求所有工具都支持单点登录",
        "scope_impact": "管理后台接入统一登录",
        "schedule_days": 5,
        "cost_cents": 480000,
        "requested_by": "U0DANA",
        "proposed_by": "U0ANA",
        "created_at": MONDAY,
    }
    values.update(overrides)
    return ChangeRequest(**values)


def decided(state: str = "approved", **overrides: Any) -> ChangeRequest:
    return make_change(
        state=state,
        decided_by="U0DANA",
        decided_at=datetime(2026, 11, 19, 8, 5, tzinfo=UTC),
        **overrides,
    )


def make_risk(title: str = "支付服务商可能延期交付接口", **overrides: Any) -> Risk:
    values: dict[str, Any] = {
        "id": 11,
        "project_id": 1,
        "number": 3,
        "title": title,
        "severity": "high",
        "likelihood": "medium",
        "owner_id": "U0BEN",
        "mitigation": "先用模拟接口开发",
        "visibility": "client",
        "created_by": "U0ANA",
        "created_at": MONDAY,
    }
    values.update(overrides)
    return Risk(**values)


# -- change requests ---------------------------------------------------------------------------


def test_the_change_form_is_chinese_and_fits_slack() -> None:
    with speaking("zh_CN"):
        view = build_change_modal(
            project_id=1,
            project_name=PROJECT,
            channel_id="C0A",
            caller_id="U0ANA",
            title="深色模式",
        )
        assert_chinese(view, allowed=["深色模式"])
        assert view["title"]["text"] == "变更请求" and view["submit"]["text"] == "提交"
        assert check_view(view) == []
        form, errors = read_change_form(submitted_values(view))
    assert form is None and errors == {"reason": "请写明原因，最多 1,000 个字符。"}


@pytest.mark.parametrize("approvers", [["U0DANA"], ["U0DANA", "U0ELI"], []])
def test_a_pending_request_is_chinese(approvers: list[str]) -> None:
    with speaking("zh_CN"):
        text, blocks = build_change_request(
            make_change(), project_name=PROJECT, timezone=ZONE, approver_ids=approvers
        )
    assert_chinese(text)
    assert_chinese(blocks)
    assert check_message_blocks(blocks) == []
    assert text == "变更请求 CR-2：增加单点登录 — 待决定"
    shown = all_text(blocks)
    assert "*工期*\n+5 个工作日" in shown and "*成本*\n+4,800" in shown
    if approvers == ["U0DANA", "U0ELI"]:
        assert "⏳ 待决定 · 由 <@U0DANA>或<@U0ELI> 决定" in shown
    if not approvers:
        assert "⏳ 待决定 · 由客户团队的任意成员决定" in shown
    approve = buttons(blocks)[0]
    assert [b["text"]["text"] for b in buttons(blocks)] == ["批准", "拒绝", "提问", "撤回"]
    assert approve["confirm"]["title"]["text"] == "批准 CR-2？"
    assert approve["confirm"]["text"]["text"] == (
        "工期 +5 个工作日，成本 +4,800。您的名字将记录在案。"
    )
    assert approve["confirm"]["deny"]["text"] == "取消"


@pytest.mark.parametrize("state", ["approved", "rejected", "withdrawn"])
def test_a_decided_request_is_chinese_with_the_time_of_the_projects_zone(state: str) -> None:
    change = decided(state, decision_note="这个季度预算不够")
    with speaking("zh_CN"):
        text, blocks = build_change_request(
            change, project_name=PROJECT, timezone=ZONE, approver_ids=[]
        )
        notice = build_decision_notice(change, project_name=PROJECT, timezone=ZONE)
    assert buttons(blocks) == []
    for shown in (text, blocks, notice):
        assert_chinese(shown, allowed=[*ALLOWED, "这个季度预算不够"])
    # 08:05 UTC is 16:05 in Shanghai.
    if state == "approved":
        assert "*✅ 已批准* · 审批人 <@U0DANA> · 11月19日周四 16:05（Asia/Shanghai）" in all_text(
            blocks
        )
        assert notice.startswith(
            "*官网改版* 的 CR-2 “增加单点登录”：*✅ 已批准* · 审批人 <@U0DANA>"
        )
        assert notice.endswith("。工期 +5 个工作日，成本 +4,800。")
    if state == "withdrawn":
        assert "↩️ 已撤回 · 操作人 <@U0ANA> · 11月19日周四 16:05（Asia/Shanghai）" in all_text(
            blocks
        )


def test_the_decision_line_and_labels_follow_the_reader() -> None:
    change = decided("rejected")
    with speaking("en"):
        english = decision_line(change, ZONE)
    with speaking("zh_CN"):
        chinese = decision_line(change, ZONE)
        assert change_state_label("pending") == "⏳ 待决定"
    assert english == "*❌ Rejected* by <@U0DANA> on Thu, Nov 19, 4:05\u202fPM (Asia/Shanghai)"
    assert chinese == "*❌ 已拒绝* · 审批人 <@U0DANA> · 11月19日周四 16:05（Asia/Shanghai）"


def test_the_team_notices_the_modals_and_the_thread_post_are_chinese() -> None:
    change = make_change()
    with speaking("zh_CN"):
        proposal = build_proposal_notice(change, project_name=PROJECT, channel_id="C0ACME")
        reject = build_reject_modal(change)
        question = build_question_modal(change)
        post = build_question_post(change, asker_id="U0ELI", question="用哪个租户？")
    assert proposal == (
        "🔀 <@U0ANA> 已在 <#C0ACME> 向 *官网改版* 的客户提交 CR-2 “增加单点登录”"
        "（工期 +5 个工作日，成本 +4,800）。"
    )
    assert post == "❓ <@U0ELI> 就 CR-2 提问：用哪个租户？\n<@U0ANA>，请在此消息串中回答。"
    for view in (reject, question):
        assert_chinese(view)
        assert check_view(view) == []
    assert reject["title"]["text"] == "拒绝 CR-2" and question["title"]["text"] == "就 CR-2 提问"


def test_the_change_list_is_chinese() -> None:
    changes = [
        make_change(number=1, state="approved", schedule_days=5, cost_cents=200000),
        make_change(number=2, state="approved", schedule_days=-2, cost_cents=-50050),
        make_change(number=3, state="rejected", schedule_days=40),
        make_change(number=4, schedule_days=0, cost_cents=0),
    ]
    with speaking("zh_CN"):
        blocks = build_change_list(changes, project_name=PROJECT)
        empty = build_change_list([], project_name=PROJECT)
    assert_chinese(blocks)
    assert_chinese(empty)
    shown = all_text(blocks)
    assert "*已批准*\n2 / 4（1 个待决定）" in shown
    assert "*已批准的工期影响*\n+3 个工作日" in shown and "*已批准的成本影响*\n+1,499.50" in shown
    assert "*CR-4* ⏳ 待决定 · 增加单点登录 · 工期 无变化 · 成本 无变化" in shown
    assert all_text(empty) == "*官网改版* 还没有变更请求。可用 `/change` 提交。"


def test_the_change_handlers_answers_are_chinese() -> None:
    values = {
        "title": {"title": {"value": "标" * 151}},
        "reason": {"reason": {"value": ""}},
        "scope": {"scope": {"value": "范" * 1001}},
        "schedule": {"schedule": {"value": "很快"}},
        "cost": {"cost": {"value": "很多钱"}},
    }
    with speaking("zh_CN"):
        form, errors = read_change_form(values)
        answers = [
            _(change_handlers.HELP),
            _(change_handlers.GONE),
            *(decide_again_answer(decided(s)) for s in ("approved", "rejected", "withdrawn")),
        ]
    assert form is None and set(errors) == {"title", "reason", "scope", "schedule", "cost"}
    assert_chinese(list(errors.values()))
    assert_chinese(answers)
    assert (
        errors["schedule"]
        == "请以工作日填写工期影响，范围为 -365 到 365，例如 `5`、`3天` 或 `-2`。"
    )
    assert answers[2] == "CR-2 已被批准，无需再次决定。"


def test_the_change_form_takes_chinese_impact() -> None:
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


# -- the risk log --------------------------------------------------------------------------------


def test_the_risk_form_is_chinese_and_reads_back() -> None:
    with speaking("zh_CN"):
        view = build_risk_modal(
            project_id=1, project_name=PROJECT, channel_id="C0CLIENT", user_id="U0ANA"
        )
    assert_chinese(view)
    assert check_view(view) == []
    labels = [b["label"]["text"] for b in view["blocks"] if b["type"] == "input"]
    assert labels == [
        "可能出现（或已出现）的问题",
        "严重程度",
        "可能性",
        "责任人",
        "应对措施",
        "谁能看到",
    ]
    values = submitted_values(view)
    values["title"]["title"]["value"] = "上线可能推迟"
    form = read_risk_modal(values)
    assert (form.severity, form.likelihood, form.visibility) == ("medium", "medium", "client")
    with speaking("zh_CN"):
        errors = form_errors(
            type(form)(
                title="",
                severity="x",
                likelihood="x",
                owner_id=None,
                mitigation="m" * 1001,
                visibility="x",
            )
        )
    assert_chinese(list(errors.values()))
    assert errors["severity"] == "请选择高、中或低。"


def test_the_risk_list_is_chinese_for_the_team_and_for_clients() -> None:
    risks = [
        make_risk(id=i, number=i, visibility="internal" if i % 2 else "client")
        for i in range(1, 43)
    ]
    with speaking("zh_CN"):
        team = build_risk_list(risks, project_name=PROJECT, now=FRIDAY, team=True)
        client = build_risk_list(risks[:2], project_name=PROJECT, now=FRIDAY, team=False)
        empties = [
            build_risk_list([], project_name=PROJECT, now=FRIDAY, team=team_view)
            for team_view in (True, False)
        ]
        line = risk_line(make_risk(visibility="internal"), now=FRIDAY)
    for blocks in (team, client, *empties):
        assert_chinese(blocks)
        assert check_message_blocks(blocks) == []
    assert line == (
        "*R-3* · 严重程度 🔴 高 · 可能性 🟠 中 · 🔒 仅内部 · 责任人 <@U0BEN> · 已登记 4.2天"
    )
    assert team[0]["text"]["text"] == "未关闭的风险 — 官网改版（42）"
    assert "……另有 2 个，严重程度较低。" in all_text(team)
    assert "_应对措施：_ 先用模拟接口开发" in all_text(team)
    assert team[1]["accessory"]["text"]["text"] == "关闭…"


def test_the_receipts_alert_and_closing_are_chinese() -> None:
    risk = make_risk()
    with speaking("zh_CN"):
        receipts = [
            build_risk_receipt(risk, alerted=["U0ANA", "U0CHEN"], alert_place="G0TEAM"),
            build_risk_receipt(risk, alerted=["U0ANA"], alert_place=None),
            build_risk_receipt(risk, alerted=[], alert_place=None),
            build_risk_receipt(
                make_risk(severity="low", visibility="internal"), alerted=[], alert_place=None
            ),
        ]
        alert = build_risk_alert(risk, project_name=PROJECT, owner_ids=["U0ANA"])
        no_channel = why_directly(None, None)
        refused = why_directly("G0TEAM", "not_in_channel")
        close_modal = build_close_modal(risk, channel_id="C0CLIENT")
        closed = [
            build_closed_receipt(make_risk(state="closed", close_note="已签第二家供应商")),
            build_closed_receipt(make_risk(state="closed")),
            build_already_closed(make_risk(state="closed", closed_by="U0ANA")),
        ]
    for text, blocks in (*receipts, alert):
        assert_chinese(text)
        assert_chinese(blocks)
    assert_chinese(close_modal)
    assert_chinese(closed)
    assert_chinese(no_channel)
    assert_chinese(refused, allowed=["not_in_channel"])
    assert receipts[0][0] == "风险 R-3 已登记"
    assert "🚨 严重程度高：我已在 <#G0TEAM> 提醒了 <@U0ANA>和<@U0CHEN>。" in all_text(
        receipts[0][1]
    )
    assert "🚨 严重程度高：我已通过私信提醒了 <@U0ANA>。" in all_text(receipts[1][1])
    assert alert[0] == "<@U0ANA> 🚨 官网改版 出现高严重度风险 R-3"
    assert no_channel.startswith("本项目还没有内部频道")
    assert closed == [
        "✅ *R-3* 已关闭：已签第二家供应商",
        "✅ *R-3* 已关闭。",
        "*R-3* 已由 <@U0ANA> 关闭。",
    ]


def test_the_risk_handlers_answers_are_chinese() -> None:
    with speaking("zh_CN"):
        answers = [
            _(risk_handlers.HELP),
            _(risk_handlers.CLIENT_REFUSAL),
            _(risk_handlers.NOT_TEAM),
            risk_handlers._close_by_command(None, None, "U0ANA", "第三个"),  # type: ignore[arg-type]
        ]
        with pytest.raises(RiskFormError) as empty:
            parse_quick_risk("高 内部")
        with pytest.raises(RiskFormError) as long:
            parse_quick_risk("高 " + "长" * 201)
    assert_chinese([*answers, str(empty.value), str(long.value)])
    assert "`/risk add [高|中|低] [内部] 可能出现的问题`" in answers[0]
    assert str(long.value).startswith("风险标题最多 200 个字符，您写了 201 个。")


# -- what people type, in Chinese and mixed --------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "days"),
    [("3天", 3), ("3 个工作日", 3), ("-2天", -2), ("＋５ 工作日", 5), ("10日", 10), ("1 天", 1)],
)
def test_days_in_chinese(typed: str, days: int) -> None:
    assert parse_days(typed) == days


@pytest.mark.parametrize(
    ("typed", "cents"),
    [
        ("2000元", 200000),
        ("￥2,000", 200000),
        ("1.5万", 1_500_000),
        ("1.5万元", 1_500_000),
        ("人民币 3000 元", 300000),
        ("－300元", -30000),
        ("２千", 200000),
        ("CNY ¥100", 10000),
    ],
)
def test_costs_in_chinese(typed: str, cents: int) -> None:
    assert parse_cost(typed) == cents


@pytest.mark.parametrize(
    ("typed", "severity", "visibility", "title"),
    [
        ("高 内部 供应商交付延迟", "high", "internal", "供应商交付延迟"),
        ("高：内部，供应商交付延迟", "high", "internal", "供应商交付延迟"),
        ("内部\u3000低\u3000字体授权不明确", "low", "internal", "字体授权不明确"),
        ("high 内部 Vendor 可能延期", "high", "internal", "Vendor 可能延期"),
        ("高风险；测试人手不足", "high", "client", "测试人手不足"),
        ("中、内部：接口文档缺失", "medium", "internal", "接口文档缺失"),
        ("高并发压力大", "medium", "client", "高并发压力大"),  # not a keyword: a word of the title
        ("高 高 温天气影响施工", "high", "client", "高 温天气影响施工"),
    ],
)
def test_the_quick_form_reads_chinese_keywords(
    typed: str, severity: str, visibility: str, title: str
) -> None:
    draft = parse_quick_risk(typed)
    assert (draft.severity, draft.visibility, draft.title) == (severity, visibility, title)


def test_risk_references_in_full_width() -> None:
    assert parse_risk_number("Ｒ－３") == 3 and parse_risk_number("r３") == 3


def test_a_third_language_brings_its_own_keywords_without_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "ja" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "rapport.po").write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgctxt "risk keyword"\nmsgid "high"\nmsgstr "重大|高い"\n\n'
        'msgctxt "risk keyword"\nmsgid "internal"\nmsgstr "社内"\n\n'
        'msgctxt "schedule unit"\nmsgid "d|day|days|working day|working days"\n'
        'msgstr "営業日|日間"\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    monkeypatch.setattr(i18n, "_loaded", {})
    assert i18n.languages() == ("en", "ja")
    draft = parse_quick_risk("重大 社内 ベンダーの遅延")
    assert (draft.severity, draft.visibility, draft.title) == ("high", "internal", "ベンダーの遅延")
    assert parse_days("3営業日") == 3


# Property tests: Chinese and mixed input.

CHINESE_DAY_UNITS = ["天", "日", "工作日", "个工作日", "工作天", "个工作天"]
SPACES = st.sampled_from(["", " ", "\u3000", "  "])
FULL_WIDTH_DIGITS = str.maketrans("0123456789+-", "０１２３４５６７８９＋－")
CHINESE_TEXT = st.text(
    alphabet=st.sampled_from(
        list("高中低内部风险供应商交付延迟接口的了：；，、。 \u3000天万元¥￥")
    ),
    max_size=40,
)
MIXED = (
    CHINESE_TEXT
    | st.text(max_size=40)
    | st.lists(
        st.sampled_from(["高", "内部", "high", "internal", "：", "；", "3天", "1.5万", "元", "x"]),
        max_size=6,
    ).map(" ".join)
)


@given(
    st.integers(-MAX_DAYS, MAX_DAYS),
    SPACES,
    st.sampled_from(CHINESE_DAY_UNITS),
    st.booleans(),
)
def test_chinese_days_round_trip(days: int, space: str, unit: str, full_width: bool) -> None:
    figure = f"{days:+d}"
    if full_width:
        figure = figure.translate(FULL_WIDTH_DIGITS)
    assert parse_days(f"{figure}{space}{unit}") == days


@given(MIXED)
def test_days_fail_only_with_impact_error_on_chinese_and_mixed_input(raw: str) -> None:
    try:
        days = parse_days(raw)
    except ImpactError as error:
        assert str(error)
        return
    assert -MAX_DAYS <= days <= MAX_DAYS


@given(
    st.integers(0, 10**6),
    st.integers(0, 99),
    st.sampled_from(["", "元", " 元", "块", "人民币"]),
    st.sampled_from(["", "¥", "￥", "人民币"]),
    st.booleans(),
)
def test_chinese_costs_round_trip(
    whole: int, cents: int, after: str, before: str, negative: bool
) -> None:
    sign = "-" if negative else ""
    expected = (whole * 100 + cents) * (-1 if negative else 1)
    assert parse_cost(f"{sign}{before}{whole:,}.{cents:02d}{after}") == expected
    # In ten thousands (万): 1.5万 is 15,000.
    assert parse_cost(f"{sign}{whole}万{after}") == whole * 1_000_000 * (-1 if negative else 1)


@given(MIXED)
def test_cost_fails_only_with_impact_error_on_chinese_and_mixed_input(raw: str) -> None:
    try:
        cents = parse_cost(raw)
    except ImpactError as error:
        assert str(error)
        return
    assert abs(cents) <= MAX_COST_CENTS


@given(st.integers(-(10**10), 10**10))
def test_a_cost_described_in_chinese_parses_back(cents: int) -> None:
    with speaking("zh_CN"):
        text = describe_cost(cents)
        days = describe_days(cents % 700 - 350)
    assert parse_cost("0" if text == "无变化" else text) == cents
    assert not english_left(text) and not english_left(days)


KEYWORDS_ZH = {"high": "高", "medium": "中", "low": "低"}
SEPARATORS = st.sampled_from([" ", "\u3000", "：", "，", "；", "、", ": ", ", ", "：\u3000"])


@given(
    st.sampled_from(LEVELS),
    st.booleans(),
    st.booleans(),
    SEPARATORS,
    SEPARATORS,
    st.text(min_size=1, max_size=60),
)
def test_the_chinese_quick_form_round_trips(
    level: str, internal: bool, internal_first: bool, first: str, second: str, title: str
) -> None:
    words = title.split()
    leading = title.split(maxsplit=1)[0] if words else ""
    folded = half_width(leading).casefold()
    if not words or folded[0] in ":;," or any(folded.startswith(w) for w in risk_keywords()):
        return  # a title that starts with a keyword or a separator reads differently
    keywords = [KEYWORDS_ZH[level], *(["内部"] if internal else [])]
    if internal_first:
        keywords.reverse()
    typed = keywords[0] + first + (keywords[1] + second if len(keywords) > 1 else "") + title
    draft = parse_quick_risk(typed)
    assert (draft.severity, draft.visibility, draft.title) == (
        level,
        "internal" if internal else "client",
        " ".join(words),
    )


@given(MIXED)
def test_the_quick_form_fails_only_with_its_own_error_on_chinese_and_mixed_input(
    raw: str,
) -> None:
    try:
        draft = parse_quick_risk(raw)
    except RiskFormError as error:
        assert str(error)
        return
    assert draft.title.strip() and draft.severity in LEVELS
    assert draft.visibility in ("client", "internal")
    assert draft.title in " ".join(raw.split())  # the title is what was typed, never folded


def test_the_age_of_a_risk_reads_in_chinese() -> None:
    with speaking("zh_CN"):
        line = risk_line(make_risk(), now=MONDAY + timedelta(minutes=5))
    assert line.endswith("已登记 5分钟")
