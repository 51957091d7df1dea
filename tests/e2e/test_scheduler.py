"""The plan runs itself: the scheduler's decisions on a hand-moved clock, through the real bot,
database and Slack stand-in (the processes themselves are in test_scheduler_processes.py)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from bot.app import build_scheduler
from bot.platform.slack_client import make_web_client
from bot.sandbox.stack import Stack
from bot.sandbox.workspace import (
    CLIENT,
    CLIENT_CHANNEL,
    DESIGNER,
    DEV,
    INTERNAL_CHANNEL,
    OWNER,
)
from bot.scheduling.runner import PlanScheduler
from storage.db import session_scope
from storage.models import JobRun, Project
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
from tests.reading import all_text

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]  # claims, catch-up, takeovers

MONDAY = datetime(2026, 11, 16, 8, 0, tzinfo=UTC)  # 09:00 in Berlin, where Ana (the owner) is
DIGEST_AT = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)  # Friday 16:00 in Berlin
REMINDERS_AT = DIGEST_AT - timedelta(hours=3)


@pytest.fixture
def scheduler(timed_stack: Stack, clock: Clock) -> Iterator[PlanScheduler]:
    clock.now = MONDAY
    setup_project(timed_stack)
    planner = build_scheduler(timed_stack.deps, make_web_client(timed_stack.deps.settings))
    yield planner
    planner.shutdown()


def project(stack: Stack) -> Project:
    with session_scope(stack.deps.engine) as session:
        found = project_by_name(session=session, name="Acme Website")
    assert found is not None
    return found


def runs(stack: Stack) -> list[JobRun]:
    with session_scope(stack.deps.engine) as session:
        return list(session.exec(select(JobRun).order_by(JobRun.id)))  # type: ignore[arg-type]


def digests(stack: Stack, channel: str) -> list[str]:
    return [visible(e) for e in posts(stack, channel) if "Weekly update" in e.text]


def test_the_digest_posts_at_its_time_once_however_often_it_fires(
    timed_stack: Stack, clock: Clock, scheduler: PlanScheduler
) -> None:
    timed_stack.sender.command(DEV, CLIENT_CHANNEL, "/status", "on-track 50% Checkout shipped")
    clock.now = DIGEST_AT
    scheduler.fire("digest", project(timed_stack).id or 0)
    scheduler.fire("digest", project(timed_stack).id or 0)
    # A second scheduler on the same database (another replica) fires too.
    other = build_scheduler(timed_stack.deps, make_web_client(timed_stack.deps.settings))
    other.fire("digest", project(timed_stack).id or 0)
    client, internal = digests(timed_stack, CLIENT_CHANNEL), digests(timed_stack, INTERNAL_CHANNEL)
    assert len(client) == 1 and len(internal) == 1
    assert "Checkout shipped" in client[0] and "posted late" not in client[0]
    assert {(r.job, r.period_key, r.state) for r in runs(timed_stack)} == {
        ("digest:client", "2026-W47", "posted"),
        ("digest:internal", "2026-W47", "posted"),
    }


def test_a_digest_missed_while_down_is_posted_late_within_the_grace_window(
    timed_stack: Stack, clock: Clock, scheduler: PlanScheduler
) -> None:
    clock.now = DIGEST_AT + timedelta(hours=11, minutes=59)
    scheduler.sweep()
    scheduler.sweep()
    [client] = digests(timed_stack, CLIENT_CHANNEL)
    assert "posted late" in client
    assert all(r.late for r in runs(timed_stack) if r.job.startswith("digest"))


def test_beyond_the_grace_window_it_is_recorded_as_missed_and_told_internally(
    timed_stack: Stack, clock: Clock, scheduler: PlanScheduler
) -> None:
    clock.now = DIGEST_AT + timedelta(hours=12, minutes=1)
    scheduler.sweep()
    assert digests(timed_stack, CLIENT_CHANNEL) == []
    assert {r.state for r in runs(timed_stack) if r.job.startswith("digest")} == {"missed"}
    clock.now = DIGEST_AT + timedelta(days=7)
    scheduler.fire("digest", project(timed_stack).id or 0)
    [internal] = digests(timed_stack, INTERNAL_CHANNEL)
    assert (
        "the digest of Fri, Nov 20, 4:00\u202fPM: Rapport was down past the catch-up window"
        in internal
    )
    [client] = digests(timed_stack, CLIENT_CHANNEL)
    assert "Not posted" not in client


def test_a_claim_left_by_a_dead_process_is_taken_over_without_a_second_post(
    timed_stack: Stack, clock: Clock, scheduler: PlanScheduler
) -> None:
    clock.now = DIGEST_AT
    scheduler.fire("digest", project(timed_stack).id or 0)
    [first] = [e for e in posts(timed_stack, CLIENT_CHANNEL) if "Weekly update" in e.text]
    # As if the process died after posting, before it recorded the post.
    with session_scope(timed_stack.deps.engine) as session:
        for run in session.exec(select(JobRun)):
            run.state, run.ts, run.claimed_by = "claimed", None, "dead:1"
            session.add(run)
    clock.now = DIGEST_AT + timedelta(minutes=11)  # past the 10-minute claim timeout
    scheduler.sweep()
    assert len(digests(timed_stack, CLIENT_CHANNEL)) == 1
    client_run = next(r for r in runs(timed_stack) if r.job == "digest:client")
    assert (client_run.state, client_run.ts, client_run.attempts) == ("posted", first.ts, 2)
    assert client_run.note == "found in the channel on takeover"


def test_a_claim_taken_over_that_never_posted_is_posted_once(
    timed_stack: Stack, clock: Clock, scheduler: PlanScheduler
) -> None:
    with session_scope(timed_stack.deps.engine) as session:
        acme = project_by_name(session=session, name="Acme Website")
        assert acme is not None and acme.id is not None
        session.add(
            JobRun(
                job="digest:client",
                project_id=acme.id,
                period_key="2026-W47",
                scheduled_for=DIGEST_AT,
                claimed_by="dead:1",
                claimed_at=DIGEST_AT,
            )
        )
    clock.now = DIGEST_AT + timedelta(minutes=5)
    scheduler.sweep()  # the claim is fresh: someone may still be posting
    assert digests(timed_stack, CLIENT_CHANNEL) == []
    clock.now = DIGEST_AT + timedelta(minutes=11)
    scheduler.sweep()
    scheduler.sweep()
    assert len(digests(timed_stack, CLIENT_CHANNEL)) == 1


def test_a_paused_project_posts_nothing_until_resumed(
    timed_stack: Stack, clock: Clock, scheduler: PlanScheduler
) -> None:
    reply = timed_stack.sender.command(OWNER, CLIENT_CHANNEL, "/project", "pause until 2026-11-22")
    assert "paused until Sun, Nov 22, 2026" in reply.text
    clock.now = DIGEST_AT + timedelta(hours=1)
    scheduler.sweep()
    assert digests(timed_stack, CLIENT_CHANNEL) == [] and runs(timed_stack) == []
    assert "Paused" in timed_stack.sender.command(OWNER, CLIENT_CHANNEL, "/project", "plan").text
    assert (
        "run again" in timed_stack.sender.command(OWNER, CLIENT_CHANNEL, "/project", "resume").text
    )
    scheduler.sweep()
    assert len(digests(timed_stack, CLIENT_CHANNEL)) == 1


def test_pause_needs_a_future_date_and_an_owner(
    timed_stack: Stack, scheduler: PlanScheduler
) -> None:
    send = timed_stack.sender
    assert (
        "has passed"
        in send.command(OWNER, CLIENT_CHANNEL, "/project", "pause until 2026-11-01").text
    )
    assert (
        "not a date" in send.command(OWNER, CLIENT_CHANNEL, "/project", "pause until tomorrow").text
    )
    assert (
        "Only the project's owners"
        in send.command(DEV, CLIENT_CHANNEL, "/project", "pause until 2026-12-01").text
    )


def test_reminders_reach_who_has_not_posted_once_and_only_in_their_hours(
    timed_stack: Stack, clock: Clock, scheduler: PlanScheduler
) -> None:
    send = timed_stack.sender
    send.command(OWNER, CLIENT_CHANNEL, "/project", "set team @chen")
    send.command(DEV, CLIENT_CHANNEL, "/status", "on-track Payments done")
    clock.now = REMINDERS_AT  # 13:00 in Berlin, 20:00 in Shanghai where Chen is
    scheduler.fire("reminders", project(timed_stack).id or 0)
    scheduler.fire("reminders", project(timed_stack).id or 0)
    dm = [e for e in timed_stack.fake.messages("D" + OWNER[1:]) if "weekly digest" in e.text]
    assert len(dm) == 1 and "Fri, Nov 20, 4:00\u202fPM" in dm[0].text
    assert timed_stack.fake.messages("D" + DEV[1:]) == []  # Ben posted this week
    assert timed_stack.fake.messages("D" + DESIGNER[1:]) == []  # 20:00 for Chen: left alone
    states = {r.job: r.state for r in runs(timed_stack)}
    assert states == {f"reminder:{OWNER}": "posted", f"reminder:{DESIGNER}": "skipped"}
    # The button in the reminder opens the form for this project.
    send.click(OWNER, dm[0], "status_open")
    modal = open_modal(timed_stack, "status_modal")
    send.submit(OWNER, modal["id"], {"text": "Budget review done"})
    wait_ephemeral(timed_stack, OWNER, "Update posted")


def test_remind_off_is_respected(
    timed_stack: Stack, clock: Clock, scheduler: PlanScheduler
) -> None:
    reply = timed_stack.sender.command(OWNER, CLIENT_CHANNEL, "/status", "remind off")
    assert "No more reminders" in reply.text
    timed_stack.sender.command(DEV, CLIENT_CHANNEL, "/status", "on-track Something")
    clock.now = REMINDERS_AT
    scheduler.fire("reminders", project(timed_stack).id or 0)
    assert timed_stack.fake.messages("D" + OWNER[1:]) == []


def test_a_quiet_week_is_told_internally_first_and_honestly_to_the_client(
    timed_stack: Stack, clock: Clock, scheduler: PlanScheduler
) -> None:
    clock.now = REMINDERS_AT
    scheduler.fire("reminders", project(timed_stack).id or 0)
    [notice] = [visible(e) for e in posts(timed_stack, INTERNAL_CHANNEL)]
    assert "No status updates on Acme Website this week yet" in notice and f"<@{OWNER}>" in notice
    clock.now = DIGEST_AT
    scheduler.fire("digest", project(timed_stack).id or 0)
    [client] = digests(timed_stack, CLIENT_CHANNEL)
    assert "No status updates were posted this week" in client and f"<@{OWNER}>" in client


def test_changing_the_plan_reschedules_at_once(
    timed_stack: Stack, clock: Clock, scheduler: PlanScheduler
) -> None:
    def set_plan(text: str) -> None:
        """A change of the plan, and its rescheduling, which follows the change's commit."""
        timed_stack.sender.command(OWNER, CLIENT_CHANNEL, "/project", f"set {text}")
        assert timed_stack.deps.background.wait_idle(timeout=5)

    scheduler.start()
    job_id = f"digest:{project(timed_stack).id}"
    before = scheduler.scheduler.get_job(job_id).next_run_time
    assert f"{before.astimezone(UTC):%a %H:%M}" == "Fri 15:00"
    set_plan("digest mon 9:30")
    after = scheduler.scheduler.get_job(job_id).next_run_time
    assert f"{after:%a %H:%M}" == "Mon 09:30" and str(after.tzinfo) == "Europe/Berlin"
    set_plan("timezone Asia/Shanghai")
    shanghai = scheduler.scheduler.get_job(job_id).next_run_time
    assert f"{shanghai:%a %H:%M}" == "Mon 09:30" and str(shanghai.tzinfo) == "Asia/Shanghai"
    reminders_id = f"reminders:{project(timed_stack).id}"
    assert f"{scheduler.scheduler.get_job(reminders_id).next_run_time:%a %H:%M}" == "Fri 17:00"
    set_plan("digest mon 14:00")
    set_plan("reminder 1h")
    assert f"{scheduler.scheduler.get_job(reminders_id).next_run_time:%a %H:%M}" == "Mon 13:00"
    set_plan("reminder off")
    assert scheduler.scheduler.get_job(reminders_id) is None


