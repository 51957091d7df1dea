"""Satisfaction polls opened: at once (`/project poll`, after its acknowledgement) or by the plan
(the scheduler), one open poll per project, asking the channel's clients. Both talk to Slack and
keep their own units of work (`session_scope`): neither runs inside a listener. The answers
are in bot/polls/votes.py, the closing and the results in bot/polls/results.py.

The poll and its refreshes are in the project's language whoever clicked; the answer to the
person who opened it is in theirs."""

from __future__ import annotations

import logging
from datetime import timedelta

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.platform import i18n
from bot.platform.deps import Deps
from bot.platform.errors import slack_reason
from bot.platform.i18n import _, ngettext, speaking
from bot.platform.language import of_project
from bot.platform.roles import Act, allowed, role_of
from bot.polls.blocks import build_poll_message
from bot.polls.scores import QUESTIONS
from bot.scheduling.publishing import WORKER
from bot.scheduling.triggers import Due
from storage import polls as poll_store
from storage.db import session_scope
from storage.models import Poll, Project
from storage.runs import claim_run, finish_run

logger = logging.getLogger(__name__)


def start_poll(deps: Deps, client: WebClient, project: Project) -> str:
    """Open a poll in the client channel now; the answer says what happened."""
    return _start_poll(deps, client, project)[1]


def _start_poll(deps: Deps, client: WebClient, project: Project) -> tuple[str, str]:
    """(run state, answer): "posted"; "error" when Slack kept it from being posted (tried again
    at the next sweep); "skipped" when there is nothing to do."""
    now = deps.clock()
    with session_scope(deps.engine) as session:
        if poll_store.current_poll(session=session, project=project) is not None:
            return "skipped", _("A poll is open already: one at a time. It closes by itself.")
    clients = client_members(deps, client, project)
    if clients is None:
        return "error", _(
            "⚠️ I could not see who is in {channel}: Slack did not answer. Nothing was posted; "
            "try again in a few minutes."
        ).format(channel=f"<#{project.client_channel_id}>")
    if not clients:
        return "skipped", _(
            "Nobody in this channel is a client, so there is nobody to ask. Clients are people "
            "from another organisation, guests, or those named with `/project set client @…`."
        )
    with speaking(of_project(project, deps.settings.default_language)):
        # The default question is asked, and kept, in the project's language.
        question = project.poll_question or _(QUESTIONS[project.poll_kind])
    with session_scope(deps.engine) as session:
        poll = poll_store.open_poll(
            asked=len(clients),
            session=session,
            project=project,
            kind=project.poll_kind,
            question=question,
            anonymity=project.poll_anonymity,
            now=now,
            closes_at=now + timedelta(days=project.poll_window_days),
        )
    with speaking(of_project(project, deps.settings.default_language)):
        text, blocks = build_poll_message(poll, answers=0)
    try:
        ts = str(client.chat_postMessage(channel=poll.channel_id, text=text, blocks=blocks)["ts"])
    except (SlackApiError, OSError) as error:
        # A 5xx or no answer may hide a post that was made: look before giving the poll up.
        found = _find_poll_post(client, poll)
        if found is None:
            with session_scope(deps.engine) as session:
                poll_store.discard_unposted_poll(session=session, poll_id=_id(poll))
            logger.warning("poll not posted in %s: %s", poll.channel_id, _reason(error))
            reason = slack_reason(error, _("no answer from Slack"))
            return "error", _(
                "⚠️ The poll could not be posted in {channel} ({reason}). Nothing was opened; "
                "try again in a few minutes."
            ).format(channel=f"<#{poll.channel_id}>", reason=reason)
        ts = found
    with session_scope(deps.engine) as session:
        stored = poll_store.get_poll(session=session, poll_id=_id(poll))
        assert stored is not None
        poll_store.set_poll_message(session=session, poll=stored, ts=ts)
    _show_early_votes(deps, client, project, stored)
    return "posted", ngettext(
        "📊 Poll posted in {channel}; it closes in {count} day and the results follow.",
        "📊 Poll posted in {channel}; it closes in {count} days and the results follow.",
        project.poll_window_days,
    ).format(channel=f"<#{poll.channel_id}>", count=i18n.number(project.poll_window_days))


