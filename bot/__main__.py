"""The command line:

serve [--no-scheduler]   the HTTP server for Slack, with the scheduler inside unless told not to
      [--socket-mode]    connect out to Slack over Socket Mode instead (needs SLACK_APP_TOKEN)
scheduler                only the scheduler (one per deployment; pair with serve --no-scheduler)
schedule                 every project's next posts, in its local time and UTC
run digest|reminders --project NAME [--dry-run]
export --project NAME --out DIR   the project's data as CSV files (what /project export sends)
migrate | project list | demo
"""

from __future__ import annotations

import argparse
import json
import logging
import signal
import sys
import threading
from datetime import date
from pathlib import Path
from types import FrameType
from zoneinfo import ZoneInfo

from bot import i18n
from bot.app import build_app
from bot.blocks.digest import build_digest
from bot.blocks.report import build_report
from bot.config import SettingsError, load_settings, require_app_token, require_signing_secret
from bot.deps import Deps, make_deps
from bot.digest import Posted, load_digest
from bot.export import export_project, row_count
from bot.jobs import post_digest, post_report, preview_reminders, send_reminders
from bot.logs import configure_logging
from bot.report import load_report, previous_month
from bot.schedule import Due, is_paused, kinds_on, last_due, next_due, period_key
from bot.scheduler import PlanScheduler
from bot.server import HttpServer, make_wsgi_app
from bot.slack_client import SCHEDULED_POSTS, make_web_client
from bot.socket_mode import (
    SocketModeError,
    connect_socket_mode,
    make_socket_mode_handler,
    without_slack_events,
)
from bot.web import serve_with_workers
from storage.db import database_answers, make_engine, migrate, session_scope
from storage.models import Project
from storage.projects import list_projects, project_by_name
from storage.seen import RETENTION, forget_requests_before

logger = logging.getLogger("rapport")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bot", description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)
    serve_parser = commands.add_parser("serve", help="run the HTTP server for Slack")
    serve_parser.add_argument(
        "--no-scheduler", action="store_true", help="leave scheduled posts to `scheduler`"
    )
    serve_parser.add_argument(
        "--socket-mode",
        action="store_true",
        help="connect out to Slack (no public URL needed); HTTP keeps /healthz and /metrics",
    )
    commands.add_parser("scheduler", help="run only the scheduler")
    commands.add_parser("schedule", help="list every project's next scheduled posts")
    commands.add_parser("migrate", help="bring the database schema up to date")
    run = commands.add_parser("run", help="run a job now")
    run.add_argument("job", choices=["digest", "report", "reminders"])
    run.add_argument("--project", required=True, help="the project's name")
    run.add_argument("--dry-run", action="store_true", help="print the Block Kit, post nothing")
    project = commands.add_parser("project", help="look at projects")
    project.add_argument("action", choices=["list"])
    export = commands.add_parser("export", help="write a project's data as CSV files")
    export.add_argument("--project", required=True, help="the project's name")
    export.add_argument("--out", required=True, type=Path, help="the folder (created if missing)")
    commands.add_parser("demo", help="play a week of a project against the local Slack stand-in")
    args = parser.parse_args(argv)

    if args.command == "demo":
        from bot.sandbox.demo import run_demo

        return run_demo()
    try:
        settings = load_settings()
        if args.command == "serve" and args.socket_mode:
            require_app_token(settings)
        elif args.command == "serve":
            require_signing_secret(settings)
    except SettingsError as error:
        print(f"rapport: {error}", file=sys.stderr)
        return 2
    configure_logging(settings.log_level_number)
    engine = make_engine(settings.database_url)
    if not database_answers(engine):
        print(
            "rapport: the database does not answer at DATABASE_URL "
            f"({engine.url.render_as_string(hide_password=True)}).",
            file=sys.stderr,
        )
        return 2
    migrate(engine)
    deps = make_deps(settings, engine)
    if args.command == "serve" and not args.socket_mode and settings.web_workers > 0:
        with session_scope(engine) as session:
            forgotten = forget_requests_before(session=session, cutoff=deps.clock() - RETENTION)
        logger.info("forgot %d Slack delivery keys older than %s", forgotten, RETENTION)
        engine.dispose()  # each worker opens its own after the fork
        return serve_with_workers(settings, with_scheduler=not args.no_scheduler)
    if args.command == "serve":
        return serve(deps, with_scheduler=not args.no_scheduler, socket_mode=args.socket_mode)
    if args.command == "scheduler":
        return run_scheduler(deps)
    if args.command == "schedule":
        return show_schedule(deps)
    if args.command == "migrate":
        print("Database schema is up to date.")
        return 0
    if args.command == "project":
        with session_scope(engine) as session:
            for row in list_projects(session=session):
                print(
                    f"{row.name}\tclient channel {row.client_channel_id}\t"
                    f"internal {row.internal_channel_id or '-'}\t{row.timezone}"
                )
        return 0
    if args.command == "export":
        return export_to_folder(deps, args.project, args.out)
    return run_job(deps, args.job, args.project, dry_run=args.dry_run)


