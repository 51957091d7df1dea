"""`/project` in Simplified Chinese: every message and modal of the plan, its settings, setup and
the decision log, with no English left and no placeholder forgotten; key sentences word for word."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, cast

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from bot.platform.i18n import speaking
from bot.platform.people import Caller
from bot.projects.blocks import build_decision_log, build_plan, build_project_help, no_project
from bot.projects.creation import _refusal
from bot.projects.forms import build_setup_modal
from bot.projects.settings import apply_setting, pause_project, resume_project
from bot.projects.timing import PlanError, describe_reminder_time, parse_weekly_time
from bot.projects.working_hours import WorkingHours, describe_days
from storage.db import session_scope
from storage.models import Event
from tests.factories import make_member, make_project, new_project
from tests.language import assert_chinese
from tests.reading import all_text

NAME = "官网改版"
DATA = [NAME, "Europe/Berlin", "Asia/Shanghai"]
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
MEMBERS = [
    make_member("U0OWNER", "owner"),
    make_member("U0ANA", "team"),
    make_member("U0BEN", "team"),
    make_member("U0DANA", "client"),
]
NO_SESSION = cast(Session, None)  # the settings that touch no table


def chinese(value: Any, *extra: str) -> None:
    assert_chinese(value, allowed=[*DATA, *extra])


def project(**overrides: Any) -> Any:
    return make_project(name=NAME, language="zh_CN", **overrides)


# --- the plan --------------------------------------------------------------------------------


def test_the_plan_in_chinese() -> None:
    with speaking("zh_CN"):
        text, blocks = build_plan(
            project(report_time="10:00", reminder_lead_hours=3), MEMBERS, now=NOW
        )
    chinese(text)
    chinese(blocks, "Slack Connect")
    shown = all_text(blocks)
    assert text == f"沟通计划 — {NAME}"
    assert "*团队*\n<@U0ANA>、<@U0BEN>" in shown
    assert "*语言*\n中文 (简体, 中国)" in shown
    assert "• 周报：星期五 16:00，发到客户频道；内部版本发到内部频道" in shown
    assert "• 下一期周报：11月27日周五 16:00" in shown  # the project's clock: Berlin
    assert "• 月报：每月第一个工作日 10:00 发送，附图表" in shown
    assert "未提交的成员会在周报前 3 小时收到一次提醒（星期五 13:00）" in shown
    assert "负责人须在1个工作日内答复" in shown


def test_a_new_paused_plan_in_chinese() -> None:
    paused = project(
        internal_channel_id=None,
        reminder_lead_hours=0,
        report_time=None,
        paused_until=date(2026, 12, 4),
        response_target="4h",
    )
    with speaking("zh_CN"):
        text, blocks = build_plan(paused, [make_member("U0OWNER", "owner")], now=NOW)
    chinese(blocks, "Slack Connect")
    shown = all_text(blocks)
    assert "*内部频道*\n未设置" in shown
    assert "*客户*\n其他组织的访客（Slack Connect）" in shown
    assert "⏸️ *已暂停*至 2026年12月4日周五：期间不发送定时消息。" in shown
    # The digest of 27 November is paused: the next is the week after the pause.
    assert "• 下一期周报：12月11日周五 16:00" in shown
    assert "• 月报：关闭" in shown and "不发送提醒" in shown and "4小时内答复" in shown


def test_help_setup_modal_and_no_project_in_chinese() -> None:
    with speaking("zh_CN"):
        help_blocks = build_project_help()
        modal = build_setup_modal(channel_id="C0CLIENT")
        answer = no_project()
    chinese(help_blocks, "Slack Connect")
    chinese(modal)
    chinese(answer)
    assert "`/project set language en|zh-CN`" in all_text(help_blocks)
    assert "`/project set digest 周五 16:00`" in all_text(help_blocks)
    assert modal["title"]["text"] == "创建项目"
    assert answer == "此频道还没有项目：请在客户频道输入 `/project setup 项目名称` 创建。"


def test_the_decision_log_in_chinese() -> None:
    at = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)
    events = [
        Event(
            project_id=1,
            subject="feedback",
            subject_id=1,
            ref="FB-1",
            action="resolved",
            actor_id="U0ANA",
            from_state="acknowledged",
            to_state="resolved",
            note="已修复登录问题",
            at=at,
        ),
        Event(
            project_id=1,
            subject="change",
            subject_id=1,
            ref="CR-1",
            action="approved",
            actor_id="U0DANA",
            from_state="pending",
            to_state="approved",
            at=at,
        ),
        Event(
            project_id=1,
            subject="risk",
            subject_id=1,
            ref="R-1",
            action="created",
            actor_id=None,
            to_state="open",
            at=at,
        ),
    ]
    with speaking("zh_CN"):
        title, blocks = build_decision_log(events, project_name=NAME, timezone="Asia/Shanghai")
        empty_title, empty = build_decision_log([], project_name=NAME, timezone="Asia/Shanghai")
    chinese(blocks, "已修复登录问题")
    chinese(empty)
    assert title == empty_title == f"决策日志 — {NAME}"
    shown = all_text(blocks)
    assert (
        "`11月20日周五 23:00` *FB-1* 由 <@U0ANA> 解决（已确认 → 已解决）——“已修复登录问题”" in shown
    )
    assert "`11月20日周五 23:00` *CR-1* 由 <@U0DANA> 批准（待审批 → 已批准）" in shown
    assert "最新的在前 · 时间按 Asia/Shanghai 时区" in shown


# --- times, days, hours ----------------------------------------------------------------------


def test_times_and_days_in_chinese() -> None:
    hours = WorkingHours.of(project(work_days="01236", work_start="08:00", work_end="17:00"))
    with speaking("zh_CN"):
        assert parse_weekly_time("fri 16:00").describe() == "星期五 16:00"
        assert describe_reminder_time(project()) == "星期五 13:00"
        assert hours.describe() == "周日至周四 08:00–17:00"
        assert describe_days({0, 2}) == "周一、周三"


# --- /project set, pause, resume -------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("timezone", "asia/shanghai", "时区已设为 Asia/Shanghai。"),
        ("digest", "周五 16:00", "周报时间已设为 星期五 16:00（Europe/Berlin）。"),
        ("digest", "星期一 下午4点", "周报时间已设为 星期一 16:00（Europe/Berlin）。"),
        ("report", "9：30", "月报将在每月第一个工作日 09:30（Europe/Berlin）发送。"),
        ("report", "off", "月报已关闭。"),
        ("reminder", "2h", "提醒将在周报前 2 小时发出：星期五 14:00（Europe/Berlin）。"),
        ("reminder", "off", "已为本项目所有人关闭周报前的提醒。"),
        ("poll", "every 2 weeks", "每 2 周在周报当天发起一次满意度调查，持续 3 天。"),
        ("poll", "off", "满意度调查已关闭。"),
        ("poll-kind", "nps", "今后的调查采用 NPS。"),
        ("poll-anonymity", "named", "新的调查为实名；进行中的调查保持发起时的方式。"),
        ("poll-anonymity", "anonymous", "新的调查为匿名；进行中的调查保持发起时的方式。"),
        ("poll-question", "我们做得怎么样？", "新的调查将提问：“我们做得怎么样？”"),
        ("poll-question", "default", "调查恢复使用标准问题。"),
        ("sla", "4h", "反馈将在4小时内答复。"),
        (
            "hours",
            "周日-周四 08:00-17:00",
            "工作时间已设为 周日至周四 08:00–17:00（Europe/Berlin）：响应时间只按这段时间计算。",
        ),
    ],
)
def test_settings_answer_in_chinese(key: str, value: str, expected: str) -> None:
    with speaking("zh_CN"):
        answer = apply_setting(session=NO_SESSION, project=project(), key=key, value=value, now=NOW)
    chinese(answer, "我们做得怎么样？")
    assert answer == expected


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("digest", "someday 16:00", "`someday` 不是星期几。"),
        ("digest", "周五 25:00", "`25:00` 不是有效的时间。"),
        ("digest", "每周五", "无法把 `每周五` 识别为每周的某个时间。"),
        ("report", "25:00", "`25:00` 不是有效的时间：请使用 24 小时制"),
        ("timezone", "火星", "`火星` 不是已知的时区。"),
        ("sla", "很快", "`很快` 不是有效的响应时限。"),
        ("reminder", "很快", "`很快` 不是有效的提前时间"),
        ("poll", "每周", "请输入 `poll every 4 weeks`"),
        ("poll-kind", "星级", "调查类型为 `csat`（1–5 分）"),
        ("poll-anonymity", "保密", "调查可以是 `anonymous`"),
        ("poll-question", "好吗", "问题长度须为 5 到 200 个字符"),
        ("hours", "工作日", "请给出工作日和时间"),
        ("hours", "周一-周八 09:00-18:00", "无法把 `周一-周八` 识别为星期几"),
        ("hours", "周一-周五 18:00-09:00", "工作日的结束时间必须晚于开始时间"),
        (
            "language",
            "火星文",
            "暂不支持 `火星文`。可选语言：`en`（English）、`zh-CN`（中文 (简体, 中国)）。",
        ),
    ],
)
def test_refused_settings_say_why_in_chinese(key: str, value: str, expected: str) -> None:
    with speaking("zh_CN"), pytest.raises(PlanError) as refused:
        apply_setting(session=NO_SESSION, project=project(), key=key, value=value, now=NOW)
    chinese(str(refused.value), value, "English")
    assert expected in str(refused.value)


@pytest.mark.parametrize("typed", ["zh-CN", "zh_CN", "zh", "中文", "简体中文", "Chinese", "ZH-cn"])
def test_the_language_is_set_and_confirmed_in_the_new_language(typed: str) -> None:
    english = make_project(name="Acme Website", language="en")
    with speaking("en"):  # the owner's own language does not matter: the answer is in the new one
        answer = apply_setting(
            session=NO_SESSION, project=english, key="language", value=typed, now=NOW
        )
    assert english.language == "zh_CN"
    chinese(answer, "Acme Website")
    assert answer == (
        "*Acme Website* 现在使用中文 (简体, 中国)："
        "频道中的周报、月报、调查和沟通计划都将使用该语言。私下回复仍按每个人的 Slack 语言。"
    )


@pytest.mark.parametrize("typed", ["en", "English", "en-US", "英语"])
def test_back_to_english(typed: str) -> None:
    chinese_project = project()
    with speaking("zh_CN"):
        answer = apply_setting(
            session=NO_SESSION, project=chinese_project, key="language", value=typed, now=NOW
        )
    assert chinese_project.language == "en"
    assert answer.startswith(f"*{NAME}* now speaks English:")


def test_pause_and_resume_in_chinese() -> None:
    paused = project()
    with speaking("zh_CN"):
        answer = pause_project(project=paused, until="2026-12-04", today=NOW)
        resumed = resume_project(paused)
        not_paused = resume_project(paused)
        with pytest.raises(PlanError) as passed:
            pause_project(project=paused, until="2026-01-04", today=NOW)
        with pytest.raises(PlanError) as not_a_date:
            pause_project(project=paused, until="下周", today=NOW)
    for text in (answer, resumed, not_paused, str(passed.value), str(not_a_date.value)):
        chinese(text, "下周")
    assert answer == (
        f"⏸️ *{NAME}* 的定时消息已暂停至 2026年12月4日周五（含当天）。"
        "用 `/project resume` 可提前恢复。"
    )
    assert resumed == f"▶️ *{NAME}* 的定时消息已恢复。"
    assert str(passed.value) == "2026年1月4日周日 已经过去：请给出今天或之后的日期。"


def test_setup_refusals_in_chinese() -> None:
    team = Caller("U0ANA", "T1")
    with speaking("zh_CN"):
        answers = [
            _refusal("C0CLIENT", team, "T1", ""),
            _refusal("C0CLIENT", team, "T1", "名" * 81),
            _refusal("D0DM", team, "T1", NAME),
            _refusal("C0CLIENT", Caller("U0DANA", "T2"), "T1", NAME),
        ]
    for answer in answers:
        chinese(answer)
    assert answers[1] == "名称有 81 个字符；请不要超过 80 个。"
    assert answers[3] == "只有交付团队可以创建项目。请联系对方的对接人来创建。"


# --- settings that touch the database --------------------------------------------------------


@pytest.mark.db
def test_people_and_channels_in_chinese(engine: Engine) -> None:
    with session_scope(engine) as session, speaking("zh_CN"):
        acme = new_project(session, name=NAME)
        new_project(session, name="第二个项目", channel_id="C0OTHER")

        def setting(key: str, value: str) -> str:
            return apply_setting(session=session, project=acme, key=key, value=value, now=NOW)

        answers = [
            setting("team", "<@U0ANA> <@U0BEN>"),
            setting("client", "<@U0DANA>"),
            setting("approver", "<@U0DANA>"),
            setting("approver", "none"),
            setting("internal-channel", "<#C0TEAM|acme-team>"),
        ]
        refusals = []
        for key, value in [
            ("team", "ana"),
            ("team", "<@U0OWNER>"),
            ("approver", "dana"),
            ("internal-channel", "团队频道"),
            ("internal-channel", "<#C0CLIENT|acme>"),
            ("internal-channel", "<#C0OTHER|other>"),
        ]:
            with pytest.raises(PlanError) as refused:
                setting(key, value)
            refusals.append(str(refused.value))
    for text in [*answers, *refusals]:
        chinese(text, "第二个项目", "团队频道", "ana", "dana")
    assert answers[0] == f"<@U0ANA>、<@U0BEN> 现在是 *{NAME}* 的团队成员。"
    assert answers[1] == f"<@U0DANA> 现在是 *{NAME}* 的客户。"
    assert answers[2] == f"*{NAME}* 的变更请求由 <@U0DANA> 审批。"
    assert answers[3] == "未指定审批人：任何客户成员都可以审批变更请求。"
    assert answers[4] == "内部频道已设为 <#C0TEAM>。请在该频道邀请我：`/invite @Rapport`。"
    assert refusals[1] == "项目至少需要一名负责人：请先指定另一名负责人。"
    assert refusals[5] == "<#C0OTHER> 已属于 *第二个项目*。"
