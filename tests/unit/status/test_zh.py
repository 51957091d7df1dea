"""The status slice in Simplified Chinese: `/status` (form, receipt, list, help, quick-form errors),
the reminders before a digest, the response-time alerts and the App Home, each rendered for a
zh_CN reader with no English and no placeholder left, and a few sentences word for word."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.home.blocks import age, ago, build_home, poll_line, response_line
from bot.home.cards import Home, PollResult, ProjectCard, ResponseTrend
from bot.platform.i18n import _, speaking
from bot.projects.working_hours import WorkingHours
from bot.responses.blocks import build_answered_alert, build_waiting_alert, hours_label
from bot.status.blocks import (
    build_quiet_week_notice,
    build_reminder,
    build_status_help,
    build_status_list,
    build_status_receipt,
)
from bot.status.forms import build_status_modal
from bot.status.quick_form import QuickFormError, StatusDraft, parse_status
from handlers.events import MENTION_REPLY
from handlers.status import CLIENT_REFUSAL
from tests.factories import MONDAY, make_project, make_update
from tests.language import assert_chinese, texts
from tests.reading import all_text, section_texts

PROJECT = "官网改版"  # the project's name, as Chinese test data
UPDATE = "登录页已上线"
NOW = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)
HOUR = 3600
TARGET = 9 * HOUR
ZONE = "Asia/Shanghai"
# Slack's own date token is Slack's to render, in the reader's locale: `<!date^…^{date_short_pretty}
# {time}|…>` keeps Slack's braces, which are not a format argument left behind.
SLACK_DATE = re.compile(r"<!date\^[^<>]*>")


def chinese(value: Any, *, allowed: list[str] | None = None) -> None:
    """`assert_chinese` once Slack's date tokens are set aside."""
    shown = [SLACK_DATE.sub(" ", text) for text in texts(value)]
    assert_chinese(shown, allowed=[PROJECT, UPDATE, ZONE, *(allowed or [])])


# -- /status -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "draft",
    [
        None,
        StatusDraft(
            text=UPDATE,
            health="at-risk",
            progress=45,
            next_steps="支付",
            blockers="等待客户的 API 密钥",
            visibility="internal",
        ),
    ],
)
@pytest.mark.parametrize("status_id", [None, 12])
def test_the_form_in_chinese(draft: StatusDraft | None, status_id: int | None) -> None:
    with speaking("zh_CN"):
        view = build_status_modal(
            project_id=3,
            project_name=PROJECT,
            channel_id="C0ACME",
            draft=draft,
            status_id=status_id,
        )

    chinese(view, allowed=["API"])
    assert view["title"]["text"] == ("编辑更新" if status_id else "状态更新")
    assert view["submit"]["text"] == ("保存" if status_id else "发布")
    labels = [b["label"]["text"] for b in view["blocks"] if b["type"] == "input"]
    assert labels == ["项目状态", "进度（%）", "完成的工作", "下一步", "阻塞", "谁能看到"]
    visibility = view["blocks"][-1]["element"]
    assert [o["text"]["text"] for o in visibility["options"]] == ["客户和团队", "仅团队（内部）"]
    # Slack opens a view only when its initial option is one of its options, word for word.
    for block in view["blocks"]:
        element = block.get("element", {})
        if "initial_option" in element:
            assert element["initial_option"] in element["options"]


@pytest.mark.parametrize("visibility", ["client", "internal"])
@pytest.mark.parametrize("edited", [False, True])
def test_the_receipt_in_chinese(visibility: str, edited: bool) -> None:
    update = make_update(
        UPDATE,
        id=4,
        health="on-track",
        progress=60,
        next_steps="支付",
        blockers="等待客户的密钥",
        visibility=visibility,
        edited_at=MONDAY if edited else None,
    )

    with speaking("zh_CN"):
        blocks = build_status_receipt(update, PROJECT)

    chinese(blocks)
    first = section_texts(blocks)[0].splitlines()[0]
    seen = "仅团队可见（内部）" if visibility == "internal" else "客户和团队可见"
    done = f"已修改 *{PROJECT}* 的更新" if edited else f"已在 *{PROJECT}* 发布更新"
    assert first == f"✅ {done}，{seen}。"
    assert section_texts(blocks)[0].splitlines()[1:] == [
        "🟢 正常 · 60%",
        UPDATE,
        "下一步：支付",
        "阻塞：等待客户的密钥",
    ]
    assert [b["text"]["text"] for b in blocks[1]["elements"]] == ["编辑", "删除"]


