"""A poll's answers, from the clicks and forms of the request that gives them: votes (one per
client, a second replacing the first), comments, and the team's follow-up, each kept in the
request's session (bot/platform/unit_of_work.py). What Slack hears of them follows the commit,
as the follow-up of what these return: the poll's count updated in place, in the project's
language, and a low score told to the team (bot/platform/telling.py), in the readers'.
The answers returned are for the person who acted, in theirs."""

from __future__ import annotations

from functools import partial

from slack_sdk import WebClient
from sqlmodel import Session

from bot.platform.asking import Asking, about
from bot.platform.blocks import user
from bot.platform.deps import Deps
from bot.platform.i18n import _
from bot.platform.language import of_project
from bot.platform.listeners import FollowUp, Outcome
from bot.platform.telling import tell_team
from bot.platform.text import escape
from bot.polls.blocks import build_low_score_alert
from bot.polls.scores import is_low
from bot.polls.service import refresh_poll_message
from storage import polls as poll_store
from storage.db import session_scope
from storage.models import Poll, Project
from storage.projects import owners_of


def poll_with_asker(session: Session, asking: Asking, poll_id: int) -> tuple[Poll, Asking] | None:
    """The poll, and whoever clicked as they are on its project, in the request's session; None
    when it (or its project) is gone."""
    poll = poll_store.get_poll(session=session, poll_id=poll_id)
    if poll is None:
        return None
    on_project = about(session, asking, poll.project_id)
    return (poll, on_project) if on_project.project is not None else None


def vote(
    deps: Deps, session: Session, found: tuple[Poll, Asking] | None, *, score: int, counted: bool
) -> Outcome:
    """Record a client's vote in the request's session (a team member's is not counted); after
    the commit the poll shows its new count and a low score reaches the team. The answer is
    the voter's confirmation."""
    if found is None or found[0].closed_at is not None:
        return Outcome(_("This poll is closed. Thank you all the same!"))
    if not counted:
        return Outcome(
            _(
                "Thanks — but this poll asks the client, so team votes are not counted. "
                "Nothing was recorded."
            )
        )
    poll, voter = found
    assert voter.project is not None
    outcome = poll_store.record_vote(
        session=session, poll=poll, user_id=voter.user_id, score=score, now=deps.clock()
    )
    if outcome == "same":  # a double click: said and done already, no second alert
        return Outcome(
            _("Your answer ({score}) is recorded already. Thank you!").format(score=score)
        )
    low = is_low(poll.kind, score)
    then = partial(
        _after_vote,
        deps,
        project=voter.project,
        poll=poll,
        answers=len(poll_store.scores(session=session, poll=poll)),
        alert=_low_score(deps, session, voter.project, poll, score, voter.user_id) if low else None,
    )
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
    return Outcome(answer.format(score=score), then)


def _after_vote(
    deps: Deps,
    client: WebClient,
    *,
    project: Project,
    poll: Poll,
    answers: int,
    alert: FollowUp | None,
) -> None:
    """After the commit: the poll shows how many answered, and a low score is told."""
    if poll.ts is None and poll.id is not None:
        # Voted on the moment it appeared, before its ts was kept (start_poll keeps it after
        # the post): look again, now that the vote is in.
        with session_scope(deps.engine) as session:
            poll = poll_store.get_poll(session=session, poll_id=poll.id) or poll
    refresh_poll_message(client, poll, answers, of_project(project, deps.settings.default_language))
    if alert is not None:
        alert(client)


def _low_score(
    deps: Deps,
    session: Session,
    project: Project,
    poll: Poll,
    score: int,
    user_id: str,
    comment: str | None = None,
) -> FollowUp:
    """The alert a low score sends the team after the commit (bot/platform/telling.py), its
    owners read now, in the request's session; the voter is named only in a named poll."""
    return partial(
        _alert_team,
        deps,
        project=project,
        poll=poll,
        score=score,
        voter=user_id if poll.anonymity == "named" else None,
        owners=owners_of(session=session, project=project),
        comment=comment,
    )


def _alert_team(
    deps: Deps,
    client: WebClient,
    *,
    project: Project,
    poll: Poll,
    score: int,
    voter: str | None,
    owners: list[str],
    comment: str | None,
) -> None:
    tell_team(
        deps,
        client,
        project,
        owners,
        lambda: build_low_score_alert(poll, project.name, score, owners, voter, comment),
        what="low-score alert",  # i18n: not shown (logs)
    )


def comment(
    deps: Deps, session: Session, found: tuple[Poll, Asking] | None, *, text: str, counted: bool
) -> str | Outcome:
    """Keep a client's comment with their vote, in the request's session: what follows the
    commit (a low score's comment reaches the team), or what to tell the person in the form."""
    if found is None or found[0].closed_at is not None:
        return _("This poll is closed. `/feedback` reaches the team any time.")
    if not counted:
        return _("Comments in this poll come from the client; the team can use `/feedback`.")
    poll, voter = found
    assert voter.project is not None
    vote = poll_store.add_comment(session=session, poll=poll, user_id=voter.user_id, comment=text)
    if vote is None:
        return _("Pick a score first, then add your comment.")
    if not is_low(poll.kind, vote.score):
        return Outcome()
    return Outcome(
        then=_low_score(deps, session, voter.project, poll, vote.score, voter.user_id, comment=text)
    )


def follow_up_poll(deps: Deps, session: Session, poll: Poll, member: Asking, note: str) -> FollowUp:
    """The team's follow-up on a poll, kept for the next digest in the request's session; after
    the commit the team hears of it."""
    assert member.project is not None
    project = member.project
    poll_store.record_follow_up(
        session=session, poll=poll, user_id=member.user_id, note=note, now=deps.clock()
    )
    return partial(
        _tell_follow_up,
        deps,
        project=project,
        owners=owners_of(session=session, project=project),
        user_id=member.user_id,
        note=note,
    )


def _tell_follow_up(
    deps: Deps, client: WebClient, *, project: Project, owners: list[str], user_id: str, note: str
) -> None:
    tell_team(
        deps,
        client,
        project,
        owners,
        lambda: (
            _(
                "✅ {person} follows up on the poll: {note}. The next digest tells the client."
            ).format(person=user(user_id), note=escape(note)),
            None,
        ),
        what="poll follow-up note",  # i18n: not shown (logs)
    )
