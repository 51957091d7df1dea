"""What Slack hears of a change request once the request that changed it has committed: the
request posted in the client channel with its buttons, updated in place when decided, the
question in its thread, the team told. All of it runs after the acknowledgement (`later`, an
`Outcome`'s follow-up), never inside a listener; what Slack refuses is logged and told to the
person, never raised, since what it reports is saved already.

What goes to a channel is in the project's language, whoever acted; the answers returned are for
the person who acted, in theirs (the request's language, which `later` keeps).
"""

from __future__ import annotations

import logging
from contextlib import AbstractContextManager
from dataclasses import dataclass

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.changes.blocks import (
    build_change_request,
    build_decision_notice,
    build_proposal_notice,
    build_question_post,
)
from bot.platform import i18n
from bot.platform.blocks import user
from bot.platform.deps import Deps
from bot.platform.i18n import _, alternatives
from bot.platform.language import of_project
from bot.platform.telling import tell_team
from storage import changes as store
from storage.db import session_scope
from storage.models import ChangeRequest, Project
from storage.refs import change_ref

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Proposal:
    """A request just stored, and who hears of it once it has committed."""

    change: ChangeRequest
    approvers: list[str]
    owners: list[str]


def put_forward(deps: Deps, client: WebClient, project: Project, proposal: Proposal) -> str:
    """Post the request in the client channel with the decision buttons, tell the team.
    Returns the answer for the proposer."""
    change, approvers = proposal.change, proposal.approvers
    ref = change_ref(change.number)
    if refused := _put_before_the_client(deps, client, project, change, approvers):
        return refused
    tell_team(
        deps,
        client,
        project,
        proposal.owners,
        lambda: (
            build_proposal_notice(
                change, project_name=project.name, channel_id=project.client_channel_id
            ),
            None,
        ),
        what="change request notice",  # i18n: not shown (logs)
    )
    if approvers:
        return _(
            "🔀 {ref} is posted in <#{channel}>; {deciders} will approve or reject it there."
        ).format(
            ref=ref,
            channel=project.client_channel_id,
            deciders=alternatives(user(u) for u in approvers),
        )
    return _(
        "🔀 {ref} is posted in <#{channel}>; a member of the client's team will approve or "
        "reject it there."
    ).format(ref=ref, channel=project.client_channel_id)


def _put_before_the_client(
    deps: Deps, client: WebClient, project: Project, change: ChangeRequest, approvers: list[str]
) -> str | None:
    """Post the request with its buttons in the client channel and keep where it is, to update
    it once decided; None when done, else what to tell the proposer."""
    with _in_channel(deps, project):
        text, blocks = build_change_request(
            change, project_name=project.name, timezone=project.timezone, approver_ids=approvers
        )
    try:
        posted = client.chat_postMessage(
            channel=project.client_channel_id, text=text, blocks=blocks
        )
    except SlackApiError as error:
        reason = error.response.get("error")
        logger.warning("change request not posted: %s", reason)
        return _(
            "⚠️ {ref} is saved, but I could not post it in <#{channel}> (Slack said `{reason}`). "
            "Invite me there with `/invite @Rapport`; `/change list` shows it meanwhile."
        ).format(ref=change_ref(change.number), channel=project.client_channel_id, reason=reason)
    assert change.id is not None
    with session_scope(deps.engine) as session:  # after the ack: a unit of work of its own
        stored = store.get_change(session=session, change_id=change.id)
        if stored is not None:
            where = str(posted["channel"]), str(posted["ts"])
            store.set_message(session=session, change=stored, channel_id=where[0], ts=where[1])
    _show_early_decision(deps, client, project, change.id, approvers)
    return None


def _show_early_decision(
    deps: Deps, client: WebClient, project: Project, change_id: int, approvers: list[str]
) -> None:
    """A decision made while Slack's answer to the post was on its way found no message to
    update: once where it is has been kept, the request shows it (read after that commit, so
    no decision falls between the two)."""
    with session_scope(deps.engine) as session:
        change = store.get_change(session=session, change_id=change_id)
    if change is not None and change.state != "pending":
        _refresh(deps, client, project, change, approvers)


def announce(
    deps: Deps,
    client: WebClient,
    *,
    project: Project,
    change: ChangeRequest,
    approvers: list[str],
    owners: list[str],
) -> None:
    """After a decision or a withdrawal: the request shows its outcome in place, in the
    project's language whoever clicked, and the team is told."""
    if change.ts is None and change.id is not None:
        # Decided on the moment it appeared, before where it is was kept (`put_forward` keeps
        # it after the post): look again, now that the decision is in.
        with session_scope(deps.engine) as session:
            change = store.get_change(session=session, change_id=change.id) or change
    _refresh(deps, client, project, change, approvers)
    tell_team(
        deps,
        client,
        project,
        owners,
        lambda: (
            build_decision_notice(change, project_name=project.name, timezone=project.timezone),
            None,
        ),
        what="change decision notice",  # i18n: not shown (logs)
    )


def _refresh(
    deps: Deps, client: WebClient, project: Project, change: ChangeRequest, approvers: list[str]
) -> None:
    """The request in the client channel shows its outcome, in the project's language."""
    if change.channel_id is None or change.ts is None:
        return
    with _in_channel(deps, project):
        text, blocks = build_change_request(
            change, project_name=project.name, timezone=project.timezone, approver_ids=approvers
        )
    try:
        client.chat_update(channel=change.channel_id, ts=change.ts, text=text, blocks=blocks)
    except SlackApiError as error:
        logger.warning("change request not refreshed: %s", error.response.get("error"))
    except OSError as error:  # no answer in time: the decision stands, and the team is told
        logger.warning("change request refresh unconfirmed: %s", error)


def post_question(
    deps: Deps,
    client: WebClient,
    *,
    project: Project,
    change: ChangeRequest,
    user_id: str,
    question: str,
) -> str:
    """The question starts a thread under the request, where the proposer answers. Returns the
    answer for whoever asked."""
    ref = change_ref(change.number)
    proposer = user(change.proposed_by)
    if change.channel_id is None or change.ts is None:
        return _("{ref} has no message to ask under; ask {proposer} directly.").format(
            ref=ref, proposer=proposer
        )
    with _in_channel(deps, project):
        post = build_question_post(change, asker_id=user_id, question=question)
    try:
        client.chat_postMessage(channel=change.channel_id, thread_ts=change.ts, text=post)
    except SlackApiError as error:
        logger.warning("question not posted: %s", error.response.get("error"))
        return _("I could not post your question under {ref}; ask {proposer}.").format(
            ref=ref, proposer=proposer
        )
    return _("Your question is in the thread of {ref}.").format(ref=ref)


def _in_channel(deps: Deps, project: Project | None) -> AbstractContextManager[None]:
    """What is said inside is for the project's channels: in the project's language."""
    return i18n.speaking(of_project(project, deps.settings.default_language))
