"""Weekly digests at scale: build every project's client and internal digest, as the scheduler
does (`bot.digest.posting.digest_messages`, what `post_digest` runs: the rows read once, then each
audience's digest and its Block Kit), posting nothing. Prints CPU and wall time (median of
--repeat builds), SQL statements per project (counted with a `before_cursor_execute` listener;
min/median/max, with few and with many updates, to show they do not grow with the rows), peak
Python memory (tracemalloc, over the first 100 projects and
over all of them, to show it does not grow with the number of projects) and the verdicts.

Beside each build it measures a floor in the same run, the least any digest builder must do:
the same rows read with the database driver itself, one query per table, and Block Kit of the
same size (the blocks Rapport built) serialised to JSON. Target: Rapport's CPU at most 3× the
floor's.

    PYTHONPATH=. .venv/bin/python bench/digests_at_scale.py [--projects 1000] [--updates 10,50]
        [--repeat 3] [--postgres postgresql+psycopg://postgres@127.0.0.1:5432/postgres]

With --postgres, a database `rapport_bench_digests` is created on that server (dropped first if
it exists, and again at the end) and measured after SQLite.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import tempfile
import time
import tracemalloc
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, insert, select, text
from sqlalchemy.engine import make_url
from sqlmodel import Session

from bot.digest.blocks import build_digest
from bot.digest.contents import (
    MISSED_SHOWN_FOR,
    QUIET_AFTER,
    digest_for,
    not_posted,
    read_digest_rows,
)
from bot.digest.posting import digest_messages
from bot.platform import i18n
from storage.db import driver_reads, make_engine, migrate, session_scope
from storage.driver_sql import DriverSQL
from storage.models import (
    ChangeRequest,
    Feedback,
    JobRun,
    Member,
    Poll,
    PollVote,
    Project,
    Risk,
    StatusUpdate,
)

NOW = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)  # a Friday, the digest's time
SINCE = NOW - timedelta(days=7)
CPU_TARGET = 5.0
FLOOR_TARGET = 3.0  # Rapport's CPU against the floor's, at most
BATCH = 100  # projects read per query while building: memory stays bounded
PG_DATABASE = "rapport_bench_digests"


# -- the data -----------------------------------------------------------------------------


def seed(engine: Engine, projects: int, updates: int) -> None:
    """`projects` projects, each with `updates` status updates this week (a quarter internal,
    some with next steps and blockers), 3 feedback items (open, being answered, resolved this
    week), a closed poll with 3 votes and a follow-up note, an open risk, a pending and an
    approved change request, and a digest recorded as missed last week."""
    week = NOW - timedelta(days=7)
    for first in range(0, projects, BATCH):
        numbers = range(first, min(first + BATCH, projects))
        with engine.begin() as connection:
            ids = [
                connection.execute(
                    insert(Project).returning(Project.id),  # type: ignore[arg-type]
                    {
                        "team_id": "T0AGENCY",
                        "name": f"Project {n:05d}",
                        "client_channel_id": f"C{n:08d}",
                        "internal_channel_id": f"G{n:08d}",
                        "timezone": "Europe/Berlin",
                        "created_by": "U0OWNER",
                        "created_at": week - timedelta(days=60),
                        "feedback_counter": 3,
                        "risk_counter": 1,
                        "change_counter": 2,
                    },
                ).scalar_one()
                for n in numbers
            ]
            rows: dict[Any, list[dict[str, Any]]] = {
                Member: [],
                StatusUpdate: [],
                Feedback: [],
                Risk: [],
                ChangeRequest: [],
                Poll: [],
                JobRun: [],
            }
            for pid in ids:
                rows[Member] += [
                    {"project_id": pid, "user_id": "U0OWNER", "role": "owner"},
                    {"project_id": pid, "user_id": "U0DEV", "role": "team"},
                    {"project_id": pid, "user_id": "U0CLIENT", "role": "client"},
                ]
                rows[StatusUpdate] += [
                    {
                        "project_id": pid,
                        "author_id": ("U0OWNER", "U0DEV", "U0DESIGN")[i % 3],
                        "health": ("on-track", "at-risk", None)[i % 3],
                        "progress": i * 2 if i % 2 else None,
                        "text": f"Update {i} on {pid}: shipped piece {i} of the checkout & <cart>",
                        "next_steps": f"piece {i + 1} of {pid}" if i % 4 == 0 else "",
                        "blockers": f"waiting for the API keys of {pid}" if i % 10 == 0 else "",
                        "visibility": "internal" if i % 4 == 3 else "client",
                        "created_at": week + timedelta(minutes=10 + i * 180),
                    }
                    for i in range(updates)
                ]
                rows[Feedback] += [
                    {
                        "project_id": pid,
                        "number": k + 1,
                        "author_id": "U0CLIENT" if k else None,
                        "kind": ("problem", "request", "praise")[k],
                        "text": f"Feedback {k + 1}: the staging site logs me out",
                        "state": ("open", "acknowledged", "resolved")[k],
                        "due_at": NOW + timedelta(days=1),
                        "created_at": week + timedelta(days=k + 1),
                        "resolved_by": "U0DEV" if k == 2 else None,
                        "resolved_at": NOW - timedelta(hours=5) if k == 2 else None,
                        "resolution": "Fixed the session cookie" if k == 2 else None,
                    }
                    for k in range(3)
                ]
                rows[Risk].append(
                    {
                        "project_id": pid,
                        "number": 1,
                        "title": "The payment provider may slip its sandbox date",
                        "severity": "high",
                        "owner_id": "U0OWNER",
                        "created_by": "U0OWNER",
                        "created_at": week + timedelta(days=2),
                    }
                )
                rows[ChangeRequest] += [
                    {
                        "project_id": pid,
                        "number": 1,
                        "title": "Add gift cards",
                        "schedule_days": 4,
                        "cost_cents": 250000,
                        "proposed_by": "U0OWNER",
                        "state": "pending",
                        "created_at": NOW - timedelta(days=4),
                    },
                    {
                        "project_id": pid,
                        "number": 2,
                        "title": "Drop the wishlist",
                        "schedule_days": -2,
                        "proposed_by": "U0OWNER",
                        "state": "approved",
                        "decided_by": "U0CLIENT",
                        "decided_at": NOW - timedelta(days=1),
                        "created_at": NOW - timedelta(days=3),
                    },
                ]
                rows[Poll].append(
                    {
                        "project_id": pid,
                        "kind": "csat",
                        "question": "How satisfied are you?",
                        "anonymity": "anonymous",
                        "channel_id": f"C{pid:08d}",
                        "opened_at": week,
                        "closes_at": week + timedelta(days=3),
                        "closed_at": week + timedelta(days=3),
                        "asked": 4,
                        "follow_up_by": "U0OWNER",
                        "follow_up_note": "We now demo every Thursday",
                        "follow_up_at": NOW - timedelta(days=2),
                    }
                )
                rows[JobRun].append(
                    {
                        "job": "digest:client",
                        "project_id": pid,
                        "period_key": "2026-W46",
                        "scheduled_for": week,
                        "state": "missed",
                        "claimed_by": "bench",
                        "claimed_at": week,
                        "finished_at": week,
                        "attempts": 1,
                    }
                )
            for model, values in rows.items():
                connection.execute(insert(model), [_complete(model, row) for row in values])
            polls = connection.execute(
                select(Poll.id).where(Poll.project_id.in_(ids))  # type: ignore[union-attr]
            ).scalars()
            connection.execute(
                insert(PollVote),
                [
                    {"poll_id": p, "voter_key": f"k{v}", "score": v + 2, "voted_at": week}
                    for p in polls
                    for v in range(3)
                ],
            )


def _complete(model: Any, row: dict[str, Any]) -> dict[str, Any]:
    """Every column, defaults filled in: one executemany needs the same keys in each row."""
    return {k: v for k, v in model(**row).model_dump().items() if k != "id"}


# -- measuring ----------------------------------------------------------------------------


class Statements:
    """Counts the SQL statements sent: through the engine, and straight to the driver
    (storage/driver_sql.py), which the engine's events do not see."""

    def __init__(self, engine: Engine) -> None:
        self.count = 0
        event.listen(engine, "before_cursor_execute", self._seen)
        run = DriverSQL._run

        def counted(sql: DriverSQL, session: Session, params: Any, read: Any) -> Any:
            self.count += 1
            return run(sql, session, params, read)

        DriverSQL._run = counted  # type: ignore[method-assign]

    def _seen(self, *_args: Any) -> None:
        self.count += 1


