"""Slack failing under each kind of Web API call the bot makes: a 429 with Retry-After, a 500,
and an answer slower than the client's timeout (the call was carried out; the bot never heard).

For each, the person does what makes that call, and the suite checks what they would notice:
the thing arrives exactly once after the retry, or the failure is recorded (or told) and a later
tick or a second try delivers it once. Never a duplicate in the fake's timeline."""

from __future__ import annotations

import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import partial

import pytest
from sqlmodel import select

from bot.app import build_scheduler
from bot.platform.slack_client import make_web_client
from bot.responses.service import alert_slow_answers
from bot.sandbox.fake_slack import FakeSlack
from bot.sandbox.fake_types import Entry
from bot.sandbox.stack import Stack, start_stack
from bot.sandbox.workspace import CLIENT, CLIENT2, CLIENT_CHANNEL, DEV, INTERNAL_CHANNEL, OWNER
from bot.scheduling.runner import PlanScheduler
from storage.db import session_scope
from storage.models import ChangeRequest, Feedback, JobRun, Project
from tests.conftest import Database
from tests.e2e.conftest import Clock, open_modal, setup_project, visible, wait_ephemeral

# Every case waits out a retry (0.5 s backoff, a 1 s Retry-After) or a 1 s timeout.
pytestmark = [pytest.mark.e2e, pytest.mark.slow]

TIMEOUT = 1  # the test stack's Web API timeout, seconds
SLOW = 1.6  # an answer this late is past it
MONDAY = datetime(2026, 11, 16, 8, 0, tzinfo=UTC)  # 09:00 in Berlin, where the owner is
DIGEST_AT = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)  # Friday 16:00 in Berlin
LATER = timedelta(minutes=11)  # past the 10-minute claim timeout: the next tick takes over
OWNER_DM = "D" + OWNER[1:]

Fault = Callable[[FakeSlack, str], None]


def rate_limited(fake: FakeSlack, method: str) -> None:
    fake.fail_next(method, status=429, error="ratelimited", retry_after=1)


def server_error(fake: FakeSlack, method: str) -> None:
    fake.fail_next(method, status=500, error="internal_error", retry_after=None)


def too_slow(fake: FakeSlack, method: str) -> None:
    fake.delay_next(method, SLOW)


FAULTS = {"429": rate_limited, "500": server_error, "timeout": too_slow}


@dataclass
class World:
    stack: Stack
    clock: Clock
    fault: str
    _planners: list[PlanScheduler] = field(default_factory=list, init=False)
    _failed: list[str] = field(default_factory=list, init=False)
    _failed_at: float | None = field(default=None, init=False)

    @property
    def fake(self) -> FakeSlack:
        return self.stack.fake

    def fail(self, method: str) -> None:
        FAULTS[self.fault](self.fake, method)
        self._failed.append(method)
        self._failed_at = time.monotonic()

    def settle(self) -> None:
        """A slow answer changes nothing on the timeline while it is awaited: wait it out, so
        what the bot does on hearing nothing is seen too."""
        if self.fault == "timeout" and self._failed_at is not None:
            time.sleep(max(0.0, self._failed_at + SLOW + 0.3 - time.monotonic()))

    def check_fault_was_met(self) -> None:
        """The scenario really made the call that was made to fail."""
        for method in self._failed:
            assert self.fake.calls_of(method), f"{method} was never called"
            assert not self.fake._failures.get(method) and method not in self.fake._delays

    def project(self) -> Project:
        with session_scope(self.stack.deps.engine) as session:
            [project] = session.exec(select(Project)).all()
        return project

    def scheduler(self) -> PlanScheduler:
        # As in production: scheduled posts retry 429s only (see make_web_client).
        planner = build_scheduler(self.stack.deps)
        self._planners.append(planner)
        return planner

    def close(self) -> None:
        for planner in self._planners:
            planner.shutdown()


@pytest.fixture
def clock() -> Clock:
    return Clock(MONDAY)


@pytest.fixture
def quick_stack(database: Database, clock: Clock) -> Iterator[Stack]:
    """The whole bot with a short Web API timeout, so a slow Slack shows in a second."""
    running = start_stack(
        database_url=database.url,
        engine=database.engine,
        clock=clock,
        slack_timeout_seconds=TIMEOUT,
    )
    yield running
    running.stop()


def once(world: World, found: Callable[[], list[Entry]], *, timeout: float = 8) -> Entry:
    """Wait for the thing to arrive; then, once the bot is quiet, it is there exactly once."""
    world.fake.wait_for(found, timeout=timeout)
    world.settle()
    world.fake.wait_quiet(quiet=0.2, timeout=timeout)
    entries = found()
    assert len(entries) == 1, [visible(e)[:200] for e in entries]
    return entries[0]


