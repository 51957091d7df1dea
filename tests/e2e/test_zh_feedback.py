"""Feedback and polls between languages, through the real server: channel posts (cards, polls,
results, notices) are in the project's language whoever typed or clicked, and updated in place
in it; private answers are in the language of the person who reads them."""

from __future__ import annotations

import pytest
from sqlmodel import select

from bot.app import build_scheduler
from bot.sandbox.stack import Stack
from bot.sandbox.workspace import CLIENT, CLIENT2, CLIENT_CHANNEL, DEV, INTERNAL_CHANNEL, OWNER
from storage.db import session_scope
from storage.models import Feedback, Poll
from storage.projects import project_by_name
from tests.e2e.conftest import open_modal, setup_project, visible, wait_ephemeral, wait_post

pytestmark = pytest.mark.e2e


def speaks(stack: Stack, user_id: str, locale: str) -> None:
    """What Slack says of the person's language (users.info with include_locale)."""
    stack.fake.users[user_id].locale = locale


def project_speaks(stack: Stack, language: str) -> None:
    with session_scope(stack.deps.engine) as session:
        project = project_by_name(session=session, name="Acme Website")
        assert project is not None
        project.language = language
        session.add(project)


def test_a_chinese_clients_feedback_reaches_an_english_team_in_english(stack: Stack) -> None:
    speaks(stack, CLIENT, "zh-CN")
    setup_project(stack)
    reply = stack.sender.command(CLIENT, CLIENT_CHANNEL, "/feedback", "紧急：结账页面挂了")
    # The receipt is theirs: Chinese.
    assert "谢谢！您的反馈已记录，编号为 *FB-1*。" in reply.text
    assert f"<@{OWNER}> 将在" in reply.text
    [feedback] = _stored(stack)
    assert (feedback.kind, feedback.urgency, feedback.text) == (
        "problem",
        "urgent",
        "紧急：结账页面挂了",
    )
    # The card is the project's: English, mentions first since it is urgent.
    card = wait_post(stack, INTERNAL_CHANNEL, "FB-1")
    assert card.text.startswith(f"<@{OWNER}> New feedback FB-1 (problem, open) on Acme Website")
    assert "⚠️ Problem on *Acme Website*" in visible(card) and "🚨 Urgent" in visible(card)
    # The English owner acknowledges: the Chinese client hears of it in Chinese.
    stack.sender.click(OWNER, card, "feedback_ack")
    notice = wait_ephemeral(stack, CLIENT, "已接手您的反馈 *FB-1*")
    assert visible(notice).startswith(f"👀 <@{OWNER}> 已接手")
    updated = stack.fake.wait_for(
        lambda: "👀 Acknowledged" in visible(stack.fake.latest(card)) and stack.fake.latest(card)
    )
    assert "已确认" not in visible(updated)
    # Resolved: the channel reads English, the client's private thanks Chinese.
    stack.sender.click(OWNER, card, "feedback_resolve")
    modal = open_modal(stack, "feedback_resolve_modal")
    assert modal["title"]["text"] == "Resolve FB-1"
    stack.sender.submit(OWNER, modal["id"], {"note": "Payment provider restarted"})
    wait_post(stack, CLIENT_CHANNEL, "✅ Feedback FB-1 (problem) is resolved.")
    thanks = wait_ephemeral(stack, CLIENT, "✅ 您的反馈 *FB-1* 已解决")
    assert "感谢您提出" in visible(thanks)


def test_a_chinese_projects_card_stays_chinese_whoever_clicks(stack: Stack) -> None:
    setup_project(stack)
    project_speaks(stack, "zh_CN")
    speaks(stack, CLIENT2, "zh-CN")
    # An English-speaking client writes; the Chinese project's card is Chinese.
    reply = stack.sender.command(CLIENT, CLIENT_CHANNEL, "/feedback", "question: demo on Friday?")
    assert "your feedback is logged as *FB-1*" in reply.text
    card = wait_post(stack, INTERNAL_CHANNEL, "FB-1")
    assert card.text == "Acme Website 有新反馈 FB-1（疑问，待处理）"
    assert "❓ 疑问 · 项目 *Acme Website*" in visible(card)
    # An English-speaking team member clicks: the card is updated in Chinese, the answers to
    # the English people stay English.
    stack.sender.click(DEV, card, "feedback_ack")
    wait_ephemeral(stack, CLIENT, "has picked up your feedback *FB-1*")
    updated = stack.fake.wait_for(
        lambda: "👀 已确认" in visible(stack.fake.latest(card)) and stack.fake.latest(card)
    )
    assert updated.text == "FB-1（疑问，已确认）"
    assert "Acknowledged" not in visible(updated)
    stack.sender.click(OWNER, card, "feedback_ack", stale=True)
    wait_ephemeral(stack, OWNER, "Someone already picked this one up.")
    # A Chinese-speaking client without a project role is refused in Chinese.
    stack.sender.click(CLIENT2, card, "feedback_resolve")
    wait_ephemeral(stack, CLIENT2, "只有项目团队可以这样做。")


