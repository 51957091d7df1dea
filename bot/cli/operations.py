"""The operators' commands: the schedule, running a job now, exporting a project."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.digest.blocks import build_digest
from bot.digest.contents import load_digest
from bot.digest.posting import post_digest
from bot.export.files import export_project, row_count
from bot.platform import i18n
from bot.platform.deps import Deps
from bot.platform.slack_client import make_web_client
from bot.report.monthly import load_report, previous_month
from bot.report.monthly_blocks import build_report
from bot.report.posting import post_report
from bot.scheduling.publishing import Posted
from bot.scheduling.triggers import Due, is_paused, kinds_on, last_due, next_due, period_key
from bot.status.reminders import preview_reminders, send_reminders
from storage.db import session_scope
from storage.models import Project
from storage.projects import list_projects as stored_projects
from storage.projects import projects_named


def show_schedule(deps: Deps) -> int:
    now = deps.clock()
    with session_scope(deps.engine) as session:
        projects = stored_projects(session=session)
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


def _named(deps: Deps, name: str, team: str | None) -> Project | None:
    """The project of this name (in the workspace `team`), or None having said why: none, or
    several (names repeat across workspaces in OAuth mode)."""
    with session_scope(deps.engine) as session:
        found = [p for p in projects_named(session=session, name=name) if team in (None, p.team_id)]
    if len(found) == 1:
        return found[0]
    if found:
        teams = ", ".join(p.team_id for p in found)
        print(f"rapport: '{name}' is a project of {teams}: add --team.", file=sys.stderr)
    else:
        print(
            f"rapport: no project named '{name}'. `rapport project list` shows them.",
            file=sys.stderr,
        )
    return None


def run_job(deps: Deps, job: str, name: str, *, dry_run: bool, team: str | None = None) -> int:
    project = _named(deps, name, team)
    if project is None:
        return 1
    if dry_run:
        return _dry_run(deps, job, project)
    # The most recent period, claimed as the scheduler claims it: never a second post.
    kind = "reminders" if job == "reminders" else job
    now = deps.clock()
    due = last_due(kind, project, now) or Due(kind, now, period_key(kind, project, now))
    token = deps.workspaces.token_for(project.team_id)
    if token is None:
        print(f"rapport: Rapport is not installed in {project.team_id}.", file=sys.stderr)
        return 1
    client = make_web_client(deps.settings, retries="rate-limits", token=token)
    if job == "reminders":
        outcomes = send_reminders(deps, client, project, due=due)
        for outcome in outcomes:
            print(f"{outcome.job}: {outcome.state} {outcome.note}".rstrip())
        if not outcomes:
            print(f"Nobody to remind for {due.period_key}.")
        return 0
    if job == "report":
        posts = post_report(deps, client, project, due=due)
    else:
        posts = post_digest(deps, client, project, due=due)
    if not posts:
        print(f"The {job} for {due.period_key} is already posted (or being posted): nothing to do.")
        return 0
    return _print_posts(posts, "monthly report" if job == "report" else "digest")


def export_to_folder(deps: Deps, name: str, out: Path, *, team: str | None = None) -> int:
    project = _named(deps, name, team)
    if project is None:
        return 2
    with session_scope(deps.engine) as session:
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


def list_projects(deps: Deps) -> int:
    with session_scope(deps.engine) as session:
        for row in stored_projects(session=session):
            print(
                f"{row.name}\tclient channel {row.client_channel_id}\t"
                f"internal {row.internal_channel_id or '-'}\t{row.timezone}"
            )
    return 0
