"""Calendars that know holidays and time off, through the real server, Bolt app, database,
scheduler and Slack stand-in, on a hand-moved clock: a region's holidays and the owners' days
off move answer-due times, the monthly report and the reminders; a person's time off silences
their reminders, hands their feedback to another owner and shows in the digest."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from bot.app import build_scheduler
from bot.platform.slack_client import make_web_client
from bot.sandbox.stack import Stack
from bot.sandbox.workspace import (
    CLIENT,
    CLIENT_CHANNEL,
    DESIGNER,
    DEV,
    INTERNAL_CHANNEL,
    OTHER_CHANNEL,
    OWNER,
)
from bot.scheduling.runner import PlanScheduler
from tests.e2e.conftest import Clock, posts, setup_project, visible
from tests.e2e.test_scheduler import project
from tests.e2e.test_scheduler import runs as scheduled_runs

pytestmark = pytest.mark.e2e

CHRISTMAS_WEEK = datetime(2026, 12, 23, 9, 0, tzinfo=UTC)  # Wednesday, 10:00 in Berlin
MONDAY = datetime(2026, 11, 16, 8, 0, tzinfo=UTC)  # 09:00 in Berlin, where Ana (the owner) is
REMINDERS_AT = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)  # Friday 13:00, 3 hours before
DIGEST_AT = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)  # Friday 16:00 in Berlin


@pytest.fixture
def scheduler(timed_stack: Stack) -> Iterator[PlanScheduler]:
    planner = build_scheduler(timed_stack.deps, make_web_client(timed_stack.deps.settings))
    yield planner
    planner.shutdown()


def project_id(stack: Stack) -> int:
    return project(stack).id or 0


def runs(stack: Stack) -> dict[str, str]:
    return {run.job: run.state for run in scheduled_runs(stack)}


def dms(stack: Stack, user_id: str) -> list[str]:
    return [visible(e) for e in stack.fake.messages("D" + user_id[1:])]


def test_holidays_and_days_off_move_answer_due_times_and_show_in_the_plan(
    timed_stack: Stack, clock: Clock
) -> None:
    clock.now = CHRISTMAS_WEEK
    setup_project(timed_stack)
    send = timed_stack.sender

    unknown = send.command(OWNER, CLIENT_CHANNEL, "/project", "set holidays XX")
    assert "`XX` is not a region I know: try DE-BE, CN, US-NY, GB-ENG…" in unknown.text
    berlin = send.command(OWNER, CLIENT_CHANNEL, "/project", "set holidays de-be")
    assert "follows the public holidays of DE-BE (Germany)" in berlin.text
    assert "Fri, Dec 25 (Christmas Day)" in berlin.text
    day_off = send.command(OWNER, CLIENT_CHANNEL, "/project", "set day-off 2026-12-24")
    assert "Thu, Dec 24, 2026 is a day off for *Acme Website*" in day_off.text
    not_owner = send.command(DEV, CLIENT_CHANNEL, "/project", "set holidays CN")
    assert "Only the project's owners can change the plan" in not_owner.text

    # One business day from Wednesday 10:00: not the day off, not Christmas, not the weekend.
    receipt = send.command(CLIENT, CLIENT_CHANNEL, "/feedback", "The login page is broken")
    assert "will answer by Mon, Dec 28, 10:00\u202fAM (Europe/Berlin)" in receipt.text

    plan = send.command(DEV, CLIENT_CHANNEL, "/project", "plan")
    assert "Public holidays of DE-BE (Germany)" in plan.text
    assert (
        "Next days off: Thu, Dec 24 (day off), Fri, Dec 25 (Christmas Day), Sat, Dec 26"
        not in plan.text  # a Saturday is no working day to lose
    )
    assert "Next days off: Thu, Dec 24 (day off), Fri, Dec 25 (Christmas Day), and Fri, Jan 1" in (
        plan.text
    )
    removed = send.command(OWNER, CLIENT_CHANNEL, "/project", "set day-off remove 2026-12-24")
    assert "Thu, Dec 24, 2026 is no longer a day off for *Acme Website*." in removed.text
    receipt = send.command(CLIENT, CLIENT_CHANNEL, "/feedback", "And the search is slow")
    assert "will answer by Thu, Dec 24, 10:00\u202fAM (Europe/Berlin)" in receipt.text


def test_the_monthly_report_waits_for_the_first_working_day(
    timed_stack: Stack, clock: Clock, scheduler: PlanScheduler
) -> None:
    clock.now = datetime(2026, 12, 28, 9, 0, tzinfo=UTC)
    setup_project(timed_stack)
    scheduler.start()  # its jobs follow `/project set` at once, as in `rapport serve`

    def next_report() -> str:
        job = scheduler.scheduler.get_job(f"report:{project_id(timed_stack)}")
        return f"{job.trigger.get_next_fire_time(None, clock.now):%a %d %b %H:%M}"

    assert next_report() == "Fri 01 Jan 10:00"
    read_before = project(timed_stack)
    timed_stack.sender.command(OWNER, CLIENT_CHANNEL, "/project", "set holidays DE-BE")
    assert timed_stack.deps.background.wait_idle(timeout=5)
    assert next_report() == "Mon 04 Jan 10:00"  # New Year's Day is Berlin's holiday
    # A sweep that read the plan just before the change schedules its copy afterwards: the
    # jobs keep following the newer plan.
    scheduler._schedule(read_before)
    assert next_report() == "Mon 04 Jan 10:00"

    clock.now = datetime(2027, 1, 1, 9, 1, tzinfo=UTC)
    scheduler.sweep()
    assert not [e for e in posts(timed_stack, CLIENT_CHANNEL) if "Monthly report" in e.text]
    clock.now = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)
    scheduler.fire("report", project_id(timed_stack))
    [report] = [e for e in posts(timed_stack, CLIENT_CHANNEL) if "Monthly report" in e.text]
    assert "December 2026" in report.text
    assert runs(timed_stack)["report:client"] == "posted"


def test_time_off_silences_reminders_hands_feedback_on_and_shows_in_the_digest(
    timed_stack: Stack, clock: Clock, scheduler: PlanScheduler
) -> None:
    clock.now = MONDAY
    setup_project(timed_stack)
    send = timed_stack.sender
    send.command(OWNER, CLIENT_CHANNEL, "/project", "set owner @ben")
    send.command(OWNER, CLIENT_CHANNEL, "/project", "set team @chen")

    # Time off is a person's: Ana says it once, anywhere, and it holds on every project.
    away = send.command(OWNER, OTHER_CHANNEL, "/status", "away until 2026-11-27")
    assert away.text.startswith("🌴 You are away until Fri, Nov 27, 2026 (Europe/Berlin).")
    assert "Fri, Nov 27" in send.command(OWNER, CLIENT_CHANNEL, "/status", "away").text
    refused = send.command(CLIENT, CLIENT_CHANNEL, "/status", "away until 2026-11-27")
    assert "Status updates come from the project team" in refused.text

    receipt = send.command(CLIENT, CLIENT_CHANNEL, "/feedback", "Checkout fails on Safari")
    assert f"<@{DEV}> will answer by" in receipt.text and f"<@{OWNER}>" not in receipt.text

    send.command(DEV, CLIENT_CHANNEL, "/status", "on-track 60% Payments done")
    clock.now = REMINDERS_AT
    scheduler.fire("reminders", project_id(timed_stack))
    assert dms(timed_stack, OWNER) == []  # away: no reminder
    assert runs(timed_stack) == {f"reminder:{DESIGNER}": "skipped"}  # 20:00 in Shanghai

    clock.now = DIGEST_AT
    scheduler.fire("digest", project_id(timed_stack))
    [client] = [visible(e) for e in posts(timed_stack, CLIENT_CHANNEL) if "Weekly" in e.text]
    [internal] = [visible(e) for e in posts(timed_stack, INTERNAL_CHANNEL) if "Weekly" in e.text]
    assert f"🌴 *Away*: <@{OWNER}> until Fri, Nov 27" in client
    assert "No update this week" not in client
    assert f"🌴 *Away*: <@{OWNER}> until Fri, Nov 27" in internal
    assert f"🔕 *No update this week from* <@{DESIGNER}>" in internal  # Ana is away, not quiet

    back = send.command(OWNER, CLIENT_CHANNEL, "/status", "back")
    assert back.text.startswith("👋 Welcome back: your time off until Fri, Nov 27, 2026 is over")
    receipt = send.command(CLIENT, CLIENT_CHANNEL, "/feedback", "Thanks for the fix")
    assert f"<@{OWNER}> and <@{DEV}> will answer by" in receipt.text


def test_no_reminders_on_a_day_off(
    timed_stack: Stack, clock: Clock, scheduler: PlanScheduler
) -> None:
    clock.now = MONDAY
    setup_project(timed_stack)
    answer = timed_stack.sender.command(OWNER, CLIENT_CHANNEL, "/project", "set day-off 2026-11-20")
    assert "Fri, Nov 20, 2026 is a day off" in answer.text
    clock.now = REMINDERS_AT
    scheduler.fire("reminders", project_id(timed_stack))
    scheduler.sweep()
    assert dms(timed_stack, OWNER) == [] and runs(timed_stack) == {}
    # The digest itself still goes out: the client is told on the plan's day.
    clock.now = DIGEST_AT
    scheduler.fire("digest", project_id(timed_stack))
    assert [e for e in posts(timed_stack, CLIENT_CHANNEL) if "Weekly" in e.text]
