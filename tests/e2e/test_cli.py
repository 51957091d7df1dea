"""`python -m bot` as an operator runs it: a real process, real settings, real signals."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.sandbox.client import SlackSender
from bot.sandbox.fake_slack import FakeSlack
from bot.sandbox.workspace import CLIENT_CHANNEL, DEV, OWNER, seed_workspace
from tests.conftest import Database

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "xoxb-cli-test-token-0000"
SECRET = "cli-test-signing-secret-1111"


def bot(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        env=env,
        cwd=cwd,
        text=True,
        capture_output=True,
        timeout=60,
    )


def base_env(**settings: str) -> dict[str, str]:
    keep = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SLACK_", "DATABASE_URL", "PORT", "HOST", "LOG_"))
    }
    return {**keep, "PYTHONPATH": str(ROOT), **settings}


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    running = FakeSlack(token=TOKEN).start()
    seed_workspace(running)
    yield running
    running.stop()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.parametrize(
    ("settings", "named"),
    [
        ({}, "SLACK_BOT_TOKEN is missing"),
        ({"SLACK_BOT_TOKEN": "not-a-bot-token"}, "SLACK_BOT_TOKEN is malformed"),
        ({"SLACK_BOT_TOKEN": TOKEN}, "SLACK_SIGNING_SECRET is missing"),
        ({"SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SECRET, "PORT": "http"}, "PORT"),
        (
            {"SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SECRET, "LOG_LEVEL": "LOUD"},
            "LOG_LEVEL",
        ),
    ],
)
def test_a_bad_setting_stops_start_up_with_one_line(
    tmp_path: Path, settings: dict[str, str], named: str
) -> None:
    result = bot(["serve"], base_env(**settings), tmp_path)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and named in result.stderr
    assert ".env.example" in result.stderr and "Traceback" not in result.stderr
    assert TOKEN not in result.stderr and SECRET not in result.stderr


def test_settings_come_from_dotenv_and_migrate_applies_the_schema(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(
        f"SLACK_BOT_TOKEN={TOKEN}\nSLACK_SIGNING_SECRET={SECRET}\n"
        f"DATABASE_URL=sqlite:///{tmp_path}/from-dotenv.sqlite3\n"
    )
    result = bot(["migrate"], base_env(), tmp_path)
    assert result.returncode == 0, result.stderr
    assert "up to date" in result.stdout
    assert (tmp_path / "from-dotenv.sqlite3").exists()


def test_serve_answers_slack_posts_digests_on_demand_and_stops_on_sigterm(
    tmp_path: Path, database: Database, fake: FakeSlack
) -> None:
    port = free_port()
    env = base_env(
        SLACK_BOT_TOKEN=TOKEN,
        SLACK_SIGNING_SECRET=SECRET,
        DATABASE_URL=database.url,
        SLACK_API_URL=fake.api_url,
        HOST="127.0.0.1",
        PORT=str(port),
        LOG_LEVEL="DEBUG",
    )
    server = subprocess.Popen(
        [sys.executable, "-m", "bot", "serve"],
        env=env,
        cwd=tmp_path,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{url}/healthz", timeout=1) as response:
                    assert response.status == 200
                    break
            except OSError:
                assert server.poll() is None, server.communicate()[0]
                assert time.monotonic() < deadline, "server did not come up"
                time.sleep(0.1)
        # Two workers answer; every scrape counts the requests both of them served.
        for _attempt in range(30):
            with urllib.request.urlopen(f"{url}/healthz", timeout=5) as response:
                assert response.status == 200
        for _attempt in range(4):
            with urllib.request.urlopen(f"{url}/metrics", timeout=5) as response:
                scraped = response.read().decode()
            [served] = [
                line
                for line in scraped.splitlines()
                if line.startswith("rapport_http_requests_total{")
                and 'path="/healthz"' in line
                and 'status="200"' in line
            ]
            assert float(served.rsplit(" ", 1)[1]) >= 31, served

        sender = SlackSender(bot_url=url, signing_secret=SECRET, fake=fake)
        sender.command(OWNER, CLIENT_CHANNEL, "/project", "setup Acme Website")
        fake.wait_for(lambda: any("is set up" in e.text for e in fake.timeline))
        assert (
            "Update posted"
            in sender.command(DEV, CLIENT_CHANNEL, "/status", "on-track 50% Checkout shipped").text
        )

        posted = bot(["run", "digest", "--project", "Acme Website"], env, tmp_path)
        assert posted.returncode == 0, posted.stderr
        assert f"Posted the client digest to {CLIENT_CHANNEL}" in posted.stdout
        [digest] = fake.messages(CLIENT_CHANNEL)
        assert "Checkout shipped" in str(digest.blocks)
        again = bot(["run", "digest", "--project", "Acme Website"], env, tmp_path)
        assert again.returncode == 0 and "already posted" in again.stdout
        assert len(fake.messages(CLIENT_CHANNEL)) == 1  # an operator's second run doubles nothing

        missing = bot(["run", "digest", "--project", "Nope"], env, tmp_path)
        assert missing.returncode == 1 and "no project named 'Nope'" in missing.stderr
        listed = bot(["project", "list"], env, tmp_path)
        assert "Acme Website" in listed.stdout
        schedule = bot(["schedule"], env, tmp_path)
        assert schedule.returncode == 0
        assert "Acme Website — Europe/Berlin" in schedule.stdout
        digest_line = next(line for line in schedule.stdout.splitlines() if "digest" in line)
        assert " Fri " in digest_line and "16:00 CET" in digest_line and "15:00 UTC" in digest_line
        dry = bot(["run", "report", "--project", "Acme Website", "--dry-run"], env, tmp_path)
        assert dry.returncode == 0 and '"audience": "client"' in dry.stdout
        posts_before = len(fake.messages(CLIENT_CHANNEL))
        reminders = bot(
            ["run", "reminders", "--project", "Acme Website", "--dry-run"], env, tmp_path
        )
        assert reminders.returncode == 0 and '"recipients"' in reminders.stdout
        assert len(fake.messages(CLIENT_CHANNEL)) == posts_before  # a dry run posts nothing
    finally:
        server.send_signal(signal.SIGTERM)
        output, _ = server.communicate(timeout=15)
    assert server.returncode == 0
    assert "received SIGTERM" in output and "Rapport stopped" in output
    assert "Traceback" not in output
    assert TOKEN not in output and SECRET not in output  # not even at DEBUG
