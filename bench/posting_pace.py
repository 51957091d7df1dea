"""Posting many digests at once within Slack's limits: the scheduler's pacer against the naive
baseline (no pacer: post, and retry 429s after Retry-After), both measured in the same run.

N projects' digests (client + internal: 2N posts) are due in the same minute; they go out
through the real `post_digest` (claims, build, post) on 10 threads, as APScheduler's pool runs
jobs, to the Slack stand-in with its rate limits on (1 post per channel per second, 50 in any
10 s per workspace: bot/sandbox/rate_limits.py). Prints wall time, 429s received, posts made
and lost, posts per second, and the most posts in any 10 s.

    PYTHONPATH=. .venv/bin/python bench/posting_pace.py [--projects 100]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select

from bench.digests_at_scale import NOW, seed
from bot.digest.posting import DIGEST_EVENT, post_digest
from bot.platform.deps import make_deps
from bot.platform.settings import Settings
from bot.platform.slack_client import PostPacer, make_web_client
from bot.sandbox.fake_slack import FakeSlack
from bot.scheduling.triggers import last_due
from storage.db import make_engine, migrate, session_scope
from storage.models import JobRun, Project

TOKEN = "xoxb-bench-pace"
UPDATES = 10


def run(url: str, projects: list[Project], paced: bool) -> dict[str, Any]:
    fake = FakeSlack(token=TOKEN, rate_limits=True).start()
    for project in projects:
        for channel in (project.client_channel_id, project.internal_channel_id):
            fake.add_channel(str(channel), str(channel).lower(), [], bot_member=True)
    settings = Settings(
        slack_bot_token=TOKEN,
        slack_signing_secret="bench",
        database_url=url,
        slack_api_url=fake.api_url,
    )
    engine = make_engine(url)
    with engine.begin() as connection:  # each run claims the same period afresh
        connection.execute(delete(JobRun).where(JobRun.state != "missed"))  # type: ignore[arg-type]
    deps = make_deps(settings, engine, clock=lambda: NOW)
    client = make_web_client(settings, retries="rate-limits", pacer=PostPacer() if paced else None)

    def job(project: Project) -> list[Any]:
        due = last_due("digest", project, NOW)
        assert due is not None
        return post_digest(deps, client, project, due=due)

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=10) as pool:
        outcomes = [p for posted in pool.map(job, projects) for p in posted]
    wall = time.perf_counter() - started
    posts = [e for e in fake.messages() if (e.metadata or {}).get("event_type") == DIGEST_EVENT]
    times = sorted(float(e.ts) for e in posts)
    busiest = max((sum(1 for t in times if s <= t < s + 10) for s in times), default=0)
    assert fake.limiter is not None
    result = {
        "wall": wall,
        "429s": fake.limiter.refused,
        "posted": len(posts),
        "lost": sum(1 for o in outcomes if o.error is not None),
        "rate": len(posts) / wall,
        "busiest": busiest,
    }
    fake.stop()
    engine.dispose()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--projects", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'pace.sqlite3'}"
        engine = make_engine(url)
        migrate(engine)
        seed(engine, args.projects, UPDATES)
        with session_scope(engine) as session:
            projects = list(session.scalars(select(Project).order_by(Project.id)))  # type: ignore[arg-type]
        engine.dispose()
        naive = run(url, projects, paced=False)
        paced = run(url, projects, paced=True)
    print(
        f"{args.projects} projects' digests due at once: {2 * args.projects} posts through "
        "post_digest on 10 threads, stand-in limits 1/s per channel and 50 per 10 s"
    )
    for name, result in (("naive (429 retries only)", naive), ("paced (PostPacer)", paced)):
        print(
            f"{name:<25} wall {result['wall']:6.1f} s   429s {result['429s']:4d}   "
            f"posted {result['posted']:4d}   lost {result['lost']:3d}   "
            f"{result['rate']:4.2f} posts/s   most in any 10 s: {result['busiest']}"
        )
    print(
        f"paced / naive: wall ×{paced['wall'] / naive['wall']:.2f}, "
        f"429s {paced['429s']} vs {naive['429s']}, lost {paced['lost']} vs {naive['lost']}"
    )


if __name__ == "__main__":
    main()