def test_the_poll_speaks_the_projects_language_and_each_voter_their_own(stack: Stack) -> None:
    setup_project(stack)
    project_speaks(stack, "zh_CN")
    speaks(stack, CLIENT2, "zh-CN")
    stack.sender.command(OWNER, CLIENT_CHANNEL, "/project", "set client @dana @eli")
    stack.sender.command(OWNER, CLIENT_CHANNEL, "/project", "poll")
    wait_ephemeral(stack, OWNER, "Poll posted in")  # the English owner's answer
    poll = wait_post(stack, CLIENT_CHANNEL, "📊 满意度小调查")
    assert "*您对这个项目目前的进展满意吗？*" in visible(poll)
    assert "目前已有 0 人作答" in visible(poll)
    # An English voter: answered in English; the poll refreshed in Chinese.
    stack.sender.click(CLIENT, poll, "poll_vote_2")
    wait_ephemeral(stack, CLIENT, "Your answer (2) is recorded. Thank you! It stays anonymous.")
    refreshed = stack.fake.wait_for(
        lambda: "目前已有 1 人作答" in visible(stack.fake.latest(poll)) and stack.fake.latest(poll)
    )
    assert "answered so far" not in visible(refreshed)
    # The low score reaches the internal channel in the project's language.
    alert = wait_post(stack, INTERNAL_CHANNEL, "出现低分（2）")
    assert "跟进…" in visible(alert)
    # A Chinese voter: answered in Chinese.
    stack.sender.click(CLIENT2, poll, "poll_vote_5")
    wait_ephemeral(stack, CLIENT2, "您的答案（5）已记录。谢谢！答案保持匿名。")
    stack.fake.wait_for(lambda: "目前已有 2 人作答" in visible(stack.fake.latest(poll)))
    # Closed by the sweep: results in Chinese in both channels, the poll closed in Chinese.
    with session_scope(stack.deps.engine) as session:
        [stored] = list(session.exec(select(Poll)))
        assert stored.question == "您对这个项目目前的进展满意吗？"
        stored.closes_at = stack.deps.clock()
        session.add(stored)
    build_scheduler(stack.deps).sweep()
    results = wait_post(stack, CLIENT_CHANNEL, "📊 调查结果")
    assert "结果：*3.5 / 5*，共 2 份答复" in visible(results)
    wait_post(stack, INTERNAL_CHANNEL, "📊 调查结果")
    stack.fake.wait_for(lambda: "本次调查已结束" in visible(stack.fake.latest(poll)))


def test_an_english_poll_stays_english_when_a_chinese_client_votes(stack: Stack) -> None:
    setup_project(stack)
    speaks(stack, CLIENT, "zh-CN")
    stack.sender.command(OWNER, CLIENT_CHANNEL, "/project", "set client @dana @eli")
    stack.sender.command(OWNER, CLIENT_CHANNEL, "/project", "poll")
    poll = wait_post(stack, CLIENT_CHANNEL, "Quick check-in")
    stack.sender.click(CLIENT, poll, "poll_vote_4")
    wait_ephemeral(stack, CLIENT, "您的答案（4）已记录。")
    refreshed = stack.fake.wait_for(
        lambda: "1 answered so far" in visible(stack.fake.latest(poll)) and stack.fake.latest(poll)
    )
    assert "作答" not in visible(refreshed)


def _stored(stack: Stack) -> list[Feedback]:
    with session_scope(stack.deps.engine) as session:
        return list(session.exec(select(Feedback).order_by(Feedback.id)))  # type: ignore[arg-type]
