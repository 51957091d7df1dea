"""The status slice in two languages through the real server: a Chinese speaker's `/status`
(Chinese keywords in, Chinese answers out), while what goes to a channel — the reply to a
mention, the response-time alerts, the digest — stays in the project's language whoever caused
it; and the App Home in the viewer's."""

from __future__ import annotations

import json
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from bot.platform.slack_client import make_web_client
from bot.responses.service import alert_slow_answers
from bot.sandbox.stack import Stack
from bot.sandbox.workspace import CLIENT, CLIENT_CHANNEL, DEV, INTERNAL_CHANNEL, OWNER
from storage.db import session_scope
from storage.models import ClientMessage, Project, StatusUpdate, TeamReply
from tests.e2e.conftest import Clock, posts, setup_project, visible, wait_post

pytestmark = pytest.mark.e2e
CJK = re.compile(r"[\u4e00-\u9fff]")
BERLIN = ZoneInfo("Europe/Berlin")


def speaks(stack: Stack, user: str, locale: str) -> None:
    """The person's Slack language (before the bot first looks them up: it caches people)."""
    stack.fake.users[user].locale = locale


def project_speaks(stack: Stack, language: str) -> None:
    with session_scope(stack.deps.engine) as session:
        project = session.exec(select(Project)).one()
        project.language = language
        session.add(project)


def blocks_text(reply_json: dict[str, object]) -> str:
    return json.dumps(reply_json.get("blocks", []), ensure_ascii=False)


def test_a_chinese_speaker_posts_with_chinese_keywords_and_reads_chinese_answers(
    stack: Stack,
) -> None:
    speaks(stack, DEV, "zh-CN")
    setup_project(stack)  # an English project

    reply = stack.sender.command(
        DEV,
        CLIENT_CHANNEL,
        "/status",
        "正常 60% 登录页已上线；下一步：支付；阻塞：等待客户的API密钥",
    )

    assert reply.json()["text"] == "更新已发布"
    shown = blocks_text(reply.json())
    assert "✅ 已在 *Acme Website* 发布更新，客户和团队可见。" in shown
    for line in ("🟢 正常 · 60%", "下一步：支付", "阻塞：等待客户的API密钥"):
        assert line in shown
    with session_scope(stack.deps.engine) as session:
        [update] = session.exec(select(StatusUpdate)).all()
    assert (update.health, update.progress, update.visibility) == ("on-track", 60, "client")
    assert (update.text, update.next_steps, update.blockers) == (
        "登录页已上线",
        "支付",
        "等待客户的API密钥",
    )

    internal = stack.sender.command(DEV, CLIENT_CHANNEL, "/status", "内部 有风险 预算紧张")
    assert "仅团队可见（内部）" in blocks_text(internal.json())
    too_much = stack.sender.command(DEV, CLIENT_CHANNEL, "/status", "１５０％ 完成")
    assert (
        too_much.text
        == "进度 150% 超过了 100%：请填写 0 到 100 之间的数字。\n参见 `/status help` 。"
    )
    assert "`/status [正常|有风险|严重滞后]" in blocks_text(
        stack.sender.command(DEV, CLIENT_CHANNEL, "/status", "help").json()
    )
    listed = stack.sender.command(DEV, CLIENT_CHANNEL, "/status", "list")
    assert listed.json()["text"] == "本周的更新" and "🔒 🟡 有风险" in blocks_text(listed.json())
    remind = stack.sender.command(DEV, CLIENT_CHANNEL, "/status", "remind off")
    assert remind.text.startswith("🔕 你不会再收到 *Acme Website* 的提醒。")

    # Someone else, in English, in the same project: English.
    english = stack.sender.command(OWNER, CLIENT_CHANNEL, "/status", "on-track 70% Payments in")
    assert english.json()["text"] == "Update posted"


def test_the_digest_a_chinese_speaker_posts_is_in_the_projects_language(stack: Stack) -> None:
    speaks(stack, DEV, "zh-CN")
    setup_project(stack)
    stack.sender.command(DEV, CLIENT_CHANNEL, "/status", "正常 60% Login page shipped")

    stack.sender.command(DEV, CLIENT_CHANNEL, "/status", "digest post")

    digest = wait_post(stack, CLIENT_CHANNEL, "Login page shipped")
    assert not CJK.search(visible(digest)), visible(digest)


