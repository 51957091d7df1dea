"""/incident through the real server and the scheduler on the bot's clock: the notice, the
reminders at their time (once, however many schedulers sweep), the late warning, updates in
the notice's thread, the resolution's timeline and the post-incident review."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from bot.app import build_scheduler
from bot.platform.slack_client import make_web_client
from bot.sandbox.stack import Stack
from bot.sandbox.workspace import CLIENT, CLIENT_CHANNEL, DEV, INTERNAL_CHANNEL, OWNER
from bot.scheduling.runner import PlanScheduler
from storage.db import session_scope
from storage.models import Event, Incident
from tests.e2e.conftest import Clock, open_modal, posts, setup_project, visible, wait_post

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]  # reminders claimed across schedulers

MONDAY = datetime(2026, 11, 16, 13, 0, tzinfo=UTC)  # 14:00 in Berlin
DEV_DM = "D" + DEV[1:]


@pytest.fixture
def schedulers(timed_stack: Stack, clock: Clock) -> Iterator[list[PlanScheduler]]:
    clock.now = MONDAY
    setup_project(timed_stack)
    two = [
        build_scheduler(timed_stack.deps, make_web_client(timed_stack.deps.settings))
        for _replica in range(2)
    ]
    yield two
    for planner in two:
        planner.shutdown()


def sweep(schedulers: list[PlanScheduler]) -> None:
    for planner in schedulers + schedulers:  # two replicas, each sweeping twice
        planner.sweep()


def reminders(stack: Stack) -> list[str]:
    return [visible(e) for e in posts(stack, DEV_DM) if "expects an update" in e.text + visible(e)]


def incident(stack: Stack) -> Incident:
    with session_scope(stack.deps.engine) as session:
        return session.exec(select(Incident)).one()


def test_an_incident_from_notice_to_review_with_reminders_on_time_and_once(
    timed_stack: Stack, clock: Clock, schedulers: list[PlanScheduler]
) -> None:
    send = timed_stack.sender
    reply = send.command(DEV, CLIENT_CHANNEL, "/incident", "sev1 Checkout fails for card payments")
    assert "INC-1" in reply.text and "2:30\u202fPM" in reply.text
    notice = wait_post(timed_stack, CLIENT_CHANNEL, "INC-1")
    assert "Checkout fails for card payments" in visible(notice)
    assert "Next update by 2:30\u202fPM (Europe/Berlin)" in visible(notice)
    alert = wait_post(timed_stack, INTERNAL_CHANNEL, "INC-1")
    assert alert.text.startswith(f"<@{OWNER}>") and f"<@{DEV}>" in visible(alert)

    clock.now = MONDAY + timedelta(minutes=29)
    sweep(schedulers)
    assert reminders(timed_stack) == []
    clock.now = MONDAY + timedelta(minutes=30)  # due: reminded once, whoever sweeps
    sweep(schedulers)
    assert len(reminders(timed_stack)) == 1

    clock.now = MONDAY + timedelta(minutes=35)
    send.click(DEV, notice, "incident_update")
    form = open_modal(timed_stack, "incident_update_modal")
    send.submit(DEV, form["id"], {"severity": "sev2", "text": "Card payments fail at the bank"})
    threaded = timed_stack.fake.wait_for(
        lambda: [e for e in posts(timed_stack, CLIENT_CHANNEL) if e.thread_ts == notice.ts]
    )
    assert "Card payments fail at the bank" in visible(threaded[0])
    latest = timed_stack.fake.latest
    refreshed = timed_stack.fake.wait_for(
        lambda: "4:35" in visible(latest(notice)) and latest(notice)
    )
    assert "SEV2" in visible(refreshed)  # 2 hours for SEV2: next update by 4:35 PM

    clock.now = MONDAY + timedelta(minutes=35, hours=4, seconds=1)  # late by its interval
    sweep(schedulers)
    assert len(reminders(timed_stack)) == 2
    late = [e for e in posts(timed_stack, INTERNAL_CHANNEL) if "late" in visible(e)]
    assert len(late) == 1 and "INC-1" in visible(late[0])

    clock.now = MONDAY + timedelta(hours=5)
    reply = send.command(DEV, CLIENT_CHANNEL, "/incident", "resolve INC-1 The bank fixed a cert")
    assert "post-incident review" in reply.text
    summary = wait_post(timed_stack, CLIENT_CHANNEL, "INC-1 resolved")
    shown = visible(summary)
    assert "The bank fixed a cert" in shown and "Declared" in shown and "First notice" in shown
    assert "updates on time: 0 of 1" in shown and "5 min late" in shown
    request = wait_post(timed_stack, DEV_DM, "Write the review")
    send.click(DEV, request, "incident_review")
    form = open_modal(timed_stack, "incident_review_modal")
    send.submit(
        DEV,
        form["id"],
        {"cause": "An expired certificate", "fix": "Renewed", "prevention": "Expiry alerts"},
    )
    review = wait_post(timed_stack, CLIENT_CHANNEL, "Post-incident review")
    assert "Expiry alerts" in visible(review)
    clock.now = MONDAY + timedelta(days=1)
    sweep(schedulers)  # resolved: no reminder any more
    assert len(reminders(timed_stack)) == 2
    assert incident(timed_stack).reviewed_at is not None
    with session_scope(timed_stack.deps.engine) as session:
        log = [(e.ref, e.action) for e in session.exec(select(Event).order_by(Event.id))]  # type: ignore[arg-type]
    assert log == [("INC-1", a) for a in ("declared", "updated", "resolved", "reviewed")]


def test_clients_cannot_declare_and_the_plan_sets_the_intervals(
    timed_stack: Stack, clock: Clock, schedulers: list[PlanScheduler]
) -> None:
    send = timed_stack.sender
    refused = send.command(CLIENT, CLIENT_CHANNEL, "/incident", "sev1 Everything is down")
    assert "project team" in refused.text
    reply = send.command(OWNER, CLIENT_CHANNEL, "/project", "set incident-updates sev1 15m")
    assert "SEV1 every 15 minutes" in reply.text
    send.command(OWNER, CLIENT_CHANNEL, "/incident")
    form = open_modal(timed_stack, "incident_declare_modal")
    send.submit(OWNER, form["id"], {"severity": "sev1", "title": "Login is down", "owner": DEV})
    notice = wait_post(timed_stack, CLIENT_CHANNEL, "INC-1")
    assert "2:15\u202fPM" in visible(notice) and f"<@{DEV}>" in visible(notice)
    send.click(CLIENT, notice, "incident_resolve")
    assert incident(timed_stack).state == "open"
