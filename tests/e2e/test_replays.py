"""Every request type, delivered twice: as Slack retries it (the same payload again, with
`X-Slack-Retry-Num: 1`) and, for buttons and modals, as a double click (a second delivery with
its own trigger_id). Either way: one effect, in the database and in what the bot posts.

Each row of CASES arranges what the request needs and returns a maker of the request; a new
request type is one row."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

import pytest
from sqlmodel import SQLModel, select

import storage.models  # noqa: F401 (every table registered on SQLModel.metadata)
from bot.sandbox.client import Reply
from bot.sandbox.fake_types import Entry
from bot.sandbox.stack import Stack
from bot.sandbox.workspace import (
    CLIENT,
    CLIENT2,
    CLIENT_CHANNEL,
    DEV,
    INTERNAL_CHANNEL,
    OTHER_CHANNEL,
    OWNER,
)
from storage.db import session_scope
from storage.models import ActionItem
from storage.projects import project_by_name
from tests.e2e.conftest import open_modal, setup_project, visible, wait_ephemeral, wait_post

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]  # delivery keys and compare-and-set

FORM = "application/x-www-form-urlencoded"
Request = tuple[bytes, str]  # a body and its content type, as Slack sends them
Maker = Callable[[], Request]  # each call: a new delivery (a new trigger_id or event_id)
IGNORED_TABLES = {"seenrequest"}  # the de-duplication's own bookkeeping
# A pause is refused past a year from today (the real clock here): a date that stays valid.
PAUSED_UNTIL = (datetime.now(UTC) + timedelta(days=60)).date().isoformat()


def form(fields: dict[str, str]) -> Request:
    return urlencode(fields).encode(), FORM


def command(user: str, text_command: str, text: str = "", channel: str = CLIENT_CHANNEL) -> Maker:
    return lambda: form(_STACK[0].sender.command_fields(user, channel, text_command, text))


def click(user: str, message: Entry, action_id: str, value: str | None = None) -> Maker:
    """Clicks on the message as first shown: a double click lands before the screen refreshes."""
    return lambda: form(_STACK[0].sender.click_fields(user, message, action_id, value, stale=True))


def submit(user: str, view: dict[str, Any], values: dict[str, Any]) -> Maker:
    return lambda: form(_STACK[0].sender.submit_fields(user, view["id"], values))


_STACK: list[Stack] = []  # the running stack, for the makers (one test at a time)


# -- arranging each request ---------------------------------------------------------------------


def feedback_card(stack: Stack) -> Entry:
    setup_project(stack)
    stack.sender.command(CLIENT, CLIENT_CHANNEL, "/feedback", "problem: staging logs me out")
    return wait_post(stack, INTERNAL_CHANNEL, "FB-1")


def the_poll(stack: Stack) -> Entry:
    setup_project(stack)
    stack.sender.command(OWNER, CLIENT_CHANNEL, "/project", "set client @dana @eli")
    stack.sender.command(OWNER, CLIENT_CHANNEL, "/project", "poll")
    return wait_post(stack, CLIENT_CHANNEL, "Quick check-in")


def voted_poll(stack: Stack) -> Entry:
    """The poll with Eli's score in, so that Eli's comment is taken."""
    poll = the_poll(stack)
    stack.sender.click(CLIENT2, poll, "poll_vote_4")
    assert stack.deps.background.wait_idle(10)
    return poll


def low_score_alert(stack: Stack) -> Entry:
    stack.sender.click(CLIENT, the_poll(stack), "poll_vote_1")
    return wait_post(stack, INTERNAL_CHANNEL, "low score")


def status_receipt(stack: Stack) -> Entry:
    setup_project(stack)
    stack.sender.command(DEV, CLIENT_CHANNEL, "/status", "on-track Payments shipped")
    return wait_ephemeral(stack, DEV, "Update posted")


def risk_list(stack: Stack) -> Entry:
    setup_project(stack)
    stack.sender.command(DEV, CLIENT_CHANNEL, "/risk", "add high The vendor may ship late")
    stack.sender.command(DEV, CLIENT_CHANNEL, "/risk", "list")
    return wait_ephemeral(stack, DEV, "Open risks")


def change_request(stack: Stack) -> Entry:
    setup_project(stack)
    stack.sender.command(DEV, CLIENT_CHANNEL, "/change")
    stack.sender.submit(
        DEV,
        open_modal(stack, "change_modal")["id"],
        {"title": "Add single sign-on", "reason": "IT asks", "schedule": "5", "cost": "2,000"},
    )
    return wait_post(stack, CLIENT_CHANNEL, "Add single sign-on")


def reminder(stack: Stack) -> Entry:
    """A reminder as the scheduler posts it: a DM whose button opens the update form."""
    setup_project(stack)
    with session_scope(stack.deps.engine) as session:
        project = project_by_name(session=session, name="Acme Website")
    assert project is not None
    return direct_message(stack, OWNER, "Time for your update", "status_open", str(project.id))


def direct_message(stack: Stack, user: str, text: str, action_id: str, value: str) -> Entry:
    """A DM from the bot with one button, as a scheduled reminder is."""
    button = {
        "type": "button",
        "action_id": action_id,
        "text": {"type": "plain_text", "text": "Press"},
        "value": value,
    }
    return stack.fake.record(
        Entry(
            "message",
            "D" + user[1:],
            stack.fake.bot_user_id,
            text,
            [{"type": "actions", "block_id": "r", "elements": [button]}],
            stack.fake.next_ts(),
        )
    )


MINUTES = {"decisions": "Launch on Dec 7", "item_1_what": "Send the logs", "item_1_who": CLIENT}


def action_item_reminder(stack: Stack) -> Entry:
    """Minutes with an action item, and its owner's reminder as the sweep sends it."""
    setup_project(stack)
    view = with_command_modal(stack, DEV, "/project", "meeting_minutes_modal", "minutes")
    stack.sender.submit(DEV, view["id"], MINUTES)
    wait_post(stack, CLIENT_CHANNEL, "Minutes")
    with session_scope(stack.deps.engine) as session:
        [item] = session.exec(select(ActionItem)).all()
    return direct_message(
        stack, CLIENT, "Your action item is due", "action_item_close", str(item.id)
    )


