"""Memory of `python -m bot serve` (every process: gunicorn's arbiter, its two workers, the
scheduler; summed as PSS) at rest and after 5,000 and 10,000 signed `/status` requests.

Target: under 150 MB after 10,000 requests, and no growth between the 5,000th and the 10,000th.

    PYTHONPATH=. .venv/bin/python bench/footprint.py [--postgres URL] [--web-workers N]
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import tempfile
from pathlib import Path

from bench.load import ROOT, SECRET, free_port, fresh_database, rapport, wait_ready
from bench.loadgen import send
from bot.sandbox.fake_slack import FakeSlack
from bot.sandbox.workspace import seed_workspace


def tree(pid: int) -> list[int]:
    """The process and its descendants, from /proc."""
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            children = (task / "children").read_text().split()
            pending.extend(int(child) for child in children)
    return found


def rss_mb(pid: int) -> dict[int, float]:
    """Each process's proportional set size (PSS): pages shared after gunicorn's fork count
    once in the sum, split between the processes that share them, where RSS would count them
    in every process."""
    sizes = {}
    for process in tree(pid):
        for line in Path(f"/proc/{process}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                sizes[process] = int(line.split()[1]) / 1024
    return sizes


def describe(label: str, sizes: dict[int, float]) -> None:
    parts = " + ".join(f"{size:.0f}" for size in sizes.values())
    print(f"{label:<24} PSS {sum(sizes.values()):6.1f} MB in {len(sizes)} processes ({parts})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--postgres", default="")
    parser.add_argument("--web-workers", type=int, default=2, help="WEB_WORKERS of serve")
    args = parser.parse_args()
    fake = FakeSlack(token="xoxb-bench").start()
    seed_workspace(fake)
    with tempfile.TemporaryDirectory() as folder:
        url = args.postgres or f"sqlite:///{Path(folder) / 'footprint.sqlite3'}"
        fresh_database(url)
        target = rapport("postgres" if args.postgres else "sqlite", url, fake, args.web_workers)
        port = free_port()
        env = {
            **os.environ,
            "PORT": str(port),
            "PYTHONPATH": str(ROOT),
            **target.env,
            "WEB_WORKERS": str(args.web_workers),
        }
        print(f"serve with WEB_WORKERS={args.web_workers}")
        process = subprocess.Popen(target.argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
        try:
            wait_ready(port, process)
            assert target.setup is not None
            target.setup(port)
            at_rest = rss_mb(process.pid)
            describe("at rest", at_rest)
            failures = send(port, SECRET, 5000, reconnect=50)
            half = rss_mb(process.pid)
            describe("after 5,000 requests", half)
            failures += send(port, SECRET, 5000, first=5000, reconnect=50)
            full = rss_mb(process.pid)
            describe("after 10,000 requests", full)
            growth = sum(full.values()) - sum(half.values())
            total = sum(full.values())
            print(
                f"\n{failures} requests not answered 200. Growth from 5,000 to 10,000: "
                f"{growth:+.1f} MB. Target under 150 MB: {'met' if total < 150 else 'MISSED'} "
                f"({total:.0f} MB); no growth: {'met' if growth < 2 else 'MISSED'}."
            )
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=30)
    fake.stop()


if __name__ == "__main__":
    main()
