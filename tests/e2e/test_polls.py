"""Satisfaction polls through the real server: opening, votes, anonymity, closing, alerts."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from bot.app import build_scheduler
from bot.sandbox.stack import Stack
from bot.sandbox.workspace import CLIENT, CLIENT2, CLIENT_CHANNEL, DEV, INTERNAL_CHANNEL, OWNER
from storage.db import session_scope
from storage.models import Poll, PollVote
from storage.projects import project_by_name
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

MONDAY = datetime(2026, 11, 16, 8, 0, tzinfo=UTC)
DIGEST_AT = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)  # Friday 16:00 in Berlin


def open_poll(stack: Stack) -> None:
    stack.sender.command(OWNER, CLIENT_CHANNEL, "/project", "set client @dana @eli")
    stack.sender.command(OWNER, CLIENT_CHANNEL, "/project", "poll")
    wait_ephemeral(stack, OWNER, "Poll posted")


def the_poll(stack: Stack):  # type: ignore[no-untyped-def]
    return wait_post(stack, CLIENT_CHANNEL, "Quick check-in")


def votes(stack: Stack) -> list[PollVote]:
    with session_scope(stack.deps.engine) as session:
        return list(session.exec(select(PollVote)))


def test_clients_vote_once_each_and_can_change_their_answer(stack: Stack) -> None:
    setup_project(stack)
    open_poll(stack)
    poll = the_poll(stack)
    assert "Anonymous" in visible(poll) and "0 answered" in visible(poll)
    stack.sender.click(CLIENT, poll, "poll_vote_4")
    wait_ephemeral(stack, CLIENT, "Your answer (4) is recorded")
    stack.sender.click(CLIENT, poll, "poll_vote_5")
    wait_ephemeral(stack, CLIENT, "Your answer (5) is changed")
    stack.sender.click(CLIENT2, poll, "poll_vote_3")
    wait_ephemeral(stack, CLIENT2, "Your answer (3) is recorded")
    stack.fake.wait_for(lambda: "2 answered" in visible(stack.fake.latest(poll)))
    assert sorted(v.score for v in votes(stack)) == [3, 5]
    again = stack.sender.command(OWNER, CLIENT_CHANNEL, "/project", "poll")
    stack.fake.wait_quiet()
    assert again.status == 200
    wait_ephemeral(stack, OWNER, "A poll is open already")


def test_a_vote_given_before_slack_confirmed_the_poll_still_shows_in_its_count(
    stack: Stack,
) -> None:
    setup_project(stack)
    stack.sender.command(OWNER, CLIENT_CHANNEL, "/project", "set client @dana @eli")
    stack.fake.delay_next("chat.postMessage", 1.5)  # posted at once, confirmed only later
    stack.sender.command(OWNER, CLIENT_CHANNEL, "/project", "poll")
    poll = the_poll(stack)
    stack.sender.click(CLIENT, poll, "poll_vote_4")
    wait_ephemeral(stack, CLIENT, "Your answer (4) is recorded")
    wait_ephemeral(stack, OWNER, "Poll posted")
    stack.fake.wait_for(lambda: "1 answered" in visible(stack.fake.latest(poll)))


def test_team_votes_are_not_counted(stack: Stack) -> None:
    setup_project(stack)
    open_poll(stack)
    stack.sender.click(DEV, the_poll(stack), "poll_vote_5")
    wait_ephemeral(stack, DEV, "team votes are not counted")
    assert votes(stack) == []


def test_an_anonymous_poll_keeps_no_identity_anywhere(stack: Stack) -> None:
    setup_project(stack)
    open_poll(stack)
    stack.sender.click(CLIENT, the_poll(stack), "poll_vote_2")  # low: alerts the owners
    alert = wait_post(stack, INTERNAL_CHANNEL, "low score (2)")
    assert CLIENT not in visible(alert)
    [vote] = votes(stack)
    assert vote.user_id is None and CLIENT not in vote.voter_key
    with session_scope(stack.deps.engine) as session:
        [poll] = list(session.exec(select(Poll)))
        assert poll.voter_secret is not None
        poll.closes_at = stack.deps.clock() - timedelta(minutes=1)
        session.add(poll)
    build_scheduler(stack.deps).sweep()
    results = wait_post(stack, CLIENT_CHANNEL, "Poll results")
    # Dana and Eli (Slack Connect) and Gia (a guest) are the channel's clients: 1 of 3 answered.
    assert "2.0 / 5" in visible(results) and "33% of the client members" in visible(results)
    wait_post(stack, INTERNAL_CHANNEL, "Poll results")
    with session_scope(stack.deps.engine) as session:
        [poll] = list(session.exec(select(Poll)))
        # Closed: the key is gone, so not even an operator can test who gave the 2 any more.
        assert poll.closed_at is not None and poll.voter_secret is None
    for params in stack.fake.calls_of("chat.postMessage") + stack.fake.calls_of("chat.update"):
        assert CLIENT not in json.dumps(params)


def test_a_named_poll_tells_the_team_who_scored_low(stack: Stack) -> None:
    setup_project(stack)
    with session_scope(stack.deps.engine) as session:
        project = project_by_name(session=session, name="Acme Website")
        assert project is not None
        project.poll_anonymity = "named"
        session.add(project)
    open_poll(stack)
    poll = the_poll(stack)
    assert "Named" in visible(poll)
    stack.sender.click(CLIENT, poll, "poll_vote_1")
    alert = wait_post(stack, INTERNAL_CHANNEL, "low score (1)")
    assert f"<@{CLIENT}>" in visible(alert)
    assert [v.user_id for v in votes(stack)] == [CLIENT]


def test_clients_cannot_open_polls(stack: Stack) -> None:
    setup_project(stack)
    reply = stack.sender.command(CLIENT, CLIENT_CHANNEL, "/project", "poll")
    assert "opened by the project team" in reply.text
    assert not [e for e in posts(stack, CLIENT_CHANNEL) if "Quick check-in" in e.text]


def test_the_plan_opens_a_poll_on_the_digest_day_once_per_period(
    timed_stack: Stack, clock: Clock
) -> None:
    clock.now = MONDAY
    setup_project(timed_stack)
    answer = timed_stack.sender.command(OWNER, CLIENT_CHANNEL, "/project", "set poll every 2 weeks")
    assert "every 2 weeks" in answer.text
    scheduler = build_scheduler(timed_stack.deps)
    acme = project_id(timed_stack)
    clock.now = DIGEST_AT
    scheduler.fire("poll", acme)
    scheduler.fire("poll", acme)
    assert len(check_ins(timed_stack)) == 1
    clock.now = DIGEST_AT + timedelta(days=4)
    scheduler.sweep()  # past its 3-day window: closed, results posted
    wait_post(timed_stack, CLIENT_CHANNEL, "Poll results")
    clock.now = DIGEST_AT + timedelta(days=7)  # one week on: too soon for the next
    scheduler.fire("poll", acme)
    assert len(check_ins(timed_stack)) == 1
    clock.now = DIGEST_AT + timedelta(days=14)
    scheduler.fire("poll", acme)
    assert len(check_ins(timed_stack)) == 2


def test_poll_settings(stack: Stack) -> None:
    setup_project(stack)
    send = stack.sender
    assert "NPS" in send.command(OWNER, CLIENT_CHANNEL, "/project", "set poll-kind nps").text
    assert (
        "named" in send.command(OWNER, CLIENT_CHANNEL, "/project", "set poll-anonymity named").text
    )
    assert "turned off" in send.command(OWNER, CLIENT_CHANNEL, "/project", "set poll off").text
    asked = send.command(OWNER, CLIENT_CHANNEL, "/project", "set poll-question Are we on course?")
    assert "Are we on course?" in asked.text
    assert (
        "`poll every 4 weeks`"
        in send.command(OWNER, CLIENT_CHANNEL, "/project", "set poll sometimes").text
    )
    send.command(OWNER, CLIENT_CHANNEL, "/project", "poll")
    poll = the_poll(stack)
    buttons = [e["action_id"] for b in poll.blocks if b["type"] == "actions" for e in b["elements"]]
    assert buttons == [f"poll_vote_{n}" for n in range(11)] + ["poll_comment"]  # NPS: 0 to 10
    assert "Named" in visible(poll) and "Are we on course?" in visible(poll)


def check_ins(stack: Stack) -> list[str]:
    return [e.ts for e in posts(stack, CLIENT_CHANNEL) if "Quick check-in" in visible(e)]


def project_id(stack: Stack) -> int:
    with session_scope(stack.deps.engine) as session:
        found = project_by_name(session=session, name="Acme Website")
    assert found is not None and found.id is not None
    return found.id


def test_a_comment_on_a_low_score_alerts_and_the_follow_up_reaches_the_digest(
    stack: Stack,
) -> None:
    setup_project(stack)
    open_poll(stack)
    poll = the_poll(stack)
    stack.sender.click(CLIENT2, poll, "poll_comment")
    modal = open_modal(stack, "poll_comment_modal")
    first = stack.sender.submit(CLIENT2, modal["id"], {"comment": "Too slow"})
    assert "Pick a score first" in first.json()["errors"]["comment"]
    stack.sender.click(CLIENT2, poll, "poll_vote_2")
    wait_ephemeral(stack, CLIENT2, "Your answer (2) is recorded")
    stack.sender.click(CLIENT2, poll, "poll_comment")
    modal = open_modal(stack, "poll_comment_modal")
    assert (
        stack.sender.submit(CLIENT2, modal["id"], {"comment": "Releases are too slow"}).body == ""
    )
    alert = stack.fake.wait_for(
        lambda: next(
            (e for e in posts(stack, INTERNAL_CHANNEL) if "Releases are too slow" in visible(e)),
            None,
        )
    )
    assert CLIENT2 not in visible(alert)  # anonymous: the comment, not the person
    [vote] = votes(stack)
    assert vote.comment == "Releases are too slow" and vote.user_id is None
    stack.sender.click(DEV, alert, "poll_follow_up")
    follow = open_modal(stack, "poll_follow_up_modal")
    stack.sender.submit(DEV, follow["id"], {"note": "We now release every Tuesday"})
    wait_post(stack, INTERNAL_CHANNEL, "follows up on the poll")
    stack.sender.command(OWNER, CLIENT_CHANNEL, "/status", "digest post")
    digest = wait_post(stack, CLIENT_CHANNEL, "Weekly update")
    assert "About your recent poll answers" in visible(digest)
    assert "We now release every Tuesday" in visible(digest)


def test_clients_cannot_follow_up(stack: Stack) -> None:
    setup_project(stack)
    open_poll(stack)
    stack.sender.click(CLIENT, the_poll(stack), "poll_vote_1")
    alert = wait_post(stack, INTERNAL_CHANNEL, "low score")
    stack.sender.click(CLIENT, alert, "poll_follow_up")
    wait_ephemeral(stack, CLIENT, "Only the project team can follow up")