def kind(world: World, what: str, contains: str, channel: str | None = None) -> list[Entry]:
    return [
        e
        for e in world.fake.timeline
        if e.kind == what
        and (channel is None or e.channel == channel)
        and contains in visible(e)
        and e.user == world.fake.bot_user_id
    ]


def no_traceback(world: World) -> None:
    for entry in world.fake.timeline:
        assert "Traceback" not in visible(entry)


def never_told_to_just_retry(world: World) -> None:
    """After a slow answer Slack may have done the thing: "try again" would double it."""
    if world.fault == "timeout":
        for entry in world.fake.timeline:
            assert "Try again in a minute" not in visible(entry), visible(entry)


# -- what people do, one per Web API method -------------------------------------------------------


def feedback_card(world: World) -> None:
    """chat.postMessage in reply to a person: the triage card, once, never also by DM."""
    setup_project(world.stack)
    world.fail("chat.postMessage")
    reply = world.stack.sender.command(CLIENT, CLIENT_CHANNEL, "/feedback", "Staging is down")
    assert "FB-1" in reply.text
    once(world, lambda: kind(world, "message", "Staging is down"))
    with session_scope(world.stack.deps.engine) as session:
        assert len(session.exec(select(Feedback)).all()) == 1


def incident_notice(world: World) -> None:
    """chat.postMessage of an incident's notice: when its answer is lost, the sweep that tries
    again looks in the channel first, so the client sees the notice once."""
    setup_project(world.stack)
    scheduler = world.scheduler()
    world.fail("chat.postMessage")
    reply = world.stack.sender.command(DEV, CLIENT_CHANNEL, "/incident", "sev1 Checkout fails")
    assert "INC-1" in reply.text
    world.settle()
    assert world.stack.deps.background.wait_idle(10)
    world.clock.now = world.clock.now + LATER  # past the wait before a refused claim is retried
    scheduler.sweep()
    once(world, lambda: kind(world, "message", "Checkout fails", CLIENT_CHANNEL))


def scheduled_digest(world: World) -> None:
    """chat.postMessage from the scheduler: a 500 or no answer leaves the claim for the next
    tick, which looks in the channel before posting."""
    setup_project(world.stack)
    scheduler = world.scheduler()
    world.fail("chat.postMessage")
    world.clock.now = DIGEST_AT
    scheduler.fire("digest", world.project().id or 0)
    world.clock.now = DIGEST_AT + LATER
    scheduler.sweep()
    once(world, lambda: kind(world, "message", "Weekly update", CLIENT_CHANNEL))
    once(world, lambda: kind(world, "message", "Weekly update", INTERNAL_CHANNEL))


def digest_takeover(world: World) -> None:
    """conversations.history: a takeover that cannot read the channel never posts blind."""
    setup_project(world.stack)
    scheduler = world.scheduler()
    world.clock.now = DIGEST_AT
    scheduler.fire("digest", world.project().id or 0)
    with session_scope(world.stack.deps.engine) as session:  # as if the process died
        for run in session.exec(select(JobRun)):
            run.state, run.ts, run.claimed_by = "claimed", None, "dead:1"
            session.add(run)
    world.fail("conversations.history")
    world.clock.now = DIGEST_AT + LATER
    scheduler.sweep()
    once(world, lambda: kind(world, "message", "Weekly update", CLIENT_CHANNEL))
    with session_scope(world.stack.deps.engine) as session:
        states = {r.job: r.state for r in session.exec(select(JobRun))}
    # Read, and found: posted. Not readable: recorded for a person to check, not reposted.
    assert states["digest:client"] in ("posted", "unverified"), states


def feedback_receipt(world: World) -> None:
    """chat.postEphemeral: the receipt of a submitted form, once; the card, once."""
    setup_project(world.stack)
    world.stack.sender.command(CLIENT, CLIENT_CHANNEL, "/feedback")
    modal = open_modal(world.stack, "feedback_modal")
    world.fail("chat.postEphemeral")
    assert world.stack.sender.submit(CLIENT, modal["id"], {"text": "Love the new page"}).body == ""
    once(world, lambda: kind(world, "ephemeral", "logged as *FB-1*", CLIENT_CHANNEL))
    once(world, lambda: kind(world, "message", "Love the new page", INTERNAL_CHANNEL))


