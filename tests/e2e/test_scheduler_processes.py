"""The scheduler as operators run it: real processes on one database, killed and restarted."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from bot.sandbox.fake_slack import FakeSlack
from bot.sandbox.workspace import CLIENT_CHANNEL, INTERNAL_CHANNEL, OWNER, seed_workspace
from storage.db import session_scope
from storage.models import JobRun, Poll, Project
from storage.polls import open_poll, record_vote
from storage.projects import create_project
from tests.conftest import Database

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "xoxb-scheduler-test"
ZONE = "Europe/Berlin"


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    running = FakeSlack(token=TOKEN).start()
    seed_workspace(running)
    running.channels[CLIENT_CHANNEL].members.add(running.bot_user_id)  # as /project setup does
    yield running
    running.stop()


def make_project(database: Database, digest_at: datetime, created_at: datetime) -> None:
    """A project whose weekly digest is at `digest_at` (its weekday and local time)."""
    local = digest_at.astimezone(ZoneInfo(ZONE))
    with session_scope(database.engine) as session:
        project = create_project(
            session=session,
            team_id="T0AGENCY",
            name="Acme Website",
            channel_id=CLIENT_CHANNEL,
            owner_id=OWNER,
            timezone=ZONE,
            now=created_at,
        )
        project.internal_channel_id = INTERNAL_CHANNEL
        project.digest_weekday, project.digest_time = local.weekday(), f"{local:%H:%M}"
        project.poll_every_weeks = 0  # these tests watch the digest alone
        session.add(project)


def start(
    command: str, database: Database, fake: FakeSlack, tmp_path: Path, **settings: str
) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL"))}
    env.update(
        PYTHONPATH=str(ROOT),
        SLACK_BOT_TOKEN=TOKEN,
        SLACK_SIGNING_SECRET="s3cret",
        DATABASE_URL=database.url,
        SLACK_API_URL=fake.api_url,
        HOST="127.0.0.1",
        LOG_LEVEL="INFO",
        **settings,
    )
    log = (tmp_path / f"{command}-{time.monotonic_ns()}.log").open("w")
    return subprocess.Popen(
        [sys.executable, "-m", "bot", *command.split()],
        env=env,
        cwd=tmp_path,
        text=True,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def stop(process: subprocess.Popen[str]) -> int:
    process.send_signal(signal.SIGTERM)
    return process.wait(timeout=20)


def digests(fake: FakeSlack, channel: str) -> list[str]:
    return [e.ts for e in fake.messages(channel) if "Weekly update" in e.text]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.postgres  # claims across processes
def test_two_schedulers_on_one_database_post_each_period_once(
    database: Database, fake: FakeSlack, tmp_path: Path
) -> None:
    now = datetime.now(UTC)
    make_project(
        database, digest_at=now - timedelta(minutes=30), created_at=now - timedelta(days=1)
    )
    first = start("scheduler", database, fake, tmp_path, SWEEP_SECONDS="1")
    second = start("scheduler", database, fake, tmp_path, SWEEP_SECONDS="1")
    try:
        fake.wait_for(
            lambda: digests(fake, CLIENT_CHANNEL) and digests(fake, INTERNAL_CHANNEL), timeout=30
        )
        time.sleep(3)  # several more sweeps in both processes
    finally:
        assert stop(first) == 0 and stop(second) == 0
    assert len(digests(fake, CLIENT_CHANNEL)) == 1
    assert len(digests(fake, INTERNAL_CHANNEL)) == 1
    [message] = [e for e in fake.messages(CLIENT_CHANNEL) if "Weekly update" in e.text]
    assert "posted late" in str(message.blocks)  # caught up at start-up, 30 minutes after
    with session_scope(database.engine) as session:
        states = {(r.job, r.state) for r in session.exec(select(JobRun))}
    assert ("digest:client", "posted") in states and ("digest:internal", "posted") in states


@pytest.mark.postgres  # claims across processes
def test_a_digest_missed_beyond_the_grace_window_is_recorded_not_posted(
    database: Database, fake: FakeSlack, tmp_path: Path
) -> None:
    now = datetime.now(UTC)
    make_project(database, digest_at=now - timedelta(hours=3), created_at=now - timedelta(days=1))
    scheduler = start("scheduler", database, fake, tmp_path, CATCH_UP_HOURS="2")

    def recorded() -> list[tuple[str, str]]:
        with session_scope(database.engine) as session:
            return [(r.job, r.state) for r in session.exec(select(JobRun))]

    try:
        fake.wait_for(lambda: len(recorded()) == 2, timeout=30)
    finally:
        assert stop(scheduler) == 0
    assert sorted(recorded()) == [("digest:client", "missed"), ("digest:internal", "missed")]
    assert digests(fake, CLIENT_CHANNEL) == []


@pytest.mark.postgres  # claims across processes
def test_a_scheduler_killed_after_posting_is_not_doubled_by_the_next(
    database: Database, fake: FakeSlack, tmp_path: Path
) -> None:
    now = datetime.now(UTC)
    make_project(
        database, digest_at=now - timedelta(minutes=30), created_at=now - timedelta(days=1)
    )
    fake.delay_next("chat.postMessage", 60)  # the post lands; its answer never reaches the bot
    doomed = start("scheduler", database, fake, tmp_path, SWEEP_SECONDS="1")
    try:
        fake.wait_for(lambda: digests(fake, CLIENT_CHANNEL), timeout=30)
    finally:
        doomed.kill()  # kill -9: no shutdown, the claim stays behind
        doomed.wait(timeout=10)
    with session_scope(database.engine) as session:
        [claim] = list(session.exec(select(JobRun)))
    assert (claim.job, claim.state, claim.ts) == ("digest:client", "claimed", None)
    successor = start(
        "scheduler", database, fake, tmp_path, SWEEP_SECONDS="1", CLAIM_TIMEOUT_SECONDS="2"
    )
    try:

        def settled() -> bool:
            with session_scope(database.engine) as session:
                runs = list(session.exec(select(JobRun)))
            return len(runs) == 2 and all(r.state == "posted" for r in runs)

        fake.wait_for(settled, timeout=30)
    finally:
        assert stop(successor) == 0
    assert len(digests(fake, CLIENT_CHANNEL)) == 1
    assert len(digests(fake, INTERNAL_CHANNEL)) == 1
    with session_scope(database.engine) as session:
        client_run = session.exec(select(JobRun).where(JobRun.job == "digest:client")).one()
    assert client_run.attempts == 2 and client_run.ts == digests(fake, CLIENT_CHANNEL)[0]


def test_serve_posts_the_digest_at_the_minute_it_is_set_for(
    database: Database, fake: FakeSlack, tmp_path: Path
) -> None:
    now = datetime.now(UTC)
    minutes = 2 if now.second > 30 else 1  # at least 30 s for the process to start
    due = (now + timedelta(minutes=minutes)).replace(second=0, microsecond=0)
    make_project(database, digest_at=due, created_at=now)
    # No sweep within the test: only the cron trigger can post at the minute.
    server = start("serve", database, fake, tmp_path, PORT=str(free_port()), SWEEP_SECONDS="3600")
    try:
        fake.wait_for(lambda: digests(fake, CLIENT_CHANNEL), timeout=(due - now).seconds + 60)
    finally:
        assert stop(server) == 0
    [message] = [e for e in fake.messages(CLIENT_CHANNEL) if "Weekly update" in e.text]
    posted_at = datetime.fromtimestamp(float(message.ts), UTC)  # when Slack got it
    assert due <= posted_at < due + timedelta(seconds=30)
    assert "posted late" not in str(message.blocks)
    (tmp_path / "timing.txt").write_text(f"due {due:%H:%M:%S} UTC, posted {posted_at:%H:%M:%S.%f}")


@pytest.mark.postgres  # claims across processes
def test_a_scheduler_killed_while_posting_poll_results_is_not_doubled_by_the_next(
    database: Database, fake: FakeSlack, tmp_path: Path
) -> None:
    now = datetime.now(UTC)
    make_project(database, digest_at=now + timedelta(days=3), created_at=now - timedelta(days=7))
    with session_scope(database.engine) as session:
        [project] = session.exec(select(Project)).all()
        poll = open_poll(
            session=session,
            project=project,
            kind="csat",
            question="How are we doing?",
            anonymity="anonymous",
            now=now - timedelta(days=3),
            closes_at=now - timedelta(minutes=5),
            asked=2,
        )
        record_vote(session=session, poll=poll, user_id="U0DANA", score=4, now=now)

    def results(channel: str) -> list[str]:
        return [e.ts for e in fake.messages(channel) if "Poll results" in e.text]

    fake.delay_next("chat.postMessage", 60)  # the results land; the answer never comes back
    doomed = start("scheduler", database, fake, tmp_path, SWEEP_SECONDS="1")
    try:
        fake.wait_for(lambda: results(CLIENT_CHANNEL), timeout=30)
    finally:
        doomed.kill()  # kill -9 between posting and recording it
        doomed.wait(timeout=10)
    successor = start(
        "scheduler", database, fake, tmp_path, SWEEP_SECONDS="1", CLAIM_TIMEOUT_SECONDS="2"
    )
    try:
        fake.wait_for(lambda: results(INTERNAL_CHANNEL), timeout=30)
        time.sleep(3)  # more sweeps: nothing more
    finally:
        assert stop(successor) == 0
    assert len(results(CLIENT_CHANNEL)) == 1 and len(results(INTERNAL_CHANNEL)) == 1
    with session_scope(database.engine) as session:
        runs = {
            r.job: (r.state, r.attempts)
            for r in session.exec(select(JobRun))
            if r.job.startswith("poll:")
        }
        closed = session.get(Poll, poll.id)
    assert runs == {"poll:client": ("posted", 2), "poll:internal": ("posted", 1)}
    assert closed is not None and closed.closed_at is not None and closed.voter_secret is None


def test_serve_runs_one_scheduler_and_takes_it_up_again_when_its_worker_dies(
    database: Database, fake: FakeSlack, tmp_path: Path
) -> None:
    port = str(free_port())
    server = start("serve", database, fake, tmp_path, PORT=port, SWEEP_SECONDS="1")
    [log] = tmp_path.glob("serve-*.log")

    def duty_holders() -> list[int]:
        return [int(pid) for pid in re.findall(r"worker (\d+) runs the scheduler", log.read_text())]

    try:
        fake.wait_for(lambda: duty_holders(), timeout=30)
        time.sleep(3)  # the other worker has tried for the duty since, and left it alone
        [first] = duty_holders()
        os.kill(first, signal.SIGKILL)  # no shutdown: only the kernel lets its lock go
        fake.wait_for(lambda: len(duty_holders()) == 2, timeout=30)
        now = datetime.now(UTC)
        make_project(
            database, digest_at=now - timedelta(minutes=30), created_at=now - timedelta(days=1)
        )
        fake.wait_for(lambda: digests(fake, CLIENT_CHANNEL), timeout=30)
        time.sleep(3)  # more sweeps
    finally:
        assert stop(server) == 0
    assert duty_holders()[1] != first
    assert len(digests(fake, CLIENT_CHANNEL)) == 1