@pytest.mark.parametrize(
    ("project", "mentioner", "said"),
    [("en", "zh-CN", "Hi! I keep this project's"), ("zh_CN", "en-US", "你好！我负责执行")],
)
def test_a_mention_is_answered_in_the_projects_language(
    stack: Stack, project: str, mentioner: str, said: str
) -> None:
    speaks(stack, DEV, mentioner)
    setup_project(stack)
    project_speaks(stack, project)
    ts = stack.fake.next_ts()

    stack.sender.event(
        {
            "type": "app_mention",
            "user": DEV,
            "text": "<@U0RAPPORT> 你能做什么？",
            "ts": ts,
            "channel": CLIENT_CHANNEL,
            "event_ts": ts,
        }
    )

    reply = stack.fake.wait_for(
        lambda: next((e for e in posts(stack, CLIENT_CHANNEL) if e.thread_ts == ts), None)
    )
    assert reply.text.startswith(said)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """Day 16 is Monday 16 November 2026, Berlin time."""
    return datetime(2026, 11, day, hour, minute, tzinfo=BERLIN)


def say(stack: Stack, user: str, when: datetime, text: str, thread: str | None = None) -> str:
    ts, reply = stack.sender.say(user, CLIENT_CHANNEL, text, at=when.timestamp(), thread_ts=thread)
    assert reply.status == 200

    def known() -> bool:
        with session_scope(stack.deps.engine) as session:
            return any(
                session.exec(select(table).where(table.ts == ts)).first() is not None
                for table in (ClientMessage, TeamReply)
            )

    stack.fake.wait_for(known)
    return ts


@pytest.mark.parametrize(
    ("project", "answerer", "waiting", "answered"),
    [
        ("zh_CN", "en-US", "的消息已等待回复 7.2 个工作小时", "用时 10.0 个工作小时，超过了"),
        ("en", "zh-CN", "has waited 7.2 working hours", "after 10.0 working hours, past the"),
    ],
)
def test_response_alerts_are_in_the_projects_language_whoever_answers(
    timed_stack: Stack, clock: Clock, project: str, answerer: str, waiting: str, answered: str
) -> None:
    stack = timed_stack
    speaks(stack, DEV, answerer)
    clock.now = at(16, 8)
    setup_project(stack)
    project_speaks(stack, project)
    question = say(stack, CLIENT, at(17, 9), "Is staging down?")

    clock.now = at(17, 16, 13)
    with session_scope(stack.deps.engine) as session:
        stored = session.exec(select(Project)).one()
    assert alert_slow_answers(stack.deps, make_web_client(stack.deps.settings), stored) == [
        question
    ]
    [alert] = [e for e in posts(stack, INTERNAL_CHANNEL) if "<@" + CLIENT in e.text]
    assert waiting in alert.text

    say(stack, DEV, at(18, 10), "It was, it is back", thread=question)  # the answerer's language
    updated = stack.fake.wait_for(
        lambda: answered in stack.fake.latest(alert).text and stack.fake.latest(alert)
    )
    assert f"<@{DEV}>" in updated.text


def home_text(stack: Stack, user: str) -> str:
    view = stack.fake.wait_for(lambda: stack.fake.homes.get(user))
    return json.dumps(view["blocks"], ensure_ascii=False)


def test_the_home_is_in_the_viewers_language(stack: Stack) -> None:
    speaks(stack, DEV, "zh-CN")
    speaks(stack, OWNER, "ja-JP")  # a language Rapport does not speak: the project's, then
    setup_project(stack)
    stack.sender.command(DEV, CLIENT_CHANNEL, "/status", "有风险 60% 登录页已上线")

    stack.sender.open_home(DEV)
    stack.sender.open_home(CLIENT)

    chinese = home_text(stack, DEV)
    assert "你的项目" in chinese and "🟡 有风险 · 进度 60%" in chinese
    assert "📝 最近更新：刚刚，<@U0BEN>：登录页已上线" in chinese
    assert "👋 Welcome to Rapport" in home_text(stack, CLIENT)  # on no project yet, in English

    project_speaks(stack, "zh_CN")
    stack.sender.open_home(OWNER)
    assert "你的项目" in home_text(stack, OWNER)
