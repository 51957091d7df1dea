""" "Log this" through the real server: the message shortcuts as Slack delivers them
(`message_action`), on a message inside a thread, where no slash command can be typed."""

from __future__ import annotations

import pytest
from sqlmodel import select

from bot.sandbox.fake_types import Entry
from bot.sandbox.stack import Stack
from bot.sandbox.workspace import CLIENT, CLIENT2, CLIENT_CHANNEL, DEV, INTERNAL_CHANNEL, OWNER
from storage.db import session_scope
from storage.models import ChangeRequest, Feedback, Risk
from tests.e2e.conftest import open_modal, posts, setup_project, visible, wait_ephemeral, wait_post

pytestmark = pytest.mark.e2e

LINK = "https://agency.slack.com/archives/C0ACME/p"


def said(stack: Stack, ts: str) -> Entry:
    return next(e for e in stack.fake.timeline if e.kind == "said" and e.ts == ts)


def thread_of(stack: Stack, parent: str) -> list[Entry]:
    return [e for e in posts(stack, CLIENT_CHANNEL) if e.thread_ts == parent]


def test_a_clients_words_in_a_thread_become_their_feedback(stack: Stack) -> None:
    setup_project(stack)
    parent, _ = stack.sender.say(CLIENT, CLIENT_CHANNEL, "How is the launch going?")
    reply_ts, _ = stack.sender.say(
        CLIENT2, CLIENT_CHANNEL, "The login page & its errors confuse our staff", thread_ts=parent
    )
    stack.sender.shortcut(OWNER, said(stack, reply_ts), "log_feedback")
    form = open_modal(stack, "feedback_modal")
    [text_input] = [b for b in form["blocks"] if b.get("block_id") == "text"]
    assert text_input["element"]["initial_value"] == "The login page & its errors confuse our staff"
    stack.sender.submit(OWNER, form["id"], {"kind": "problem", "urgency": "normal"})
    answer = stack.fake.wait_for(lambda: thread_of(stack, parent))
    assert "FB-1" in answer[0].text and f"<@{OWNER}>" in answer[0].text
    note = wait_ephemeral(stack, CLIENT2, "FB-1")
    assert note.thread_ts == parent
    card = wait_post(stack, INTERNAL_CHANNEL, "FB-1")
    assert f"<@{CLIENT2}>" in visible(card) and LINK + reply_ts.replace(".", "") in visible(card)
    assert "logged by" in visible(card)
    with session_scope(stack.deps.engine) as session:
        [feedback] = session.exec(select(Feedback)).all()
    assert (feedback.author_id, feedback.logged_by, feedback.kind) == (CLIENT2, OWNER, "problem")
    # a reply's link opens its thread, as Slack's chat.getPermalink gives it
    reply_link = f"{LINK}{reply_ts.replace('.', '')}?thread_ts={parent}&cid={CLIENT_CHANNEL}"
    assert feedback.source_link == reply_link


def test_roles_apply_clients_propose_changes_but_do_not_log_risks(stack: Stack) -> None:
    setup_project(stack)
    ts, _ = stack.sender.say(CLIENT, CLIENT_CHANNEL, "We also need Okta sign-in for the admins")
    message = said(stack, ts)
    stack.sender.shortcut(CLIENT, message, "log_risk")
    wait_ephemeral(stack, CLIENT, "Only the project team logs risks")
    stack.sender.shortcut(CLIENT, message, "propose_change")
    form = open_modal(stack, "change_modal")
    stack.sender.submit(CLIENT, form["id"], {"schedule": "3", "cost": "900"})
    request = wait_post(stack, CLIENT_CHANNEL, "🔀 CR-1")
    assert "We also need Okta sign-in" in visible(request) and "From a message" in visible(request)
    answer = stack.fake.wait_for(lambda: thread_of(stack, ts))
    assert "CR-1" in answer[0].text
    fields = stack.sender.shortcut_fields(DEV, message, "log_risk")
    stack.sender.send_form(fields)
    stack.sender.send_form(fields)  # Slack's retry opens no second form
    form = open_modal(stack, "risk_modal")
    stack.sender.submit(DEV, form["id"], {"severity": "high", "likelihood": "medium"})
    stack.fake.wait_for(lambda: len(thread_of(stack, ts)) == 2)
    assert [v["callback_id"] for v in stack.fake.opened_views()].count("risk_modal") == 1
    with session_scope(stack.deps.engine) as session:
        risk = session.exec(select(Risk)).one()
        change = session.exec(select(ChangeRequest)).one()
    assert risk.source_link == change.source_link == LINK + ts.replace(".", "")
    assert change.requested_by == CLIENT


