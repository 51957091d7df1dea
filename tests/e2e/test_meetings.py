"""Status meetings through the real server, database and Slack stand-in, on the bot's clock:
a meeting set in the plan, its agenda posted once before it in both channels, the minutes
recorded, an action item reminded to its owner on its due date and closed with a button."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import col, select

from bot.app import build_scheduler
from bot.platform.slack_client import make_web_client
from bot.sandbox.fake_types import Entry
from bot.sandbox.stack import Stack
from bot.sandbox.workspace import CLIENT, CLIENT_CHANNEL, DEV, INTERNAL_CHANNEL, OWNER
from bot.scheduling.runner import PlanScheduler
from storage.db import session_scope
from storage.models import ActionItem, JobRun, Meeting
from tests.e2e.conftest import (
    Clock,
    open_modal,
    posts,
    setup_project,
    visible,
    wait_ephemeral,
    wait_post,
)

pytestmark = [pytest.mark.e2e]

MONDAY = datetime(2026, 11, 16, 8, 0, tzinfo=UTC)  # 09:00 in Berlin
AGENDA_AT = datetime(2026, 11, 17, 8, 0, tzinfo=UTC)  # Tuesday 09:00 Berlin: 1 hour before
AFTER_MEETING = datetime(2026, 11, 17, 10, 0, tzinfo=UTC)
DANA_DM = "D" + CLIENT[1:]


@pytest.fixture
def scheduler(timed_stack: Stack, clock: Clock) -> Iterator[PlanScheduler]:
    clock.now = MONDAY
    setup_project(timed_stack)
    planner = build_scheduler(timed_stack.deps, make_web_client(timed_stack.deps.settings))
    yield planner
    planner.shutdown()


def command(stack: Stack, user: str, text: str, channel: str = CLIENT_CHANNEL) -> str:
    return stack.sender.command(user, channel, "/project", text).text


def meeting_id(stack: Stack) -> int:
    with session_scope(stack.deps.engine) as session:
        found = session.exec(select(Meeting)).one()
    assert found.id is not None
    return found.id


def agendas(stack: Stack, channel: str) -> list[Entry]:
    return [e for e in posts(stack, channel) if "Agenda" in e.text]


def fire_agenda(stack: Stack, planner: PlanScheduler) -> None:
    planner.fire_series(0, f"meeting-agenda:{meeting_id(stack)}")


@pytest.mark.postgres  # the agenda's claims: fired twice, posted once
def test_a_meeting_from_its_agenda_to_its_closed_action_item(
    timed_stack: Stack, clock: Clock, scheduler: PlanScheduler
) -> None:
    stack = timed_stack
    refused = command(stack, CLIENT, "set meeting tue 10:00 Weekly status call with Acme")
    assert "Only the project's owners can change the plan" in refused
    answer = command(stack, OWNER, "set meeting tue 10:00 Weekly status call with Acme")
    assert "Meeting set: *Weekly status call with Acme* — every Tuesday 10:00" in answer
    assert "1 hour before" in answer and "Tue, Nov 17" in answer
    assert "Weekly status call with Acme" in command(stack, CLIENT, "meetings")

    update = "on-track 60% Login page built; blocked: SSO metadata from Acme IT"
    stack.sender.command(DEV, CLIENT_CHANNEL, "/status", update)
    added = command(stack, DEV, "agenda add Launch date for the mobile app")
    assert "Added on the agenda of *Weekly status call with Acme* on Tue, Nov 17" in added
    command(stack, DEV, "agenda add Staffing in December", channel=INTERNAL_CHANNEL)
    assert "team" in command(stack, CLIENT, "agenda add Budget").lower()
    stack.sender.command(CLIENT, CLIENT_CHANNEL, "/feedback", "problem: staging logs me out")
    wait_post(stack, INTERNAL_CHANNEL, "FB-1")
    assert stack.deps.background.wait_idle(10)  # the card's place is stored after it is posted

    clock.now = AGENDA_AT
    fire_agenda(stack, scheduler)
    fire_agenda(stack, scheduler)  # fired twice (a replica, a retry): posted once
    [client] = agendas(stack, CLIENT_CHANNEL)
    [internal] = agendas(stack, INTERNAL_CHANNEL)
    seen = visible(client)
    assert "Login page built" in seen and "SSO metadata from Acme IT" in seen
    assert "Launch date for the mobile app" in seen and "Staffing in December" not in seen
    assert "FB-1" in seen and "staging logs me out" not in seen  # the client's words stay off
    team = visible(internal)
    assert "Staffing in December" in team and "staging logs me out" in team
    # The feedback line links to its triage card in the internal channel.
    assert "https://agency.slack.com/archives/G0ACMETEAM/p" in team

    clock.now = AFTER_MEETING
    stack.sender.command(DEV, CLIENT_CHANNEL, "/project", "minutes")
    modal = open_modal(stack, "meeting_minutes_modal")
    half = stack.sender.submit(DEV, modal["id"], {"item_1_what": "Send the SSO metadata"})
    assert half.json()["errors"] == {"item_1_who": "Pick who does it."}
    stack.sender.submit(
        DEV,
        modal["id"],
        {
            "decisions": "Launch moves to Monday, December 7",
            "item_1_what": "Send the SSO metadata",
            "item_1_who": CLIENT,
            "item_1_due": "2026-11-19",
        },
    )
    minutes = wait_post(stack, CLIENT_CHANNEL, "Minutes")
    assert "D-1" in visible(minutes) and "A-1" in visible(minutes)
    log = command(stack, OWNER, "log")
    assert "D-1" in log and "Launch moves to Monday, December 7" in log
    digest = stack.sender.command(OWNER, CLIENT_CHANNEL, "/status", "digest").text
    assert "Action items" in digest and "Send the SSO metadata" in digest

    # Thursday, the due date: not before Dana's working day starts in New York.
    clock.now = datetime(2026, 11, 19, 13, 0, tzinfo=UTC)  # 08:00 in New York
    scheduler.sweep()
    assert [e for e in posts(stack, DANA_DM) if "A-1" in e.text] == []
    clock.now = datetime(2026, 11, 19, 15, 0, tzinfo=UTC)  # 10:00 in New York
    scheduler.sweep()
    scheduler.sweep()
    [reminder] = [e for e in posts(stack, DANA_DM) if "A-1" in e.text]
    assert "Send the SSO metadata" in reminder.text
    assert "https://agency.slack.com/archives/C0ACME/p" in visible(reminder)  # to the minutes

    stack.sender.click(CLIENT, reminder, "action_item_close")
    wait_ephemeral(stack, CLIENT, "A-1 is closed")
    closed = stack.fake.wait_for(lambda: "Closed by" in stack.fake.latest(reminder).text)
    assert closed
    stack.sender.click(CLIENT, reminder, "action_item_close", stale=True)
    wait_ephemeral(stack, CLIENT, "A-1 was closed already")
    with session_scope(stack.deps.engine) as session:
        [item] = session.exec(select(ActionItem)).all()
    assert (item.state, item.closed_by) == ("closed", CLIENT)
    assert "No open action items" in visible_answer(stack, CLIENT, "actions")


def visible_answer(stack: Stack, user: str, text: str) -> str:
    reply = stack.sender.command(user, CLIENT_CHANNEL, "/project", text)
    return reply.body


def test_a_late_agenda_is_caught_up_before_its_meeting_and_none_in_a_pause(
    timed_stack: Stack, clock: Clock, scheduler: PlanScheduler
) -> None:
    stack = timed_stack
    command(stack, OWNER, "set report off")  # the sweeps below need no monthly chart
    # Typed the Chinese way: every 2 weeks, the agenda 30 minutes before.
    answer = command(stack, OWNER, "set meeting 周二 10:00 每2周 议程 30分钟 Steering call")
    assert "every 2 weeks on Tuesday 10:00" in answer and "30 minutes before" in answer
    clock.now = AGENDA_AT + timedelta(minutes=45)  # down at 09:30; back at 09:45
    scheduler.sweep()
    scheduler.sweep()
    [client] = agendas(stack, CLIENT_CHANNEL)
    assert "posted late" in visible(client)
    clock.now = AGENDA_AT + timedelta(days=7, minutes=30)  # the week it skips
    fire_agenda(stack, scheduler)
    scheduler.sweep()
    assert len(agendas(stack, CLIENT_CHANNEL)) == 1
    # Two weeks on, down past the meeting's start: nothing is posted after it began.
    clock.now = AGENDA_AT + timedelta(days=14, hours=2)
    scheduler.sweep()
    assert len(agendas(stack, CLIENT_CHANNEL)) == 1
    # Paused over the next one.
    clock.now = AGENDA_AT + timedelta(days=20)
    assert "paused" in command(stack, OWNER, "pause until 2026-12-16").lower()
    clock.now = AGENDA_AT + timedelta(days=28, minutes=30)
    fire_agenda(stack, scheduler)
    scheduler.sweep()
    assert len(agendas(stack, CLIENT_CHANNEL)) == 1
    with session_scope(stack.deps.engine) as session:
        runs = session.exec(
            select(JobRun).where(col(JobRun.job).startswith("meeting-agenda"))
        ).all()
    assert {(r.period_key, r.state, r.late) for r in runs} == {("2026-11-17", "posted", True)}
    removed = command(stack, OWNER, "remove meeting tue 10:00")
    assert "Meeting removed: *Steering call*" in removed
    assert "no recurring meeting" in command(stack, CLIENT, "meetings")
