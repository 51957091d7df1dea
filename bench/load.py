"""Acknowledgement latency and throughput under load: Rapport's `serve` against two floors
measured in the same run on this machine.

Signed `/status` quick forms (each with its own trigger_id) over keep-alive HTTP from wrk on the
same machine, at concurrency 1, 10 and 50, for SECONDS each after a 2 s warm-up, against:
  floor          a Bolt app that only acknowledges (bench/bare_app.py);
  write-sqlite   the same app doing the least a correct quick form needs in one raw transaction
                 (bench/write_floor.py) on a SQLite file; write-postgres on PostgreSQL;
  sqlite         `python -m bot serve` on a SQLite file; postgres on PostgreSQL (--postgres URL:
                 its tables are reset, and a database beside it, NAME_floor, serves the floor);
every server on gunicorn with 2 gthread workers × 4 threads (Rapport at its default settings).
The whole round is repeated RUNS times; each figure is the median of the runs, and each ratio
the median of the ratios within one run (this machine's speed varies from one minute to the
next). Targets, against the write floor of the same database: throughput ≥ 0.8× at 10 and 50
concurrent, p99 ≤ 2× at 10, p99 < 50 ms at 50.

    PYTHONPATH=. .venv/bin/python bench/load.py [--seconds 10] [--runs 3] [--postgres URL]
        [--only NAME] [--web-workers 2]   (several, e.g. 0,2: Rapport once per WEB_WORKERS)
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bench.loadgen import Result, load, wrk_load
from bot.sandbox.client import SlackSender
from bot.sandbox.fake_slack import FakeSlack
from bot.sandbox.workspace import CLIENT_CHANNEL, OWNER, seed_workspace
from storage.db import make_engine, migrate, session_scope
from storage.models import utcnow
from storage.projects import create_project

SECRET = "bench-signing-secret"
ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CONCURRENCY = (1, 10, 50)
GUNICORN = ["-w", "2", "-k", "gthread", "--threads", "4", "--log-level", "warning"]
# wrk (`apt-get install wrk`) costs the machine far less than the Python generator, which then
# measures itself as much as the server; without it the figures are a lower bound.
WRK = shutil.which("wrk") is not None


@dataclass
class Target:
    name: str
    argv: list[str]
    env: dict[str, str] = field(default_factory=dict)
    setup: Callable[[int], None] | None = None
    prepare: Callable[[], None] | None = None  # before each start: a fresh database
    floor: str = "floor"  # the target whose figures of the same run this one is held against
    results: list[list[Result]] = field(default_factory=list)  # one list per run


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


def gunicorn(app: str) -> list[str]:
    return [str(BIN / "gunicorn"), *GUNICORN, "-b", "127.0.0.1:{port}", app]


def rapport(name: str, database_url: str, fake: FakeSlack, web_workers: int) -> Target:
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
        prepare=lambda: fresh_database(database_url),
        floor=f"write-{name.split()[0]}",
    )


def write_floor(name: str, database_url: str, bare: dict[str, str]) -> Target:
    def prepare() -> None:
        fresh_database(database_url)
        engine = make_engine(database_url)
        migrate(engine)
        with session_scope(engine) as session:
            create_project(
                session=session,
                team_id="T0AGENCY",
                name="Bench floor",
                channel_id=CLIENT_CHANNEL,
                owner_id=OWNER,
                timezone="Europe/Berlin",
                now=utcnow(),
            )
        engine.dispose()

    return Target(
        name,
        gunicorn("bench.write_floor:wsgi"),
        {**bare, "DATABASE_URL": database_url},
        prepare=prepare,
    )


def fresh_database(url: str) -> None:
    """An empty database at `url`: a SQLite file removed, a PostgreSQL database emptied (and
    created first if the server lacks it)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{parsed.database}{suffix}").unlink(missing_ok=True)
        return
    server = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        exists = connection.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": parsed.database}
        ).first()
        if exists is None:
            connection.execute(text(f'CREATE DATABASE "{parsed.database}"'))
    server.dispose()
    engine = create_engine(parsed)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()