def test_what_must_stay_private_is_not_said_in_the_clients_thread(stack: Stack) -> None:
    """Whoever logs anonymous feedback is named nowhere; an internal risk logged from the
    client channel is answered to its logger only."""
    setup_project(stack)
    ts, _ = stack.sender.say(DEV, CLIENT_CHANNEL, "Staging will be down on Friday night")
    message = said(stack, ts)
    stack.sender.shortcut(CLIENT, message, "log_feedback")
    form = open_modal(stack, "feedback_modal")
    stack.sender.submit(CLIENT, form["id"], {"kind": "problem", "anonymous": ["yes"]})
    [answer] = stack.fake.wait_for(lambda: thread_of(stack, ts))
    assert "FB-1" in answer.text and f"<@{CLIENT}>" not in answer.text

    stack.sender.shortcut(DEV, message, "log_risk")
    form = open_modal(stack, "risk_modal")
    fields = {"severity": "high", "likelihood": "medium", "visibility": "internal"}
    stack.sender.submit(DEV, form["id"], fields)
    told = wait_ephemeral(stack, DEV, "R-1")
    assert told.thread_ts == ts
    stack.fake.wait_quiet()
    assert [e.text for e in thread_of(stack, ts) if "R-1" in e.text] == []
    with session_scope(stack.deps.engine) as session:
        feedback = session.exec(select(Feedback)).one()
    assert (feedback.author_id, feedback.logged_by) == (None, None)


@pytest.mark.parametrize("holds_back", ["429", "slow", "slow author too"])
def test_the_form_opens_in_time_when_slack_holds_back_the_messages_link(
    stack: Stack, holds_back: str
) -> None:
    """A Retry-After or a slow answer before the form must not outlive the trigger's 3 seconds,
    even when the author's lookup is slow too: the form opens, and the item is logged without
    its link."""
    setup_project(stack)
    # Written before Rapport was in the channel: Slack sent no event, nobody looked its author up.
    ts = stack.fake.next_ts()
    stack.fake.record(Entry("said", CLIENT_CHANNEL, CLIENT2, "The invoice PDF is blank", ts=ts))
    looked_up = len(stack.fake.calls_of("users.info"))
    if holds_back == "429":
        stack.fake.fail_next("chat.getPermalink", retry_after=5)
    else:
        stack.fake.delay_next("chat.getPermalink", 5)
    if holds_back == "slow author too":
        stack.fake.delay_next("users.info", 5)
    stack.sender.shortcut(OWNER, said(stack, ts), "log_feedback")
    form = open_modal(stack, "feedback_modal")
    stack.sender.submit(OWNER, form["id"], {"kind": "problem", "urgency": "normal"})
    [answer] = stack.fake.wait_for(lambda: thread_of(stack, ts))
    assert "FB-1" in answer.text
    with session_scope(stack.deps.engine) as session:
        feedback = session.exec(select(Feedback)).one()
    if holds_back == "slow author too":  # without Slack's word on who wrote it: the logger's
        assert len(stack.fake.calls_of("users.info")) > looked_up
        assert (feedback.author_id, feedback.source_link) == (OWNER, None)
    else:
        assert (feedback.author_id, feedback.source_link) == (CLIENT2, None)