def opened(
    stack: Stack, user: str, message: Entry, action_id: str, callback_id: str
) -> dict[str, Any]:
    stack.sender.click(user, message, action_id)
    return open_modal(stack, callback_id)


def with_command_modal(
    stack: Stack, user: str, name: str, callback_id: str, text: str = ""
) -> dict[str, Any]:
    stack.sender.command(user, CLIENT_CHANNEL, name, text)
    return open_modal(stack, callback_id)


def event(stack: Stack, payload: dict[str, Any]) -> Maker:
    counter = iter(range(1, 1000))

    def make() -> Request:
        body = {
            "token": "deprecated-verification-token",
            "team_id": stack.fake.team_id,
            "api_app_id": "A0RAPPORT",
            "event": payload,
            "type": "event_callback",
            "event_id": f"Ev0REPLAY{next(counter)}",
            "event_time": 1790000001,
            "authorizations": [
                {"team_id": stack.fake.team_id, "user_id": stack.fake.bot_user_id, "is_bot": True}
            ],
        }
        return json.dumps(body).encode(), "application/json"

    return make


def client_message(stack: Stack) -> Maker:
    setup_project(stack)
    ts = stack.fake.next_ts()
    return event(
        stack,
        {
            "type": "message",
            "channel": CLIENT_CHANNEL,
            "user": CLIENT,
            "text": "Any news on the launch?",
            "ts": ts,
            "event_ts": ts,
            "team": "T0ACME",
            "user_team": "T0ACME",
            "channel_type": "channel",
        },
    )


def mention(stack: Stack) -> Maker:
    setup_project(stack)
    ts = stack.fake.next_ts()
    return event(
        stack,
        {
            "type": "app_mention",
            "user": CLIENT,
            "text": "<@U0RAPPORT> help?",
            "ts": ts,
            "channel": CLIENT_CHANNEL,
            "event_ts": ts,
        },
    )


def home(stack: Stack) -> Maker:
    setup_project(stack)
    return event(
        stack,
        {"type": "app_home_opened", "user": OWNER, "channel": "D0ANA", "tab": "home"},
    )


@dataclass(frozen=True)
class Case:
    name: str
    arrange: Callable[[Stack], Maker]
    double: bool = True  # a person can deliver it twice (a double click or submission)


def _project(stack: Stack) -> None:
    setup_project(stack)