def test_the_list_in_chinese_with_the_projects_clock() -> None:
    updates = [
        make_update("供应商延期", id=2, visibility="internal", created_at=MONDAY),
        make_update(UPDATE, id=1, author_id="U0ANA", created_at=MONDAY),
    ]

    with speaking("zh_CN"):
        empty = build_status_list([], PROJECT, ZONE)
        listed = build_status_list(updates, PROJECT, ZONE)

    chinese(empty)
    chinese(listed, allowed=["供应商延期"])
    assert section_texts(empty) == [
        f"*{PROJECT}* 最近 7 天没有更新。发一条： `/status 正常 50% 完成的工作` 。"
    ]
    shown = all_text(listed)
    # 09:00 UTC on Monday 16 November is 17:00 in Shanghai.
    assert "• 11月16日周一 17:00 · <@U0BEN> · 🔒 供应商延期" in shown
    assert f"更新 — {PROJECT}" in shown
    assert "最近 7 天，最新的在前 · 时间为 Asia/Shanghai 时区" in shown


def test_the_help_in_chinese_shows_chinese_keywords_and_every_languages() -> None:
    with speaking("zh_CN"):
        blocks = build_status_help()

    chinese(blocks)
    shown = all_text(blocks)
    assert (
        "• `/status [正常|有风险|严重滞后] [NN%] [内部] 完成的工作 [；下一步：…] [；阻塞：…]`"
        in shown
    )
    assert "`on-track` `正常` `顺利`" in shown and "`next` `下一步`" in shown


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_the_help_example_is_itself_a_valid_update(language: str) -> None:
    with speaking(language):
        shown = all_text(build_status_help())
    example = re.search(r"`/status ([^`\[]+)`", shown)
    assert example is not None

    draft = parse_status(example.group(1))

    assert (draft.health, draft.progress) == ("at-risk", 40)
    assert draft.next_steps and draft.blockers


@pytest.mark.parametrize(
    ("raw", "said"),
    [
        ("150% 做完了", "进度 150% 超过了 100%：请填写 0 到 100 之间的数字。"),
        ("正常 60%", "更新需要写点内容，例如 `/status 正常 60% 注册页已上线；下一步：支付` 。"),
        ("字" * 2001, "更新内容有 2,001 个字符，上限是 2,000。请精简，或拆成两条更新。"),
        (
            "好；下一步：" + "字" * 2001,
            "下一步有 2,001 个字符，上限是 2,000。请精简，或拆成两条更新。",
        ),
        ("好；阻塞：" + "字" * 2001, "阻塞有 2,001 个字符，上限是 2,000。请精简，或拆成两条更新。"),
    ],
)
def test_quick_form_errors_are_said_in_chinese(raw: str, said: str) -> None:
    with speaking("zh_CN"), pytest.raises(QuickFormError) as error:
        parse_status(raw)

    assert str(error.value) == said
    chinese(str(error.value))


def test_the_example_in_the_error_is_a_valid_update_in_each_language() -> None:
    for language in ("en", "zh_CN"):
        with speaking(language), pytest.raises(QuickFormError) as error:
            parse_status("")
        example = re.search(r"`/status ([^`]+)`", str(error.value))
        assert example is not None, str(error.value)
        draft = parse_status(example.group(1))
        assert (draft.health, draft.progress) == ("on-track", 60)
        assert draft.next_steps


def test_handlers_answers_in_chinese() -> None:
    with speaking("zh_CN"):
        refusal, mention = _(CLIENT_REFUSAL), _(MENTION_REPLY)

    chinese(refusal)
    chinese(mention)
    assert refusal == (
        "状态更新由项目团队发布。想告诉团队什么（表扬、问题、疑问），请输入 `/feedback` 。"
    )


# -- reminders ---------------------------------------------------------------------------------