def _stop_on_signals() -> threading.Event:
    stopped = threading.Event()

    def stop(signum: int, _frame: FrameType | None) -> None:
        logger.info("received %s, shutting down", signal.Signals(signum).name)
        stopped.set()
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    return stopped


def serve(deps: Deps, *, with_scheduler: bool, socket_mode: bool = False) -> int:
    settings = deps.settings
    bolt_app = build_app(deps)
    wsgi_app = make_wsgi_app(bolt_app, deps)
    # Socket Mode: the same Bolt app behind a WebSocket; HTTP only for /healthz and /metrics.
    socket = make_socket_mode_handler(bolt_app, settings) if socket_mode else None
    server = HttpServer(
        without_slack_events(wsgi_app) if socket_mode else wsgi_app,
        host=settings.host,
        port=settings.port,
        threads=settings.http_threads,
    )
    with session_scope(deps.engine) as session:
        forgotten = forget_requests_before(session=session, cutoff=deps.clock() - RETENTION)
    logger.info("forgot %d Slack delivery keys older than %s", forgotten, RETENTION)
    scheduled = make_web_client(settings, pacer=SCHEDULED_POSTS)
    scheduler = PlanScheduler(deps, scheduled) if with_scheduler else None
    _stop_on_signals()
    try:
        if socket is not None:
            connect_socket_mode(socket)
            logger.info("Rapport connected to Slack over Socket Mode")
        if scheduler is not None:
            scheduler.start()
        where = "/healthz" if socket is not None else "/slack/events"
        logger.info("Rapport listening on http://%s:%s%s", settings.host, server.port, where)
        server.run()
    except SocketModeError as error:
        print(f"rapport: {error}", file=sys.stderr)
        return 2
    finally:
        if socket is not None:
            socket.client.close()
        server.stop()
        deps.background.shutdown(wait=True)  # what was acknowledged is finished
        if scheduler is not None:
            scheduler.shutdown()
        deps.engine.dispose()
        logger.info("Rapport stopped")
    return 0


def run_scheduler(deps: Deps) -> int:
    scheduler = PlanScheduler(deps, make_web_client(deps.settings, pacer=SCHEDULED_POSTS))
    stopped = _stop_on_signals()
    try:
        scheduler.start()
        while not stopped.wait(1):
            pass
    except SystemExit:
        pass
    finally:
        scheduler.shutdown()
        deps.engine.dispose()
        logger.info("Rapport scheduler stopped")
    return 0


def show_schedule(deps: Deps) -> int:
    now = deps.clock()
    with session_scope(deps.engine) as session:
        projects = list_projects(session=session)
    if not projects:
        print("No projects yet: `/project setup NAME` in a client channel creates one.")
    for project in projects:
        zone = ZoneInfo(project.timezone)
        paused = f" (paused until {project.paused_until})" if project.paused_until else ""
        print(f"{project.name} — {project.timezone}{paused}")
        for kind in kinds_on(project):
            due = next_due(kind, project, now)
            if due is None:
                continue
            note = "  [paused]" if is_paused(project, due.at) else ""
            print(
                f"  {kind:<10} {due.at.astimezone(zone):%a %Y-%m-%d %H:%M %Z}"
                f"   {due.at:%Y-%m-%d %H:%M} UTC   period {due.period_key}{note}"
            )
    return 0


