"""The communication review through the real server: opened by the team or by the plan each
quarter, answered anonymously by the client and the team, closed with the results to the
owners, whose improvement note reaches the quarterly report and the plan document."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from bot.app import build_scheduler
from bot.platform.slack_client import make_web_client
from bot.sandbox.fake_types import Entry
from bot.sandbox.stack import Stack
from bot.sandbox.workspace import CLIENT, CLIENT_CHANNEL, DEV, INTERNAL_CHANNEL, OWNER
from storage.db import session_scope
from storage.models import JobRun, Review, ReviewAnswer
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


def answer(stack: Stack, who: str, review: Entry, **values: str) -> None:
    stack.sender.click(who, review, "review_answer")
    form = stack.fake.wait_for(
        lambda: next(
            (
                v
                for v in reversed(stack.fake.opened_views())
                if v["callback_id"] == "review_answer_modal" and v.get("opened_for") != "used"
            ),
            None,
        )
    )
    form["opened_for"] = "used"
    reply = stack.sender.submit(who, form["id"], values)
    assert reply.body == "", reply.body


def answers(stack: Stack) -> list[ReviewAnswer]:
    with session_scope(stack.deps.engine) as session:
        return list(session.exec(select(ReviewAnswer)))


def close_reviews(stack: Stack) -> None:
    with session_scope(stack.deps.engine) as session:
        for review in session.exec(select(Review)):
            review.closes_at = stack.deps.clock() - timedelta(minutes=1)
            session.add(review)
    build_scheduler(stack.deps, make_web_client(stack.deps.settings)).sweep()


def test_a_review_is_answered_anonymously_and_the_owners_note_reaches_the_plan(
    stack: Stack,
) -> None:
    setup_project(stack)
    send = stack.sender
    refused = send.command(CLIENT, CLIENT_CHANNEL, "/project", "review")
    assert "Reviews are opened by the project team" in refused.text
    send.command(DEV, CLIENT_CHANNEL, "/project", "review")
    wait_ephemeral(stack, DEV, "Communication review posted in <#C0ACME>")
    review = wait_post(stack, CLIENT_CHANNEL, "How is our communication working?")
    assert "Is the cadence right?" in visible(review) and "The last 13 weeks:" in visible(review)
    send.command(DEV, CLIENT_CHANNEL, "/project", "review")
    wait_ephemeral(stack, DEV, "A review is open already")

    send.click(CLIENT, review, "review_answer")
    form = open_modal(stack, "review_answer_modal")
    missing = send.submit(CLIENT, form["id"], {"cadence": "right", "useful": "maybe"})
    assert missing.json()["errors"] == {"useful": "Pick one."}
    send.submit(CLIENT, form["id"], {"cadence": "too-often", "useful": "very", "change": "Less"})
    wait_ephemeral(stack, CLIENT, "your answer is recorded. It stays anonymous")
    answer(stack, CLIENT, review, cadence="right", useful="very", change="Tell us delays earlier")
    wait_ephemeral(stack, CLIENT, "your answer is changed")
    answer(stack, DEV, review, cadence="too-rare", useful="somewhat", change="")
    stack.fake.wait_for(lambda: "2 answered so far" in visible(stack.fake.latest(review)))
    rows = answers(stack)
    assert sorted((a.side, a.cadence) for a in rows) == [("client", "right"), ("team", "too-rare")]
    assert all(CLIENT not in a.voter_key and DEV not in a.voter_key for a in rows)

    close_reviews(stack)
    results = wait_post(stack, INTERNAL_CHANNEL, "Communication review of Acme Website: results")
    shown = visible(results)
    assert "2 answers (1 from the client, 1 from the team)" in shown
    assert "cadence about right for 50%" in shown and "Tell us delays earlier" in shown
    assert CLIENT not in shown and DEV not in shown.replace(f"<@{OWNER}>", "")
    stack.fake.wait_for(lambda: "This review is closed" in visible(stack.fake.latest(review)))
    with session_scope(stack.deps.engine) as session:
        [stored] = list(session.exec(select(Review)))
        assert stored.closed_at is not None and stored.voter_secret is None
    build_scheduler(stack.deps, make_web_client(stack.deps.settings)).sweep()  # told once
    assert len([e for e in posts(stack, INTERNAL_CHANNEL) if "results" in e.text]) == 1

    send.command(OWNER, CLIENT_CHANNEL, "/project", "plan document")
    wait_ephemeral(stack, OWNER, "is now the canvas")
    send.click(DEV, results, "review_note")
    wait_ephemeral(stack, DEV, "written by the project's owners")
    send.click(OWNER, results, "review_note")
    note_form = open_modal(stack, "review_note_modal")
    send.submit(OWNER, note_form["id"], {"note": "We tell delays the day we know them."})
    wait_ephemeral(stack, OWNER, "The improvement note is saved")
    canvas = stack.fake.wait_for(
        lambda: next(
            (c["markdown"] for c in stack.fake.canvases.values() if "Version 2" in c["markdown"]),
            None,
        )
    )
    assert "**Latest review** (closed " in canvas
    assert "We tell delays the day we know them." in canvas
    report = send.command(OWNER, CLIENT_CHANNEL, "/project", "report quarter")
    assert "*Communication review* (closed" in report.text
    assert "We tell delays the day we know them." in report.text


MONDAY = datetime(2026, 12, 28, 8, 0, tzinfo=UTC)
FIRST_FRIDAY = datetime(2027, 1, 1, 15, 0, tzinfo=UTC)  # Friday 16:00 in Berlin


@pytest.mark.postgres  # a claim per quarter, across schedulers
def test_the_plan_opens_a_review_each_quarter_once(timed_stack: Stack, clock: Clock) -> None:
    clock.now = MONDAY
    setup_project(timed_stack)
    send = timed_stack.sender
    assert (
        "every 6 months"
        in send.command(OWNER, CLIENT_CHANNEL, "/project", "set review every 6 months").text
    )
    assert (
        "`review quarterly`"
        in send.command(OWNER, CLIENT_CHANNEL, "/project", "set review sometimes").text
    )
    send.command(OWNER, CLIENT_CHANNEL, "/project", "set review quarterly")
    send.command(OWNER, CLIENT_CHANNEL, "/project", "set report off")  # no charts to draw here
    with session_scope(timed_stack.deps.engine) as session:
        project = project_by_name(session=session, name="Acme Website")
    assert project is not None and project.id is not None
    unpaced = make_web_client(timed_stack.deps.settings)
    scheduler = build_scheduler(timed_stack.deps, unpaced)
    clock.now = FIRST_FRIDAY + timedelta(hours=2)  # down at 16:00, back within the catch-up
    scheduler.sweep()
    scheduler.fire("review", project.id)
    build_scheduler(timed_stack.deps).fire("review", project.id)  # another replica
    reviews = [
        e for e in posts(timed_stack, CLIENT_CHANNEL) if "How is our communication" in e.text
    ]
    assert len(reviews) == 1
    with session_scope(timed_stack.deps.engine) as session:
        runs = list(session.exec(select(JobRun).where(JobRun.job == "review")))
    assert [(r.period_key, r.state, r.late) for r in runs] == [("2027-01", "posted", True)]