@pytest.mark.parametrize("digest_at", [None, datetime(2026, 11, 20, 8, 0, tzinfo=UTC)])
def test_reminders_in_chinese(digest_at: datetime | None) -> None:
    project = make_project(name=PROJECT, timezone=ZONE)

    with speaking("zh_CN"):
        text, blocks = build_reminder(project, digest_at)
        notice_text, notice = build_quiet_week_notice(project, ["U0ANA", "U0BEN"], digest_at)
        nobody_text, nobody = build_quiet_week_notice(project, [], digest_at)

    for shown in (text, blocks, notice_text, notice, nobody_text, nobody):
        chinese(shown)
    assert [b["text"]["text"] for b in blocks[1]["elements"]] == ["发布更新"]
    if digest_at is not None:
        # 08:00 UTC is 16:00 in Shanghai, a Friday.
        assert (
            text
            == f"{PROJECT} 的周报将于 11月20日周五 16:00（Asia/Shanghai） 发出：来写一条更新吧？"
        )
        assert "<@U0ANA>、<@U0BEN>：现在发一条 `/status`" in all_text(notice)
    else:
        assert text == f"{PROJECT} 的周报就要发出了：来写一条更新吧？"
        assert "客户周报即将发出" in all_text(notice)
    assert "负责人：现在发一条" in all_text(nobody)
    assert notice_text == f"{PROJECT} 本周还没有状态更新"


# -- response-time alerts ----------------------------------------------------------------------


def test_response_alerts_in_chinese() -> None:
    hours = WorkingHours.of(make_project(timezone=ZONE))
    with speaking("zh_CN"):
        described = hours.describe()  # the working-hours slice's words
        waiting = build_waiting_alert(
            author_id="U0DANA",
            channel_id="C0ACME",
            permalink="https://slack.example/archives/C0ACME/p1",
            waited=int(7.2 * HOUR),
            target=TARGET,
            owner_ids=["U0ANA"],
            hours=hours,
        )
        within = build_answered_alert(
            author_id="U0DANA",
            channel_id="C0ACME",
            permalink="https://slack.example/archives/C0ACME/p1",
            answered_by="U0BEN",
            waited=25 * 60,
            target=TARGET,
        )
        past = build_answered_alert(
            author_id="U0DANA",
            channel_id="C0ACME",
            permalink="https://slack.example/archives/C0ACME/p1",
            answered_by="U0BEN",
            waited=10 * HOUR,
            target=TARGET,
        )
        labels = hours_label(90), hours_label(7.25 * HOUR)

    for shown in (waiting, within, past):
        chinese(shown, allowed=[described])
    assert labels == ("2 个工作分钟", "7.2 个工作小时")
    assert waiting.startswith(
        "⏱️ <@U0ANA> <@U0DANA> 在 <#C0ACME> 的消息已等待回复 7.2 个工作小时，目标是 9.0 个工作小时（"
    )
    assert within.endswith("用时 25 个工作分钟，在 9.0 个工作小时 的目标之内。")
    assert past.endswith("用时 10.0 个工作小时，超过了 9.0 个工作小时 的目标。")


# -- App Home ----------------------------------------------------------------------------------

CALM = ResponseTrend((2 * HOUR, None, 3 * HOUR, 4 * HOUR), TARGET, 0.9, 10)


def team_card(name: str = PROJECT, **overrides: Any) -> ProjectCard:
    values: dict[str, Any] = {
        "name": name,
        "client_channel_id": "C0ACME",
        "audience": "team",
        "health": "at-risk",
        "progress": 60,
        "last_update_at": NOW - timedelta(days=2),
        "last_update_text": UPDATE,
        "last_update_author": "U0BEN",
        "open_feedback": 3,
        "overdue_feedback": 1,
        "pending_changes": 2,
        "oldest_change_at": NOW - timedelta(days=5),
        "polls": (PollResult("csat", 4.0), PollResult("csat", 4.5)),
        "response": replace(CALM, weekly_medians=(HOUR, HOUR, HOUR, 12 * HOUR)),
    }
    values.update(overrides)
    return ProjectCard(**values)


def client_card(**overrides: Any) -> ProjectCard:
    values: dict[str, Any] = {
        "name": PROJECT,
        "client_channel_id": "C0ACME",
        "audience": "client",
        "health": "on-track",
        "progress": 60,
        "last_update_at": NOW - timedelta(hours=3),
        "open_feedback": 1,
        "overdue_feedback": 1,
        "pending_changes": 1,
        "oldest_change_at": NOW - timedelta(days=1),
    }
    values.update(overrides)
    return ProjectCard(**values)


