"""Acknowledgement latency and throughput under load: Rapport's `serve` against the framework
floor, in one run on this machine.

Signed `/status` quick forms over keep-alive HTTP from an asyncio load generator on the same
machine, at concurrency 1, 10 and 50, for SECONDS each (after a 2 s warm-up), against:
  floor    a Bolt app that only acknowledges (process_before_response), on gunicorn with
           2 gthread workers × 4 threads: the fastest way found on this machine;
  stdlib   the same bare app on a threaded stdlib WSGI server (what a newcomer starts from);
  sqlite   `python -m bot serve` on a SQLite file;
  postgres `python -m bot serve` on PostgreSQL (with --postgres URL; its tables are reset).
Prints p50, p99 and throughput for each, and Rapport's ratios to the floor against the targets
(throughput ≥ 0.8× the floor's, p99 ≤ 1.25× the floor's, p99 < 50 ms at 50 concurrent).

    PYTHONPATH=. .venv/bin/python bench/load.py [--seconds 20] [--postgres URL] [--only NAME]
        [--web-workers 2]   (several, e.g. 0,1,2: Rapport once per WEB_WORKERS; 0 = one process)
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench.loadgen import Result, load, wrk_load
from bot.sandbox.client import SlackSender
from bot.sandbox.fake_slack import FakeSlack
from bot.sandbox.workspace import CLIENT_CHANNEL, OWNER, seed_workspace

SECRET = "bench-signing-secret"
ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CONCURRENCY = (1, 10, 50)
# wrk (`apt-get install wrk`) costs the machine far less than the Python generator, which then
# measures itself as much as the server; without it the figures are a lower bound.
WRK = shutil.which("wrk") is not None


@dataclass
class Target:
    name: str
    argv: list[str]
    env: dict[str, str] = field(default_factory=dict)
    setup: Callable[[int], None] | None = None
    results: list[Result] = field(default_factory=list)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_ready(port: int, process: subprocess.Popen[bytes], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("the server did not start")


def _named(database: str, workers: int, every: list[int]) -> str:
    return database if every == [2] else f"{database} w{workers}"


def rapport(name: str, database_url: str, fake: FakeSlack, web_workers: int = 2) -> Target:
    def set_up(port: int) -> None:
        for _ in range(100):  # /healthz answers once migrations are done
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):
                    break
            except OSError:
                time.sleep(0.1)
        sender = SlackSender(bot_url=f"http://127.0.0.1:{port}", signing_secret=SECRET, fake=fake)
        reply = sender.command(OWNER, CLIENT_CHANNEL, "/project", f"setup Bench {name}")
        assert reply.status == 200, reply.status
        fake.wait_quiet()

    return Target(
        name,
        [str(BIN / "python"), "-m", "bot", "serve"],
        {
            "SLACK_BOT_TOKEN": fake.token,
            "SLACK_SIGNING_SECRET": SECRET,
            "DATABASE_URL": database_url,
            "SLACK_API_URL": fake.api_url,
            "HOST": "127.0.0.1",
            "LOG_LEVEL": "WARNING",
            "WEB_WORKERS": str(web_workers),
        },
        set_up,
    )


def reset_postgres(url: str) -> None:
    """Empty the database at `url`, creating it first if the server lacks it."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = make_url(url).database
    server = create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        exists = connection.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
        ).first()
        if exists is None:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    server.dispose()
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()


def run(target: Target, seconds: float) -> None:
    port = free_port()
    argv = [part.replace("{port}", str(port)) for part in target.argv]
    env = {**os.environ, "PORT": str(port), "PYTHONPATH": str(ROOT), **target.env}
    process = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    try:
        wait_ready(port, process)
        if target.setup is not None:
            target.setup(port)
        for concurrency in CONCURRENCY:
            if WRK:
                wrk_load(port, SECRET, concurrency, 2)  # warm-up, not counted
                result = wrk_load(port, SECRET, concurrency, seconds)
            else:
                result = load(port, SECRET, concurrency, seconds)
            target.results.append(result)
            print(
                f"{target.name:<9} c={concurrency:<3} p50 {result.p50:7.2f} ms  p99 "
                f"{result.p99:7.2f} ms  {result.throughput:8.0f} req/s  errors {result.errors}",
                flush=True,
            )
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


def verdicts(floor: Target, others: list[Target]) -> None:
    print("\nAgainst the floor (targets: throughput ≥ 0.80×, p99 ≤ 1.25×, p99 < 50 ms at c=50)")
    for target in others:
        for ours, base in zip(target.results, floor.results, strict=True):
            throughput = ours.throughput / base.throughput
            p99 = ours.p99 / base.p99
            ok = throughput >= 0.8 and p99 <= 1.25 and (ours.concurrency < 50 or ours.p99 < 50)
            print(
                f"{target.name:<9} c={ours.concurrency:<3} throughput ×{throughput:5.2f}  "
                f"p99 ×{p99:5.2f}  {'meets' if ok else 'MISSES'} the targets"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--postgres", default="")
    parser.add_argument("--only", action="append", default=[])
    parser.add_argument("--web-workers", default="2", help="WEB_WORKERS of serve, e.g. 0,2")
    args = parser.parse_args()
    workers = [int(n) for n in args.web_workers.split(",")]
    fake = FakeSlack(token="xoxb-bench").start()
    seed_workspace(fake)
    bare = {
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_BOT_TOKEN": fake.token,
        "SLACK_API_URL": fake.api_url,
    }
    with tempfile.TemporaryDirectory() as folder:
        targets = [
            Target(
                "floor",
                [
                    str(BIN / "gunicorn"),
                    "-w",
                    "2",
                    "-k",
                    "gthread",
                    "--threads",
                    "4",
                    "-b",
                    "127.0.0.1:{port}",
                    "--log-level",
                    "warning",
                    "bench.bare_app:wsgi",
                ],
                bare,
            ),
            Target(
                "stdlib",
                [str(BIN / "python"), "bench/bare_app.py", "--stdlib", "{port}"],
                bare,
            ),
        ]
        for count in workers:
            database = f"sqlite:///{Path(folder) / f'bench-{count}.sqlite3'}"
            targets.append(rapport(_named("sqlite", count, workers), database, fake, count))
        if args.postgres:
            for count in workers:
                reset_postgres(args.postgres)
                targets.append(
                    rapport(_named("postgres", count, workers), args.postgres, fake, count)
                )
        chosen = [t for t in targets if not args.only or t.name in args.only or t.name == "floor"]
        generator = "wrk" if WRK else "the Python generator (install wrk for better figures)"
        print(
            f"{args.seconds:.0f} s at each concurrency after a 2 s warm-up, {os.cpu_count()} "
            f"cores, load from {generator}"
        )
        for target in chosen:
            run(target, args.seconds)
    fake.stop()
    verdicts(chosen[0], chosen[1:])


if __name__ == "__main__":
    main()
