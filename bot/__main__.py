"""The command line: serve | migrate | run digest --project NAME | project list | demo."""

from __future__ import annotations

import argparse
import logging
import signal
import sys
from types import FrameType

from bot.app import build_app
from bot.config import Settings, SettingsError, load_settings
from bot.deps import Deps, make_deps
from bot.jobs import post_digest
from bot.logs import configure_logging
from bot.server import HttpServer, make_wsgi_app
from bot.slack_client import make_web_client
from storage.db import database_answers, make_engine, migrate, session_scope
from storage.projects import list_projects, project_by_name
from storage.seen import RETENTION, forget_requests_before

logger = logging.getLogger("rapport")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("serve", help="run the HTTP server for Slack")
    commands.add_parser("migrate", help="bring the database schema up to date")
    run = commands.add_parser("run", help="run a job now")
    run.add_argument("job", choices=["digest"])
    run.add_argument("--project", required=True, help="the project's name")
    project = commands.add_parser("project", help="look at projects")
    project.add_argument("action", choices=["list"])
    commands.add_parser("demo", help="play a week of a project against the local Slack stand-in")
    args = parser.parse_args(argv)

    if args.command == "demo":
        from bot.sandbox.demo import run_demo

        return run_demo()
    try:
        settings = load_settings()
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
    if args.command == "serve":
        return serve(deps)
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
    return run_digest(deps, args.project)


def serve(deps: Deps) -> int:
    settings: Settings = deps.settings
    server = HttpServer(
        make_wsgi_app(build_app(deps), deps),
        host=settings.host,
        port=settings.port,
        threads=settings.http_threads,
    )

    def stop(signum: int, _frame: FrameType | None) -> None:
        logger.info("received %s, shutting down", signal.Signals(signum).name)
        raise SystemExit(0)

    with session_scope(deps.engine) as session:
        forgotten = forget_requests_before(session=session, cutoff=deps.clock() - RETENTION)
    logger.info("forgot %d Slack delivery keys older than %s", forgotten, RETENTION)
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    logger.info("Rapport listening on http://%s:%s/slack/events", settings.host, server.port)
    try:
        server.run()
    finally:
        server.stop()
        deps.engine.dispose()
        logger.info("Rapport stopped")
    return 0


def run_digest(deps: Deps, name: str) -> int:
    with session_scope(deps.engine) as session:
        project = project_by_name(session=session, name=name)
    if project is None:
        print(
            f"rapport: no project named '{name}'. `python -m bot project list` shows them.",
            file=sys.stderr,
        )
        return 1
    failed = 0
    for posted in post_digest(deps, make_web_client(deps.settings), project):
        if posted.error is None:
            print(f"Posted the {posted.audience} digest to {posted.channel_id} (ts {posted.ts}).")
        else:
            failed += 1
            print(
                f"rapport: the {posted.audience} digest was not posted to {posted.channel_id}: "
                f"Slack said {posted.error}. Invite the bot there.",
                file=sys.stderr,
            )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