def projects_in_batches(engine: Engine, limit: int | None = None) -> Iterator[Project]:
    """Every project, BATCH at a time by id: never all of them in memory at once."""
    last, seen = 0, 0
    while True:
        with session_scope(engine) as session:
            query = select(Project).where(Project.id > last)  # type: ignore[operator]
            batch = list(session.scalars(query.order_by(Project.id).limit(BATCH)))  # type: ignore[arg-type]
        if not batch:
            return
        for project in batch:
            if limit is not None and seen >= limit:
                return
            seen += 1
            yield project
        last = batch[-1].id or 0


def build_all(engine: Engine, statements: Statements, limit: int | None = None) -> dict[str, Any]:
    """Both digests of every project; statements counted per project (loading the batch of
    projects itself is counted apart). `built` keeps what the first 100 projects' digests were
    made of, for the floor."""
    per_project: list[int] = []
    blocks = 0
    built: list[tuple[int, list[Any]]] = []
    cpu, wall = time.process_time(), time.perf_counter()
    for project in projects_in_batches(engine, limit):
        before = statements.count
        message = digest_messages(engine, project, now=NOW)
        both = [message(audience)[1] for audience in ("client", "internal")]
        blocks += sum(len(b) for b in both)
        per_project.append(statements.count - before)
        if len(built) < 100:
            built.append((project.id or 0, both))
    return {
        "cpu": time.process_time() - cpu,
        "wall": time.perf_counter() - wall,
        "per_project": per_project,
        "blocks": blocks,
        "built": built,
    }


