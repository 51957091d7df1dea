"""Satisfaction polls from opening to results: one open poll per project, client votes only,
identity kept only when the project chose named polls, low scores told to the owners at once.

The poll, its refreshes and its results are in the project's language whoever clicked; the
answers to the person who opened, voted or commented are in theirs; an owner alerted directly
reads their own."""

from __future__ import annotations

import logging
from datetime import timedelta

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.platform import i18n
from bot.platform.asking import Asking, about
from bot.platform.blocks import user
from bot.platform.deps import Deps
from bot.platform.i18n import _, ngettext, speaking
from bot.platform.roles import Act, allowed, role_of
from bot.platform.telling import tell_team
from bot.platform.text import escape
from bot.polls.blocks import build_low_score_alert, build_poll_message
from bot.polls.scores import QUESTIONS, is_low
from bot.scheduling.publishing import WORKER
from bot.scheduling.triggers import Due
from storage import polls as poll_store
from storage.db import session_scope
from storage.models import Poll, Project
from storage.projects import owners_of
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
    with speaking(project.language):
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
    with speaking(project.language):
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
            return "error", _(
                "⚠️ The poll could not be posted in {channel} ({reason}). Nothing was opened; "
                "try again in a few minutes."
            ).format(channel=f"<#{poll.channel_id}>", reason=_reason_said(error))
        ts = found
    with session_scope(deps.engine) as session:
        stored = poll_store.get_poll(session=session, poll_id=_id(poll))
        assert stored is not None
        poll_store.set_poll_message(session=session, poll=stored, ts=ts)
    return "posted", ngettext(
        "📊 Poll posted in {channel}; it closes in {count} day and the results follow.",
        "📊 Poll posted in {channel}; it closes in {count} days and the results follow.",
        project.poll_window_days,
    ).format(channel=f"<#{poll.channel_id}>", count=i18n.number(project.poll_window_days))


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
            caller = deps.directory.caller(str(user_id), None)
            role = role_of(
                session=session, project=project, caller=caller, home_team_id=project.team_id
            )
            if allowed(Act.VOTE, role):
                found.append(str(user_id))
    return found


def vote(
    deps: Deps, client: WebClient, *, poll_id: int, score: int, user_id: str, counted: bool
) -> str:
    """Record a client's vote (a team member's is not counted); returns their confirmation."""
    now = deps.clock()
    with session_scope(deps.engine) as session:
        poll = poll_store.get_poll(session=session, poll_id=poll_id)
        if poll is None or poll.closed_at is not None:
            return _("This poll is closed. Thank you all the same!")
        if not counted:
            return _(
                "Thanks — but this poll asks the client, so team votes are not counted. "
                "Nothing was recorded."
            )
        outcome = poll_store.record_vote(
            session=session, poll=poll, user_id=user_id, score=score, now=now
        )
        answers = len(poll_store.scores(session=session, poll=poll))
        project = session.get(Project, poll.project_id)
        owners = owners_of(session=session, project=project) if project else []
    if outcome == "same":  # a double click: said and done already, no second alert
        return _("Your answer ({score}) is recorded already. Thank you!").format(score=score)
    if project is not None:
        refresh_poll_message(client, poll, answers, project.language)
        if is_low(poll.kind, score):
            _alert_team(deps, client, project, poll, score, user_id, owners)
    anonymous = poll.anonymity == "anonymous"
    if outcome == "new":
        answer = (
            _("Your answer ({score}) is recorded. Thank you! It stays anonymous.")
            if anonymous
            else _("Your answer ({score}) is recorded. Thank you!")
        )
    else:
        answer = (
            _("Your answer ({score}) is changed. Thank you! It stays anonymous.")
            if anonymous
            else _("Your answer ({score}) is changed. Thank you!")
        )
    return answer.format(score=score)


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
    if isinstance(error, SlackApiError):
        return str(error.response.get("error"))
    return "no answer from Slack"  # i18n: not shown (logs)


def _reason_said(error: Exception) -> str:
    """The reason, for a person: Slack's error code as it is, or a word in their language."""
    if isinstance(error, SlackApiError):
        return str(error.response.get("error"))
    return _("no answer from Slack")


def _alert_team(
    deps: Deps,
    client: WebClient,
    project: Project,
    poll: Poll,
    score: int,
    user_id: str,
    owners: list[str],
    comment: str | None = None,
) -> None:
    """A low score reaches the team at once (bot/platform/telling.py); the voter is named only
    in a named poll."""
    voter = user_id if poll.anonymity == "named" else None
    tell_team(
        deps,
        client,
        project,
        owners,
        lambda: build_low_score_alert(poll, project.name, score, owners, voter, comment),
        what="low-score alert",  # i18n: not shown (logs)
    )


def comment(
    deps: Deps, client: WebClient, *, poll_id: int, user_id: str, text: str, counted: bool
) -> str | None:
    """None when saved; otherwise what to tell the person in the form."""
    with session_scope(deps.engine) as session:
        poll = poll_store.get_poll(session=session, poll_id=poll_id)
        if poll is None or poll.closed_at is not None:
            return _("This poll is closed. `/feedback` reaches the team any time.")
        if not counted:
            return _("Comments in this poll come from the client; the team can use `/feedback`.")
        vote = poll_store.add_comment(session=session, poll=poll, user_id=user_id, comment=text)
        if vote is None:
            return _("Pick a score first, then add your comment.")
        project = session.get(Project, poll.project_id)
        owners = owners_of(session=session, project=project) if project else []
        score = vote.score
    if is_low(poll.kind, score) and project is not None:
        _alert_team(deps, client, project, poll, score, user_id, owners, comment=text)
    return None


def follow_up(deps: Deps, client: WebClient, *, poll_id: int, user_id: str, note: str) -> None:
    with session_scope(deps.engine) as session:
        poll = poll_store.get_poll(session=session, poll_id=poll_id)
        if poll is None:
            return
        poll_store.record_follow_up(
            session=session, poll=poll, user_id=user_id, note=note, now=deps.clock()
        )
        project = session.get(Project, poll.project_id)
    if project is not None and project.internal_channel_id:
        with speaking(project.language):
            text = _(
                "✅ {person} follows up on the poll: {note}. The next digest tells the client."
            ).format(person=user(user_id), note=escape(note))
        try:
            client.chat_postMessage(channel=project.internal_channel_id, text=text)
        except SlackApiError as error:
            logger.warning("follow-up note refused: %s", error.response.get("error"))


def _id(poll: Poll) -> int:
    assert poll.id is not None
    return poll.id


def poll_with_asker(deps: Deps, asking: Asking, poll_id: int) -> tuple[Poll, Asking] | None:
    """The poll, and whoever clicked as they are on its project; None when it is gone."""
    with session_scope(deps.engine) as session:
        poll = poll_store.get_poll(session=session, poll_id=poll_id)
    if poll is None:
        return None
    return poll, about(deps, asking, poll.project_id)


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
