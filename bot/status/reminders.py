"""The reminders before a digest: a direct message to each team member who has posted nothing
since the last digest, and, in a week nobody posted in, a word to the team (the internal
channel, or each owner directly: bot/platform/telling.py).

A reminder DM is in its reader's language; the team's notice follows the rule of telling."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import partial
from zoneinfo import ZoneInfo

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlmodel import Session

from bot.platform import i18n
from bot.platform.calendar import calendar_of
from bot.platform.deps import Deps
from bot.platform.language import of_person
from bot.platform.people import Caller
from bot.platform.roles import TEAM_ROLES
from bot.platform.telling import tell_team
from bot.scheduling.publishing import (
    Outcome,
    claim_period,
    finish_claim,
)
from bot.scheduling.triggers import WORKING_END, WORKING_START, Due, last_due, next_due
from bot.status.blocks import build_quiet_week_notice, build_reminder
from storage.db import session_scope
from storage.models import Project
from storage.projects import members, owners_of
from storage.status import authors_since
from storage.time_off import away_among

logger = logging.getLogger(__name__)

WORKING_HOURS = (WORKING_START, WORKING_END)  # and only in each person's own hours
AUTHORS_LOOKBACK = timedelta(weeks=8)


# -- reminders ----------------------------------------------------------------------------


def send_reminders(
    deps: Deps, client: WebClient, project: Project, *, due: Due | None = None, late: bool = False
) -> list[Outcome]:
    """A direct message to each team member who has posted nothing since the last digest, at
    most once a period, only in their working hours; and, in a week nobody has posted in, a
    word to the internal channel before the client sees an empty digest. (`late` changes
    nothing: a reminder an hour late is still worth sending, and a later one is not sent.)"""
    now = deps.clock()
    due = due or Due("reminders", now, _reminder_period(project, now))
    calendar = calendar_of(project)
    if not calendar.is_working_day(due.at.astimezone(calendar.zone).date()):
        why = "a day off in the project's calendar"  # i18n: not shown (a record for operators)
        return [Outcome("reminders", "skipped", note=why)]
    since = _period_start(project, due.at)
    digest_at = next_due("digest", project, due.at)
    with session_scope(deps.engine) as session:
        quiet, recipients = _who_to_remind(session, project, since, due.at)
    tasks: list[tuple[str, Callable[[], Outcome]]] = []
    if quiet:
        notice = partial(_quiet_week_notice, deps, client, project, due, digest_at)
        tasks.append(("reminder:internal", notice))
    for user_id in recipients:
        remind = partial(_remind, deps, client, project, due, user_id, digest_at)
        tasks.append((f"reminder:{user_id}", remind))
    outcomes = []
    for job, task in tasks:
        try:
            outcomes.append(task())
        except Exception:  # one person's trouble must not cost everyone after them
            logger.exception("%s of project %s failed", job, project.id)
            outcomes.append(Outcome(job, "error"))
    return outcomes


def preview_reminders(deps: Deps, project: Project) -> dict[str, object]:
    """What `send_reminders` would send now, posting nothing (`run reminders --dry-run`)."""
    now = deps.clock()
    digest_at = next_due("digest", project, now)
    with session_scope(deps.engine) as session:
        quiet, recipients = _who_to_remind(session, project, _period_start(project, now), now)
    with i18n.speaking(project.language):
        text, blocks = build_reminder(project, digest_at.at if digest_at else None)
    return {"recipients": recipients, "quiet_week": quiet, "text": text, "blocks": blocks}


def _who_to_remind(
    session: Session, project: Project, since: datetime, at: datetime
) -> tuple[bool, list[str]]:
    """(nobody posted this period, team members who did not post, did not opt out and are not
    away at `at`)."""
    posted = authors_since(session=session, project=project, since=since)
    named = members(session=session, project=project)
    team = {m.user_id for m in named if m.role in TEAM_ROLES and not m.reminders_off}
    # People who post without being named team are team too (roles decided so on posting).
    recent = authors_since(session=session, project=project, since=since - AUTHORS_LOOKBACK)
    team |= recent - {m.user_id for m in named}
    away = away_among(session=session, user_ids=team - posted, at=at)
    return not posted, sorted(team - posted - away)


def _remind(
    deps: Deps,
    client: WebClient,
    project: Project,
    due: Due,
    user_id: str,
    digest_at: Due | None,
) -> Outcome:
    job = f"reminder:{user_id}"
    claim = claim_period(deps, job, project, due, late=False)
    if claim is None:
        return Outcome(job, "claimed-elsewhere")
    person = deps.directory.caller(user_id, None, workspace=project.team_id)
    if not _in_working_hours(person, deps.clock()):
        why = "outside their working hours"  # i18n: not shown (a record for operators)
        finish_claim(deps, claim, "skipped", None, None, why)
        return Outcome(job, "skipped", note=why)
    # A DM: in its reader's Slack language, else the project's.
    with i18n.speaking(of_person(person.locale, project, deps.settings.default_language)):
        text, blocks = build_reminder(project, digest_at.at if digest_at else None)
    try:
        response = client.chat_postMessage(channel=user_id, text=text, blocks=blocks)
    except SlackApiError as error:
        reason = str(error.response.get("error"))
        finish_claim(deps, claim, "refused", user_id, None, reason)
        return Outcome(job, "refused", user_id, reason)
    finish_claim(deps, claim, "posted", str(response["channel"]), str(response["ts"]))
    return Outcome(job, "posted", str(response["channel"]))


def _quiet_week_notice(
    deps: Deps, client: WebClient, project: Project, due: Due, digest_at: Due | None
) -> Outcome:
    """The team hears that nobody posted, once a period, as it hears of everything else."""
    job = "reminder:internal"
    claim = claim_period(deps, job, project, due, late=False)
    if claim is None:
        return Outcome(job, "claimed-elsewhere")
    with session_scope(deps.engine) as session:
        owners = owners_of(session=session, project=project)
    when = digest_at.at if digest_at else None
    told = tell_team(
        deps,
        client,
        project,
        owners,
        lambda: build_quiet_week_notice(project, owners, when),
        what="quiet-week notice",  # i18n: not shown (logs)
    )
    if not told.anyone:
        why = "nobody on the team could be told"  # i18n: not shown (a record for operators)
        finish_claim(deps, claim, "refused", told.channel_id, None, why)
        return Outcome(job, "refused", told.channel_id, why)
    first = told.posts[0] if told.posts else None
    channel = told.channel_id or (first.channel_id if first else None)
    finish_claim(deps, claim, "posted", channel, first.ts if first else None)
    return Outcome(job, "posted", channel)


def _in_working_hours(person: Caller, now: datetime) -> bool:
    if person.timezone is None:
        return True  # not knowing their hours is no reason to stay silent
    try:
        local = now.astimezone(ZoneInfo(person.timezone))
    except (KeyError, ValueError):
        return True
    start, end = WORKING_HOURS
    return local.weekday() < 5 and start <= local.hour < end


def _period_start(project: Project, at: datetime) -> datetime:
    """The previous digest: what was posted since then is this period's."""
    previous = last_due("digest", project, at)
    return previous.at if previous is not None else at - timedelta(days=7)


def _reminder_period(project: Project, at: datetime) -> str:
    upcoming = next_due("digest", project, at)
    return upcoming.period_key if upcoming is not None else f"{at:%G-W%V}"