# The floor's reads: the rows the digest reads (bot/digest/contents.py, read_digest_rows and
# not_posted), one query per table (the team's members, time off and posting authors in one, as
# Rapport reads them), written for the driver itself, every column.
FLOOR_QUERIES = (
    "SELECT member.user_id, member.role, timeoff.* FROM member LEFT JOIN timeoff ON"
    " timeoff.user_id = member.user_id WHERE project_id = :p UNION ALL SELECT DISTINCT author_id,"
    " NULL, timeoff.* FROM statusupdate LEFT JOIN timeoff ON timeoff.user_id = author_id"
    " WHERE project_id = :p AND created_at >= :quiet AND author_id NOT IN"
    " (SELECT user_id FROM member WHERE project_id = :p)",
    "SELECT * FROM statusupdate WHERE project_id = :p AND created_at >= :since"
    " AND deleted_at IS NULL ORDER BY created_at DESC, id DESC",
    "SELECT * FROM feedback WHERE project_id = :p AND (created_at >= :since OR resolved_at >= "
    ":since) ORDER BY number",
    "SELECT * FROM poll WHERE project_id = :p AND follow_up_at >= :since ORDER BY follow_up_at",
    "SELECT * FROM changerequest WHERE project_id = :p AND (state = 'pending' OR (state IN "
    "('approved', 'rejected') AND decided_at >= :since AND decided_at < :until)) ORDER BY number",
    "SELECT * FROM risk WHERE project_id = :p AND (state = 'open' OR (created_at >= :since AND "
    "created_at < :until) OR (closed_at >= :since AND closed_at < :until)) ORDER BY number",
    "SELECT * FROM actionitem WHERE project_id = :p AND state = 'open' ORDER BY due_on, number",
    "SELECT * FROM incident WHERE project_id = :p AND ((declared_at >= :since AND declared_at"
    " < :until) OR (resolved_at >= :since AND resolved_at < :until) OR (state = 'open' AND"
    " declared_at < :until)) ORDER BY number",
    "SELECT * FROM jobrun WHERE project_id = :p AND scheduled_for >= :missed"
    " ORDER BY scheduled_for",
    "SELECT * FROM emailsend WHERE project_id = :p AND scheduled_for >= :missed AND (state ="
    " 'refused' OR (state = 'failed' AND attempts >= 5)) ORDER BY scheduled_for, id",
)