def paused(stack: Stack) -> None:
    setup_project(stack)
    stack.sender.command(OWNER, CLIENT_CHANNEL, "/project", f"pause until {PAUSED_UNTIL}")


def _nothing(stack: Stack) -> None:
    pass


Arrange = Callable[[Stack], Any]


def typed(
    user: str, name: str, text: str, before: Arrange = _project, channel: str = CLIENT_CHANNEL
) -> Callable[[Stack], Maker]:
    def arrange(stack: Stack) -> Maker:
        before(stack)
        return command(user, name, text, channel)

    return arrange


def pressed(user: str, where: Callable[[Stack], Entry], action_id: str) -> Callable[[Stack], Maker]:
    return lambda stack: click(user, where(stack), action_id)


def filled_after_command(
    user: str, name: str, callback_id: str, values: dict[str, Any], text: str = ""
) -> Callable[[Stack], Maker]:
    def arrange(stack: Stack) -> Maker:
        if text != "setup":
            setup_project(stack)
        return submit(user, with_command_modal(stack, user, name, callback_id, text), values)

    return arrange


def filled_after_click(
    user: str,
    where: Callable[[Stack], Entry],
    action_id: str,
    callback_id: str,
    values: dict[str, Any],
) -> Callable[[Stack], Maker]:
    def arrange(stack: Stack) -> Maker:
        return submit(user, opened(stack, user, where(stack), action_id, callback_id), values)

    return arrange


SSO = {"title": "Dark mode", "reason": "Asked", "schedule": "2", "cost": "500"}

CASES = [
    # slash commands that change something (a retry only: typing twice is two requests)
    Case(
        "/project setup", typed(OWNER, "/project", "setup Globex", _nothing, OTHER_CHANNEL), False
    ),
    Case("/project set", typed(OWNER, "/project", "set timezone Europe/Paris"), False),
    Case("/project poll", typed(OWNER, "/project", "poll", the_poll), False),
    Case("/project plan post", typed(OWNER, "/project", "plan post"), False),
    Case("/project set client", typed(OWNER, "/project", "set client @dana @eli"), False),
    Case("/project pause", typed(OWNER, "/project", f"pause until {PAUSED_UNTIL}"), False),
    Case("/project resume", typed(OWNER, "/project", "resume", paused), False),
    Case("/project export", typed(OWNER, "/project", "export"), False),
    Case("/project report", typed(OWNER, "/project", "report week"), False),
    Case("/project set meeting", typed(OWNER, "/project", "set meeting tue 10:00 Call"), False),
    Case("/status remind off", typed(DEV, "/status", "remind off"), False),
    Case("/status quick", typed(DEV, "/status", "on-track 60% Login done"), False),
    Case("/status digest post", typed(OWNER, "/status", "digest post"), False),
    Case("/feedback quick", typed(CLIENT, "/feedback", "Pages are slow"), False),
    Case("/feedback withdraw", typed(CLIENT, "/feedback", "withdraw FB-1", feedback_card), False),
    Case("/risk add", typed(DEV, "/risk", "add high Vendor late"), False),
    Case("/risk close", typed(DEV, "/risk", "close R-1 Second vendor", risk_list), False),
    Case("/change withdraw", typed(DEV, "/change", "withdraw CR-1", change_request), False),
    # buttons
    Case("feedback ack", pressed(OWNER, feedback_card, "feedback_ack")),
    Case("feedback resolve", pressed(OWNER, feedback_card, "feedback_resolve")),
    Case("poll vote", pressed(CLIENT, the_poll, "poll_vote_4")),
    Case("poll low vote", pressed(CLIENT, the_poll, "poll_vote_1")),
    Case("poll comment", pressed(CLIENT2, the_poll, "poll_comment")),
    Case("poll follow-up", pressed(DEV, low_score_alert, "poll_follow_up")),
    Case("status edit", pressed(DEV, status_receipt, "status_edit")),
    Case("status delete", pressed(DEV, status_receipt, "status_delete")),
    Case("risk close", pressed(DEV, risk_list, "risk_close")),
    Case("change approve", pressed(CLIENT, change_request, "change_approve")),
    Case("change reject", pressed(CLIENT, change_request, "change_reject")),
    Case("change ask", pressed(CLIENT, change_request, "change_ask")),
    Case("change withdraw", pressed(DEV, change_request, "change_withdraw")),
    Case("reminder open", pressed(OWNER, reminder, "status_open")),
    Case("action item close", pressed(CLIENT, action_item_reminder, "action_item_close")),
    # modal submissions (the double: one modal submitted twice with the same values)
    Case(
        "setup modal",
        filled_after_command(OWNER, "/project", "project_setup_modal", {"name": "Acme"}, "setup"),
    ),
    Case("status modal", filled_after_command(DEV, "/status", "status_modal", {"text": "Shipped"})),
    Case(
        "feedback modal",
        filled_after_command(CLIENT, "/feedback", "feedback_modal", {"text": "Great"}),
    ),
    Case(
        "minutes modal",
        filled_after_command(DEV, "/project", "meeting_minutes_modal", MINUTES, "minutes"),
    ),
    Case("risk modal", filled_after_command(DEV, "/risk", "risk_modal", {"title": "Vendor late"})),
    Case("change modal", filled_after_command(DEV, "/change", "change_modal", SSO)),
    Case(
        "resolve modal",
        filled_after_click(
            OWNER, feedback_card, "feedback_resolve", "feedback_resolve_modal", {"note": "Fixed"}
        ),
    ),
    Case(
        "poll comment modal",
        filled_after_click(
            CLIENT2, voted_poll, "poll_comment", "poll_comment_modal", {"comment": "Slow"}
        ),
    ),
    Case(
        "poll follow-up modal",
        filled_after_click(
            DEV, low_score_alert, "poll_follow_up", "poll_follow_up_modal", {"note": "Weekly"}
        ),
    ),
    Case(
        "risk close modal",
        filled_after_click(
            DEV, risk_list, "risk_close", "risk_close_modal", {"note": "Second vendor"}
        ),
    ),
    Case(
        "change reject modal",
        filled_after_click(
            CLIENT, change_request, "change_reject", "change_reject_modal", {"note": "No"}
        ),
    ),
    Case(
        "change question modal",
        filled_after_click(
            CLIENT, change_request, "change_ask", "change_question_modal", {"note": "Which?"}
        ),
    ),
    # events (a retry only: Slack sends an event once, under one event_id)
    Case("client message", client_message, False),
    Case("app mention", mention, False),
    Case("app home opened", home, False),
]


