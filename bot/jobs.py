"""The posts the plan makes: the weekly digest and the reminders before it.

Everything posted in a project's channels is said in the project's language, whoever or
whatever caused it (`i18n.speaking(project.language)`); a reminder DM in its reader's.

Called on demand (`/status digest post`, `python -m bot run …`) and by the scheduler. A
scheduled call carries the `Due` it is for: each post then claims (job, project, period) in the
database first, so however many processes fire, each period is posted once; a claim taken over
from a process that died first looks in the channel for what that process may have posted.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import partial
from zoneinfo import ZoneInfo

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from bot import i18n
from bot.blocks.common import Block
from bot.blocks.digest import build_digest
from bot.blocks.reminders import build_quiet_week_notice, build_reminder
from bot.blocks.report import build_report
from bot.chart import render_chart, render_figures_chart
from bot.deps import Deps
from bot.digest import NO_ANSWER, NOT_BUILT, UNCHECKED, Posted, ProjectDigests
from bot.figures import load_figures
from bot.i18n import _
from bot.language import of_person
from bot.people import Caller
from bot.report import MonthReport, load_report, month_bounds, previous_month
from bot.schedule import WORKING_END, WORKING_START, Due, last_due, next_due
from storage.db import session_scope
from storage.models import Member, Project, StatusUpdate
from storage.runs import Claim, claim_run, finish_run

logger = logging.getLogger(__name__)
WORKER = f"{socket.gethostname()[:50]}:{os.getpid()}"  # fits JobRun.claimed_by
DIGEST_EVENT = "rapport_digest"
REPORT_EVENT = "rapport_report"
UNKNOWN = object()  # the channel could not be read
HISTORY_PAGES = 10
WORKING_HOURS = (WORKING_START, WORKING_END)  # and only in each person's own hours
AUTHORS_LOOKBACK = timedelta(weeks=8)


@dataclass(frozen=True)
class Outcome:
    """What a scheduled job did for one target, for logs, the CLI and tests."""

    job: str
    state: str  # posted | skipped | refused | claimed-elsewhere | paused
    channel_id: str | None = None
    note: str = ""


# -- the digest ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Publication:
    """What one scheduled post is: its job and event names, and how to build each variant."""

    name: str  # digest | report: the job is "<name>:<audience>"
    event_type: str  # message metadata, to recognise the post later
    build: Callable[[str], tuple[str, list[Block], dict[str, object]]]  # audience → message
    after: Callable[[str, str, str], None] | None = None  # (audience, channel, ts) once posted


def post_digest(
    deps: Deps, client: WebClient, project: Project, *, due: Due | None = None, late: bool = False
) -> list[Posted]:
    """The client digest to the client channel; the internal variant to the internal channel."""
    now = deps.clock()

    message = digest_messages(deps.engine, project, now=now, late=late)

    def build(audience: str) -> tuple[str, list[Block], dict[str, object]]:
        text, blocks = message(audience)  # in the project's language
        return text, blocks, {"until": now.isoformat()}

    return publish_once(
        deps, client, project, Publication("digest", DIGEST_EVENT, build), due, late
    )


def digest_messages(
    engine: Engine, project: Project, *, now: datetime, late: bool = False
) -> Callable[[str], tuple[str, list[Block]]]:
    """audience → (text, blocks) of the project's digest at `now`, as the schedule posts it
    (bench/digests_at_scale.py measures this): the rows are read once for both audiences."""
    digests = ProjectDigests(engine, project, now=now, late=late)

    def message(audience: str) -> tuple[str, list[Block]]:
        with i18n.speaking(project.language):
            return build_digest(digests.digest(audience))

    return message


def post_report(
    deps: Deps,
    client: WebClient,
    project: Project,
    *,
    month: date | None = None,
    due: Due | None = None,
    late: bool = False,
) -> list[Posted]:
    """The monthly report of `month` (default: the one before now) to the client channel and
    its internal variant to the internal channel, each with its chart in a thread reply."""
    zone = ZoneInfo(project.timezone)
    covered = month or previous_month(deps.clock().astimezone(zone).date())
    reports: dict[str, MonthReport] = {}

    def build(audience: str) -> tuple[str, list[Block], dict[str, object]]:
        with session_scope(deps.engine) as session:
            reports[audience] = load_report(
                session=session, project=project, audience=audience, month=covered, late=late
            )
        with i18n.speaking(project.language):
            text, blocks = build_report(reports[audience])
        return text, blocks, {"month": f"{covered:%Y-%m}"}

    def chart(audience: str, channel: str, ts: str) -> None:
        with i18n.speaking(project.language):
            _upload_chart(client, channel, ts, reports[audience])
            _upload_figures_chart(deps, client, channel, ts, project, covered)

    publication = Publication("report", REPORT_EVENT, build, after=chart)
    return publish_once(deps, client, project, publication, due, late)


def publish_once(
    deps: Deps,
    client: WebClient,
    project: Project,
    publication: Publication,
    due: Due | None,
    late: bool,
) -> list[Posted]:
    """Post each audience's variant on its own: one refused never stops or repeats the other.
    With `due` (the scheduler), each first claims its period; a period already posted, or
    being posted, is left alone, and a claim taken over from a dead process first looks in the
    channel for what that process posted."""
    targets = [("client", project.client_channel_id)]
    if project.internal_channel_id:
        targets.append(("internal", project.internal_channel_id))
    posted = []
    for audience, channel in targets:
        claim = None
        if due is not None:
            claim = _claim(deps, f"{publication.name}:{audience}", project, due, late)
            if claim is None:
                continue
            if claim.taken_over:
                found = _find_posted(
                    client, channel, project, due, audience, publication.event_type
                )
                if found is UNKNOWN:
                    # Posting blind could double the post: leave it for a person to look at.
                    _finish(
                        deps,
                        claim,
                        "unverified",
                        channel,
                        None,
                        "could not read the channel to check an earlier attempt",  # i18n: not shown
                    )
                    posted.append(Posted(channel, audience, error=UNCHECKED))
                    continue
                if found:
                    _finish(
                        deps,
                        claim,
                        "posted",
                        channel,
                        str(found),
                        "found in the channel on takeover",  # i18n: not shown
                    )
                    posted.append(Posted(channel, audience, ts=str(found)))
                    continue
        try:
            with i18n.speaking(project.language):  # a post in the project's channel
                text, blocks, extra = publication.build(audience)
        except Exception:
            logger.exception("could not build the %s %s", audience, publication.name)
            if claim is not None:
                note = "could not build the message"  # i18n: not shown
                _finish(deps, claim, "error", channel, None, note)
            posted.append(Posted(channel, audience, error=NOT_BUILT))
            continue
        payload = {"project_id": project.id, "audience": audience, **extra}
        if due is not None:
            payload["period"] = due.period_key
        try:
            response = client.chat_postMessage(
                channel=channel,
                text=text,
                blocks=blocks,
                unfurl_links=False,
                metadata={"event_type": publication.event_type, "event_payload": payload},
            )
        except SlackApiError as error:
            reason = str(error.response.get("error"))
            if error.response.status_code >= 500:
                # Slack may have posted before failing: the claim stays, a takeover will look.
                logger.warning(
                    "%s %s: Slack answered %s; left for a takeover to check",
                    audience,
                    publication.name,
                    error.response.status_code,
                )
            else:
                logger.warning(
                    "%s %s refused in %s: %s", audience, publication.name, channel, reason
                )
                if claim is not None:
                    _finish(deps, claim, "refused", channel, None, reason)
            posted.append(Posted(channel, audience, error=reason))
            continue
        except Exception as error:  # a dropped connection: the post may or may not exist
            logger.warning(
                "%s %s to %s did not complete (%s); left for a takeover to check",
                audience,
                publication.name,
                channel,
                error,
            )
            posted.append(Posted(channel, audience, error=NO_ANSWER))
            continue
        ts = str(response["ts"])
        if claim is not None:
            _finish(deps, claim, "posted", channel, ts)
        posted.append(Posted(str(response["channel"]), audience, ts=ts))
        if publication.after is not None:
            publication.after(audience, channel, ts)
    return posted


def _upload_chart(client: WebClient, channel: str, thread_ts: str, report: MonthReport) -> None:
    """The chart is a courtesy: a failed upload leaves the report posted and is only logged.
    Said in the current language (the project's: the caller sees to it)."""
    try:
        client.files_upload_v2(
            channel=channel,
            thread_ts=thread_ts,
            content=render_chart(report),
            filename=f"rapport-{report.month:%Y-%m}.png",
            title=f"{report.project_name} — {i18n.month(report.month)}",
            alt_txt=_("Progress over the month, with each week's health behind it"),
        )
    except Exception:  # a chart that fails to draw or upload must not touch the posted report
        logger.exception("the chart for %s could not be drawn or uploaded", channel)


def _upload_figures_chart(
    deps: Deps, client: WebClient, channel: str, thread_ts: str, project: Project, month: date
) -> None:
    """Response times by week and the satisfaction trend, over the month's last four weeks."""
    _start, end = month_bounds(month, project.timezone)
    try:
        with session_scope(deps.engine) as session:
            figures = load_figures(
                session=session, project=project, period="month", now=end - timedelta(seconds=1)
            )
        client.files_upload_v2(
            channel=channel,
            thread_ts=thread_ts,
            content=render_figures_chart(figures),
            filename=f"rapport-{month:%Y-%m}-responses.png",
            title=_("{project} — response times and satisfaction, {month}").format(
                project=project.name, month=i18n.month(month)
            ),
            alt_txt=_("Median first response by week against the target; satisfaction by poll"),
        )
    except Exception:  # like the progress chart: a courtesy that never touches the report
        logger.exception("the figures chart for %s could not be drawn or uploaded", channel)


def _find_posted(
    client: WebClient,
    channel: str,
    project: Project,
    due: Due,
    audience: str,
    event_type: str,
) -> str | object | None:
    """The ts of this period's post if an earlier attempt made it (message metadata), None if
    it did not, UNKNOWN if the channel cannot be read (no history scope, Slack down)."""
    cursor = None
    for _page in range(HISTORY_PAGES):
        try:
            page = client.conversations_history(
                channel=channel,
                oldest=str((due.at - timedelta(hours=1)).timestamp()),
                include_all_metadata=True,
                limit=200,
                cursor=cursor,
            )
        except Exception as error:
            logger.warning("could not read %s to check an earlier attempt: %s", channel, error)
            return UNKNOWN
        for message in page.get("messages") or []:
            metadata = message.get("metadata") or {}
            payload = metadata.get("event_payload") or {}
            if (
                metadata.get("event_type") == event_type
                and payload.get("project_id") == project.id
                and payload.get("period") == due.period_key
                and payload.get("audience") == audience
            ):
                return str(message["ts"])
        cursor = (page.get("response_metadata") or {}).get("next_cursor")
        if not page.get("has_more") or not cursor:
            return None
    return UNKNOWN


# -- reminders ----------------------------------------------------------------------------


def send_reminders(
    deps: Deps, client: WebClient, project: Project, *, due: Due | None = None
) -> list[Outcome]:
    """A direct message to each team member who has posted nothing since the last digest, at
    most once a period, only in their working hours; and, in a week nobody has posted in, a
    word to the internal channel before the client sees an empty digest."""
    now = deps.clock()
    due = due or Due("reminders", now, _reminder_period(project, now))
    since = _period_start(project, due.at)
    digest_at = next_due("digest", project, due.at)
    with session_scope(deps.engine) as session:
        quiet, recipients = _who_to_remind(session, project, since)
    tasks: list[tuple[str, Callable[[], Outcome]]] = []
    if quiet and project.internal_channel_id:
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
        quiet, recipients = _who_to_remind(session, project, _period_start(project, now))
    with i18n.speaking(project.language):
        text, blocks = build_reminder(project, digest_at.at if digest_at else None)
    return {"recipients": recipients, "quiet_week": quiet, "text": text, "blocks": blocks}


def _who_to_remind(session: Session, project: Project, since: datetime) -> tuple[bool, list[str]]:
    """(nobody posted this period, team members who did not post and did not opt out)."""
    posted = set(
        session.exec(
            select(StatusUpdate.author_id).where(
                StatusUpdate.project_id == project.id,
                col(StatusUpdate.created_at) >= since,
                col(StatusUpdate.deleted_at).is_(None),
            )
        )
    )
    rows = list(session.exec(select(Member).where(Member.project_id == project.id)))
    named = {m.user_id: m for m in rows}
    team = {m.user_id for m in rows if m.role in ("owner", "team") and not m.reminders_off}
    # People who post without being named team are team too (roles_of decided so on posting).
    recent_authors = session.exec(
        select(StatusUpdate.author_id).where(
            StatusUpdate.project_id == project.id,
            col(StatusUpdate.created_at) >= since - AUTHORS_LOOKBACK,
        )
    )
    team |= {a for a in recent_authors if a not in named}
    return not posted, sorted(team - posted)


def _remind(
    deps: Deps,
    client: WebClient,
    project: Project,
    due: Due,
    user_id: str,
    digest_at: Due | None,
) -> Outcome:
    job = f"reminder:{user_id}"
    claim = _claim(deps, job, project, due, late=False)
    if claim is None:
        return Outcome(job, "claimed-elsewhere")
    person = deps.directory.caller(user_id, None)
    if not _in_working_hours(person, deps.clock()):
        why = "outside their working hours"  # i18n: not shown (a record for operators)
        _finish(deps, claim, "skipped", None, None, why)
        return Outcome(job, "skipped", note=why)
    # A DM: in its reader's Slack language, else the project's.
    with i18n.speaking(of_person(person.locale, project, deps.settings.default_language)):
        text, blocks = build_reminder(project, digest_at.at if digest_at else None)
    try:
        response = client.chat_postMessage(channel=user_id, text=text, blocks=blocks)
    except SlackApiError as error:
        reason = str(error.response.get("error"))
        _finish(deps, claim, "refused", user_id, None, reason)
        return Outcome(job, "refused", user_id, reason)
    _finish(deps, claim, "posted", str(response["channel"]), str(response["ts"]))
    return Outcome(job, "posted", str(response["channel"]))


def _quiet_week_notice(
    deps: Deps, client: WebClient, project: Project, due: Due, digest_at: Due | None
) -> Outcome:
    job = "reminder:internal"
    channel = project.internal_channel_id
    assert channel is not None
    claim = _claim(deps, job, project, due, late=False)
    if claim is None:
        return Outcome(job, "claimed-elsewhere")
    with session_scope(deps.engine) as session:
        owners = [
            m.user_id
            for m in session.exec(
                select(Member).where(Member.project_id == project.id, Member.role == "owner")
            )
        ]
    with i18n.speaking(project.language):  # the internal channel
        text, blocks = build_quiet_week_notice(project, owners, digest_at.at if digest_at else None)
    try:
        response = client.chat_postMessage(channel=channel, text=text, blocks=blocks)
    except SlackApiError as error:
        reason = str(error.response.get("error"))
        _finish(deps, claim, "refused", channel, None, reason)
        return Outcome(job, "refused", channel, reason)
    _finish(deps, claim, "posted", channel, str(response["ts"]))
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


# -- claims -------------------------------------------------------------------------------


def _claim(deps: Deps, job: str, project: Project, due: Due, late: bool) -> Claim | None:
    with session_scope(deps.engine) as session:
        return claim_run(
            session=session,
            job=job,
            project=project,
            period_key=due.period_key,
            scheduled_for=due.at,
            worker=WORKER,
            now=deps.clock(),
            timeout=timedelta(seconds=deps.settings.claim_timeout_seconds),
            late=late,
        )


def _finish(
    deps: Deps, claim: Claim, state: str, channel: str | None, ts: str | None, note: str = ""
) -> None:
    with session_scope(deps.engine) as session:
        if not finish_run(
            session=session,
            run=claim.run,
            state=state,
            now=deps.clock(),
            channel_id=channel,
            ts=ts,
            note=note or None,
        ):
            logger.warning(
                "%s for %s: the claim was taken over meanwhile", claim.run.job, claim.run.period_key
            )
