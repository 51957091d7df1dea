"""The weekly digest in the project's language, through the real HTTP server, Bolt app,
database, scheduler and Slack stand-in (issue 8): a project whose language is Simplified
Chinese gets its scheduled digest in Chinese, word for word as written below, and an English
project the same digest in English. Whoever causes a channel post, the channel reads the
project's language; the person who asked reads their own."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlmodel import select

from bot.app import build_scheduler
from bot.digest.posting import DIGEST_EVENT
from bot.platform import i18n
from bot.platform.slack_client import make_web_client
from bot.sandbox.fake_types import Entry
from bot.sandbox.stack import Stack
from bot.sandbox.workspace import (
    CLIENT,
    CLIENT_CHANNEL,
    DESIGNER,
    DEV,
    INTERNAL_CHANNEL,
    OWNER,
)
from bot.scheduling.runner import PlanScheduler
from bot.status import blocks, reminders
from storage.db import session_scope
from storage.models import Feedback, Project
from storage.projects import project_by_name
from tests.e2e.conftest import (
    Clock,
    open_modal,
    posts,
    setup_project,
    wait_ephemeral,
    wait_post,
)
from tests.language import assert_chinese
from tests.reading import all_text

pytestmark = pytest.mark.e2e

MONDAY = datetime(2026, 11, 16, 1, 0, tzinfo=UTC)  # 09:00 in Shanghai
DIGEST_AT = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)  # Friday 16:00 in Shanghai

# The same week of the same project, its team and client writing in the project's language.
WEEK = {
    "zh_CN": {
        "name": "Acme 官网",
        # The quick forms in Chinese, full-width punctuation and all.
        "done": "正常 40% 首页设计已定稿",
        "secret": "内部 预算偏紧，先不要告诉客户",
        "staging": (
            "有风险 55％ 登录页已部署到预发布环境；下一步：密码重置；"
            "阻塞：等待 Acme IT 提供 SSO 元数据"
        ),
        "problem": "问题：预发布环境总是把我登出",
        "praise": "表扬：演示很精彩",
        "resolution": "会话有效期已延长到 8 小时",
    },
    "en": {
        "name": "Acme Website",
        "done": "on-track 40% Home page design signed off",
        "secret": "internal Budget is tight, keep it from the client for now",
        "staging": (
            "at-risk 55% Login page deployed to staging; next: Password reset; "
            "blocked: SSO metadata from Acme IT"
        ),
        "problem": "problem: Staging keeps logging me out",
        "praise": "praise: Great demo",
        "resolution": "Sessions now last 8 hours",
    },
}

# What the client channel reads, written out by hand: a changed translation fails here.
CHINESE_TEXT = "周报 — Acme 官网：🟡 有风险，进度 55%"
CHINESE_BLOCKS = """\
📋 周报 — Acme 官网
11月13日周五 – 2026年11月20日周五 · 时区：Asia/Shanghai
*项目状态*
🟡 有风险
*进度*
55%
*本周进展*
• 首页设计已定稿 — <@U0BEN>
• 登录页已部署到预发布环境 — <@U0CHEN>
*下一步*
• 密码重置 — <@U0CHEN>
*阻塞*
• 等待 Acme IT 提供 SSO 元数据 — <@U0CHEN>
*您的反馈*
收到 2 条（1 个问题、1 条表扬） · 已解决 1 条
• ✅ FB-1 已解决：会话有效期已延长到 8 小时
有问题或顾虑？请在本频道输入 `/feedback`。"""

ENGLISH_TEXT = "Weekly update — Acme Website: 🟡 At risk, progress 55%"
ENGLISH_BLOCKS = """\
📋 Weekly update — Acme Website
Fri, Nov 13 – Fri, Nov 20, 2026 · times in Asia/Shanghai
*Health*
🟡 At risk
*Progress*
55%
*Highlights*
• Home page design signed off — <@U0BEN>
• Login page deployed to staging — <@U0CHEN>
*Next steps*
• Password reset — <@U0CHEN>
*Blockers*
• SSO metadata from Acme IT — <@U0CHEN>
*Your feedback*
2 received (1 problem, 1 praise) · 1 resolved
• ✅ FB-1 resolved: Sessions now last 8 hours
Questions or concerns? Type `/feedback` in this channel."""

# Header, period, health and progress, highlights, next steps, blockers, feedback, invitation.
BLOCK_TYPES = [
    "header",
    "context",
    "section",
    "section",
    "section",
    "section",
    "section",
    "context",
]


@pytest.fixture
def scheduler(timed_stack: Stack, clock: Clock) -> Iterator[PlanScheduler]:
    planner = build_scheduler(timed_stack.deps, make_web_client(timed_stack.deps.settings))
    yield planner
    planner.shutdown()


def start(stack: Stack, clock: Clock, language: str) -> str:
    """The project, in `language` (set in the database, as `/project set language` does) and in
    Shanghai's time zone. Its name."""
    clock.now = MONDAY
    name = WEEK[language]["name"]
    setup_project(stack, name)
    with session_scope(stack.deps.engine) as session:
        found = project_by_name(session=session, name=name)
        assert found is not None
        found.language, found.timezone = language, "Asia/Shanghai"
        session.add(found)
    return name