def card_update(world: World) -> None:
    """chat.update: acknowledging feedback changes the card once."""
    setup_project(world.stack)
    world.stack.sender.command(CLIENT, CLIENT_CHANNEL, "/feedback", "problem: logs me out")
    card = once(world, lambda: kind(world, "message", "logs me out", INTERNAL_CHANNEL))
    world.fail("chat.update")
    world.stack.sender.click(OWNER, card, "feedback_ack")
    once(world, lambda: [e for e in world.fake.timeline if e.kind == "update" and e.ts == card.ts])
    with session_scope(world.stack.deps.engine) as session:
        [feedback] = session.exec(select(Feedback)).all()
    assert feedback.state == "acknowledged"


def feedback_form(world: World) -> None:
    """views.open: the form opens once (a trigger_id lasts 3 s: a 1 s Retry-After fits)."""
    setup_project(world.stack)
    world.fail("views.open")
    world.stack.sender.command(CLIENT, CLIENT_CHANNEL, "/feedback")
    once(world, lambda: [e for e in world.fake.timeline if e.kind == "modal"])


def app_home(world: World) -> None:
    """views.publish: the Home tab is drawn once."""
    setup_project(world.stack)
    world.fail("views.publish")
    world.stack.sender.open_home(OWNER)
    once(world, lambda: [e for e in world.fake.timeline if e.kind == "home"])


def project_setup(world: World, method: str = "users.info") -> None:
    """users.info (the caller's timezone and team), conversations.join (the bot joins the
    client channel): the project is set up once regardless."""
    world.fail(method)
    reply = world.stack.sender.command(OWNER, CLIENT_CHANNEL, "/project", "setup Acme Website")
    assert reply.status == 200
    once(world, lambda: kind(world, "ephemeral", "is set up", CLIENT_CHANNEL))
    with session_scope(world.stack.deps.engine) as session:
        assert len(session.exec(select(Project)).all()) == 1


def poll(world: World) -> None:
    """conversations.members (who the poll asks): the poll is posted once."""
    setup_project(world.stack)
    world.stack.sender.command(OWNER, CLIENT_CHANNEL, "/project", "set client @dana @eli")
    world.fail("conversations.members")
    world.stack.sender.command(OWNER, CLIENT_CHANNEL, "/project", "poll")
    once(world, lambda: kind(world, "message", "Quick check-in", CLIENT_CHANNEL))


def export(world: World, method: str) -> None:
    """conversations.open and the file upload: the export arrives once, or the owner is told it
    did not and asking again sends it once."""
    setup_project(world.stack)
    world.fail(method)
    world.stack.sender.command(OWNER, CLIENT_CHANNEL, "/project", "export")
    world.fake.wait_for(
        lambda: (
            kind(world, "file", "Acme Website", OWNER_DM)
            or kind(world, "ephemeral", "not", CLIENT_CHANNEL)
        ),
        timeout=8,
    )
    world.fake.wait_quiet(quiet=0.2, timeout=8)
    if not kind(world, "file", "Acme Website", OWNER_DM):
        no_traceback(world)
        world.stack.sender.command(OWNER, CLIENT_CHANNEL, "/project", "export")
    for part in ("part 1 of 2", "part 2 of 2"):  # twelve files: two messages, each once
        once(world, partial(kind, world, "file", part, OWNER_DM))
    if (method, world.fault) == ("files.completeUploadExternal", "timeout"):
        # the first part's answer was lost, the second confirmed: the owner is told which
        [told] = kind(world, "ephemeral", "took too long", CLIENT_CHANNEL)
        assert "README.txt" in visible(told) and "may still arrive" in visible(told)


def response_alert(world: World) -> None:
    """chat.getPermalink (the link in a response-time alert): one alert, now or next sweep."""
    setup_project(world.stack)
    asked = datetime(2026, 11, 17, 8, 0, tzinfo=UTC)  # Tuesday 09:00 in Berlin
    ts, reply = world.stack.sender.say(
        CLIENT2, CLIENT_CHANNEL, "Is staging down?", at=asked.timestamp()
    )
    assert reply.status == 200
    world.fake.wait_quiet()
    client = make_web_client(world.stack.deps.settings, retries="rate-limits")
    world.fail("chat.getPermalink")
    for minutes in (0, 5):  # the sweep, and the one after it
        world.clock.now = asked + timedelta(hours=7, minutes=13 + minutes)
        alert_slow_answers(world.stack.deps, client, world.project())
    once(world, lambda: kind(world, "message", "has waited", INTERNAL_CHANNEL))


