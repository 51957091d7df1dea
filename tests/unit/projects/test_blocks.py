"""`/project plan`, its help and the decision log, as the team and the client read them in each
language."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.platform.i18n import speaking
from bot.projects.blocks import build_decision_log, build_plan, build_project_help, no_project
from bot.sandbox.limits import check_message_blocks
from storage.models import Event
from tests.factories import make_member, make_project
from tests.language import LANGUAGES, assert_in_language
from tests.reading import all_text

NAME = {"en": "Acme Website", "zh_CN": "官网改版"}
DATA = ["Europe/Berlin", "Asia/Shanghai", "Slack Connect"]  # stays as typed, or as named
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # a Monday
MEMBERS = [
    make_member("U0OWNER", "owner"),
    make_member("U0ANA", "team"),
    make_member("U0BEN", "team"),
    make_member("U0DANA", "client"),
    make_member("U0CO", "owner"),
]

# -- the plan ----------------------------------------------------------------------------------

PLAN_TITLE = {"en": "Communication plan — {project}", "zh_CN": "沟通计划 — {project}"}
PLAN = {  # what the plan of make_project() shows, on Monday 23 November
    "en": [
        "*Client channel*\n<#C0CLIENT>",
        "*Internal channel*\n<#C0TEAM>",
        "*Owners*\n<@U0OWNER>, <@U0CO>",
        "*Team*\n<@U0ANA>, <@U0BEN>",
        "*Clients*\n<@U0DANA>",
        "*Time zone*\nEurope/Berlin",
        "*Language*\nEnglish",
        "• Weekly digest: Friday 4:00\u202fPM, in the client channel; an internal variant in the "
        "internal channel",
        "• Next digest: Fri, Nov 27, 4:00\u202fPM",  # the project's clock: Berlin
        "• Monthly report: on the first working day of each month at 10:00\u202fAM, with a chart",
        "whoever has not posted gets one reminder 3 hours before the digest (Friday 1:00\u202fPM)",
        "answer within 1 business day",
    ],
    "zh_CN": [
        "*客户频道*\n<#C0CLIENT>",
        "*内部频道*\n<#C0TEAM>",
        "*负责人*\n<@U0OWNER>、<@U0CO>",
        "*团队*\n<@U0ANA>、<@U0BEN>",
        "*客户*\n<@U0DANA>",
        "*时区*\nEurope/Berlin",
        "*语言*\n中文 (简体, 中国)",
        "• 周报：星期五 16:00，发到客户频道；内部版本发到内部频道",
        "• 下一期周报：11月27日周五 16:00",  # the project's clock: Berlin
        "• 月报：每月第一个工作日 10:00 发送，附图表",
        "未提交的成员会在周报前 3 小时收到一次提醒（星期五 13:00）",
        "负责人须在1个工作日内答复",
    ],
}
NEW_PLAN = {  # the defaults a new plan explains
    "en": [
        "*Internal channel*\nnot set",
        "*Team*\neveryone from our workspace",
        "*Clients*\nguests from other organisations (Slack Connect)",
    ],
    "zh_CN": [
        "*内部频道*\n未设置",
        "*团队*\n本工作区的所有人",
        "*客户*\n其他组织的访客（Slack Connect）",
    ],
}
PAUSED_PLAN = {  # paused until 4 December, no reminders, no monthly report, a 4-hour target
    "en": [
        "⏸️ *Paused* until Fri, Dec 4, 2026: no scheduled posts.",
        # The digest of 27 November is paused: the next is the week after the pause.
        "• Next digest: Fri, Dec 11, 4:00\u202fPM",
        "• Monthly report: off",
        "no reminders",
        "answer within 4 hours",
    ],
    "zh_CN": [
        "⏸️ *已暂停*至 2026年12月4日周五：期间不发送定时消息。",
        "• 下一期周报：12月11日周五 16:00",
        "• 月报：关闭",
        "不发送提醒",
        "4小时内答复",
    ],
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_plan_shows_channels_people_cadence_and_the_next_digest(language: str) -> None:
    project = make_project(
        name=NAME[language], language=language, report_time="10:00", reminder_lead_hours=3
    )

    with speaking(language):
        text, blocks = build_plan(project, MEMBERS, now=NOW)

    assert_in_language(text, language, allowed=[NAME[language]])
    assert_in_language(blocks, language, allowed=[NAME[language], *DATA])
    assert text == PLAN_TITLE[language].format(project=NAME[language])
    shown = all_text(blocks)
    for line in PLAN[language]:
        assert line in shown
    assert check_message_blocks(blocks) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_new_plan_explains_the_defaults(language: str) -> None:
    project = make_project(name=NAME[language], language=language, internal_channel_id=None)

    with speaking(language):
        _, blocks = build_plan(project, [make_member("U0OWNER", "owner")])

    assert_in_language(blocks, language, allowed=[NAME[language], *DATA])
    shown = all_text(blocks)
    for line in NEW_PLAN[language]:
        assert line in shown


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_paused_plan_says_until_when_and_skips_the_paused_digests(language: str) -> None:
    paused = make_project(
        name=NAME[language],
        language=language,
        internal_channel_id=None,
        reminder_lead_hours=0,
        report_time=None,
        paused_until=date(2026, 12, 4),
        response_target="4h",
    )

    with speaking(language):
        _, blocks = build_plan(paused, [make_member("U0OWNER", "owner")], now=NOW)

    assert_in_language(blocks, language, allowed=[NAME[language], *DATA])
    shown = all_text(blocks)
    for line in PAUSED_PLAN[language]:
        assert line in shown


def test_the_plan_follows_changes_to_digest_time_and_target() -> None:
    project = make_project(digest_weekday=0, digest_time="09:30", response_target="4h")

    shown = all_text(build_plan(project, MEMBERS)[1])

    assert "Weekly digest: Monday 9:30\u202fAM" in shown
    assert "answer within 4 hours" in shown


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_long_project_name_and_many_members_fit(language: str) -> None:
    members = [make_member(f"U{n:08d}", "client") for n in range(300)]

    with speaking(language):
        _, blocks = build_plan(make_project(name="N" * 80), members)

    assert check_message_blocks(blocks) == []


def test_a_project_name_cannot_ping_through_the_plans_notification_text() -> None:
    text, _ = build_plan(make_project(name="<!channel> Acme"), MEMBERS)

    assert "<!channel>" not in text


# -- help, and a channel with no project -------------------------------------------------------

HELP = {
    "en": [
        "`/project setup NAME`",
        "`/project set language en|zh-CN`",
        "`/project set digest fri 16:00`",
    ],
    "zh_CN": [
        "`/project setup 项目名称`",
        "`/project set language en|zh-CN`",
        "`/project set digest 周五 16:00`",
    ],
}
NO_PROJECT_SAID = {
    "en": "This channel has no project yet: type `/project setup NAME` in the client channel "
    "to create one.",
    "zh_CN": "此频道还没有项目：请在客户频道输入 `/project setup 项目名称` 创建。",
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_help_and_no_project_say_how_to_start(language: str) -> None:
    with speaking(language):
        help_blocks = build_project_help()
        answer = no_project()

    assert_in_language(help_blocks, language, allowed=DATA)
    assert_in_language(answer, language)
    help_text = all_text(help_blocks)
    for command in HELP[language]:
        assert command in help_text
    assert answer == NO_PROJECT_SAID[language]


def test_help_names_the_export_for_owners() -> None:
    help_text = all_text(build_project_help())
    assert "`/project export`" in help_text and "(owners)" in help_text


# -- the decision log --------------------------------------------------------------------------

NOTE = {"en": "Fixed the login problem", "zh_CN": "已修复登录问题"}
LOG = {  # the title, what the log shows (times in Shanghai), and an empty log
    "en": (
        "Decision log — {project}",
        [
            "`Fri, Nov 20, 11:00\u202fPM` *FB-1* resolved (acknowledged → resolved) by <@U0ANA> "
            "— “Fixed the login problem”",
            "`Fri, Nov 20, 11:00\u202fPM` *CR-1* approved (pending → approved) by <@U0DANA>",
            "Newest first · times in Asia/Shanghai",
        ],
        "Nothing has been decided on *{project}* yet.",
    ),
    "zh_CN": (
        "决策日志 — {project}",
        [
            "`11月20日周五 23:00` *FB-1* 由 <@U0ANA> 解决（已确认 → 已解决）——“已修复登录问题”",
            "`11月20日周五 23:00` *CR-1* 由 <@U0DANA> 批准（待审批 → 已批准）",
            "最新的在前 · 时间按 Asia/Shanghai 时区",
        ],
        "*{project}* 还没有任何决策记录。",
    ),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_decision_log_says_who_moved_what_when(language: str) -> None:
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
            note=NOTE[language],
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
    name = NAME[language]

    with speaking(language):
        title, blocks = build_decision_log(events, project_name=name, timezone="Asia/Shanghai")
        empty_title, empty = build_decision_log([], project_name=name, timezone="Asia/Shanghai")

    assert_in_language(blocks, language, allowed=[name, NOTE[language], *DATA])
    assert_in_language(empty, language, allowed=[name])
    titled, lines, nothing = LOG[language]
    assert title == empty_title == titled.format(project=name)
    shown = all_text(blocks)
    for line in lines:
        assert line in shown
    assert all_text(empty) == nothing.format(project=name)
    assert check_message_blocks(blocks) == []
