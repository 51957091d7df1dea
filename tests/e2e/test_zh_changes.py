"""Change requests and risks across languages, through the real server: what goes to a channel
(the request, its update in place after a click, the question in its thread, the team's notices,
the owners' alert) is in the project's language whoever clicked or typed; what answers that
person privately is in theirs (their Slack locale)."""

from __future__ import annotations

import re

import pytest
from sqlmodel import col, select

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
from storage.db import session_scope
from storage.models import Project, Risk
from tests.e2e.conftest import (
    open_modal,
    posts,
    setup_project,
    visible,
    wait_ephemeral,
    wait_post,
)
from tests.language import assert_chinese

pytestmark = pytest.mark.e2e

CHINESE_FORM = {
    "title": "增加单点登录",
    "reason": "客户的信息部门要求所有工具都支持单点登录",
    "scope": "管理后台接入统一登录",
    "schedule": "5天",
    "cost": "1.5万元",
}
_HAN = re.compile(r"[\u4e00-\u9fff]")


def speaks_chinese(stack: Stack, user_id: str) -> None:
    """Their Slack locale; set before their first request (the directory keeps what it read)."""
    stack.fake.users[user_id].locale = "zh-CN"


def project_in_chinese(stack: Stack) -> str:
    """The project's language is Simplified Chinese; returns its time zone."""
    with session_scope(stack.deps.engine) as session:
        project = session.exec(select(Project)).one()
        project.language = "zh_CN"
        session.add(project)
        return project.timezone


def propose(stack: Stack, user: str, form: dict[str, str]) -> Entry:
    stack.sender.command(user, CLIENT_CHANNEL, "/change")
    stack.sender.submit(user, open_modal(stack, "change_modal")["id"], form)
    return wait_post(stack, CLIENT_CHANNEL, form["title"])


def texts_of(entry: Entry) -> dict[str, object]:
    return {"text": entry.text, "blocks": entry.blocks}


def test_a_chinese_client_approves_an_english_project_in_english_and_is_answered_in_chinese(
    stack: Stack,
) -> None:
    setup_project(stack)
    speaks_chinese(stack, CLIENT)
    request = propose(stack, DEV, {**CHINESE_FORM, "title": "Add single sign-on"})
    assert "+5 working days" in visible(request) and "+15,000" in visible(request)
    wait_ephemeral(stack, DEV, "CR-1 is posted")

    # The question's form and answer are the client's; the thread post is the channel's.
    stack.sender.click(CLIENT, request, "change_ask")
    modal = open_modal(stack, "change_question_modal")
    assert modal["title"]["text"] == "就 CR-1 提问"
    stack.sender.submit(CLIENT, modal["id"], {"note": "用哪个租户？"})
    question = wait_post(stack, CLIENT_CHANNEL, "用哪个租户？")
    assert f"<@{CLIENT}> asks about CR-1" in question.text
    wait_ephemeral(stack, CLIENT, "您的问题已发布在 CR-1 的消息串中。")

    # Refusals are the clicker's too.
    speaks_chinese(stack, DESIGNER)
    stack.sender.click(DESIGNER, request, "change_approve")
    refusal = wait_ephemeral(stack, DESIGNER, "变更请求由客户决定")
    assert refusal.text == "变更请求由客户决定。如有疑虑，请点击 *提问* 按钮。"
    stack.sender.click(DESIGNER, request, "change_withdraw")
    wait_ephemeral(stack, DESIGNER, f"只有提交 CR-1 的 <@{DEV}> 才能撤回。")

    stack.sender.click(CLIENT, request, "change_approve")
    answer = wait_ephemeral(stack, CLIENT, "您已批准 CR-1")
    assert answer.text == "您已批准 CR-1。已通知团队，请求上也显示了您的决定。"
    updated = stack.fake.latest(request)
    assert f"*✅ Approved* by <@{CLIENT}>" in visible(updated)
    english = visible(updated)
    for typed in CHINESE_FORM.values():
        english = english.replace(typed, "")
    assert not _HAN.search(english), english
    notice = wait_post(stack, INTERNAL_CHANNEL, "*✅ Approved* by")
    assert "Schedule +5 working days, cost +15,000." in notice.text

    # A second click: told in Chinese, the request unchanged.
    stack.sender.click(CLIENT, request, "change_approve", stale=True)
    late = wait_ephemeral(stack, CLIENT, "已不再等待决定")
    assert late.text.startswith("CR-1 已不再等待决定：*✅ 已批准* · 审批人")


