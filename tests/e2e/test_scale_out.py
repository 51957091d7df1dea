"""Scale-out as operators run it: two `serve --no-scheduler` replicas (each a gunicorn master
with its workers) and one `scheduler`, real processes on one database, with the requests spread
over both replicas as a load balancer would: nothing duplicated, nothing lost, every scheduled
post once."""

from __future__ import annotations

import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import col, select

from bot.sandbox.client import SlackSender
from bot.sandbox.fake_slack import FakeSlack
from bot.sandbox.workspace import CLIENT, CLIENT_CHANNEL, DEV, INTERNAL_CHANNEL, OWNER
from storage.db import session_scope
from storage.models import Feedback, SeenRequest, StatusUpdate
from tests.conftest import Database
from tests.e2e.test_scheduler_processes import (
    digests,
    fake,  # noqa: F401 (a fixture: the Slack stand-in the processes talk to)
    free_port,
    make_project,
    start,
    stop,
)

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.postgres]
SECRET = "s3cret"  # what `start` gives the processes


def healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as answer:
            return bool(answer.status == 200)
    except OSError:
        return False


def test_two_replicas_and_one_scheduler_double_nothing_and_lose_nothing(
    database: Database,
    fake: FakeSlack,  # noqa: F811 (the imported fixture)
    tmp_path: Path,
) -> None:
    now = datetime.now(UTC)
    due = now - timedelta(minutes=30)  # a digest the scheduler catches up at its first sweep
    make_project(database, digest_at=due, created_at=now - timedelta(days=1))
    ports = [free_port(), free_port()]
    replicas = [
        start("serve --no-scheduler", database, fake, tmp_path, PORT=str(p), WEB_WORKERS="2")
        for p in ports
    ]
    try:
        fake.wait_for(lambda: all(healthy(p) for p in ports), timeout=30)
        senders = [
            SlackSender(bot_url=f"http://127.0.0.1:{p}", signing_secret=SECRET, fake=fake)
            for p in ports
        ]
        for number in range(40):  # round robin, as a load balancer spreads them
            sender = senders[number % 2]
            update = sender.command(DEV, CLIENT_CHANNEL, "/status", f"on-track Update {number}")
            assert "Update posted" in update.text, update.text
        # Slack retries a command it thinks was lost; the balancer sends it to the other replica.
        fields = senders[0].command_fields(CLIENT, CLIENT_CHANNEL, "/feedback", "Once only")
        first = senders[0].send_form(fields)
        retried = senders[1].send_form(fields, headers={"X-Slack-Retry-Num": "1"})
        assert "FB-1" in first.text and retried.status == 200 and retried.body == ""
        fake.wait_for(lambda: any("FB-1" in e.text for e in fake.messages(INTERNAL_CHANNEL)))

        scheduler = start("scheduler", database, fake, tmp_path, SWEEP_SECONDS="1")
        try:
            fake.wait_for(lambda: digests(fake, INTERNAL_CHANNEL), timeout=30)
            fake.wait_quiet(quiet=2.5, timeout=15)  # a few more sweeps: nothing more is posted
        finally:
            assert stop(scheduler) == 0
    finally:
        assert [stop(replica) for replica in replicas] == [0, 0]
    with session_scope(database.engine) as session:
        texts = list(session.exec(select(StatusUpdate.text).order_by(col(StatusUpdate.id))))
        feedback = list(session.exec(select(Feedback)))
        seen = len(list(session.exec(select(SeenRequest))))
    assert sorted(texts) == sorted(f"Update {n}" for n in range(40))  # each once, none lost
    assert len(feedback) == 1 and seen == 41  # the 40 updates and the feedback, each once
    assert len(digests(fake, CLIENT_CHANNEL)) == 1 and len(digests(fake, INTERNAL_CHANNEL)) == 1
    assert len([e for e in fake.messages(INTERNAL_CHANNEL) if "FB-1" in e.text]) == 1


def test_a_role_or_plan_changed_on_one_replica_holds_at_once_on_the_other(
    database: Database,
    fake: FakeSlack,  # noqa: F811 (the imported fixture)
    tmp_path: Path,
) -> None:
    """Each worker keeps a copy of the project it last served; a change made through another
    replica must hold for the very next request, whichever worker answers it."""
    now = datetime.now(UTC)
    make_project(database, digest_at=now + timedelta(days=3), created_at=now - timedelta(days=1))
    ports = [free_port(), free_port()]
    replicas = [
        start("serve --no-scheduler", database, fake, tmp_path, PORT=str(p), WEB_WORKERS="2")
        for p in ports
    ]
    try:
        fake.wait_for(lambda: all(healthy(p) for p in ports), timeout=30)
        first, second = (
            SlackSender(bot_url=f"http://127.0.0.1:{p}", signing_secret=SECRET, fake=fake)
            for p in ports
        )
        for number in range(8):  # every worker of both replicas serves the project once
            sender = (first, second)[number % 2]
            posted = sender.command(DEV, CLIENT_CHANNEL, "/status", f"on-track Warm {number}")
            assert "Update posted" in posted.text, posted.text

        made_client = first.command(OWNER, CLIENT_CHANNEL, "/project", f"set client <@{DEV}>")
        assert made_client.status == 200, made_client.text
        moved = second.command(OWNER, CLIENT_CHANNEL, "/project", "set timezone Asia/Tokyo")
        assert "Asia/Tokyo" in moved.text, moved.text

        for number in range(8):
            sender = (second, first)[number % 2]
            refused = sender.command(DEV, CLIENT_CHANNEL, "/status", f"on-track Late {number}")
            assert "Status updates come from the project team" in refused.text, refused.text
            plan = sender.command(OWNER, CLIENT_CHANNEL, "/project", "plan")
            assert "Asia/Tokyo" in plan.body, plan.body
    finally:
        assert [stop(replica) for replica in replicas] == [0, 0]
    with session_scope(database.engine) as session:
        texts = list(session.exec(select(StatusUpdate.text)))
    assert not [t for t in texts if t.startswith("Late")]  # nothing got past the new role