def test_the_monthly_report_sums_up_the_month_with_a_chart_once(
    timed_stack: Stack, clock: Clock, scheduler: PlanScheduler
) -> None:
    send = timed_stack.sender
    send.command(DEV, CLIENT_CHANNEL, "/status", "on-track 20% Wireframes")
    send.command(DESIGNER, CLIENT_CHANNEL, "/status", "internal Budget is tight")
    send.command(CLIENT, CLIENT_CHANNEL, "/feedback", "problem: staging is slow")
    card = wait_post(timed_stack, INTERNAL_CHANNEL, "FB-1")
    clock.now = MONDAY + timedelta(days=1)  # resolved a day later
    send.click(OWNER, card, "feedback_resolve")
    send.submit(
        OWNER, open_modal(timed_stack, "feedback_resolve_modal")["id"], {"note": "Added caching"}
    )
    wait_post(timed_stack, CLIENT_CHANNEL, "FB-1 (problem) is resolved")
    clock.now = MONDAY + timedelta(days=8)
    send.command(DEV, CLIENT_CHANNEL, "/status", "at-risk 45% Payments slipping")
    report_at = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)  # Tuesday 1 December, 10:00 in Berlin
    clock.now = report_at
    scheduler.fire("report", project(timed_stack).id or 0)
    scheduler.fire("report", project(timed_stack).id or 0)
    [client] = [e for e in posts(timed_stack, CLIENT_CHANNEL) if "Monthly report" in e.text]
    [internal] = [e for e in posts(timed_stack, INTERNAL_CHANNEL) if "Monthly report" in e.text]
    shown = all_text(client.blocks)
    assert "November 2026" in client.text
    assert "20% → 45%" in shown and "*Feedback resolved*\n1" in shown
    assert "*Median time to resolve*\n24 hr" in shown
    assert "Week of Nov 16: 🟢 On track, 20%" in shown
    assert "Week of Nov 23: 🟡 At risk, 45%" in shown
    assert "Budget is tight" not in shown and "Budget is tight" in visible(internal)
    charts = [e for e in timed_stack.fake.timeline if e.kind == "file"]
    assert {(c.channel, c.thread_ts) for c in charts} == {  # in each report's thread
        (CLIENT_CHANNEL, client.ts),
        (INTERNAL_CHANNEL, internal.ts),
    }
    assert all(c.files[0]["data"].startswith(b"\x89PNG") for c in charts)
    # Each report's thread holds two charts: progress, and response times with satisfaction.
    names = sorted(c.files[0]["name"] for c in charts)
    assert names == ["rapport-2026-11-responses.png"] * 2 + ["rapport-2026-11.png"] * 2
    reports = {(r.job, r.period_key, r.state) for r in runs(timed_stack) if "report" in r.job}
    assert reports == {
        ("report:client", "2026-11", "posted"),
        ("report:internal", "2026-11", "posted"),
    }