def db_state(stack: Stack) -> dict[str, list[str]]:
    with stack.deps.engine.connect() as connection:
        return {
            table.name: sorted(repr(tuple(row)) for row in connection.execute(table.select()))
            for table in SQLModel.metadata.sorted_tables
            if table.name not in IGNORED_TABLES
        }


def said(stack: Stack) -> list[tuple[str, str | None, str]]:
    """What the bot did in Slack, in order: posts, updates, ephemerals, modals, files."""
    return [
        (e.kind, e.channel, visible(e))
        for e in stack.fake.timeline
        if e.user == stack.fake.bot_user_id or e.kind in ("modal", "home")
    ]


def deliver(stack: Stack, request: Request, *, retry: bool = False) -> Reply:
    headers = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"} if retry else {}
    reply = stack.sender.send(*request, headers=headers)
    assert reply.status == 200, reply.body
    # What follows the acknowledgement runs in the background: wait for all of it to finish.
    assert stack.deps.background.wait_idle(timeout=10)
    stack.fake.wait_quiet(quiet=0.1)
    return reply


@pytest.fixture
def running(stack: Stack) -> Stack:
    _STACK[:] = [stack]
    return stack


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_a_slack_retry_has_no_effect(running: Stack, case: Case) -> None:
    request = case.arrange(running)()
    deliver(running, request)
    before, shown = db_state(running), said(running)
    retry = deliver(running, request, retry=True)
    assert retry.body == ""
    assert db_state(running) == before
    assert said(running) == shown


DOUBLES = [c for c in CASES if c.double]


@pytest.mark.parametrize("case", DOUBLES, ids=[c.name for c in DOUBLES])
def test_a_double_click_has_one_effect(running: Stack, case: Case) -> None:
    make = case.arrange(running)
    deliver(running, make())
    before = db_state(running)
    posted = [e for e in said(running) if e[0] in ("message", "file")]
    deliver(running, make())
    assert db_state(running) == before
    # No second post anywhere; a second modal, or a word to the person who clicked, is fine.
    assert [e for e in said(running) if e[0] in ("message", "file")] == posted
