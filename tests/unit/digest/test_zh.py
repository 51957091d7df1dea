"""The digest, the monthly report, the figures and their charts in Simplified Chinese: every
builder rendered under `speaking("zh_CN")` leaves no English and no placeholder, and the key
sentences read as written here.

Some words come from other modules (a change's decision line, schedule and cost, working
hours): what they say in Chinese is their own tests' business, so they are `allowed` here as
whatever they render."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from bot.changes.blocks import STATE_LABELS, decision_line
from bot.changes.impact import describe_cost, describe_days
from bot.digest.blocks import build_digest, describe_posting
from bot.digest.contents import Digest, Line, NotPosted, RiskSummary, assemble_digest
from bot.platform.i18n import _, speaking
from bot.report import chart
from bot.report.figures import (
    MemberFigures,
    PollPoint,
    ProjectFigures,
    ResponseFigures,
    WeekFigures,
)
from bot.report.figures_blocks import build_figures
from bot.report.monthly import MonthReport, Week
from bot.report.monthly_blocks import build_report
from bot.responses.blocks import hours_label
from bot.sandbox.limits import check_message_blocks
from bot.scheduling.publishing import NO_ANSWER, NOT_BUILT, UNCHECKED, Posted
from storage.models import ChangeRequest, Risk
from tests.factories import FRIDAY, MONDAY, make_feedback, make_project, make_update
from tests.language import assert_chinese
from tests.reading import all_text, section_texts

NAME = "Acme 官网"
ZONE = "Asia/Shanghai"
# Latin letters the test data itself brings in.
DATA = [NAME, ZONE, "Acme", "SSO", "IT", "API"]

WEEK = [
    make_update(
        "供应商升级处理中，暂不对外",
        id=3,
        author_id="U0ANA",
        health="off-track",
        progress=70,
        visibility="internal",
        created_at=MONDAY + timedelta(days=2),
    ),
    make_update(
        "登录页已部署到预发布环境",
        id=2,
        health="at-risk",
        progress=55,
        next_steps="密码重置",
        blockers="等待 Acme IT 提供 SSO 元数据",
        created_at=MONDAY + timedelta(days=1),
    ),
    make_update("线框图已通过", id=1, health="on-track", progress=40, created_at=MONDAY),
]
RECEIVED = [
    make_feedback("预发布环境总是把我登出", number=1, kind="problem", state="resolved"),
    make_feedback("演示很精彩", number=2, kind="praise"),
    make_feedback("需要一张发票", number=3, kind="request", state="acknowledged"),
    make_feedback("演示什么时候？", number=4, kind="question"),
    make_feedback("导出很慢", number=5, kind="problem"),
]
RESOLVED = [
    make_feedback(
        "预发布环境总是把我登出",
        number=1,
        kind="problem",
        state="resolved",
        resolution="会话有效期已延长到 8 小时",
        resolved_at=MONDAY + timedelta(days=1),
    )
]


def risk(number: int, title: str, **overrides: Any) -> Risk:
    values: dict[str, Any] = {
        "id": number,
        "project_id": 1,
        "number": number,
        "title": title,
        "severity": "medium",
        "likelihood": "low",
        "owner_id": "U0BEN",
        "mitigation": "先模拟 API",
        "visibility": "client",
        "created_by": "U0ANA",
        "created_at": MONDAY,
    }
    values.update(overrides)
    return Risk(**values)


RISKS = RiskSummary(
    new=[risk(4, "支付服务商可能延期", severity="high")],
    still_open=[risk(2, "设计资源紧张", owner_id=None, visibility="internal")],
    closed=[
        risk(1, "SSO 元数据迟迟未到", state="closed", closed_at=FRIDAY, close_note="已收到"),
        risk(3, "测试环境不稳定", severity="low", state="closed", closed_at=FRIDAY),
    ],
)


def change(number: int, state: str, **overrides: Any) -> ChangeRequest:
    values: dict[str, Any] = {
        "id": number,
        "project_id": 1,
        "number": number,
        "title": "增加单点登录",
        "reason": "IT 要求",
        "scope_impact": "管理后台接入 Okta",
        "schedule_days": 5,
        "cost_cents": 480000,
        "requested_by": "U0DANA",
        "proposed_by": "U0ANA",
        "created_at": MONDAY - timedelta(days=3),
        "state": state,
    }
    if state in ("approved", "rejected"):
        values.update(decided_by="U0DANA", decided_at=MONDAY + timedelta(days=1))
    values.update(overrides)
    return ChangeRequest(**values)


DECIDED = [change(1, "approved"), change(2, "rejected", schedule_days=0, cost_cents=-30000)]
WAITING = [change(3, "pending", title="原生应用")]


def theirs(changes: list[ChangeRequest]) -> list[str]:
    """What the change-request module says about these changes, in the current language."""
    said = []
    for item in changes:
        if item.decided_at is not None:
            said.append(decision_line(item, ZONE).splitlines()[0])
            said.append(_(STATE_LABELS[item.state]))
        said += [describe_days(item.schedule_days), describe_cost(item.cost_cents)]
    said += [describe_days(sum(c.schedule_days for c in changes if c.state == "approved"))]
    said += [describe_cost(sum(c.cost_cents for c in changes if c.state == "approved"))]
    return said


def full_week(audience: str) -> Digest:
    digest = assemble_digest(
        project=make_project(name=NAME, timezone=ZONE),
        audience=audience,
        since=MONDAY,
        until=FRIDAY,
        updates=WEEK,
        received=RECEIVED,
        resolved=RESOLVED,
    )
    return replace(
        digest,
        owner_ids=["U0ANA"],
        late=True,
        missed=[
            NotPosted("digest", datetime(2026, 11, 13, 8, 0, tzinfo=UTC), "missed"),
            NotPosted("digest", datetime(2026, 11, 6, 8, 0, tzinfo=UTC), "unverified"),
            NotPosted(
                "report", datetime(2026, 11, 2, 1, 0, tzinfo=UTC), "refused", "not_in_channel"
            ),
            NotPosted("report", datetime(2026, 10, 1, 1, 0, tzinfo=UTC), "refused"),
            NotPosted("digest", datetime(2026, 10, 30, 8, 0, tzinfo=UTC), "error"),
        ]
        if audience == "internal"
        else [],
        follow_ups=["我们现在每周二发布"],
        changes_decided=DECIDED,
        changes_waiting=WAITING,
        risks=RISKS,
    )


# -- the digest --------------------------------------------------------------------------


@pytest.mark.parametrize("audience", ["client", "internal"])
def test_every_section_of_the_digest_is_chinese(audience: str) -> None:
    with speaking("zh_CN"):
        text, blocks = build_digest(full_week(audience))
        other_modules = theirs(DECIDED + WAITING)
    assert_chinese(text, allowed=DATA)
    assert_chinese(blocks, allowed=DATA + other_modules)
    assert check_message_blocks(blocks) == []


def test_the_chinese_digest_says_it_in_these_words() -> None:
    with speaking("zh_CN"):
        text, blocks = build_digest(full_week("client"))
        _internal_text, internal = build_digest(full_week("internal"))
    shown, sections = all_text(blocks), section_texts(blocks)
    assert text == "周报 — Acme 官网：🟡 有风险，进度 55%"
    assert blocks[0]["text"]["text"] == "📋 周报 — Acme 官网"
    assert internal[0]["text"]["text"] == "📋 周报 — Acme 官网（内部）"
    # Monday 17:00 to Friday 23:00 in Shanghai; the digest came late.
    assert "11月16日周一 – 2026年11月20日周五 · 时区：Asia/Shanghai · 晚于计划时间补发" in shown
    assert "*项目状态*\n🟡 有风险" in shown and "*进度*\n55%" in shown
    assert (
        "*本周进展*\n• 线框图已通过 — <@U0BEN>\n• 登录页已部署到预发布环境 — <@U0BEN>" in sections
    )
    assert "*下一步*\n• 密码重置 — <@U0BEN>" in sections
    assert "*阻塞*\n• 等待 Acme IT 提供 SSO 元数据 — <@U0BEN>" in sections
    assert (
        "*您的反馈*\n收到 5 条（2 个问题、1 条表扬、1 个需求、1 个疑问） · 1 条处理中 · "
        "已解决 1 条\n• ✅ FB-1 已解决：会话有效期已延长到 8 小时"
    ) in sections
    assert "*关于您最近的调查回答*\n• 我们现在每周二发布" in sections
    assert (
        "*风险与问题*\n本周新增 1 个 · 未关闭 2 个 · 本周关闭 2 个\n"
        "• 🆕 R-4 🔴 高：支付服务商可能延期 — <@U0BEN>\n"
        "• R-2 🟠 中：设计资源紧张\n"
        "• ✅ R-1 🟠 中：SSO 元数据迟迟未到 — <@U0BEN>（已关闭：已收到）\n"
        "• ✅ R-3 🟢 低：测试环境不稳定 — <@U0BEN>（已关闭）"
    ) in sections
    assert "• ⏳ CR-3 原生应用 等待您的决定：请在上方对应的消息中批准或拒绝" in shown
    assert blocks[-1]["elements"][0]["text"] == "有问题或顾虑？请在本频道输入 `/feedback`。"
    assert "未发布" not in shown


def test_the_teams_chinese_digest_lists_what_was_not_posted_and_what_waits() -> None:
    with speaking("zh_CN"):
        _text, blocks = build_digest(full_week("internal"))
    shown = all_text(blocks)
    assert (
        "⚠️ *未发布：*\n"
        "• 11月13日周五 16:00 的周报：Rapport 停机时间超出了补发时限\n"
        "• 11月6日周五 16:00 的周报：崩溃后我无法读取频道，无法确认它是否已经发布；请查看一下，"
        "如果确实没有，请用 `/status digest post` 发布\n"
        "• 11月2日的月报：Slack 拒绝了发布（`not_in_channel`）\n"
        "• 10月1日的月报：Slack 拒绝了发布\n"
        "• 10月30日周五 16:00 的周报：每次尝试都失败了；请查看日志"
    ) in shown
    assert "*客户反馈*\n收到 5 条" in shown
    assert "• FB-3（需求，👀 已确认）：需要一张发票" in shown
    assert "• 🔒 供应商升级处理中，暂不对外 — <@U0ANA>" in shown
    assert "• R-2 🟠 中：设计资源紧张" not in shown and "• 🔒 R-2 🟠 中：设计资源紧张" in shown
    assert "⚠️ CR-3 原生应用 已等待客户决定 " in shown and "，超过了响应时限" in shown


def test_a_quiet_chinese_week_says_so() -> None:
    quiet = assemble_digest(
        project=make_project(name=NAME, timezone=ZONE),
        audience="client",
        since=MONDAY,
        until=FRIDAY,
        updates=[],
        received=[],
        resolved=[],
    )
    with speaking("zh_CN"):
        text, blocks = build_digest(quiet)
        _text, named = build_digest(replace(quiet, owner_ids=["U0ANA", "U0BEN"]))
        _text, internal = build_digest(replace(quiet, audience="internal"))
    for shown in (blocks, named, internal):
        assert_chinese(shown, allowed=DATA)
    assert text == "周报 — Acme 官网：⚪ 未报告，进度 —"
    assert (
        "*本周进展*\n本周没有发布状态更新。想了解项目进展，请用 `/feedback` 询问项目负责人。"
        in section_texts(blocks)
    )
    assert (
        "*本周进展*\n本周没有发布状态更新。想了解项目进展，请用 `/feedback` 询问 "
        "<@U0ANA>、<@U0BEN>。" in section_texts(named)
    )
    assert "*本周进展*\n本周没有人发布更新。" in section_texts(internal)
    assert "*您的反馈*\n本周没有反馈。" in section_texts(blocks)


def test_an_english_digest_counts_in_plurals() -> None:
    text, blocks = build_digest(full_week("client"))
    shown = all_text(blocks)
    assert text == "Weekly update — Acme 官网: 🟡 At risk, progress 55%"
    assert "5 received (2 problems, 1 praise, 1 request, 1 question) · 1 being answered" in shown
    assert "*Risks and issues*\n1 new this week · 2 open · 2 closed this week" in shown


def test_what_became_of_a_posted_digest_is_told_in_chinese() -> None:
    posted = [
        Posted("C0ACME", "client", ts="1.0"),
        Posted("G0TEAM", "internal", ts="2.0"),
        Posted("C0ACME", "client", error="not_in_channel"),
        Posted("G0TEAM", "internal", error="channel_not_found"),
        Posted("C0ACME", "client", error=NOT_BUILT),
        Posted("G0TEAM", "internal", error=NO_ANSWER),
        Posted("C0ACME", "client", error=UNCHECKED),
    ]
    with speaking("zh_CN"):
        said = describe_posting(posted)
    assert_chinese(said, allowed=["not_in_channel", "channel_not_found"])
    assert said.splitlines() == [
        "✅ 客户周报已发布到 <#C0ACME>。",
        "✅ 内部周报已发布到 <#G0TEAM>。",
        "⚠️ 客户周报未能发布到 <#C0ACME>（Slack 返回 `not_in_channel`）。请用 `/invite @Rapport` "
        "邀请我加入该频道，下一期周报就能发到那里。",
        "⚠️ 内部周报未能发布到 <#G0TEAM>（Slack 返回 `channel_not_found`）。请用 "
        "`/invite @Rapport` 邀请我加入该频道，下一期周报就能发到那里。",
        "⚠️ 客户周报未能发布到 <#C0ACME>：消息无法生成；请查看日志。",
        "⚠️ 内部周报未能发布到 <#G0TEAM>：Slack 没有响应；再次发布前请先查看频道。",
        "⚠️ 客户周报未能发布到 <#C0ACME>：我无法读取频道，无法确认之前是否已经发布。",
    ]
    assert describe_posting(posted[4:5]) == (
        "⚠️ The client digest could not be posted in <#C0ACME>: it could not be put together; "
        "see the logs."
    )


# -- the monthly report ------------------------------------------------------------------


def month_report(audience: str = "client", **overrides: Any) -> MonthReport:
    values: dict[str, Any] = {
        "project_name": NAME,
        "audience": audience,
        "month": date(2026, 11, 1),
        "timezone": ZONE,
        "weeks": [
            Week(date(2026, 11, 2), "on-track", 20, 1),
            Week(date(2026, 11, 9), None, None, 2),
            Week(date(2026, 11, 16), "at-risk", 45, 3),
        ],
        "progress_points": [
            (datetime(2026, 11, 3, tzinfo=UTC), 20),
            (datetime(2026, 11, 18, tzinfo=UTC), 45),
        ],
        "highlights": [Line("U0BEN", "线框图已通过"), Line("U0CHEN", "预算偏紧", internal=True)],
        "updates": 6,
        "received": 3,
        "resolved": 1,
        "median_time_to_resolve": timedelta(hours=24),
        "late": True,
        "kinds": {"problem": 2, "praise": 1},
        "changes_decided": DECIDED,
        "risks": RISKS,
    }
    values.update(overrides)
    return MonthReport(**values)


@pytest.mark.parametrize("audience", ["client", "internal"])
def test_every_section_of_the_report_is_chinese(audience: str) -> None:
    with speaking("zh_CN"):
        text, blocks = build_report(month_report(audience))
        other_modules = theirs(DECIDED)
        _text, quiet = build_report(
            month_report(audience, weeks=[], progress_points=[], highlights=[], kinds={})
        )
    assert_chinese(text, allowed=DATA)
    assert_chinese(blocks, allowed=DATA + other_modules)
    assert_chinese(quiet, allowed=DATA + other_modules)
    assert check_message_blocks(blocks) == []


def test_the_chinese_report_says_it_in_these_words() -> None:
    with speaking("zh_CN"):
        text, blocks = build_report(month_report())
        _text, internal = build_report(month_report("internal"))
        _text, quiet = build_report(month_report(weeks=[], progress_points=[], kinds={}))
    shown = all_text(blocks)
    assert text == "月报 2026年11月 — Acme 官网"
    assert blocks[0]["text"]["text"] == "📈 2026年11月 — Acme 官网"
    assert internal[0]["text"]["text"] == "📈 2026年11月 — Acme 官网（内部）"
    assert "月报 · 时区：Asia/Shanghai · 晚于计划时间补发" in shown
    assert "*状态更新*\n6" in shown and "*进度*\n20% → 45%" in shown
    assert "*收到的反馈*\n3（2 个问题、1 条表扬）" in shown and "*已解决的反馈*\n1" in shown
    assert "*解决用时中位数*\n24小时" in shown
    assert (
        "*每周项目状态*\n"
        "• 11月2日当周：🟢 正常，20%（1 条更新）\n"
        "• 11月9日当周：⚪ 未报告（2 条更新）\n"
        "• 11月16日当周：🟡 有风险，45%（3 条更新）"
    ) in section_texts(blocks)
    assert "*最新更新*\n• 线框图已通过 — <@U0BEN>\n• 🔒 预算偏紧 — <@U0CHEN>" in shown
    assert "*风险与问题*\n本月新增 1 个 · 未关闭 2 个 · 本月关闭 2 个" in shown
    assert "*已决定的变更请求*\n批准 1 个，拒绝 1 个 · 已批准的工期 " in shown
    assert blocks[-1]["elements"][0]["text"] == "本月图表见下方回复。"
    assert "*进度*\n未报告" in all_text(quiet) and "本月没有状态更新。" in all_text(quiet)
    assert "*收到的反馈*\n3\n" in all_text(quiet) + "\n"


def test_an_english_report_counts_updates_in_plurals() -> None:
    shown = all_text(build_report(month_report())[1])
    assert "• Week of Nov 2: 🟢 On track, 20% (1 update)" in shown
    assert "• Week of Nov 9: ⚪ Not reported (2 updates)" in shown
    assert "*Feedback received*\n3 (2 problems, 1 praise)" in shown


# -- the figures -------------------------------------------------------------------------


def figures(**overrides: Any) -> ProjectFigures:
    values: dict[str, Any] = {
        "project_name": NAME,
        "timezone": ZONE,
        "period": "month",
        "since": datetime(2026, 10, 25, 16, tzinfo=UTC),
        "until": datetime(2026, 11, 20, 8, tzinfo=UTC),
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
    return ProjectFigures(**values)


def working_hours(*seconds: float) -> list[str]:
    """What the responses module says of these waits, in the current language."""
    return [hours_label(value) for value in seconds]


@pytest.mark.parametrize("period", ["week", "month", "quarter"])
def test_every_figure_is_chinese(period: str) -> None:
    quiet = figures(
        period=period,
        responses=ResponseFigures(0, 0, None, None, None, 0),
        members=[],
        polls=[PollPoint(datetime(2026, 11, 13, tzinfo=UTC), "nps", -20.0, 1)],
    )
    nps = figures(
        polls=[
            PollPoint(datetime(2026, 11, 6, tzinfo=UTC), "nps", 10.0, 4),
            PollPoint(datetime(2026, 11, 13, tzinfo=UTC), "nps", 20.0, 5),
        ]
    )
    with speaking("zh_CN"):
        said = working_hours(9 * 3600, 9000, 36000, 12600, 2700)
        for shown in (figures(period=period), quiet, nps, figures(polls=[])):
            text, blocks = build_figures(shown)
            assert_chinese(text, allowed=DATA)
            assert_chinese(blocks, allowed=DATA + said)
            assert check_message_blocks(blocks) == []


def test_the_chinese_figures_say_it_in_these_words() -> None:
    with speaking("zh_CN"):
        text, blocks = build_figures(figures())
        hours = {value: hours_label(value) for value in (9 * 3600, 9000, 36000, 12600)}
        _text, nps = build_figures(
            figures(polls=[PollPoint(datetime(2026, 11, 13, tzinfo=UTC), "nps", 20.0, 1)])
        )
        _text, none = build_figures(figures(polls=[]))
    shown = all_text(blocks)
    assert text == "Acme 官网：最近 4 周的数据"
    assert blocks[0]["text"]["text"] == "📊 Acme 官网 — 最近 4 周"
    assert f"10月26日周一 – 2026年11月20日周五 · 按工作时间计，目标 {hours[9 * 3600]}" in shown
    assert f"*首次响应，中位数*\n{hours[9000]}" in shown
    assert f"*首次响应，第 90 百分位*\n{hours[36000]}" in shown
    assert "*在目标时间内回复*\n60%（5 条中的 3 条）" in shown
    assert "*客户消息*\n收到 7 条，已回复 4 条" in shown
    assert "*周报前已更新状态*\n4 周中有 2 周" in shown
    assert "*反馈*\n收到 2 条，已解决 1 条；解决用时中位数 2天" in shown
    assert "*满意度*\nCSAT 4.7 / 5 ↑（上次 4.0，3 份回答）" in shown
    assert "*变更请求*\n已批准 1 个、已拒绝 0 个、待决定 1 个、已撤回 0 个" in shown
    assert f"<@U0BEN>：首次回复 3 条，中位数 {hours[12600]}" in shown
    assert (
        f"*每周首次响应中位数*（消息数）\n11月9日：—（2） · 11月16日：{hours[9000]}（6）" in shown
    )
    assert "*满意度*\nNPS +20（1 份回答）" in all_text(nps)
    assert "*满意度*\n还没有结束的调查" in all_text(none)


def test_english_figures_count_in_plurals() -> None:
    shown = all_text(build_figures(figures(digest_weeks=1, punctual_weeks=1))[1])
    assert "*Status before the digest*\n1 of 1 week" in shown
    assert "CSAT 4.7 / 5 ↑ from 4.0 (3 answers)" in shown
    assert "<@U0ANA>: 1 first answer, median" in shown
    first = all_text(build_figures(figures(polls=figures().polls[:1]))[1])
    assert "CSAT 4.0 / 5 (1 answer)" in first


# -- the charts --------------------------------------------------------------------------


def test_a_chart_is_chinese_when_a_font_can_draw_it_and_english_otherwise(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with speaking("zh_CN"):
        monkeypatch.setattr(chart, "cjk_family", lambda: None)
        assert chart.chart_language() == "en"
        monkeypatch.setattr(chart, "cjk_family", lambda: "Noto Sans CJK SC")
        assert chart.chart_language() == "zh_CN"
    with speaking("en"):
        monkeypatch.setattr(chart, "cjk_family", lambda: None)
        assert chart.chart_language() == "en"


@pytest.mark.filterwarnings("ignore:Glyph")  # a machine without a CJK font draws boxes for 官网
def test_charts_draw_in_chinese_whatever_fonts_this_machine_has() -> None:
    with speaking("zh_CN"):
        for drawn in (
            chart.render_chart(month_report()),
            chart.render_chart(month_report(progress_points=[])),
            chart.render_figures_chart(figures()),
            chart.render_figures_chart(figures(polls=[])),
        ):
            assert drawn.startswith(b"\x89PNG")