def test_moving_the_digest_to_an_hour_already_past_waits_for_next_week(
    timed_stack: Stack, clock: Clock, scheduler: PlanScheduler
) -> None:
    clock.now = DIGEST_AT - timedelta(hours=5)  # Friday 11:00 in Berlin
    timed_stack.sender.command(OWNER, CLIENT_CHANNEL, "/project", "set digest fri 9:00")
    scheduler.sweep()
    assert digests(timed_stack, CLIENT_CHANNEL) == [] and runs(timed_stack) == []


def test_a_refused_post_is_tried_again_a_few_minutes_later(
    timed_stack: Stack, clock: Clock, scheduler: PlanScheduler
) -> None:
    timed_stack.fake.fail_next(
        "chat.postMessage", status=200, error="not_in_channel", retry_after=None
    )
    clock.now = DIGEST_AT
    scheduler.fire("digest", project(timed_stack).id or 0)
    assert (
        digests(timed_stack, CLIENT_CHANNEL) == []
        and len(digests(timed_stack, INTERNAL_CHANNEL)) == 1
    )
    clock.now = DIGEST_AT + timedelta(minutes=2)
    scheduler.sweep()
    assert digests(timed_stack, CLIENT_CHANNEL) == []  # not hammering Slack
    clock.now = DIGEST_AT + timedelta(minutes=6)
    scheduler.sweep()
    assert len(digests(timed_stack, CLIENT_CHANNEL)) == 1
    assert len(digests(timed_stack, INTERNAL_CHANNEL)) == 1


