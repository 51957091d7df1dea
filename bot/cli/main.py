"""The command line:

serve [--no-scheduler]   the HTTP server for Slack, with the scheduler inside unless told not to
      [--socket-mode]    connect out to Slack over Socket Mode instead (needs SLACK_APP_TOKEN)
scheduler                only the scheduler (one per deployment; pair with serve --no-scheduler)
schedule                 every project's next posts, in its local time and UTC
run digest|reminders --project NAME [--team T…] [--dry-run]
export --project NAME [--team T…] --out DIR   the project's data as CSV files (as /project export)
migrate | project list | demo
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from bot.app import build_app, build_scheduler, prepare_to_fork
from bot.cli.operations import export_to_folder, list_projects, run_job, show_schedule
from bot.cli.serving import run_scheduler, serve
from bot.platform.deps import Deps, make_deps
from bot.platform.logs import configure_logging
from bot.platform.settings import (
    SettingsError,
    load_settings,
    require_app_token,
    require_signing_secret,
)
from bot.platform.workers import serve_with_workers
from storage.db import database_answers, make_engine, migrate, migrate_apart

logger = logging.getLogger("rapport")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "demo":
        from bot.sandbox.demo import run_demo

        return run_demo()
    ready = _ready(args)
    return ready if isinstance(ready, int) else _run(args, ready)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="rapport", description=__doc__, formatter_class=argparse.RawTextHelpFormatter
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
    run.add_argument("--team", help="its workspace's id (OAuth mode, when names repeat)")
    run.add_argument("--dry-run", action="store_true", help="print the Block Kit, post nothing")
    project = commands.add_parser("project", help="look at projects")
    project.add_argument("action", choices=["list"])
    export = commands.add_parser("export", help="write a project's data as CSV files")
    export.add_argument("--project", required=True, help="the project's name")
    export.add_argument("--team", help="its workspace's id (OAuth mode, when names repeat)")
    export.add_argument("--out", required=True, type=Path, help="the folder (created if missing)")
    commands.add_parser("demo", help="play a week of a project against the local Slack stand-in")
    return parser


def _ready(args: argparse.Namespace) -> Deps | int:
    """Settings, logs and a migrated database; or the exit status, with one line saying why."""
    try:
        settings = load_settings()
        if args.command == "serve" and args.socket_mode:
            require_app_token(settings)
        elif args.command == "serve":
            require_signing_secret(settings)
    except SettingsError as error:
        print(f"rapport: {error}", file=sys.stderr)
        return 2
    configure_logging(settings.log_level_number, settings.log_format)
    engine = make_engine(settings.database_url)
    if not database_answers(engine):
        print(
            "rapport: the database does not answer at DATABASE_URL "
            f"({engine.url.render_as_string(hide_password=True)}).",
            file=sys.stderr,
        )
        return 2
    if args.command == "serve":
        migrate_apart(engine)  # a server never holds Alembic (storage/db.py)
    else:
        migrate(engine)
    return make_deps(settings, engine)


def _run(args: argparse.Namespace, deps: Deps) -> int:
    if args.command == "serve" and not args.socket_mode and deps.settings.web_workers > 0:
        deps.engine.dispose()  # each worker opens its own after the fork
        prepare_to_fork()
        scheduler = None if args.no_scheduler else build_scheduler
        return serve_with_workers(deps.settings, build_app, build_scheduler=scheduler)
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
        return list_projects(deps)
    if args.command == "export":
        return export_to_folder(deps, args.project, args.out, team=args.team)
    return run_job(deps, args.job, args.project, dry_run=args.dry_run, team=args.team)


if __name__ == "__main__":
    sys.exit(main())