def run(target: Target, seconds: float) -> None:
    if target.prepare is not None:
        target.prepare()
    port = free_port()
    argv = [part.replace("{port}", str(port)) for part in target.argv]
    env = {**os.environ, "PORT": str(port), "PYTHONPATH": str(ROOT), **target.env}
    process = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    results: list[Result] = []
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
            results.append(result)
            print(
                f"{target.name:<15} c={concurrency:<3} p50 {result.p50:7.2f} ms  p99 "
                f"{result.p99:7.2f} ms  {result.throughput:8.0f} req/s  errors {result.errors}",
                flush=True,
            )
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
    target.results.append(results)


def summary(targets: list[Target]) -> None:
    by_name = {target.name: target for target in targets}
    runs = len(targets[0].results)
    print(f"\nMedians of {runs} run(s)")
    for target in targets:
        for index, concurrency in enumerate(CONCURRENCY):
            each = [results[index] for results in target.results]
            print(
                f"{target.name:<15} c={concurrency:<3} p50 "
                f"{statistics.median(r.p50 for r in each):7.2f} ms  p99 "
                f"{statistics.median(r.p99 for r in each):7.2f} ms  "
                f"{statistics.median(r.throughput for r in each):8.0f} req/s"
            )
    print(
        "\nAgainst the floor of the same run (targets against the write floor: throughput "
        "≥ 0.80× at c=10 and c=50, p99 ≤ 2× at c=10, p99 < 50 ms at c=50)"
    )
    for target in targets:
        floor = by_name.get(target.floor)
        if floor is None or floor is target:
            continue
        for index, concurrency in enumerate(CONCURRENCY):
            pairs = list(zip(target.results, floor.results, strict=True))
            throughput = statistics.median(
                ours[index].throughput / base[index].throughput for ours, base in pairs
            )
            p99 = statistics.median(ours[index].p99 / base[index].p99 for ours, base in pairs)
            p99_ms = statistics.median(ours[index].p99 for ours, _ in pairs)
            verdict = ""
            if floor.name.startswith("write"):
                ok = {
                    1: True,
                    10: throughput >= 0.8 and p99 <= 2,
                    50: throughput >= 0.8 and p99_ms < 50,
                }[concurrency]
                verdict = "meets the targets" if ok else "MISSES the targets"
            print(
                f"{target.name:<15} c={concurrency:<3} throughput ×{throughput:5.2f}  "
                f"p99 ×{p99:5.2f}  against {floor.name:<15} {verdict}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--postgres", default="")
    parser.add_argument("--only", action="append", default=[], help="sqlite, postgres, ...")
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
        databases = {"sqlite": f"sqlite:///{Path(folder) / 'bench.sqlite3'}"}
        if args.postgres:
            databases["postgres"] = args.postgres
        targets = [Target("floor", gunicorn("bench.bare_app:wsgi"), bare)]
        for database, url in databases.items():
            floor_url = url.replace("bench.sqlite3", "floor.sqlite3")
            if database == "postgres":
                floor_url = str(make_url(url).set(database=f"{make_url(url).database}_floor"))
            targets.append(write_floor(f"write-{database}", floor_url, bare))
            for count in workers:
                name = database if workers == [2] else f"{database} w{count}"
                targets.append(rapport(name, url, fake, count))
        chosen = [
            t
            for t in targets
            if not args.only or t.name == "floor" or t.name.split()[0].split("-")[-1] in args.only
        ]
        generator = "wrk" if WRK else "the Python generator (install wrk for better figures)"
        print(
            f"{args.seconds:.0f} s at each concurrency after a 2 s warm-up, {args.runs} run(s), "
            f"{os.cpu_count()} cores, load from {generator}"
        )
        for number in range(args.runs):
            print(f"\nRun {number + 1}")
            for target in chosen:
                run(target, args.seconds)
    fake.stop()
    summary(chosen)


if __name__ == "__main__":
    main()
