"""`/change`: change requests that the client approves or rejects in the channel."""

from __future__ import annotations

from functools import partial
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from sqlmodel import Session

from bot.capture.service import answer_in_thread, remember
from bot.capture.source import source_of
from bot.changes.blocks import (
    CHANGE_APPROVE,
    CHANGE_ASK,
    CHANGE_REJECT,
    CHANGE_WITHDRAW,
    build_change_list,
    decide_again_answer,
)
from bot.changes.forms import (
    CHANGE_MODAL,
    NOTE_LIMIT,
    QUESTION_MODAL,
    REJECT_MODAL,
    build_change_modal,
    build_question_modal,
    build_reject_modal,
    read_change_form,
)
from bot.changes.posting import Proposal, post_question, put_forward
from bot.changes.service import (
    change_with_asker,
    decide,
    decision_refusal,
    every_change,
    find_change,
    note_question,
    propose,
    withdraw,
)
from bot.platform import i18n
from bot.platform.answers import beside
from bot.platform.asking import Asking, Later, metadata
from bot.platform.blocks import keep_it_to, state_value
from bot.platform.deps import Deps
from bot.platform.i18n import N_, _
from bot.platform.listeners import Outcome, View, answers_privately, follow_up, opens_a_form
from bot.platform.roles import Act
from bot.platform.text import command_text, escape, half_width, reference_number, split_command
from bot.projects.blocks import no_project
from storage.models import ChangeRequest, Project
from storage.refs import CHANGE, change_ref

HELP = N_(
    "*Change requests*\n"
    "• `/change` — propose one (what, why, impact on scope, schedule and cost, who asked); "
    "it is posted in the client channel with Approve and Reject\n"
    "• `/change Add single sign-on` — the same form, with the title filled in\n"
    "• `/change list` — every request with its state, and the approved totals\n"
    "• `/change withdraw CR-3` — take back your own request while it waits\n"
    "The project's approvers decide (`/project set approver @name`), or any client member when "
    "none is named."
)
GONE = N_("This change request no longer exists.")


def register(app: App) -> None:
    app.command("/change")(handle_change_command)
    app.view(CHANGE_MODAL)(handle_change_form)
    app.action(CHANGE_APPROVE)(answers_privately(approve))
    app.action(CHANGE_REJECT)(opens_a_form(rejection_form))
    app.view(REJECT_MODAL)(handle_rejection_form)
    app.action(CHANGE_ASK)(opens_a_form(question_form))
    app.view(QUESTION_MODAL)(handle_question_form)
    app.action(CHANGE_WITHDRAW)(answers_privately(withdraw_change))


def handle_change_command(
    ack: Ack,
    command: dict[str, Any],
    client: WebClient,
    respond: Respond,
    asking: Asking,
    deps: Deps,
    session: Session,
    later: Later,
) -> None:
    text = command_text(command).strip()
    project = asking.project
    if project is None:
        ack(text=no_project())
    elif text.lower() == "help":
        ack(text=_(HELP))
    elif text.lower() == "list":
        if not asking.may(Act.LIST_CHANGES):
            ack(text=_("Only people on this project can see its change requests."))
            return
        blocks = build_change_list(every_change(session, project), project_name=project.name)
        text = _("Change requests on {project}").format(project=escape(project.name))
        ack(text=text, blocks=blocks)
    elif (number := _withdrawal(text)) is not None:
        change = find_change(session, project, number)
        if change is None:
            missing = _("There is no {ref} on this project; `/change list` shows them.")
            ack(text=missing.format(ref=change_ref(number)))
            return
        ack()
        outcome = withdraw(deps, session, project=project, change=change, user_id=asking.user_id)
        later(partial(follow_up, outcome, client, respond))
    elif not asking.may(Act.PROPOSE_CHANGE):
        ack(text=_("Only people on this project can propose changes to it."))
    else:
        ack()
        form = build_change_modal(
            project_id=_id(project),
            project_name=project.name,
            channel_id=command["channel_id"],
            caller_id=asking.user_id,
            title=text,
        )
        later(partial(client.views_open, trigger_id=command["trigger_id"], view=form))


def _withdrawal(text: str) -> int | None:
    """`withdraw CR-3` → 3."""
    verb, rest = split_command(half_width(text))
    return reference_number(CHANGE, rest) if verb == "withdraw" else None


def handle_change_form(
    ack: Ack,
    view: dict[str, Any],
    client: WebClient,
    asking: Asking,
    deps: Deps,
    session: Session,
    later: Later,
) -> None:
    form, errors = read_change_form(view["state"]["values"])
    if form is None:
        ack(response_action="errors", errors=errors)
        return
    project = asking.project
    if project is None:
        ack(response_action="errors", errors={"title": _("This project no longer exists.")})
        return
    proposal = propose(
        session, project=project, proposer_id=asking.user_id, form=form, now=deps.clock()
    )
    if (source := source_of(metadata(view))) is not None:  # proposed from a message
        remember(session, proposal.change, source)
        ref = change_ref(proposal.change.number)
        later(
            partial(answer_in_thread, deps, project, source, ref, asking.user_id, "change", client)
        )
    ack()
    channel = asking.channel_id or project.client_channel_id
    later(partial(_put_forward, deps, client, project, proposal, asking.user_id, channel))