def project(stack: Stack, name: str) -> Project:
    with session_scope(stack.deps.engine) as session:
        found = project_by_name(session=session, name=name)
    assert found is not None
    return found


def a_week_of_work(stack: Stack, clock: Clock, language: str) -> None:
    """Two team members post (one update for the team only), the client sends a problem and
    praise, and the owner resolves the problem."""
    words, send = WEEK[language], stack.sender
    clock.now = MONDAY + timedelta(hours=1)
    send.command(DEV, CLIENT_CHANNEL, "/status", words["done"])
    send.command(DESIGNER, CLIENT_CHANNEL, "/status", words["secret"])
    clock.now = MONDAY + timedelta(days=1)
    send.command(DESIGNER, CLIENT_CHANNEL, "/status", words["staging"])
    send.command(CLIENT, CLIENT_CHANNEL, "/feedback", words["problem"])
    send.command(CLIENT, CLIENT_CHANNEL, "/feedback", words["praise"])
    card = wait_post(stack, INTERNAL_CHANNEL, "FB-1")
    clock.now = MONDAY + timedelta(days=2)
    send.click(OWNER, card, "feedback_resolve")
    modal = open_modal(stack, "feedback_resolve_modal")
    send.submit(OWNER, modal["id"], {"note": words["resolution"]})
    stack.fake.wait_for(lambda: resolved(stack, number=1))


def resolved(stack: Stack, *, number: int) -> bool:
    with session_scope(stack.deps.engine) as session:
        found = session.exec(select(Feedback).where(Feedback.number == number)).one()
        return found.state == "resolved"


def digests(stack: Stack, channel: str) -> list[Entry]:
    return [
        e
        for e in posts(stack, channel)
        if e.metadata and e.metadata.get("event_type") == DIGEST_EVENT
    ]


def scheduled_digest(
    stack: Stack, clock: Clock, scheduler: PlanScheduler, name: str
) -> tuple[Entry, Entry]:
    """Friday, 16:00 in Shanghai: the scheduler posts both variants. (client, internal)"""
    clock.now = DIGEST_AT
    scheduler.fire("digest", project(stack, name).id or 0)
    [client] = digests(stack, CLIENT_CHANNEL)
    [internal] = digests(stack, INTERNAL_CHANNEL)
    return client, internal


def test_a_chinese_projects_digest_reads_word_for_word_in_chinese(
    timed_stack: Stack, clock: Clock, scheduler: PlanScheduler
) -> None:
    name = start(timed_stack, clock, "zh_CN")
    a_week_of_work(timed_stack, clock, "zh_CN")
    client, internal = scheduled_digest(timed_stack, clock, scheduler, name)

    assert client.text == CHINESE_TEXT
    assert all_text(client.blocks) == CHINESE_BLOCKS
    assert [block["type"] for block in client.blocks] == BLOCK_TYPES
    # The team's variant: Chinese too, with the update the client does not see.
    shown = all_text(internal.blocks)
    assert internal.text == CHINESE_TEXT
    assert shown.startswith("📋 周报 — Acme 官网（内部）\n")
    assert "• 🔒 预算偏紧，先不要告诉客户 — <@U0CHEN>" in shown
    assert "*客户反馈*\n收到 2 条（1 个问题、1 条表扬） · 已解决 1 条" in shown
    # Latin letters only where people typed them, and in the zone's name.
    assert_chinese(internal.blocks, allowed=["Acme", "SSO", "IT", "praise:", "Asia/Shanghai"])