def floor(engine: Engine, built: list[tuple[int, list[Any]]]) -> float:
    """CPU seconds for the floor of the projects in `built`: their rows read with the driver,
    their digests' blocks serialised to JSON."""
    sqlite = engine.dialect.name == "sqlite"

    def at(moment: datetime) -> Any:  # as each driver is given a time by SQLAlchemy
        return moment.replace(tzinfo=None).isoformat(" ", "microseconds") if sqlite else moment

    queries = [_driver_style(q, sqlite) for q in FLOOR_QUERIES]
    times = {
        "since": at(SINCE),
        "until": at(NOW + timedelta(seconds=1)),
        "missed": at(NOW - MISSED_SHOWN_FOR),
        "quiet": at(SINCE - QUIET_AFTER),
    }
    connection = engine.raw_connection()
    try:
        cursor = connection.cursor()
        cpu = time.process_time()
        for project_id, both in built:
            for query in queries:
                cursor.execute(query, {"p": project_id, **times})
                cursor.fetchall()
            for blocks in both:
                json.dumps(blocks)
        return time.process_time() - cpu
    finally:
        connection.close()


def building(engine: Engine, limit: int) -> float:
    """CPU seconds for the part of Rapport's build that reads nothing: both audiences' digests
    sorted out of rows already read, and their blocks built in the project's language."""
    read = []
    for project in projects_in_batches(engine, limit):
        with driver_reads(engine) as session:
            rows = read_digest_rows(session=session, project=project, now=NOW)
            missed = not_posted(session=session, project=project, now=NOW)
        read.append((project, rows, missed))
    cpu = time.process_time()
    for project, rows, missed in read:
        for audience in ("client", "internal"):
            digest = digest_for(rows, project=project, audience=audience, now=NOW, missed=missed)
            with i18n.speaking(project.language):
                build_digest(digest)
    return time.process_time() - cpu


def _driver_style(query: str, sqlite: bool) -> str:
    """`:name` for sqlite3; psycopg's `%(name)s` for PostgreSQL."""
    return query if sqlite else re.sub(r":(\w+)", r"%(\1)s", query)


def measure(engine: Engine, label: str, projects: int, updates: int, repeat: int) -> dict[str, Any]:
    started = time.perf_counter()
    seed(engine, projects, updates)
    seeded = time.perf_counter() - started
    statements = Statements(engine)
    build_all(engine, statements, limit=10)  # warm the statement caches, as a live process is
    runs = [build_all(engine, statements) for _ in range(repeat)]
    tracemalloc.start()
    build_all(engine, statements, limit=100)
    few = tracemalloc.get_traced_memory()[1]
    tracemalloc.reset_peak()
    build_all(engine, statements)
    every = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    counts = runs[0]["per_project"]
    built = runs[0]["built"]
    ours, floors, builds = [], [], []
    for _ in range(repeat):  # the same projects, Rapport and the floor in turn
        ours.append(build_all(engine, statements, limit=len(built))["cpu"])
        floors.append(floor(engine, built))
        builds.append(building(engine, len(built)))
    ratio = statistics.median(ours) / statistics.median(floors)
    build_ratio = statistics.median(builds) / statistics.median(floors)
    result = {
        "label": label,
        "updates": updates,
        "seeded": seeded,
        "cpu": statistics.median(r["cpu"] for r in runs),
        "cpus": [r["cpu"] for r in runs],
        "wall": statistics.median(r["wall"] for r in runs),
        "queries": (min(counts), statistics.median(counts), max(counts)),
        "mem_100": few,
        "mem_all": every,
        "projects": len(counts),
        "floor_ratio": ratio,
    }
    print(
        f"{label:<10} {updates:>3} updates/project  seeded in {seeded:5.1f} s   "
        f"build: CPU {result['cpu']:6.2f} s (runs {', '.join(f'{c:.2f}' for c in result['cpus'])})"
        f"  wall {result['wall']:6.2f} s   {result['cpu'] / len(counts) * 1000:5.2f} ms CPU/project"
    )
    low, mid, high = result["queries"]
    print(
        f"{'':<10} SQL statements per project (both digests): min {low} median {mid:g} max {high}"
        f"   peak traced memory: 100 projects {few / 2**20:5.1f} MiB, "
        f"{len(counts)} projects {every / 2**20:5.1f} MiB"
    )
    print(
        f"{'':<10} floor (the same rows by the driver, the same blocks to JSON) for "
        f"{len(built)} projects: {statistics.median(floors) / len(built) * 1000:5.2f} ms "
        f"CPU/project, Rapport {statistics.median(ours) / len(built) * 1000:5.2f} ms: "
        f"×{ratio:.2f}"
    )
    print(
        f"{'':<10} of Rapport's, building both digests out of rows already read (no SQL): "
        f"{statistics.median(builds) / len(built) * 1000:5.2f} ms CPU/project: ×{build_ratio:.2f}"
        " of the floor"
    )
    return result