def reminder(world: World) -> None:
    """chat.postMessage from the scheduler to a person: the reminder before the digest reaches
    the owner once, also when the next run comes round after a failure."""
    setup_project(world.stack)
    scheduler = world.scheduler()
    world.fail("chat.postMessage")
    for at in (DIGEST_AT - timedelta(hours=3), DIGEST_AT - timedelta(hours=3) + LATER):
        world.clock.now = at
        scheduler.fire("reminders", world.project().id or 0)
        scheduler.sweep()
    once(world, lambda: kind(world, "message", "weekly digest", OWNER_DM))


def scheduled_poll(world: World, method: str) -> None:
    """The plan's poll (chat.postMessage, conversations.members): posted once."""
    setup_project(world.stack)
    world.stack.sender.command(OWNER, CLIENT_CHANNEL, "/project", "set client @dana @eli")
    scheduler = world.scheduler()
    world.fail(method)
    for at in (DIGEST_AT, DIGEST_AT + LATER):
        world.clock.now = at
        scheduler.fire("poll", world.project().id or 0)
        scheduler.sweep()
    once(world, lambda: kind(world, "message", "Quick check-in", CLIENT_CHANNEL))


def change_decision(world: World) -> None:
    """chat.update on a change request: the client's approval shows once, is stored once and
    announced once."""
    setup_project(world.stack)
    world.stack.sender.command(DEV, CLIENT_CHANNEL, "/change")
    world.stack.sender.submit(
        DEV,
        open_modal(world.stack, "change_modal")["id"],
        {"title": "Add single sign-on", "reason": "IT asks", "schedule": "5", "cost": "2,000"},
    )
    request = once(world, lambda: kind(world, "message", "Add single sign-on", CLIENT_CHANNEL))
    world.fail("chat.update")
    world.stack.sender.click(CLIENT, request, "change_approve")
    once(world, lambda: kind(world, "message", "Approved* by", INTERNAL_CHANNEL))
    once(world, lambda: kind(world, "update", "Approved* by", CLIENT_CHANNEL))
    with session_scope(world.stack.deps.engine) as session:
        [change] = session.exec(select(ChangeRequest)).all()
    assert change.state == "approved"


SCENARIOS: dict[str, Callable[[World], None]] = {
    "chat.postMessage (feedback card)": feedback_card,
    "chat.postMessage (scheduled digest)": scheduled_digest,
    "chat.postMessage (incident notice)": incident_notice,
    "chat.postMessage (reminder)": reminder,
    "chat.postMessage (scheduled poll)": lambda w: scheduled_poll(w, "chat.postMessage"),
    "conversations.members (scheduled poll)": lambda w: scheduled_poll(w, "conversations.members"),
    "chat.update (change decision)": change_decision,
    "chat.postEphemeral (receipt)": feedback_receipt,
    "chat.update (card)": card_update,
    "views.open (form)": feedback_form,
    "views.publish (App Home)": app_home,
    "users.info (setup)": project_setup,
    "conversations.join (setup)": lambda w: project_setup(w, "conversations.join"),
    "conversations.members (poll)": poll,
    "conversations.history (takeover)": digest_takeover,
    "conversations.open (export)": lambda w: export(w, "conversations.open"),
    "files.getUploadURLExternal (export)": lambda w: export(w, "files.getUploadURLExternal"),
    "files.completeUploadExternal (export)": lambda w: export(w, "files.completeUploadExternal"),
    "chat.getPermalink (response alert)": response_alert,
}
CASES = [
    pytest.param(scenario, fault, id=f"{name}-{fault}")
    for name, scenario in SCENARIOS.items()
    for fault in FAULTS
]


@pytest.mark.parametrize(("scenario", "fault"), CASES)
def test_slack_failing_loses_nothing_and_doubles_nothing(
    quick_stack: Stack, clock: Clock, scenario: Callable[[World], None], fault: str
) -> None:
    world = World(quick_stack, clock, fault)
    try:
        scenario(world)
        world.check_fault_was_met()
        no_traceback(world)
        never_told_to_just_retry(world)
        with urllib.request.urlopen(f"{quick_stack.server.url}/healthz", timeout=5) as answer:
            assert answer.status == 200
    finally:
        world.close()


def test_a_slow_answer_to_a_reply_is_not_repeated(quick_stack: Stack, clock: Clock) -> None:
    """The client gives up after its timeout and does not send the same post again: Slack may
    have made it (it did here)."""
    world = World(quick_stack, clock, "timeout")
    feedback_card(world)
    assert len(quick_stack.fake.calls_of("chat.postMessage")) == 1
    wait_ephemeral(quick_stack, CLIENT, "FB-1")
