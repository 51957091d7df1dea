"""First-response times from message events, through the real server: answered in a thread, in
the channel, never (the alert at 80% of the target, once, updated on the answer), over a
weekend; retries, edits, deletions, joins and the team's own messages start nothing."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from PIL import Image
from sqlmodel import col, select

from bot.platform.slack_client import make_web_client
from bot.responses.service import alert_slow_answers
from bot.sandbox.client import Reply
from bot.sandbox.fake_types import Entry
from bot.sandbox.stack import Stack
from bot.sandbox.workspace import (
    CLIENT,
    CLIENT2,
    CLIENT_CHANNEL,
    DESIGNER,
    DEV,
    INTERNAL_CHANNEL,
    OWNER,
)
from storage.db import session_scope
from storage.models import ClientMessage, Project, TeamReply
from tests.e2e.conftest import Clock, posts, setup_project, visible, wait_post
from tests.language import assert_chinese, assert_english

pytestmark = pytest.mark.e2e
BERLIN = ZoneInfo("Europe/Berlin")
OWNER_DM, DESIGNER_DM = "D" + OWNER[1:], "D" + DESIGNER[1:]


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """Day 16 is Monday 16 November 2026, Berlin time (UTC+1)."""
    return datetime(2026, 11, day, hour, minute, tzinfo=BERLIN)


@pytest.fixture
def stack(timed_stack: Stack, clock: Clock) -> Iterator[Stack]:
    clock.now = at(16, 8)
    setup_project(timed_stack)
    yield timed_stack


def say(stack: Stack, user: str, when: datetime, text: str, thread: str | None = None) -> str:
    ts, reply = stack.sender.say(user, CLIENT_CHANNEL, text, at=when.timestamp(), thread_ts=thread)
    assert reply.status == 200
    stack.fake.wait_for(lambda: known(stack, ts))  # Bolt acknowledges events before handling
    return ts


def known(stack: Stack, ts: str) -> bool:
    with session_scope(stack.deps.engine) as session:
        return any(
            session.exec(select(table).where(table.ts == ts)).first() is not None
            for table in (ClientMessage, TeamReply)
        )


def stored(stack: Stack) -> list[ClientMessage]:
    stack.fake.wait_quiet()
    with session_scope(stack.deps.engine) as session:
        return list(session.exec(select(ClientMessage).order_by(col(ClientMessage.id))))


def waits(stack: Stack) -> dict[str, int | None]:
    return {m.ts: m.response_seconds for m in stored(stack)}


def sweep(stack: Stack, clock: Clock, when: datetime) -> list[str]:
    clock.now = when
    with session_scope(stack.deps.engine) as session:
        [project] = session.exec(select(Project)).all()
    return alert_slow_answers(stack.deps, make_web_client(stack.deps.settings), project)


def test_an_answer_in_the_thread_and_one_in_the_channel_stop_the_clock(stack: Stack) -> None:
    first = say(stack, CLIENT, at(16, 10), "Can we move the demo?")
    say(stack, DEV, at(16, 11, 30), "Yes — Thursday works", thread=first)
    second = say(stack, CLIENT2, at(16, 12), "And the invoice?")
    say(stack, OWNER, at(16, 12, 45), "Sent this morning, Eli")
    assert waits(stack) == {first: 90 * 60, second: 45 * 60}
    answers = {m.ts: m.answered_by for m in stored(stack)}
    assert answers == {first: DEV, second: OWNER}


def test_a_message_left_unanswered_alerts_once_at_80_percent_and_the_alert_follows_up(
    stack: Stack, clock: Clock
) -> None:
    waiting = say(stack, CLIENT, at(17, 9), "Is staging down?")
    # One working day is 9 h; 80% of it is 7 h 12 min, reached at 16:12.
    assert sweep(stack, clock, at(17, 16, 11)) == []
    assert sweep(stack, clock, at(17, 16, 13)) == [waiting]
    assert sweep(stack, clock, at(17, 17, 30)) == []  # never twice
    [alert] = [e for e in posts(stack, INTERNAL_CHANNEL) if "has waited" in e.text]
    assert f"<@{CLIENT}>" in alert.text and "7.2 working hours" in alert.text
    assert alert.text.startswith(f"⏱️ <@{OWNER}> ") and "9.0 working hours" in alert.text
    assert f"/archives/{CLIENT_CHANNEL}/p{waiting.replace('.', '')}" in alert.text

    say(stack, DEV, at(18, 10), "It was, it is back", thread=waiting)
    answered = stack.fake.wait_for(
        lambda: "answered" in stack.fake.latest(alert).text and stack.fake.latest(alert)
    )
    assert f"<@{DEV}> answered <@{CLIENT}>" in answered.text
    assert "after 10.0 working hours, past the target of 9.0 working hours" in answered.text
    assert waits(stack) == {waiting: 10 * 3600}


def test_an_alert_to_every_owner_directly_is_updated_for_each_in_their_language(
    timed_stack: Stack, clock: Clock
) -> None:
    stack = timed_stack
    clock.now = at(16, 8)
    setup_project(stack, internal=None)  # no internal channel: each owner hears directly
    named = stack.sender.command(OWNER, CLIENT_CHANNEL, "/project", f"set owner <@{DESIGNER}>")
    assert "now has the role owner" in named.text, named.text
    stack.fake.users[DESIGNER].locale = "zh-CN"  # before Rapport first asks who Chen is
    waiting = say(stack, CLIENT, at(17, 9), "Is staging down?")
    assert sweep(stack, clock, at(17, 16, 13)) == [waiting]
    to_owner = wait_post(stack, OWNER_DM, "has waited")
    to_designer = wait_post(stack, DESIGNER_DM, "已等待回复")

    say(stack, DEV, at(18, 10), "It was, it is back", thread=waiting)

    owner_sees = stack.fake.wait_for(
        lambda: "answered" in stack.fake.latest(to_owner).text and stack.fake.latest(to_owner)
    )
    designer_sees = stack.fake.wait_for(
        lambda: "回复了" in stack.fake.latest(to_designer).text and stack.fake.latest(to_designer)
    )
    assert f"<@{DEV}> answered <@{CLIENT}>" in owner_sees.text
    assert "past the target of 9.0 working hours" in owner_sees.text
    assert_english(owner_sees.text)
    assert f"<@{DEV}> 回复了 <@{CLIENT}>" in designer_sees.text and "超过了" in designer_sees.text
    assert_chinese(designer_sees.text)


def test_working_hours_leave_out_the_night_and_the_weekend(stack: Stack) -> None:
    friday = say(stack, CLIENT, at(20, 17), "Have a good weekend — one question first")
    say(stack, DEV, at(23, 10), "Good morning! Here is the answer", thread=friday)
    assert waits(stack) == {friday: 2 * 3600}  # Friday 17–18 and Monday 9–10


def test_custom_hours_count_instead(stack: Stack) -> None:
    reply = stack.sender.command(OWNER, CLIENT_CHANNEL, "/project", "set hours sun-thu 08:00-17:00")
    assert "Working hours set to Sun–Thu 8:00\u202fAM–5:00\u202fPM (Europe/Berlin)" in reply.text
    friday = say(stack, CLIENT, at(20, 10), "A Friday question")
    say(stack, DEV, at(22, 9), "Answered on Sunday", thread=friday)
    assert waits(stack) == {friday: 3600}  # Sunday 08:00–09:00


def test_retries_edits_joins_deletions_and_the_team_start_nothing(
    stack: Stack, clock: Clock
) -> None:
    event = {
        "type": "message",
        "channel": CLIENT_CHANNEL,
        "user": CLIENT,
        "user_team": "T0ACME",
        "text": "Hello?",
        "ts": f"{at(16, 10).timestamp():.6f}",
        "channel_type": "channel",
    }
    first = stack.sender.event(event, event_id="Ev0HELLO")
    retry = stack.sender.event(event, event_id="Ev0HELLO", retry_num=1)
    again = stack.sender.event(event, event_id="Ev0HELLO2")  # the same message, delivered anew
    assert first.status == retry.status == again.status == 200
    stack.sender.edit(CLIENT, CLIENT_CHANNEL, event["ts"], "Hello? Anyone?")
    stack.sender.event(
        {
            "type": "message",
            "subtype": "channel_join",
            "channel": CLIENT_CHANNEL,
            "user": CLIENT2,
            "ts": f"{at(16, 10, 5).timestamp():.6f}",
            "text": "<@U0ELI> has joined the channel",
        }
    )
    stack.sender.event(
        {
            "type": "message",
            "subtype": "bot_message",
            "channel": CLIENT_CHANNEL,
            "bot_id": "B0OTHER",
            "ts": f"{at(16, 10, 6).timestamp():.6f}",
            "text": "Build passed",
        }
    )
    say(stack, DEV, at(16, 10, 7), "Morning all")  # the team's own message answers Hello?
    deleted = say(stack, CLIENT2, at(16, 11), "Oops, wrong channel")
    stack.sender.delete(CLIENT2, CLIENT_CHANNEL, deleted)
    rows = stored(stack)
    assert [(m.author_id, m.response_seconds, m.withdrawn) for m in rows] == [
        (CLIENT, 7 * 60, False),
        (CLIENT2, None, True),
    ]
    assert sweep(stack, clock, at(18, 9)) == []  # a withdrawn message is never alerted


def test_an_answer_delivered_before_the_question_still_stops_its_clock(stack: Stack) -> None:
    question_ts = f"{at(16, 14).timestamp():.6f}"
    say(stack, DEV, at(16, 14, 20), "Yes, it is on the list", thread=question_ts)
    say(stack, CLIENT, at(16, 14), "Is the FAQ page planned?")  # Slack delivered it late
    assert waits(stack) == {question_ts: 20 * 60}


def test_the_team_reads_the_figures_and_gets_the_chart_by_dm(stack: Stack, clock: Clock) -> None:
    first = say(stack, CLIENT, at(16, 10), "Can we move the demo?")
    say(stack, DEV, at(16, 11, 30), "Yes", thread=first)
    say(stack, CLIENT, at(17, 9), "Is staging down?")
    say(stack, OWNER, at(18, 10), "Back up, sorry")
    clock.now = at(20, 17)
    reply = stack.sender.command(OWNER, CLIENT_CHANNEL, "/project", "report week")
    shown = visible_reply(reply)
    assert "Acme Website — this week" in shown
    # Waits: 1.5 h and 10 h; median 5.75 h; one of two within the 9 h target.
    assert "*First response, median*\\n5.8 working hours" in shown
    assert "*First response, 90th percentile*\\n10.0 working hours" in shown
    assert "*Answered within target*\\n50% (1 of 2)" in shown
    assert f"<@{DEV}>: 1 first answer, median 1.5 working hours" in shown
    dm = stack.fake.wait_for(lambda: stack.fake.messages("D" + OWNER[1:], kind="file"))
    [chart] = dm[-1].files
    assert chart["name"] == "rapport-week.png" and chart["data"].startswith(b"\x89PNG")
    image = Image.open(io.BytesIO(chart["data"]))
    image.verify()
    assert image.size[0] > 600

    refused = stack.sender.command(CLIENT, CLIENT_CHANNEL, "/project", "report")
    assert refused.text == "The project's figures are for its team."
    wrong = stack.sender.command(OWNER, CLIENT_CHANNEL, "/project", "report year")
    assert "`month` (4 weeks)" in wrong.text


def visible_reply(reply: Reply) -> str:
    return visible(Entry("ephemeral", None, None, reply.text, reply.json().get("blocks", [])))
