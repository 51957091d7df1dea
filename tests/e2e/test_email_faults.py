"""Mail servers misbehave: one refuses a recipient, one answers nothing, one hangs up in the
middle of a message, a process dies while sending. Each email still goes once, or is named in
the team's digest; the Slack digest never waits for any of it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from bot.app import build_scheduler
from bot.platform.slack_client import make_web_client
from bot.sandbox.smtp_sink import SmtpSink
from bot.sandbox.stack import Stack
from bot.sandbox.workspace import CLIENT_CHANNEL, DEV, INTERNAL_CHANNEL, OWNER
from bot.scheduling.runner import PlanScheduler
from storage.db import session_scope
from storage.models import EmailSend
from tests.e2e.conftest import Clock, posts, visible
from tests.e2e.test_email import CFO, DIGEST_AT, FINANCE, mailing, say, scheduler, sink
from tests.e2e.test_scheduler import project

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]  # claims, takeovers, retries
__all__ = ["mailing", "scheduler", "sink"]  # the fixtures, shared


def sends(stack: Stack) -> dict[str, EmailSend]:
    with session_scope(stack.deps.engine) as session:
        return {s.address: s for s in session.exec(select(EmailSend))}


def fire(stack: Stack, planner: PlanScheduler) -> None:
    planner.fire("digest", project(stack).id or 0)


def sweep(stack: Stack, planner: PlanScheduler) -> None:
    planner.sweep()
    assert stack.deps.mail.wait_idle(timeout=10)


def test_a_refused_recipient_is_named_and_a_silent_server_is_tried_again_later(
    mailing: Stack, clock: Clock, sink: SmtpSink, scheduler: PlanScheduler
) -> None:
    say(mailing, OWNER, f"set email add {CFO} {FINANCE}")
    mailing.sender.command(DEV, CLIENT_CHANNEL, "/status", "on-track 50% Checkout shipped")
    sink.misbehave.refuse = {CFO}
    sink.misbehave.stall_rcpt = 1  # the first RCPT gets no answer: the client gives up
    clock.now = DIGEST_AT
    fire(mailing, scheduler)
    # The Slack digest is out while the emails still wait on the silent server.
    assert any("Weekly update" in e.text for e in posts(mailing, CLIENT_CHANNEL))
    assert mailing.deps.mail.wait_idle(timeout=10)
    first = sends(mailing)
    assert first[CFO].state == "failed" and first[CFO].note == "the server did not answer in time"
    assert first[FINANCE].state == "sent"  # the silence held up only the email it was in

    sweep(mailing, scheduler)  # the backoff has not passed: nothing is tried
    assert sends(mailing)[CFO].attempts == 1
    clock.now = DIGEST_AT + timedelta(minutes=5)
    sweep(mailing, scheduler)
    after = sends(mailing)
    assert (after[CFO].state, after[CFO].attempts) == ("refused", 2)
    assert str(after[CFO].note).startswith("550 5.1.1")
    assert len(sink.to(FINANCE)) == 1
    clock.now += timedelta(days=1)
    sweep(mailing, scheduler)
    assert sends(mailing)[CFO].attempts == 2  # refused for good: not tried again

    clock.now = DIGEST_AT + timedelta(days=7)
    sink.misbehave.refuse = set()
    fire(mailing, scheduler)
    team = [visible(e) for e in posts(mailing, INTERNAL_CHANNEL) if "Weekly update" in e.text]
    assert (
        f"the email of the digest of Fri, Nov 20, 4:00\u202fPM to {CFO}: the mail server refused "
        "it (`550 5.1.1"
    ) in team[-1]
    assert not any(CFO in visible(e) for e in posts(mailing, CLIENT_CHANNEL))


def test_a_connection_dropped_mid_message_is_sent_again_as_the_same_email_until_given_up(
    mailing: Stack, clock: Clock, sink: SmtpSink, scheduler: PlanScheduler
) -> None:
    say(mailing, OWNER, f"set email add {CFO}")
    sink.misbehave.drop_data = 1
    clock.now = DIGEST_AT
    fire(mailing, scheduler)
    assert mailing.deps.mail.wait_idle(timeout=10)
    dropped = sends(mailing)[CFO]
    assert (dropped.state, dropped.note) == ("failed", "the server closed the connection")
    assert sink.received == []
    clock.now += timedelta(minutes=5)
    sweep(mailing, scheduler)
    [arrived] = sink.to(CFO)
    assert arrived["Message-ID"] == dropped.message_id  # the same email, recognisably
    assert sends(mailing)[CFO].attempts == 2

    # A server that hangs up every time: tried five times over about three hours, then named.
    clock.now = DIGEST_AT + timedelta(days=7)
    sink.misbehave.drop_data = 5
    fire(mailing, scheduler)
    for wait in (5, 15, 45, 135):
        assert mailing.deps.mail.wait_idle(timeout=10)
        clock.now += timedelta(minutes=wait)
        sweep(mailing, scheduler)
    with session_scope(mailing.deps.engine) as session:
        latest = session.exec(select(EmailSend).where(EmailSend.period_key == "2026-W48")).one()
    assert (latest.state, latest.attempts, latest.next_attempt_at) == ("failed", 5, None)
    clock.now = DIGEST_AT + timedelta(days=14)
    fire(mailing, scheduler)
    team = [visible(e) for e in posts(mailing, INTERNAL_CHANNEL) if "Weekly update" in e.text]
    assert f"to {CFO}: it failed on every attempt (`the server closed the connection`)" in team[-1]


def test_a_send_left_by_a_dead_process_is_taken_over_once_with_the_same_message_id(
    mailing: Stack, clock: Clock, sink: SmtpSink, scheduler: PlanScheduler
) -> None:
    say(mailing, OWNER, f"set email add {CFO} {FINANCE}")
    clock.now = DIGEST_AT
    fire(mailing, scheduler)
    assert mailing.deps.mail.wait_idle(timeout=10)
    sink.wait_for(2)
    first_id = sink.to(CFO)[0]["Message-ID"]
    # As if the process died: CFO's in the middle of DATA, FINANCE's before it.
    with session_scope(mailing.deps.engine) as session:
        for send in session.exec(select(EmailSend)):
            send.state = "sending" if send.address == CFO else "claimed"
            send.claimed_by, send.finished_at = "dead:1", None
            session.add(send)
    clock.now = DIGEST_AT + timedelta(minutes=5)
    sweep(mailing, scheduler)  # within the claim timeout: the process may still be at it
    assert len(sink.received) == 2
    clock.now = DIGEST_AT + timedelta(minutes=11)
    other = build_scheduler(mailing.deps, make_web_client(mailing.deps.settings))
    sweep(mailing, scheduler)
    sweep(mailing, other)
    assert len(sink.received) == 4 and sink.to(CFO)[1]["Message-ID"] == first_id
    assert {(s.state, s.attempts) for s in sends(mailing).values()} == {("sent", 2)}