def test_an_english_client_decides_a_chinese_project_in_chinese_and_is_answered_in_english(
    stack: Stack,
) -> None:
    setup_project(stack)
    zone = project_in_chinese(stack)
    request = propose(stack, DEV, CHINESE_FORM)
    allowed = [*CHINESE_FORM.values(), zone, "Acme Website"]
    assert request.text == "变更请求 CR-1：增加单点登录 — 待决定"
    assert_chinese(texts_of(request), allowed=allowed)
    # The proposer's answer is theirs, the team's notice the project's.
    wait_ephemeral(stack, DEV, "CR-1 is posted in")
    proposed = wait_post(stack, INTERNAL_CHANNEL, "向 *Acme Website* 的客户提交 CR-1")
    assert_chinese(proposed.text, allowed=["Acme Website"])

    stack.sender.click(CLIENT, request, "change_reject")
    modal = open_modal(stack, "change_reject_modal")
    assert modal["title"]["text"] == "Reject CR-1"
    stack.sender.submit(CLIENT, modal["id"], {"note": "这个季度预算不够"})
    wait_ephemeral(stack, CLIENT, "You rejected CR-1. The team is told")
    rejected = stack.fake.latest(request)  # updated before the answer was sent
    assert f"*❌ 已拒绝* · 审批人 <@{CLIENT}> · " in visible(rejected)
    assert_chinese(texts_of(rejected), allowed=[*allowed, "这个季度预算不够"])
    decided = wait_post(stack, INTERNAL_CHANNEL, "*❌ 已拒绝*")
    assert decided.text.startswith("*Acme Website* 的 CR-1 “增加单点登录”：*❌ 已拒绝*")
    assert_chinese(decided.text, allowed=["Acme Website", zone, "这个季度预算不够"])


def test_a_risk_typed_in_chinese_on_an_english_project_alerts_the_team_in_english(
    stack: Stack,
) -> None:
    setup_project(stack)
    speaks_chinese(stack, DEV)
    reply = stack.sender.command(DEV, CLIENT_CHANNEL, "/risk", "add 高 内部：供应商交付延迟")
    assert reply.status == 200
    alert = wait_post(stack, INTERNAL_CHANNEL, "R-1")
    assert "High-severity risk R-1" in alert.text and "供应商交付延迟" in visible(alert)
    receipt = wait_ephemeral(stack, DEV, "*R-1*")
    assert_chinese(texts_of(receipt), allowed=["供应商交付延迟"])
    assert f"我已在 <#{INTERNAL_CHANNEL}> 提醒了 <@{OWNER}>。" in visible(receipt)
    with session_scope(stack.deps.engine) as session:
        [risk] = session.exec(select(Risk).order_by(col(Risk.number))).all()
    assert (risk.severity, risk.visibility, risk.title) == ("high", "internal", "供应商交付延迟")


def test_without_an_internal_channel_each_owner_is_alerted_in_their_own_language(
    stack: Stack,
) -> None:
    setup_project(stack, internal=None)
    named = stack.sender.command(OWNER, CLIENT_CHANNEL, "/project", f"set owner <@{DESIGNER}>")
    assert "now has the role owner" in named.text, named.text
    speaks_chinese(stack, DESIGNER)
    stack.sender.command(DEV, CLIENT_CHANNEL, "/risk", "add high Key developer leaves")
    to_owner = wait_post(stack, "D" + OWNER[1:], "R-1")
    to_designer = wait_post(stack, "D" + DESIGNER[1:], "R-1")
    assert "no internal channel" in visible(to_owner)
    assert_chinese(texts_of(to_designer), allowed=["Acme Website", "Key developer leaves"])
    assert "本项目还没有内部频道" in visible(to_designer)
    assert "by direct message" in visible(wait_ephemeral(stack, DEV, "*R-1*"))
    stack.fake.wait_quiet()
    assert not [e for e in posts(stack, CLIENT_CHANNEL) if "R-1" in visible(e)]


def test_without_an_internal_channel_owners_hear_of_changes_in_their_own_language(
    stack: Stack,
) -> None:
    """An English project with no internal channel: the proposal and the decision go to each
    owner by DM, the English owner in English and the owner whose Slack is Chinese in Chinese."""
    setup_project(stack, internal=None)
    stack.sender.command(OWNER, CLIENT_CHANNEL, "/project", f"set owner <@{DESIGNER}>")
    speaks_chinese(stack, DESIGNER)
    title = "Single sign-on"
    request = propose(
        stack, DEV, {"title": title, "reason": "Acme IT asks", "schedule": "5", "cost": "2000"}
    )
    proposed_en = wait_post(stack, "D" + OWNER[1:], "CR-1")
    proposed_zh = wait_post(stack, "D" + DESIGNER[1:], "CR-1")
    assert "proposed CR-1" in visible(proposed_en)
    assert_chinese(texts_of(proposed_zh), allowed=["Acme Website", title, "Acme IT asks"])
    stack.sender.click(CLIENT, request, "change_approve")
    decided_zh = wait_post(stack, "D" + DESIGNER[1:], "已批准")
    assert_chinese(texts_of(decided_zh), allowed=["Acme Website", title, "Europe/Berlin"])
    assert "CR-1" in visible(wait_post(stack, "D" + OWNER[1:], "Approved"))