def test_a_team_members_home_in_chinese() -> None:
    with speaking("zh_CN"):
        view = build_home(Home("U0ANA", NOW, [team_card()]))

    chinese(view)
    lines = section_texts(view["blocks"])[0].splitlines()
    assert lines == [
        f"*{PROJECT}* · <#C0ACME>",
        "⚠️ *需要关注：* 2 个变更请求待审批；1 条反馈已超过答复时限；首次回复变慢了",
        "🟡 有风险 · 进度 60%",
        f"📝 最近更新：2 天前，<@U0BEN>：{UPDATE}",
        "💬 待处理反馈：3（1 条已超过答复时限）",
        "🔀 待审批的变更请求：2（最早的已等 5 天）",
        "⭐ CSAT 4.0 → 4.5 ↑",
        "⏱ 首次回复 ▂▂▂█ · 中位数 12小时，目标 9小时 · 90% 在目标内 ⚠️",
    ]
    shown = all_text(view["blocks"])
    assert "你的项目" in shown and "1 个项目 · 1 个需要关注" in shown
    assert "更新于 <!date^" in shown and "^{date_short_pretty} {time}|" in shown


def test_a_clients_home_in_chinese() -> None:
    with speaking("zh_CN"):
        view = build_home(Home("U0DANA", NOW, [client_card()]))
        quiet = build_home(Home("U0DANA", NOW, [client_card(overdue_feedback=0)]))

    chinese(view)
    chinese(quiet)
    lines = section_texts(view["blocks"])[0].splitlines()
    assert lines[1:] == [
        "⚠️ *需要关注：* 1 个变更请求等你决定；1 条反馈已超过答复时限",
        "🟢 正常 · 进度 60%",
        "📝 最近更新：3 小时前",
        "💬 你的待处理反馈：1（1 条已超过答复时限）",
        "🔀 等你决定的变更请求：1（最早的已等 1 天）",
    ]
    assert "💬 你的待处理反馈：1" in section_texts(quiet["blocks"])[0].splitlines()


def test_an_empty_and_a_crowded_home_in_chinese() -> None:
    crowded = [
        team_card(f"项目{n:02d}", pending_changes=0, oldest_change_at=None) for n in range(60)
    ]
    with speaking("zh_CN"):
        empty = build_home(Home("U0NEW", NOW, []))
        full = build_home(Home("U0ANA", NOW, crowded))
        nothing = build_home(
            Home(
                "U0ANA",
                NOW,
                [
                    team_card(
                        health=None,
                        progress=None,
                        last_update_at=None,
                        polls=(PollResult("nps", 20),),
                        response=ResponseTrend((None, None, None, None), TARGET, None, 0),
                        pending_changes=0,
                        oldest_change_at=None,
                        overdue_feedback=0,
                    )
                ],
            )
        )

    chinese(empty, allowed=["NAME"])
    chinese(full, allowed=[f"项目{n:02d}" for n in range(60)])
    chinese(nothing)
    assert all_text(empty["blocks"]).startswith("👋 欢迎使用 Rapport\n你还没有加入任何项目。")
    assert "……还有 12 个项目未显示：主页最多容纳 100 个区块。" in all_text(full["blocks"])
    assert "60 个项目 · 60 个需要关注" in all_text(full["blocks"])
    card = section_texts(nothing["blocks"])[0]
    assert "⚪ 未报告 · 进度 —" in card
    assert "📝 还没有状态更新" in card
    assert "⭐ NPS +20（目前只有一次调查）" in card
    assert "⏱ 首次回复：最近 4 周没有客户消息" in card


def test_ages_in_chinese() -> None:
    with speaking("zh_CN"):
        said = [
            ago(NOW - timedelta(seconds=20), NOW),
            ago(NOW - timedelta(minutes=5), NOW),
            ago(NOW - timedelta(hours=1), NOW),
            ago(NOW - timedelta(hours=30), NOW),
            ago(NOW - timedelta(days=2), NOW),
            ago(NOW - timedelta(days=21), NOW),
            ago(NOW - timedelta(days=90), NOW),
            age(NOW - timedelta(seconds=20), NOW),
            age(NOW - timedelta(hours=30), NOW),
            age(NOW - timedelta(days=21), NOW),
        ]
        satisfaction = poll_line(())

    assert said == [
        "刚刚",
        "5 分钟前",
        "1 小时前",
        "昨天",
        "2 天前",
        "3 周前",
        "3 个月前",
        "不到 1 分钟",
        "1 天",
        "3 周",
    ]
    assert satisfaction == "⭐ 满意度：还没有结束的调查"


def test_english_ages_read_as_before() -> None:
    assert age(NOW - timedelta(hours=30), NOW) == "yesterday"
    assert age(NOW - timedelta(days=5), NOW) == "5 days"
    assert age(NOW - timedelta(hours=1), NOW) == "1 hour"
    assert response_line(CALM).startswith("⏱ First response ")