def _median_with(result: dict[str, Any]) -> str:
    return f"{result['queries'][1]:g} with {result['updates']} updates"


def verdicts(results: list[dict[str, Any]]) -> None:
    by_db: dict[str, list[dict[str, Any]]] = {}
    for r in results:
        by_db.setdefault(r["label"], []).append(r)
    for label, rows in by_db.items():
        most = max(rows, key=lambda r: r["updates"])
        counts = {r["queries"] for r in rows}
        constant = len(counts) == 1 and len({c for r in rows for c in r["queries"]}) == 1
        bounded = most["mem_all"] <= 2 * most["mem_100"]
        ratios = [r["floor_ratio"] for r in rows]
        near_floor = all(ratio <= FLOOR_TARGET for ratio in ratios)
        print(
            f"{label}: CPU {most['cpu']:.2f} s for {most['projects']} projects × "
            f"{most['updates']} updates: {'PASS' if most['cpu'] < CPU_TARGET else 'FAIL'} "
            f"(< {CPU_TARGET:g} s) · queries per project constant "
            f"({' vs '.join(_median_with(r) for r in rows)}): "
            f"{'PASS' if constant else 'FAIL'} · memory bounded (all projects ≤ 2 × 100): "
            f"{'PASS' if bounded else 'FAIL'} · within {FLOOR_TARGET:g}× the floor "
            f"({', '.join(f'×{ratio:.2f}' for ratio in ratios)}): "
            f"{'PASS' if near_floor else 'FAIL'}"
        )


# -- databases ----------------------------------------------------------------------------


def sqlite_runs(args: argparse.Namespace) -> list[dict[str, Any]]:
    results = []
    with tempfile.TemporaryDirectory() as folder:
        for updates in args.updates:
            engine = make_engine(f"sqlite:///{Path(folder) / f'digests-{updates}.sqlite3'}")
            migrate(engine)
            results.append(measure(engine, "SQLite", args.projects, updates, args.repeat))
            engine.dispose()
    return results


def postgres_runs(args: argparse.Namespace) -> list[dict[str, Any]]:
    server = make_url(args.postgres)
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    url = server.set(database=PG_DATABASE).render_as_string(hide_password=False)
    results = []
    try:
        for updates in args.updates:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{PG_DATABASE}" WITH (FORCE)'))
                connection.execute(text(f'CREATE DATABASE "{PG_DATABASE}"'))
            engine = make_engine(url)
            migrate(engine)
            results.append(measure(engine, "PostgreSQL", args.projects, updates, args.repeat))
            engine.dispose()
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{PG_DATABASE}" WITH (FORCE)'))
        admin.dispose()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--projects", type=int, default=1000)
    parser.add_argument(
        "--updates", type=lambda v: [int(n) for n in v.split(",")], default=[10, 50]
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--postgres", default="", help="a server URL; a database is made on it")
    args = parser.parse_args()
    print(
        f"Weekly digests (client + internal) of {args.projects} projects, built as the "
        f"scheduler builds them, no posting; median of {args.repeat} builds"
    )
    results = sqlite_runs(args)
    if args.postgres:
        results += postgres_runs(args)
    verdicts(results)
    print(
        "CPU is this process's time (time.process_time): with SQLite it includes the "
        "database's work, with PostgreSQL only the client's."
    )


if __name__ == "__main__":
    main()
