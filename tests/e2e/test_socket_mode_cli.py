"""`python -m bot serve --socket-mode` as an operator runs it: a real process connecting out to
the Socket Mode stand-in, answering over the socket, healthy over HTTP, stopped by SIGTERM."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.sandbox.fake_slack import FakeSlack
from bot.sandbox.fake_socket import FakeSocketMode
from bot.sandbox.socket_sender import SocketSender
from bot.sandbox.workspace import CLIENT, CLIENT_CHANNEL, OWNER, seed_workspace
from tests.conftest import Database
from tests.e2e.test_cli import SECRET, TOKEN, base_env, bot, free_port

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

APP_TOKEN = "xapp-1-A0RAPPORT-cli-test-2222"


@pytest.fixture
def socket_mode() -> Iterator[FakeSocketMode]:
    fake = FakeSlack(token=TOKEN).start()
    seed_workspace(fake)
    running = FakeSocketMode(fake, app_token=APP_TOKEN).start()
    yield running
    running.stop()
    fake.stop()


def settings(database: Database, fake: FakeSlack, **extra: str) -> dict[str, str]:
    return base_env(
        SLACK_BOT_TOKEN=TOKEN,
        SLACK_SIGNING_SECRET=SECRET,
        DATABASE_URL=database.url,
        SLACK_API_URL=fake.api_url,
        HOST="127.0.0.1",
        PORT=str(free_port()),
        **extra,
    )


def test_socket_mode_without_an_app_token_stops_with_one_line(tmp_path: Path) -> None:
    env = base_env(SLACK_BOT_TOKEN=TOKEN, SLACK_SIGNING_SECRET=SECRET)
    result = bot(["serve", "--socket-mode"], env, tmp_path)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "SLACK_APP_TOKEN is missing" in result.stderr
    assert "Traceback" not in result.stderr


def test_serving_http_without_a_signing_secret_stops_with_one_line(tmp_path: Path) -> None:
    env = base_env(SLACK_BOT_TOKEN=TOKEN, SLACK_APP_TOKEN=APP_TOKEN)
    result = bot(["serve"], env, tmp_path)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "SLACK_SIGNING_SECRET is missing" in result.stderr
    assert APP_TOKEN not in result.stderr and "Traceback" not in result.stderr


def test_a_wrong_app_token_stops_start_up_with_one_line(
    tmp_path: Path, database: Database, socket_mode: FakeSocketMode
) -> None:
    wrong = "xapp-1-A0RAPPORT-not-this-one"
    env = settings(database, socket_mode.fake, SLACK_APP_TOKEN=wrong)
    result = bot(["serve", "--socket-mode", "--no-scheduler"], env, tmp_path)
    assert result.returncode == 2
    [line] = [ln for ln in result.stderr.splitlines() if ln.startswith("rapport:")]
    assert "Slack refused SLACK_APP_TOKEN (invalid_auth)" in line
    assert "Traceback" not in result.stderr and wrong not in result.stderr
    assert socket_mode.hellos == 0


def test_serve_socket_mode_answers_over_the_socket_and_stops_on_sigterm(
    tmp_path: Path, database: Database, socket_mode: FakeSocketMode
) -> None:
    fake = socket_mode.fake
    # Socket Mode carries no HTTP signatures: it runs without SLACK_SIGNING_SECRET.
    env = settings(database, fake, SLACK_APP_TOKEN=APP_TOKEN, LOG_LEVEL="DEBUG")
    del env["SLACK_SIGNING_SECRET"]
    server = subprocess.Popen(
        [sys.executable, "-m", "bot", "serve", "--socket-mode"],
        env=env,
        cwd=tmp_path,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while socket_mode.hellos == 0:
            assert server.poll() is None, server.communicate()[0]
            assert time.monotonic() < deadline, "the bot did not connect"
            time.sleep(0.1)
        sender = SocketSender(socket_mode=socket_mode, fake=fake)
        sender.command(OWNER, CLIENT_CHANNEL, "/project", "setup Acme Website")
        fake.wait_for(lambda: any("is set up" in e.text for e in fake.timeline))
        assert "FB-1" in sender.command(CLIENT, CLIENT_CHANNEL, "/feedback", "Hello there").text
        with urllib.request.urlopen(f"http://127.0.0.1:{env['PORT']}/healthz", timeout=5) as r:
            assert r.status == 200
    finally:
        server.send_signal(signal.SIGTERM)
        output, _ = server.communicate(timeout=15)
    assert server.returncode == 0, output
    assert "connected to Slack over Socket Mode" in output
    assert "received SIGTERM" in output and "Rapport stopped" in output
    assert "Traceback" not in output
    assert TOKEN not in output and APP_TOKEN not in output and SECRET not in output
    assert "Hello there" not in output  # not even at DEBUG
