"""How long Slack waits for Rapport's answer, against a bare Bolt app on the same server.

Both run behind the same waitress server on loopback with signed requests from the sandbox
client. The baseline app only acknowledges `/status`; Rapport parses the quick form, checks the
caller's role, writes the update and answers with its receipt. Prints medians, p95 and ratios.

    PYTHONPATH=. .venv/bin/python bench/ack_latency.py [--requests 300] [--database-url URL]

Give PostgreSQL a database of its own: the run creates tables and a project in it.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from slack_bolt import Ack, App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk import WebClient

from bot.platform.web import HttpServer
from bot.sandbox.client import SlackSender
from bot.sandbox.fake_slack import FakeSlack
from bot.sandbox.stack import start_stack
from bot.sandbox.workspace import CLIENT_CHANNEL, DEV, OWNER, seed_workspace
from storage.db import make_engine, migrate

SECRET = "bench-signing-secret"


def timed(requests: int, send: Callable[[int], int]) -> list[float]:
    samples = []
    for number in range(requests):
        started = time.perf_counter()
        status = send(number)
        samples.append((time.perf_counter() - started) * 1000)
        assert status == 200, status
    return samples


def bare_bolt(requests: int) -> list[float]:
    fake = FakeSlack(token="xoxb-bench").start()
    seed_workspace(fake)
    app = App(
        signing_secret=SECRET,
        client=WebClient(token="xoxb-bench", base_url=fake.api_url),
        token_verification_enabled=False,
    )

    def handle_status(ack: Ack) -> None:
        ack(text="ok")

    app.command("/status")(handle_status)

    server = HttpServer(SlackRequestHandler(app), host="127.0.0.1", port=0, threads=4)
    server.start_in_thread()
    sender = SlackSender(bot_url=server.url, signing_secret=SECRET, fake=fake)
    try:
        return timed(
            requests,
            lambda n: (
                sender.send_form(
                    sender.command_fields(DEV, CLIENT_CHANNEL, "/status", f"on-track Update {n}")
                ).status
            ),
        )
    finally:
        server.stop()
        fake.stop()


def rapport(requests: int, database_url: str) -> list[float]:
    engine = make_engine(database_url)
    migrate(engine)
    stack = start_stack(database_url=database_url, engine=engine)
    try:
        stack.sender.command(OWNER, CLIENT_CHANNEL, "/project", "setup Bench Project")
        return timed(
            requests,
            lambda n: (
                stack.sender.send_form(
                    stack.sender.command_fields(
                        DEV,
                        CLIENT_CHANNEL,
                        "/status",
                        f"on-track {n % 100}% Update number {n}; next: more",
                    )
                ).status
            ),
        )
    finally:
        stack.stop()
        engine.dispose()


def report(name: str, samples: list[float], baseline: float) -> None:
    median = statistics.median(samples)
    p95 = statistics.quantiles(samples, n=20)[-1]
    print(
        f"{name:<28} median {median:7.2f} ms   p95 {p95:7.2f} ms   "
        f"×{median / baseline:5.2f} of baseline"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        baseline = bare_bolt(args.requests)
        ours = rapport(args.requests, url)
    base_median = statistics.median(baseline)
    print(
        f"{args.requests} sequential signed /status requests each, loopback, "
        f"database {url.split(':', 1)[0]}"
    )
    report("bare Bolt app (ack only)", baseline, base_median)
    report("Rapport /status quick form", ours, base_median)


if __name__ == "__main__":
    main()
