"""/change through the real server: proposed by either side, questioned in a thread, decided
once by whoever the project says decides, withdrawn, listed, and kept in the decision log."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlmodel import col, select

from bot.sandbox.client import Reply
from bot.sandbox.fake_types import Entry
from bot.sandbox.stack import Stack
from bot.sandbox.workspace import (
    CLIENT,
    CLIENT2,
    CLIENT_CHANNEL,
    DEV,
    GUEST,
    INTERNAL_CHANNEL,
    OWNER,
)
from storage.db import session_scope
from storage.models import ChangeRequest, Event
from tests.e2e.conftest import (
    Clock,
    open_modal,
    posts,
    setup_project,
    visible,
    wait_ephemeral,
    wait_post,
)

pytestmark = pytest.mark.e2e

SSO = {
    "title": "Add single sign-on",
    "reason": "Acme's IT requires SSO for every tool",
    "scope": "Okta login on the admin pages",
    "schedule": "5",
    "cost": "2,000",
}


def propose(stack: Stack, user: str, form: dict[str, str] = SSO) -> Entry:
    stack.sender.command(user, CLIENT_CHANNEL, "/change")
    stack.sender.submit(user, open_modal(stack, "change_modal")["id"], form)
    return wait_post(stack, CLIENT_CHANNEL, form["title"])


def buttons(entry: Entry) -> list[str]:
    return [e["action_id"] for b in entry.blocks if b["type"] == "actions" for e in b["elements"]]


def stored(stack: Stack) -> list[ChangeRequest]:
    with session_scope(stack.deps.engine) as session:
        return list(session.exec(select(ChangeRequest).order_by(col(ChangeRequest.id))))


def change_events(stack: Stack) -> list[tuple[str, str | None, str, str | None]]:
    with session_scope(stack.deps.engine) as session:
        rows = session.exec(select(Event).where(Event.subject == "change").order_by(col(Event.id)))
        return [(e.action, e.from_state, e.to_state, e.actor_id) for e in rows]


def test_a_change_is_proposed_questioned_and_approved_by_the_client_approver(
    stack: Stack,
) -> None:
    setup_project(stack)
    answer = stack.sender.command(OWNER, CLIENT_CHANNEL, "/project", "set approver @dana")
    assert f"decided by <@{CLIENT}>" in answer.text, answer.text

    request = propose(stack, DEV)
    assert "CR-1" in visible(request) and "+5 working days" in visible(request)
    assert "+2,000" in visible(request) and f"decided by <@{CLIENT}>" in visible(request)
    assert buttons(request) == ["change_approve", "change_reject", "change_ask", "change_withdraw"]
    wait_ephemeral(stack, DEV, "CR-1 is posted")
    notice = wait_post(stack, INTERNAL_CHANNEL, "proposed CR-1")
    assert "Add single sign-on" in visible(notice)

    # A question opens a thread under the request, addressed to whoever proposed it.
    stack.sender.click(CLIENT2, request, "change_ask")
    stack.sender.submit(
        CLIENT2, open_modal(stack, "change_question_modal")["id"], {"note": "Which Okta tenant?"}
    )
    question = wait_post(stack, CLIENT_CHANNEL, "Which Okta tenant?")
    assert question.thread_ts == request.ts and f"<@{DEV}>" in question.text

    # The team cannot decide for the client, nor can a client who is not the approver.
    stack.sender.click(DEV, request, "change_approve")
    wait_ephemeral(stack, DEV, "Only the project's approvers decide")
    stack.sender.click(CLIENT2, request, "change_approve")
    wait_ephemeral(stack, CLIENT2, "Only the project's approvers decide")
    assert stored(stack)[0].state == "pending"

    stack.sender.click(CLIENT, request, "change_approve")
    wait_ephemeral(stack, CLIENT, "You approved CR-1")
    decided = stack.fake.latest(request)
    assert buttons(decided) == [] and f"Approved* by <@{CLIENT}>" in visible(decided)
    announcement = wait_post(stack, INTERNAL_CHANNEL, "*✅ Approved* by")
    assert "CR-1 “Add single sign-on”" in visible(announcement)
    assert "+5 working days" in visible(announcement)
    [change] = stored(stack)
    assert (change.state, change.decided_by, change.schedule_days, change.cost_cents) == (
        "approved",
        CLIENT,
        5,
        200000,
    )
    assert change.decided_at is not None
    assert change_events(stack) == [
        ("proposed", None, "pending", DEV),
        ("questioned", "pending", "pending", CLIENT2),
        ("approved", "pending", "approved", CLIENT),
    ]


def test_without_approvers_any_client_decides_and_a_rejection_keeps_its_reason(
    stack: Stack,
) -> None:
    setup_project(stack)
    request = propose(stack, OWNER)
    assert "decided by any member of the client's team" in visible(request)
    stack.sender.click(OWNER, request, "change_reject")
    wait_ephemeral(stack, OWNER, "Change requests are decided by the client")

    stack.sender.click(GUEST, request, "change_reject")  # a guest of our workspace is a client
    modal = open_modal(stack, "change_reject_modal")
    stack.sender.submit(GUEST, modal["id"], {"note": "Not this quarter"})
    wait_ephemeral(stack, GUEST, "You rejected CR-1")
    rejected = stack.fake.latest(request)
    assert "Rejected* by" in visible(rejected) and "Not this quarter" in visible(rejected)
    assert buttons(rejected) == []
    wait_post(stack, INTERNAL_CHANNEL, "Rejected")
    assert stored(stack)[0].decision_note == "Not this quarter"


def test_double_clicks_and_slack_retries_decide_only_once(stack: Stack) -> None:
    setup_project(stack)
    request = propose(stack, DEV)
    click = stack.sender.click_fields(CLIENT, request, "change_approve")
    first = stack.sender.send_form(click)
    replay = stack.sender.send_form(click, headers={"X-Slack-Retry-Num": "1"})
    assert first.status == replay.status == 200
    wait_ephemeral(stack, CLIENT, "You approved CR-1")
    # A second person on a screen not yet refreshed, and the first person again.
    stack.sender.click(CLIENT2, request, "change_approve", stale=True)
    wait_ephemeral(stack, CLIENT2, "CR-1 is no longer waiting")
    stack.sender.click(CLIENT2, request, "change_reject", stale=True)
    wait_ephemeral(stack, CLIENT2, "CR-1 is approved already")
    stack.fake.wait_quiet()
    assert [e[0] for e in change_events(stack)] == ["proposed", "approved"]
    announcements = [e for e in posts(stack, INTERNAL_CHANNEL) if "Approved" in visible(e)]
    assert len(announcements) == 1
    assert stored(stack)[0].decided_by == CLIENT


@pytest.mark.postgres  # two transactions deciding at once: the compare-and-set lets one win
def test_an_approval_and_a_rejection_at_the_same_moment_decide_once(stack: Stack) -> None:
    setup_project(stack)
    request = propose(stack, DEV)
    stack.sender.click(CLIENT2, request, "change_reject")
    reject = stack.sender.submit_fields(
        CLIENT2, open_modal(stack, "change_reject_modal")["id"], {"note": "Not now"}
    )
    approve = stack.sender.click_fields(CLIENT, request, "change_approve")
    together = threading.Barrier(2)
    statuses: list[int] = []

    def send(fields: dict[str, str]) -> None:
        together.wait()
        statuses.append(stack.sender.send_form(fields).status)

    senders = [threading.Thread(target=send, args=(f,)) for f in (approve, reject)]
    for sender in senders:
        sender.start()
    for sender in senders:
        sender.join()
    assert statuses == [200, 200]

    def answers(user: str) -> list[str]:
        return [
            visible(e)
            for e in stack.fake.timeline
            if e.kind == "ephemeral" and e.to_user == user and "CR-1" in visible(e)
        ]

    stack.fake.wait_for(lambda: answers(CLIENT) and answers(CLIENT2))
    stack.fake.wait_quiet()
    [decision] = [e for e in change_events(stack) if e[0] != "proposed"]
    winner, loser = (CLIENT, CLIENT2) if decision[0] == "approved" else (CLIENT2, CLIENT)
    assert decision[3] == winner and stored(stack)[0].decided_by == winner
    [won], [too_late] = answers(winner), answers(loser)
    assert f"You {decision[0]} CR-1" in won and "CR-1 is no longer waiting" in too_late
    told = [e for e in posts(stack, INTERNAL_CHANNEL) if "CR-1 “Add single sign-on”" in visible(e)]
    assert len([e for e in told if "Approved" in visible(e) or "Rejected" in visible(e)]) == 1


def test_a_decision_before_slack_confirmed_the_request_still_shows_on_it(stack: Stack) -> None:
    setup_project(stack)
    stack.fake.delay_next("chat.postMessage", 1.5)  # posted at once, confirmed only later
    request = propose(stack, DEV)
    stack.sender.click(CLIENT, request, "change_approve", stale=True)
    wait_ephemeral(stack, CLIENT, "You approved CR-1")
    wait_ephemeral(stack, DEV, "CR-1 is posted")
    decided = stack.fake.wait_for(
        lambda: "Approved* by" in visible(stack.fake.latest(request)) and stack.fake.latest(request)
    )
    assert buttons(decided) == []


def test_only_the_proposer_withdraws_and_only_while_it_waits(stack: Stack) -> None:
    setup_project(stack)
    request = propose(stack, CLIENT, {**SSO, "schedule": "", "cost": ""})
    assert "no change" in visible(request)
    stack.sender.click(DEV, request, "change_withdraw")
    wait_ephemeral(stack, DEV, f"Only <@{CLIENT}>, who proposed CR-1, can withdraw it")
    stack.sender.click(CLIENT, request, "change_withdraw")
    wait_ephemeral(stack, CLIENT, "CR-1 is withdrawn")
    withdrawn = stack.fake.latest(request)
    assert "Withdrawn" in visible(withdrawn) and buttons(withdrawn) == []
    stack.sender.command(CLIENT, CLIENT_CHANNEL, "/change", "withdraw CR-1")
    wait_ephemeral(stack, CLIENT, "CR-1 is no longer waiting")
    assert change_events(stack)[-1] == ("withdrawn", "pending", "withdrawn", CLIENT)


def test_the_form_says_what_is_wrong_under_each_field_and_stores_nothing(stack: Stack) -> None:
    setup_project(stack)
    stack.sender.command(CLIENT, CLIENT_CHANNEL, "/change", "Dark mode")
    modal = open_modal(stack, "change_modal")
    title = next(b for b in modal["blocks"] if b.get("block_id") == "title")
    assert title["element"]["initial_value"] == "Dark mode"
    reply = stack.sender.submit(
        CLIENT, modal["id"], {"title": "Dark mode", "reason": "", "schedule": "soon", "cost": "x"}
    )
    errors = reply.json()["errors"]
    assert set(errors) == {"reason", "schedule", "cost"}
    assert "working days" in errors["schedule"] and "number" in errors["cost"]
    assert stored(stack) == []


def test_the_list_shows_every_request_and_the_approved_totals(stack: Stack) -> None:
    setup_project(stack)
    first = propose(stack, DEV)
    second = propose(
        stack, DEV, {**SSO, "title": "Drop the blog", "schedule": "-2", "cost": "-500"}
    )
    propose(stack, DEV, {**SSO, "title": "Native app", "schedule": "40", "cost": "90k"})
    stack.sender.click(CLIENT, first, "change_approve")
    wait_ephemeral(stack, CLIENT, "You approved CR-1")
    stack.sender.click(CLIENT, second, "change_approve")
    wait_ephemeral(stack, CLIENT, "You approved CR-2")
    text = visible_reply(stack.sender.command(CLIENT, CLIENT_CHANNEL, "/change", "list"))
    assert "CR-3" in text and "Waiting for a decision" in text and "Native app" in text
    assert "2 of 3 (1 waiting)" in text
    assert "+3 working days" in text and "+1,500" in text


def test_decisions_reach_both_digests_and_requests_left_waiting_reach_the_team(
    timed_stack: Stack, clock: Clock
) -> None:
    stack = timed_stack
    setup_project(stack)
    first = propose(stack, DEV)
    propose(stack, DEV, {**SSO, "title": "Native app", "schedule": "40", "cost": "90k"})
    stack.sender.click(CLIENT, first, "change_approve")
    wait_ephemeral(stack, CLIENT, "You approved CR-1")
    clock.now += timedelta(days=4)  # past the 1-business-day response target, within the week

    stack.sender.command(OWNER, CLIENT_CHANNEL, "/status", "digest post")
    client_text = visible(wait_post(stack, CLIENT_CHANNEL, "Weekly update"))
    internal_text = visible(wait_post(stack, INTERNAL_CHANNEL, "Weekly update"))
    for text in (client_text, internal_text):
        assert f"CR-1 Add single sign-on: *✅ Approved* by <@{CLIENT}>" in text
    assert "CR-2 Native app waits for your decision" in client_text
    assert "CR-2 Native app has waited 4 days for the client's decision" in internal_text


def test_the_team_reads_the_decision_log_newest_first(stack: Stack) -> None:
    setup_project(stack)
    stack.sender.command(CLIENT, CLIENT_CHANNEL, "/feedback", "question: is the demo Friday?")
    request = propose(stack, DEV)
    stack.sender.click(CLIENT, request, "change_reject")
    stack.sender.submit(
        CLIENT, open_modal(stack, "change_reject_modal")["id"], {"note": "Too costly"}
    )
    wait_ephemeral(stack, CLIENT, "You rejected CR-1")

    log = stack.sender.command(DEV, CLIENT_CHANNEL, "/project", "log 2")
    # Block texts are JSON in visible(), where a line break reads as a backslash and an n.
    lines = [line for line in visible_reply(log).split("\\n") if "*CR-1*" in line]
    assert "rejected (pending → rejected)" in lines[0] and "Too costly" in lines[0]
    assert f"by <@{CLIENT}>" in lines[0] and "proposed (pending)" in lines[1]
    assert "FB-1" not in visible_reply(log)  # two entries asked for, two shown
    everything = visible_reply(stack.sender.command(DEV, INTERNAL_CHANNEL, "/project", "log"))
    assert "*FB-1* created (open)" in everything
    refused = stack.sender.command(CLIENT, CLIENT_CHANNEL, "/project", "log")
    assert refused.text == "The decision log is for the project team."
    assert "from 1 to 50" in stack.sender.command(DEV, CLIENT_CHANNEL, "/project", "log 500").text


def visible_reply(reply: Reply) -> str:
    return visible(Entry("ephemeral", None, None, reply.text, reply.json().get("blocks", [])))
