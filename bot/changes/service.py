"""A change request from proposal to decision: stored first, then put in front of the client in
their channel; decided once, by whoever the project says decides; announced to the team.

Each step commits before it talks to Slack; what Slack refuses afterwards is logged and told to
the person, never raised, so a retry cannot propose or decide twice.

What goes to a channel (the request, its update in place after a decision, the question in its
thread, the team's notices) is in the project's language, whoever clicked; the answers these
functions return are for the person who acted, in theirs.
"""

from __future__ import annotations

import logging
from contextlib import AbstractContextManager

from babel.lists import format_list
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlmodel import Session

from bot.changes.blocks import (
    build_change_request,
    build_decision_notice,
    build_proposal_notice,
    build_question_post,
    decision_line,
)
from bot.changes.forms import ChangeForm
from bot.platform import i18n
from bot.platform.asking import Asking, about
from bot.platform.blocks import user
from bot.platform.deps import Deps
from bot.platform.i18n import _, alternatives
from bot.platform.language import of_project
from bot.platform.roles import Act, allowed
from bot.platform.telling import tell_team
from storage import changes as store
from storage.db import session_scope
from storage.models import ChangeRequest, Project
from storage.projects import approver_ids, owners_of
from storage.refs import change_ref

logger = logging.getLogger(__name__)


def propose(
    deps: Deps, client: WebClient, *, project: Project, proposer_id: str, form: ChangeForm
) -> str:
    """Store it, post it in the client channel with the decision buttons, tell the team.
    Returns the answer for the proposer."""
    with session_scope(deps.engine) as session:
        change = store.add_change(
            session=session,
            project=project,
            title=form.title,
            reason=form.reason,
            scope_impact=form.scope_impact,
            schedule_days=form.schedule_days,
            cost_cents=form.cost_cents,
            requested_by=form.requested_by,
            proposed_by=proposer_id,
            now=deps.clock(),
        )
        approvers = approver_ids(session=session, project=project)
        owners = owners_of(session=session, project=project)
    ref = change_ref(change.number)
    if refused := _put_before_the_client(deps, client, project, change, approvers):
        return refused
    tell_team(
        deps,
        client,
        project,
        owners,
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
    with session_scope(deps.engine) as session:
        stored = _get(session, change.id)
        store.set_message(
            session=session, change=stored, channel_id=str(posted["channel"]), ts=str(posted["ts"])
        )
    return None


def decision_refusal(deps: Deps, *, project: Project, user_id: str, role: str | None) -> str | None:
    """Why this person may not decide, or None when they may."""
    with session_scope(deps.engine) as session:
        approvers = approver_ids(session=session, project=project)
    if allowed(
        Act.DECIDE_CHANGE,
        role,
        approver=user_id in approvers,
        approvers_named=bool(approvers),
    ):
        return None
    if approvers:
        return _(
            "Only the project's approvers decide change requests: {approvers}. Ask a question "
            "instead, or ask an owner to `/project set approver @you`."
        ).format(approvers=format_list([user(a) for a in approvers], locale=i18n.current()))
    return _(
        "Change requests are decided by the client. If you have a concern, press *Ask a question*."
    )


def decide(
    deps: Deps,
    client: WebClient,
    *,
    project: Project,
    change_id: int,
    user_id: str,
    decision: str,
    note: str | None,
) -> str:
    """Record the decision once, update the request in place, tell the team. Returns the answer
    for whoever decided (a second click learns who decided first)."""
    with session_scope(deps.engine) as session:
        change = _get(session, change_id)
        won = store.decide_change(
            session=session,
            change=change,
            decision=decision,
            user_id=user_id,
            note=note,
            now=deps.clock(),
        )
        owners = owners_of(session=session, project=project)
        approvers = approver_ids(session=session, project=project)
    ref = change_ref(change.number)
    if not won:
        return _already(change, project)
    _refresh(deps, client, project, change, approvers)
    _tell_decision(deps, client, project, owners, change)
    if decision == "approved":
        return _(
            "You approved {ref}. The team is told, and the request shows your decision."
        ).format(ref=ref)
    return _("You rejected {ref}. The team is told, and the request shows your decision.").format(
        ref=ref
    )


def withdraw(
    deps: Deps, client: WebClient, *, project: Project, change: ChangeRequest, user_id: str
) -> str:
    ref = change_ref(change.number)
    with session_scope(deps.engine) as session:
        stored = _get(session, change.id)
        done = store.withdraw_change(
            session=session, change=stored, user_id=user_id, now=deps.clock()
        )
        approvers = approver_ids(session=session, project=project)
        owners = owners_of(session=session, project=project)
    if not done:
        if stored.state != "pending":
            return _already(stored, project)
        return _("Only {proposer}, who proposed {ref}, can withdraw it.").format(
            proposer=user(stored.proposed_by), ref=ref
        )
    _refresh(deps, client, project, stored, approvers)
    _tell_decision(deps, client, project, owners, stored)
    return _("↩️ {ref} is withdrawn; the request in the channel says so.").format(ref=ref)


def ask(deps: Deps, client: WebClient, *, change_id: int, user_id: str, question: str) -> str:
    """The question starts a thread under the request, where the proposer answers."""
    with session_scope(deps.engine) as session:
        change = _get(session, change_id)
        store.note_question(
            session=session, change=change, user_id=user_id, question=question, now=deps.clock()
        )
        project = session.get(Project, change.project_id)
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


def _already(change: ChangeRequest, project: Project) -> str:
    """For whoever clicked too late, in their language."""
    return _("{ref} is no longer waiting: {decision}").format(
        ref=change_ref(change.number), decision=decision_line(change, project.timezone)
    )


def _in_channel(deps: Deps, project: Project | None) -> AbstractContextManager[None]:
    """What is said inside is for the project's channels: in the project's language."""
    return i18n.speaking(of_project(project, deps.settings.default_language))


def _tell_decision(
    deps: Deps, client: WebClient, project: Project, owners: list[str], change: ChangeRequest
) -> None:
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
    """The request in the client channel shows its outcome: in the project's language, whoever
    clicked."""
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


def _get(session: Session, change_id: int | None) -> ChangeRequest:
    assert change_id is not None
    change = store.get_change(session=session, change_id=change_id)
    assert change is not None
    return change


def change_with_asker(
    deps: Deps, asking: Asking, change_id: int
) -> tuple[ChangeRequest, Project, Asking] | None:
    """The request, its project, and whoever clicked as they are on that project; None when the
    request (or its project) is gone."""
    with session_scope(deps.engine) as session:
        change = store.get_change(session=session, change_id=change_id)
    if change is None:
        return None
    on_project = about(deps, asking, change.project_id)
    if on_project.project is None:
        return None
    return change, on_project.project, on_project


def find_change(deps: Deps, project: Project, number: int) -> ChangeRequest | None:
    """CR-`number` of the project."""
    with session_scope(deps.engine) as session:
        return store.change_by_number(session=session, project=project, number=number)


def every_change(deps: Deps, project: Project) -> list[ChangeRequest]:
    """`/change list`: every request, by number."""
    with session_scope(deps.engine) as session:
        return store.list_changes(session=session, project=project)