def _put_forward(
    deps: Deps,
    client: WebClient,
    project: Project,
    proposal: Proposal,
    user_id: str,
    channel: str,
) -> None:
    beside(client, channel, user_id, put_forward(deps, client, project, proposal))


def approve(deps: Deps, session: Session, asking: Asking, change_id: int) -> Outcome:
    """The Approve button, for whoever decides: once, whoever clicks first."""
    found = change_with_asker(session, asking, change_id)
    if found is None:
        return Outcome(_(GONE))
    change, _project, decider = found
    if refusal := decision_refusal(session, decider):
        return Outcome(refusal)
    return decide(deps, session, change, decider, "approved")


def rejection_form(session: Session, asking: Asking, change_id: int) -> View | str:
    """The Reject button: a form for the reason, to whoever may decide."""
    found = change_with_asker(session, asking, change_id)
    if found is None:
        return _(GONE)
    change, _project, decider = found
    if refusal := decision_refusal(session, decider):
        return refusal
    if change.state != "pending":
        return decide_again_answer(change)
    return build_reject_modal(change)


def handle_rejection_form(
    ack: Ack,
    view: dict[str, Any],
    client: WebClient,
    asking: Asking,
    deps: Deps,
    session: Session,
    later: Later,
) -> None:
    note = state_value(view["state"]["values"], "note")
    if len(note) > NOTE_LIMIT:
        ack(response_action="errors", errors={"note": keep_it_to(NOTE_LIMIT)})
        return
    change_id = int(metadata(view).get("change_id", 0))
    found = change_with_asker(session, asking, change_id)
    if found is None:
        ack(response_action="errors", errors={"note": _(GONE)})
        return
    change, _project, decider = found
    if refusal := decision_refusal(session, decider):
        ack(response_action="errors", errors={"note": refusal})
        return
    outcome = decide(deps, session, change, decider, "rejected", note or None)
    ack()
    later(partial(_answer_beside_request, client, decider.user_id, change, outcome))


def question_form(session: Session, asking: Asking, change_id: int) -> View | str:
    """The Ask a question button: a form for the question, to anyone on the project."""
    found = change_with_asker(session, asking, change_id)
    if found is None:
        return _(GONE)
    change, _project, asker = found
    if not asker.may(Act.ASK_ABOUT_CHANGE):
        return _("Only people on this project can ask about its changes.")
    return build_question_modal(change)


def handle_question_form(
    ack: Ack,
    view: dict[str, Any],
    client: WebClient,
    asking: Asking,
    deps: Deps,
    session: Session,
    later: Later,
) -> None:
    question = state_value(view["state"]["values"], "note")
    if not question or len(question) > NOTE_LIMIT:
        error = _("Write your question, in at most {limit} characters.").format(
            limit=i18n.number(NOTE_LIMIT)
        )
        ack(response_action="errors", errors={"note": error})
        return
    change_id = int(metadata(view).get("change_id", 0))
    found = change_with_asker(session, asking, change_id)
    if found is None or not found[2].may(Act.ASK_ABOUT_CHANGE):
        ack(response_action="errors", errors={"note": _(GONE)})
        return
    change, project, _asker = found
    note_question(
        session, change=change, user_id=asking.user_id, question=question, now=deps.clock()
    )
    ack()
    later(partial(_ask, deps, client, project, change, asking.user_id, question))


def _ask(
    deps: Deps,
    client: WebClient,
    project: Project,
    change: ChangeRequest,
    user_id: str,
    question: str,
) -> None:
    answer = post_question(
        deps, client, project=project, change=change, user_id=user_id, question=question
    )
    _answer_beside_request(client, user_id, change, Outcome(answer))


def withdraw_change(deps: Deps, session: Session, asking: Asking, change_id: int) -> Outcome:
    """The Withdraw button, for whoever proposed it, while it waits."""
    found = change_with_asker(session, asking, change_id)
    if found is None:
        return Outcome(_(GONE))
    change, project, _asker = found
    return withdraw(deps, session, project=project, change=change, user_id=asking.user_id)


def _answer_beside_request(
    client: WebClient, user_id: str, change: ChangeRequest, outcome: Outcome
) -> None:
    """After a modal there is no response_url: once Slack has heard what changed, the answer
    goes where the request is."""
    if outcome.then is not None:
        outcome.then(client)
    if outcome.answer:
        beside(client, change.channel_id or user_id, user_id, outcome.answer)


def _id(project: Project) -> int:
    assert project.id is not None
    return project.id