def test_a_report_due_during_a_pause_comes_when_the_pause_ends(
    timed_stack: Stack, clock: Clock, scheduler: PlanScheduler
) -> None:
    timed_stack.sender.command(OWNER, CLIENT_CHANNEL, "/project", "pause until 2026-12-02")
    clock.now = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)  # the report's day, paused
    scheduler.sweep()
    assert not [e for e in posts(timed_stack, CLIENT_CHANNEL) if "Monthly report" in e.text]
    clock.now = datetime(2026, 12, 3, 8, 0, tzinfo=UTC)  # the morning after the pause
    scheduler.sweep()
    [report] = [e for e in posts(timed_stack, CLIENT_CHANNEL) if "Monthly report" in e.text]
    assert "November 2026" in report.text
    # The digest of the paused week was not caught up: a pause means no posts that week.
    assert digests(timed_stack, CLIENT_CHANNEL) == []


def test_feedback_unanswered_past_its_target_reminds_the_owners_once(
    timed_stack: Stack, clock: Clock, scheduler: PlanScheduler
) -> None:
    send = timed_stack.sender
    send.command(CLIENT, CLIENT_CHANNEL, "/feedback", "problem: invoices are wrong")
    send.command(CLIENT, CLIENT_CHANNEL, "/feedback", "question: who hosts staging?")
    second = wait_post(timed_stack, INTERNAL_CHANNEL, "FB-2")
    send.click(OWNER, second, "feedback_ack")
    wait_ephemeral(timed_stack, CLIENT, "picked up your feedback *FB-2*")
    clock.now = MONDAY + timedelta(hours=23)  # the 1-business-day target is not reached yet
    scheduler.sweep()
    assert not [e for e in posts(timed_stack, INTERNAL_CHANNEL) if "⏰" in e.text]
    clock.now = MONDAY + timedelta(days=1, minutes=1)
    scheduler.sweep()
    scheduler.sweep()
    [notice] = [e for e in posts(timed_stack, INTERNAL_CHANNEL) if "⏰" in e.text]
    assert "*FB-1*" in notice.text and f"<@{OWNER}>" in notice.text
    assert "FB-2" not in notice.text  # acknowledged in time