def test_an_english_projects_digest_reads_word_for_word_in_english(
    timed_stack: Stack, clock: Clock, scheduler: PlanScheduler
) -> None:
    name = start(timed_stack, clock, "en")
    a_week_of_work(timed_stack, clock, "en")
    client, internal = scheduled_digest(timed_stack, clock, scheduler, name)

    assert client.text == ENGLISH_TEXT
    assert all_text(client.blocks) == ENGLISH_BLOCKS
    assert [block["type"] for block in client.blocks] == BLOCK_TYPES
    assert all_text(internal.blocks).startswith("📋 Weekly update — Acme Website (internal)\n")


def test_the_channel_hears_the_projects_language_and_the_asker_their_own(stack: Stack) -> None:
    """A zh-CN teammate posts an English project's digest: the channels read English, the
    teammate's answer is Chinese. And the other way round."""
    setup_project(stack, "Acme Website")
    stack.fake.users[DESIGNER].locale = "zh-CN"  # before Rapport first asks Slack about Chen
    stack.sender.command(DEV, CLIENT_CHANNEL, "/status", "on-track 60% Checkout shipped")

    stack.sender.command(DESIGNER, CLIENT_CHANNEL, "/status", "digest post")
    answer = wait_ephemeral(stack, DESIGNER, "客户周报")
    assert answer.text == (
        f"✅ 客户周报已发布到 <#{CLIENT_CHANNEL}>。\n✅ 内部周报已发布到 <#{INTERNAL_CHANNEL}>。"
    )
    [client] = digests(stack, CLIENT_CHANNEL)
    assert client.text == "Weekly update — Acme Website: 🟢 On track, progress 60%"
    assert "*Highlights*\n• Checkout shipped — <@U0BEN>" in all_text(client.blocks)

    with session_scope(stack.deps.engine) as session:
        found = project_by_name(session=session, name="Acme Website")
        assert found is not None
        found.language = "zh_CN"
        session.add(found)
    stack.sender.command(OWNER, CLIENT_CHANNEL, "/status", "digest post")  # Ana reads English
    answer = wait_ephemeral(stack, OWNER, "The client digest is posted")
    assert answer.text == (
        f"✅ The client digest is posted in <#{CLIENT_CHANNEL}>.\n"
        f"✅ The internal digest is posted in <#{INTERNAL_CHANNEL}>."
    )
    stack.fake.wait_for(lambda: len(digests(stack, INTERNAL_CHANNEL)) == 2)
    for channel in (CLIENT_CHANNEL, INTERNAL_CHANNEL):
        latest = digests(stack, channel)[-1]
        assert latest.text == "周报 — Acme Website：🟢 正常，进度 60%"
        assert_chinese(latest.blocks, allowed=["Acme Website", "Checkout shipped", "Europe/Berlin"])


def test_scheduled_reminders_speak_to_each_reader(
    timed_stack: Stack, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A quiet week in a Chinese project: the notice to the internal channel is built in
    Chinese, each reminder DM in its reader's Slack language."""
    name = start(timed_stack, clock, "zh_CN")
    timed_stack.fake.users[DESIGNER].locale = "zh-CN"
    timed_stack.sender.command(OWNER, CLIENT_CHANNEL, "/project", "set team @chen")
    heard: list[tuple[str, str]] = []

    def spy(what: str, build: Callable[..., Any]) -> Callable[..., Any]:
        def built(*args: Any) -> Any:
            heard.append((what, i18n.current()))
            return build(*args)

        return built

    monkeypatch.setattr(reminders, "build_reminder", spy("reminder", blocks.build_reminder))
    monkeypatch.setattr(
        reminders, "build_quiet_week_notice", spy("notice", blocks.build_quiet_week_notice)
    )
    clock.now = DIGEST_AT + timedelta(hours=1, minutes=30)  # 09:30 in Berlin, 17:30 in Shanghai
    client = make_web_client(timed_stack.deps.settings)
    outcomes = reminders.send_reminders(timed_stack.deps, client, project(timed_stack, name))

    assert {(o.job, o.state) for o in outcomes} == {
        ("reminder:internal", "posted"),
        (f"reminder:{OWNER}", "posted"),
        (f"reminder:{DESIGNER}", "posted"),
    }
    # Ana's Slack is in English, Chen's in Chinese; the internal channel hears the project's.
    assert sorted(heard) == sorted([("notice", "zh_CN"), ("reminder", "en"), ("reminder", "zh_CN")])