def _show_early_votes(deps: Deps, client: WebClient, project: Project, poll: Poll) -> None:
    """Votes given while Slack's answer to the post was on its way found no ts to update the
    count at: once the ts is kept, the count shows what came (counted after that commit, so no
    vote falls between the two)."""
    with session_scope(deps.engine) as session:
        answers = len(poll_store.scores(session=session, poll=poll))
    if answers:
        refresh_poll_message(
            client, poll, answers, of_project(project, deps.settings.default_language)
        )


def open_scheduled_poll(
    deps: Deps, client: WebClient, project: Project, *, due: Due, late: bool = False
) -> None:
    """The plan's poll: on the digest day every N weeks, once per period, never two at once."""
    now = deps.clock()
    spacing = timedelta(weeks=project.poll_every_weeks) - timedelta(hours=12)
    with session_scope(deps.engine) as session:
        last = poll_store.latest_poll(session=session, project=project)
        if last is not None and (last.closed_at is None or now - last.opened_at < spacing):
            return
        claim = claim_run(
            session=session,
            job="poll",
            project=project,
            period_key=due.period_key,
            scheduled_for=due.at,
            worker=WORKER,
            now=now,
            timeout=timedelta(seconds=deps.settings.claim_timeout_seconds),
        )
    if claim is None:
        return
    state, answer = _start_poll(deps, client, project)
    with session_scope(deps.engine) as session:
        # Not posted for Slack's sake: "error" is tried again at the next sweep after a pause.
        finish_run(session=session, run=claim.run, state=state, now=now, note=answer[:200])


def client_members(deps: Deps, client: WebClient, project: Project) -> list[str] | None:
    """The client channel's members who are clients (Slack Connect, guests, named clients);
    None when Slack would not say (an error, or no answer)."""
    try:
        listed = client.conversations_members(channel=project.client_channel_id)
    except (SlackApiError, OSError) as error:
        logger.warning("could not list the client channel: %s", _reason(error))
        return None
    found = []
    with session_scope(deps.engine) as session:
        for user_id in listed.get("members") or []:
            caller = deps.directory.caller(str(user_id), None, workspace=project.team_id)
            role = role_of(
                session=session, project=project, caller=caller, home_team_id=project.team_id
            )
            if allowed(Act.VOTE, role):
                found.append(str(user_id))
    return found


def _find_poll_post(client: WebClient, poll: Poll) -> str | None:
    """The ts of this poll's message if Slack made it despite failing to say so."""
    try:
        page = client.conversations_history(channel=poll.channel_id, limit=100)
    except (SlackApiError, OSError) as error:
        logger.warning("could not look for poll %s in its channel: %s", poll.id, _reason(error))
        return None
    for message in page.get("messages") or []:
        if any(b.get("block_id") == f"poll-{poll.id}" for b in message.get("blocks") or []):
            return str(message["ts"])
    return None


def _reason(error: Exception) -> str:
    return slack_reason(error, "no answer from Slack")  # i18n: not shown (logs)


def _id(poll: Poll) -> int:
    assert poll.id is not None
    return poll.id


def refresh_poll_message(client: WebClient, poll: Poll, answers: int, language: str) -> None:
    """The poll message updated in place, in the project's `language` whoever clicked."""
    if poll.ts is None:
        return
    with speaking(language):
        text, blocks = build_poll_message(poll, answers)
    try:
        client.chat_update(channel=poll.channel_id, ts=poll.ts, text=text, blocks=blocks)
    except (SlackApiError, OSError) as error:  # the vote stands; the count shows next time
        logger.warning("poll message not refreshed: %s", _reason(error))