def run_job(deps: Deps, job: str, name: str, *, dry_run: bool) -> int:
    with session_scope(deps.engine) as session:
        project = project_by_name(session=session, name=name)
    if project is None:
        print(
            f"rapport: no project named '{name}'. `python -m bot project list` shows them.",
            file=sys.stderr,
        )
        return 1
    if dry_run:
        return _dry_run(deps, job, project)
    # The most recent period, claimed as the scheduler claims it: never a second post.
    kind = "reminders" if job == "reminders" else job
    now = deps.clock()
    due = last_due(kind, project, now) or Due(kind, now, period_key(kind, project, now))
    client = make_web_client(deps.settings, retries="rate-limits")
    if job == "reminders":
        outcomes = send_reminders(deps, client, project, due=due)
        for outcome in outcomes:
            print(f"{outcome.job}: {outcome.state} {outcome.note}".rstrip())
        if not outcomes:
            print(f"Nobody to remind for {due.period_key}.")
        return 0
    if job == "report":
        year, month = (int(part) for part in due.period_key.split("-"))
        posts = post_report(deps, client, project, month=date(year, month, 1), due=due)
    else:
        posts = post_digest(deps, client, project, due=due)
    if not posts:
        print(f"The {job} for {due.period_key} is already posted (or being posted): nothing to do.")
        return 0
    return _print_posts(posts, "monthly report" if job == "report" else "digest")


def export_to_folder(deps: Deps, name: str, out: Path) -> int:
    with session_scope(deps.engine) as session:
        project = project_by_name(session=session, name=name)
        if project is None:
            print(
                f"rapport: no project named '{name}'. `python -m bot project list` shows them.",
                file=sys.stderr,
            )
            return 2
        files = export_project(session, project, now=deps.clock())
    try:
        out.mkdir(parents=True, exist_ok=True)
        for file_name, data in files.items():
            (out / file_name).write_bytes(data)
    except OSError as error:
        print(f"rapport: could not write the export to {out}: {error.strerror}.", file=sys.stderr)
        return 2
    print(f"Exported {name} ({project.timezone}; times in UTC) to {out}:")
    for file_name, data in files.items():
        rows = row_count(file_name, data)
        count = "" if rows is None else f"\t{rows} row" + ("" if rows == 1 else "s")
        print(f"  {file_name}{count}")
    return 0


def _print_posts(posts: list[Posted], what: str) -> int:
    failed = 0
    for posted in posts:
        if posted.error is None:
            print(f"Posted the {posted.audience} {what} to {posted.channel_id} (ts {posted.ts}).")
        else:
            failed += 1
            print(
                f"rapport: the {posted.audience} {what} was not posted to {posted.channel_id}: "
                f"Slack said {posted.error}. Invite the bot there.",
                file=sys.stderr,
            )
    return 1 if failed else 0


def _dry_run(deps: Deps, job: str, project: Project) -> int:
    """Print what would be posted, as Block Kit JSON; post nothing."""
    if job == "reminders":
        print(json.dumps(preview_reminders(deps, project), ensure_ascii=False, indent=2))
        return 0
    audiences = ["client"] + (["internal"] if project.internal_channel_id else [])
    month = previous_month(deps.clock().astimezone(ZoneInfo(project.timezone)).date())
    # What would be posted, so in the project's language.
    with session_scope(deps.engine) as session, i18n.speaking(project.language):
        for audience in audiences:
            if job == "report":
                report = load_report(
                    session=session, project=project, audience=audience, month=month
                )
                text, blocks = build_report(report)
            else:
                digest = load_digest(
                    session=session, project=project, audience=audience, now=deps.clock()
                )
                text, blocks = build_digest(digest)
            payload = {"audience": audience, "text": text, "blocks": blocks}
            print(json.dumps(payload, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
