"""/feedback through the real server: from the client's words to the resolution they read."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from bot.sandbox.fake_types import Entry
from bot.sandbox.stack import Stack
from bot.sandbox.workspace import (
    CLIENT,
    CLIENT2,
    CLIENT_CHANNEL,
    DEV,
    INTERNAL_CHANNEL,
    OWNER,
)
from storage.db import session_scope
from storage.models import Event, Feedback
from tests.e2e.conftest import open_modal, posts, setup_project, visible, wait_ephemeral, wait_post

pytestmark = pytest.mark.e2e


def stored_feedback(stack: Stack) -> list[Feedback]:
    with session_scope(stack.deps.engine) as session:
        return list(session.exec(select(Feedback).order_by(Feedback.id)))  # type: ignore[arg-type]


def card_buttons(blocks: list[dict]) -> list[str]:  # type: ignore[type-arg]
    return [e["action_id"] for b in blocks if b["type"] == "actions" for e in b["elements"]]


def test_quick_feedback_gets_a_reference_an_owner_and_a_due_time(stack: Stack) -> None:
    setup_project(stack)
    reply = stack.sender.command(
        CLIENT, CLIENT_CHANNEL, "/feedback", "problem: staging logs me out"
    )
    assert "FB-1" in reply.text and f"<@{OWNER}>" in reply.text and "will answer by" in reply.text
    assert "(Europe/Berlin)" in reply.text
    second = stack.sender.command(CLIENT2, CLIENT_CHANNEL, "/feedback", "Love the new colours")
    assert "FB-2" in second.text
    first, _ = stored_feedback(stack)
    assert (first.author_id, first.kind, first.text) == (
        CLIENT,
        "problem",
        "problem: staging logs me out",
    )


def test_feedback_reaches_the_internal_channel_with_triage_buttons(stack: Stack) -> None:
    setup_project(stack)
    stack.sender.command(CLIENT, CLIENT_CHANNEL, "/feedback", "question: is the demo Friday?")
    card = wait_post(stack, INTERNAL_CHANNEL, "FB-1")
    assert "is the demo Friday?" in visible(card) and f"<@{CLIENT}>" in visible(card)
    assert card_buttons(card.blocks) == ["feedback_ack", "feedback_resolve"]
    assert not [e for e in posts(stack, CLIENT_CHANNEL) if "FB-1" in visible(e)]


def test_urgent_feedback_and_problems_notify_the_owners(stack: Stack) -> None:
    setup_project(stack)
    stack.sender.command(CLIENT, CLIENT_CHANNEL, "/feedback", "urgent: checkout is down")
    card = wait_post(stack, INTERNAL_CHANNEL, "FB-1")
    assert card.text.startswith(f"<@{OWNER}>")
    stack.sender.command(CLIENT, CLIENT_CHANNEL, "/feedback", "praise: great demo")
    praise = wait_post(stack, INTERNAL_CHANNEL, "FB-2")
    assert f"<@{OWNER}>" not in praise.text


def test_without_internal_channel_the_owners_get_the_card_directly(stack: Stack) -> None:
    setup_project(stack, internal=None)
    stack.sender.command(CLIENT, CLIENT_CHANNEL, "/feedback", "Can we add a FAQ page?")
    dm = wait_post(stack, "D" + OWNER[1:], "FB-1")
    assert "Can we add a FAQ page?" in visible(dm)


def test_anonymous_feedback_stores_and_shows_no_identity(stack: Stack) -> None:
    setup_project(stack)
    stack.sender.command(CLIENT2, CLIENT_CHANNEL, "/feedback")
    modal = open_modal(stack, "feedback_modal")
    stack.sender.submit(
        CLIENT2,
        modal["id"],
        {"kind": "problem", "urgency": "normal", "text": "Meetings run long", "anonymous": ["yes"]},
    )
    receipt = wait_ephemeral(stack, CLIENT2, "FB-1")
    assert "anonymously" in visible(receipt)
    card = wait_post(stack, INTERNAL_CHANNEL, "FB-1")
    assert CLIENT2 not in visible(card) and "anonymous" in visible(card)
    [feedback] = stored_feedback(stack)
    assert feedback.author_id is None and feedback.text == "Meetings run long"
    with session_scope(stack.deps.engine) as session:
        events = list(session.exec(select(Event)))
    assert [e.actor_id for e in events] == [None]
    # Nothing the bot posted to a channel about it names the sender.
    for params in stack.fake.calls_of("chat.postMessage") + stack.fake.calls_of("chat.update"):
        assert CLIENT2 not in json.dumps(params)


def test_modal_feedback_with_name_kind_and_urgency(stack: Stack) -> None:
    setup_project(stack)
    stack.sender.command(CLIENT, CLIENT_CHANNEL, "/feedback")
    modal = open_modal(stack, "feedback_modal")
    empty = stack.sender.submit(CLIENT, modal["id"], {"text": ""})
    assert empty.json()["response_action"] == "errors"
    stack.sender.submit(
        CLIENT,
        modal["id"],
        {"kind": "request", "urgency": "urgent", "text": "Need the staging password"},
    )
    card = wait_post(stack, INTERNAL_CHANNEL, "FB-1")
    assert "Urgent" in visible(card) and f"<@{CLIENT}>" in visible(card)
    assert card.text.startswith(f"<@{OWNER}>")
    [feedback] = stored_feedback(stack)
    assert (feedback.author_id, feedback.kind, feedback.urgency) == (CLIENT, "request", "urgent")


def test_too_long_feedback_is_refused_and_nothing_is_logged(stack: Stack) -> None:
    setup_project(stack)
    reply = stack.sender.command(CLIENT, CLIENT_CHANNEL, "/feedback", "z" * 2600)
    assert "2,600 characters; the limit is 2,000" in reply.text
    assert stored_feedback(stack) == []


def test_acknowledge_updates_the_card_and_tells_the_sender_once(stack: Stack) -> None:
    setup_project(stack)
    stack.sender.command(CLIENT, CLIENT_CHANNEL, "/feedback", "Where are the invoices?")
    card = wait_post(stack, INTERNAL_CHANNEL, "FB-1")
    stack.sender.click(DEV, card, "feedback_ack")
    notice = wait_ephemeral(stack, CLIENT, "picked up your feedback *FB-1*")
    assert f"<@{DEV}>" in visible(notice)
    updated = stack.fake.wait_for(
        lambda: "Acknowledged" in visible(stack.fake.latest(card)) and stack.fake.latest(card)
    )
    assert card_buttons(updated.blocks) == ["feedback_resolve"]
    [feedback] = stored_feedback(stack)
    assert (feedback.state, feedback.acknowledged_by) == ("acknowledged", DEV)


def test_clients_cannot_triage(stack: Stack) -> None:
    setup_project(stack)
    stack.sender.command(CLIENT, CLIENT_CHANNEL, "/feedback", "Where are the invoices?")
    card = wait_post(stack, INTERNAL_CHANNEL, "FB-1")
    stack.sender.click(CLIENT2, card, "feedback_ack")
    stack.sender.click(CLIENT2, card, "feedback_resolve")
    stack.fake.wait_for(
        lambda: (
            len(
                [
                    e
                    for e in stack.fake.timeline
                    if e.to_user == CLIENT2 and "Only the project team" in e.text
                ]
            )
            == 2
        )
    )
    assert stored_feedback(stack)[0].state == "open"
    assert stack.fake.calls_of("views.open") == []


def test_resolve_asks_for_a_note_and_closes_the_loop_with_the_client(stack: Stack) -> None:
    setup_project(stack)
    stack.sender.command(CLIENT, CLIENT_CHANNEL, "/feedback", "problem: staging logs me out")
    card = wait_post(stack, INTERNAL_CHANNEL, "FB-1")
    stack.sender.click(OWNER, card, "feedback_resolve")
    modal = open_modal(stack, "feedback_resolve_modal")
    assert modal["title"]["text"] == "Resolve FB-1"
    no_note = stack.sender.submit(OWNER, modal["id"], {"note": ""})
    assert no_note.json()["errors"]["note"].startswith("Say what was done")
    stack.sender.submit(OWNER, modal["id"], {"note": "Sessions now last 8 hours"})
    notice = wait_post(stack, CLIENT_CHANNEL, "FB-1 (problem) is resolved")
    assert "Sessions now last 8 hours" in visible(notice)
    assert CLIENT not in visible(notice)  # the channel is not told who complained
    thanks = wait_ephemeral(stack, CLIENT, "Your feedback *FB-1* is resolved")
    assert "Sessions now last 8 hours" in visible(thanks)
    resolved = stack.fake.wait_for(
        lambda: "Resolved" in visible(stack.fake.latest(card)) and stack.fake.latest(card)
    )
    assert card_buttons(resolved.blocks) == []
    [feedback] = stored_feedback(stack)
    assert (feedback.state, feedback.resolved_by, feedback.resolution) == (
        "resolved",
        OWNER,
        "Sessions now last 8 hours",
    )
    # Resolving again from a screen not yet refreshed changes nothing and says so.
    stack.sender.click(DEV, card, "feedback_resolve", stale=True)
    wait_ephemeral(stack, DEV, "resolved already")
    with session_scope(stack.deps.engine) as session:
        actions = [e.action for e in session.exec(select(Event))]
    assert actions == ["created", "resolved"]
    # And the week's digest tells the client what was done.
    stack.sender.command(OWNER, CLIENT_CHANNEL, "/status", "digest post")
    digest = wait_post(stack, CLIENT_CHANNEL, "Weekly update")
    assert "FB-1 resolved: Sessions now last 8 hours" in visible(digest)


def test_anonymous_resolution_thanks_nobody_by_name(stack: Stack) -> None:
    setup_project(stack)
    stack.sender.command(CLIENT2, CLIENT_CHANNEL, "/feedback")
    stack.sender.submit(
        CLIENT2,
        open_modal(stack, "feedback_modal")["id"],
        {"text": "Too many meetings", "anonymous": ["yes"]},
    )
    card = wait_post(stack, INTERNAL_CHANNEL, "FB-1")
    stack.sender.click(OWNER, card, "feedback_resolve")
    stack.sender.submit(
        OWNER,
        open_modal(stack, "feedback_resolve_modal")["id"],
        {"note": "Weekly call cut to 30 minutes"},
    )
    notice = wait_post(stack, CLIENT_CHANNEL, "FB-1 (request) is resolved")
    assert CLIENT2 not in visible(notice)
    stack.fake.wait_quiet()
    assert not [e for e in stack.fake.timeline if e.to_user == CLIENT2 and "resolved" in e.text]


def test_feedback_given_in_the_internal_channel_never_reaches_the_client(stack: Stack) -> None:
    setup_project(stack)
    stack.sender.command(DEV, INTERNAL_CHANNEL, "/feedback", "problem: our QA is too slow")
    card = wait_post(stack, INTERNAL_CHANNEL, "FB-1")
    stack.sender.click(OWNER, card, "feedback_resolve")
    stack.sender.submit(
        OWNER, open_modal(stack, "feedback_resolve_modal")["id"], {"note": "Hired a contractor"}
    )
    wait_post(stack, INTERNAL_CHANNEL, "FB-1 (problem) is resolved")
    stack.sender.command(OWNER, CLIENT_CHANNEL, "/status", "digest post")
    client_digest = wait_post(stack, CLIENT_CHANNEL, "Weekly update")
    internal_digest = wait_post(stack, INTERNAL_CHANNEL, "Weekly update")
    assert "No feedback this week" in visible(client_digest)
    assert "Hired a contractor" in visible(internal_digest)
    for entry in posts(stack, CLIENT_CHANNEL):
        assert "QA" not in visible(entry) and "contractor" not in visible(entry)


def test_the_form_answers_in_the_channel_it_was_opened_from(stack: Stack) -> None:
    setup_project(stack)
    stack.sender.command(DEV, INTERNAL_CHANNEL, "/feedback")
    stack.sender.submit(DEV, open_modal(stack, "feedback_modal")["id"], {"text": "Retro notes"})
    receipt = wait_ephemeral(stack, DEV, "FB-1")
    assert receipt.channel == INTERNAL_CHANNEL


def test_the_loop_closes_even_when_the_triage_card_is_gone(stack: Stack) -> None:
    setup_project(stack)
    stack.sender.command(CLIENT, CLIENT_CHANNEL, "/feedback", "problem: slow pages")
    card = wait_post(stack, INTERNAL_CHANNEL, "FB-1")
    stack.sender.click(OWNER, card, "feedback_resolve")
    modal = open_modal(stack, "feedback_resolve_modal")
    stack.fake.fail_next("chat.update", status=200, error="message_not_found", retry_after=None)
    stack.sender.submit(OWNER, modal["id"], {"note": "Added a CDN"})
    wait_post(stack, CLIENT_CHANNEL, "FB-1 (problem) is resolved")
    wait_ephemeral(stack, CLIENT, "Your feedback *FB-1* is resolved")
    assert stored_feedback(stack)[0].state == "resolved"


def test_the_team_lists_open_feedback_oldest_first_with_its_actions(stack: Stack) -> None:
    setup_project(stack)
    for text in ["problem: first", "question: second", "praise: third"]:
        stack.sender.command(CLIENT, CLIENT_CHANNEL, "/feedback", text)
    wait_post(stack, INTERNAL_CHANNEL, "FB-3")
    third = next(e for e in posts(stack, INTERNAL_CHANNEL) if "FB-3" in e.text)
    stack.sender.click(OWNER, third, "feedback_resolve")
    stack.sender.submit(
        OWNER, open_modal(stack, "feedback_resolve_modal")["id"], {"note": "Thanks!"}
    )
    wait_post(stack, CLIENT_CHANNEL, "FB-3 (praise) is resolved")
    first = next(e for e in posts(stack, INTERNAL_CHANNEL) if "FB-1" in e.text)
    stack.sender.click(DEV, first, "feedback_ack")
    wait_ephemeral(stack, CLIENT, "picked up your feedback *FB-1*")
    reply = stack.sender.command(DEV, INTERNAL_CHANNEL, "/feedback", "list")
    shown = reply.text
    assert "Open feedback — Acme Website (2)" in shown
    assert shown.index("FB-1") < shown.index("FB-2") and "FB-3" not in shown
    listed = {
        b["block_id"]: [e["action_id"] for e in b["elements"]]
        for b in reply.json()["blocks"]
        if b["type"] == "actions"
    }
    assert listed == {
        "feedback-list-1": ["feedback_resolve"],
        "feedback-list-2": ["feedback_ack", "feedback_resolve"],
    }
    # The buttons in the list work like the card's.
    stack.fake.record(
        Entry(
            "ephemeral",
            INTERNAL_CHANNEL,
            stack.fake.bot_user_id,
            reply.text,
            reply.json()["blocks"],
            stack.fake.next_ts(),
            to_user=DEV,
        )
    )
    listing = wait_ephemeral(stack, DEV, "Open feedback")
    stack.sender.click(DEV, listing, "feedback_ack", value="2")
    stack.fake.wait_for(lambda: stored_feedback(stack)[1].state == "acknowledged")


def test_clients_do_not_see_the_list(stack: Stack) -> None:
    setup_project(stack)
    stack.sender.command(CLIENT2, CLIENT_CHANNEL, "/feedback", "Anonymous-ish worry")
    reply = stack.sender.command(CLIENT, CLIENT_CHANNEL, "/feedback", "list")
    assert "for the project team" in reply.text and "worry" not in reply.text


def test_a_sender_withdraws_their_feedback_and_only_they_can(stack: Stack) -> None:
    setup_project(stack)
    stack.sender.command(CLIENT, CLIENT_CHANNEL, "/feedback", "problem: the logo is wrong")
    card = wait_post(stack, INTERNAL_CHANNEL, "FB-1")
    refused = stack.sender.command(CLIENT2, CLIENT_CHANNEL, "/feedback", "withdraw FB-1")
    assert "not yours to withdraw" in refused.text
    done = stack.sender.command(CLIENT, CLIENT_CHANNEL, "/feedback", "withdraw fb-1")
    assert "FB-1 is withdrawn" in done.text
    withdrawn = stack.fake.wait_for(
        lambda: "Withdrawn" in visible(stack.fake.latest(card)) and stack.fake.latest(card)
    )
    assert card_buttons(withdrawn.blocks) == []
    assert "Nothing open" in stack.sender.command(OWNER, INTERNAL_CHANNEL, "/feedback", "list").text
    [feedback] = stored_feedback(stack)  # kept, never deleted
    assert feedback.state == "withdrawn"
    with session_scope(stack.deps.engine) as session:
        actions = [e.action for e in session.exec(select(Event))]
    assert actions == ["created", "withdrawn"]
    again = stack.sender.command(CLIENT, CLIENT_CHANNEL, "/feedback", "withdraw FB-1")
    assert "already closed" in again.text
