"""`/change`: change requests that the client approves or rejects in the channel."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot.changes.blocks import (
    CHANGE_APPROVE,
    CHANGE_ASK,
    CHANGE_MODAL,
    CHANGE_REJECT,
    CHANGE_WITHDRAW,
    NOTE_LIMIT,
    QUESTION_MODAL,
    REJECT_MODAL,
    build_change_list,
    build_change_modal,
    build_question_modal,
    build_reject_modal,
    decide_again_answer,
)
from bot.changes.form import read_change_form
from bot.changes.impact import half_width
from bot.changes.service import ask, decide, decision_refusal, propose, withdraw
from bot.platform import i18n
from bot.platform.asking import clicker_on_project, command_project, command_text, metadata
from bot.platform.blocks import keep_it_to, state_value
from bot.platform.deps import Deps
from bot.platform.i18n import N_, _
from bot.platform.roles import Act, allowed
from bot.platform.text import escape
from bot.projects.blocks import NO_PROJECT
from storage.changes import change_by_number, get_change, list_changes
from storage.db import session_scope
from storage.models import ChangeRequest, Project

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
WITHDRAW = re.compile(r"^withdraw\s+(?:CR-?)?(\d+)$", re.IGNORECASE)
GONE = N_("This change request no longer exists.")


def register(app: App, deps: Deps) -> None:
    def handle_change(
        ack: Ack, command: dict[str, Any], client: WebClient, context: BoltContext, respond: Respond
    ) -> None:
        text = command_text(command).strip()
        project, role = command_project(deps, command, context)
        if project is None:
            ack(text=NO_PROJECT)
        elif text.lower() == "help":
            ack(text=_(HELP))
        elif text.lower() == "list":
            if not allowed(Act.LIST_CHANGES, role):
                ack(text=_("Only people on this project can see its change requests."))
                return
            with session_scope(deps.engine) as session:
                changes = list_changes(session=session, project=project)
            ack(
                text=_("Change requests on {project}").format(project=escape(project.name)),
                blocks=build_change_list(changes, project_name=project.name),
            )
        elif (withdrawal := WITHDRAW.match(half_width(text))) is not None:
            number = int(withdrawal.group(1))
            with session_scope(deps.engine) as session:
                change = change_by_number(session=session, project=project, number=number)
            if change is None:
                ack(
                    text=_(
                        "There is no CR-{number} on this project; `/change list` shows them."
                    ).format(number=number)
                )
                return
            ack()

            @deps.later(command, respond, client)
            def finish() -> None:
                answer = withdraw(
                    deps, client, project=project, change=change, user_id=command["user_id"]
                )
                respond(text=answer, response_type="ephemeral")
        elif not allowed(Act.PROPOSE_CHANGE, role):
            ack(text=_("Only people on this project can propose changes to it."))
        else:
            ack()

            @deps.later(command, respond, client)
            def finish() -> None:
                client.views_open(
                    trigger_id=command["trigger_id"],
                    view=build_change_modal(
                        project_id=_id(project),
                        project_name=project.name,
                        channel_id=command["channel_id"],
                        caller_id=command["user_id"],
                        title=text,
                    ),
                )

    def handle_change_submission(
        ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient
    ) -> None:
        form, errors = read_change_form(view["state"]["values"])
        if form is None:
            ack(response_action="errors", errors=errors)
            return
        with session_scope(deps.engine) as session:
            project = session.get(Project, int(metadata(view).get("project_id", 0)))
        if project is None:
            ack(response_action="errors", errors={"title": _("This project no longer exists.")})
            return
        ack()
        user_id = body["user"]["id"]
        channel_id = str(metadata(view).get("channel_id") or project.client_channel_id)

        @deps.later(body, None, client)
        def finish() -> None:
            answer = propose(deps, client, project=project, proposer_id=user_id, form=form)
            client.chat_postEphemeral(channel=channel_id, user=user_id, text=answer)

    def handle_approve(
        ack: Ack,
        body: dict[str, Any],
        action: dict[str, Any],
        client: WebClient,
        context: BoltContext,
        respond: Respond,
    ) -> None:
        ack()

        @deps.later(body, respond, client)
        def finish() -> None:
            change, project, refusal = _decider(deps, body, context, int(action["value"]))
            if change is None or project is None or refusal:
                _tell(respond, refusal or _(GONE))
                return
            _tell(
                respond,
                decide(
                    deps,
                    client,
                    project=project,
                    change_id=int(action["value"]),
                    user_id=body["user"]["id"],
                    decision="approved",
                    note=None,
                ),
            )

    def handle_reject(
        ack: Ack,
        body: dict[str, Any],
        action: dict[str, Any],
        client: WebClient,
        context: BoltContext,
        respond: Respond,
    ) -> None:
        ack()

        @deps.later(body, respond, client)
        def finish() -> None:
            change, project, refusal = _decider(deps, body, context, int(action["value"]))
            if change is None or project is None or refusal:
                _tell(respond, refusal or _(GONE))
            elif change.state != "pending":
                _tell(respond, decide_again_answer(change))
            else:
                client.views_open(trigger_id=body["trigger_id"], view=build_reject_modal(change))

    def handle_reject_submission(
        ack: Ack,
        body: dict[str, Any],
        view: dict[str, Any],
        client: WebClient,
        context: BoltContext,
    ) -> None:
        note = state_value(view["state"]["values"], "note")
        if len(note) > NOTE_LIMIT:
            ack(response_action="errors", errors={"note": keep_it_to(NOTE_LIMIT)})
            return
        change_id = int(metadata(view).get("change_id", 0))
        change, project, refusal = _decider(deps, body, context, change_id)
        if change is None or project is None or refusal:
            ack(response_action="errors", errors={"note": refusal or _(GONE)})
            return
        ack()

        @deps.later(body, None, client)
        def finish() -> None:
            answer = decide(
                deps,
                client,
                project=project,
                change_id=change_id,
                user_id=body["user"]["id"],
                decision="rejected",
                note=note or None,
            )
            _answer_beside_request(client, body["user"]["id"], change, answer)

    def handle_ask(
        ack: Ack,
        body: dict[str, Any],
        action: dict[str, Any],
        client: WebClient,
        context: BoltContext,
        respond: Respond,
    ) -> None:
        ack()

        @deps.later(body, respond, client)
        def finish() -> None:
            change, project, role = _on_project(deps, body, context, int(action["value"]))
            if change is None or project is None:
                _tell(respond, _(GONE))
            elif not allowed(Act.ASK_ABOUT_CHANGE, role):
                _tell(respond, _("Only people on this project can ask about its changes."))
            else:
                client.views_open(trigger_id=body["trigger_id"], view=build_question_modal(change))

    def handle_question_submission(
        ack: Ack,
        body: dict[str, Any],
        view: dict[str, Any],
        client: WebClient,
        context: BoltContext,
    ) -> None:
        question = state_value(view["state"]["values"], "note")
        if not question or len(question) > NOTE_LIMIT:
            ack(
                response_action="errors",
                errors={
                    "note": _("Write your question, in at most {limit} characters.").format(
                        limit=i18n.number(NOTE_LIMIT)
                    )
                },
            )
            return
        change_id = int(metadata(view).get("change_id", 0))
        change, project, role = _on_project(deps, body, context, change_id)
        if change is None or project is None or not allowed(Act.ASK_ABOUT_CHANGE, role):
            ack(response_action="errors", errors={"note": _(GONE)})
            return
        ack()

        @deps.later(body, None, client)
        def finish() -> None:
            answer = ask(
                deps, client, change_id=change_id, user_id=body["user"]["id"], question=question
            )
            _answer_beside_request(client, body["user"]["id"], change, answer)

    def handle_withdraw(
        ack: Ack,
        body: dict[str, Any],
        action: dict[str, Any],
        client: WebClient,
        context: BoltContext,
        respond: Respond,
    ) -> None:
        ack()

        @deps.later(body, respond, client)
        def finish() -> None:
            change, project, _role = _on_project(deps, body, context, int(action["value"]))
            if change is None or project is None:
                _tell(respond, _(GONE))
                return
            answer = withdraw(
                deps, client, project=project, change=change, user_id=body["user"]["id"]
            )
            _tell(respond, answer)

    app.command("/change")(handle_change)
    app.view(CHANGE_MODAL)(handle_change_submission)
    app.action(CHANGE_APPROVE)(handle_approve)
    app.action(CHANGE_REJECT)(handle_reject)
    app.view(REJECT_MODAL)(handle_reject_submission)
    app.action(CHANGE_ASK)(handle_ask)
    app.view(QUESTION_MODAL)(handle_question_submission)
    app.action(CHANGE_WITHDRAW)(handle_withdraw)


def _on_project(
    deps: Deps, body: dict[str, Any], context: BoltContext, change_id: int
) -> tuple[ChangeRequest | None, Project | None, str | None]:
    """The request, its project, and the role on it of whoever clicked or submitted."""
    with session_scope(deps.engine) as session:
        change = get_change(session=session, change_id=change_id)
    if change is None:
        return None, None, None
    project, role = clicker_on_project(deps, body, context, change.project_id)
    return change, project, role


def _decider(
    deps: Deps, body: dict[str, Any], context: BoltContext, change_id: int
) -> tuple[ChangeRequest | None, Project | None, str | None]:
    """The request, its project, and why the person may not decide (None when they may)."""
    change, project, role = _on_project(deps, body, context, change_id)
    if change is None or project is None:
        return None, None, None
    refusal = decision_refusal(deps, project=project, user_id=body["user"]["id"], role=role)
    return change, project, refusal


def _tell(respond: Respond, text: str) -> None:
    respond(text=text, replace_original=False, response_type="ephemeral")


def _answer_beside_request(
    client: WebClient, user_id: str, change: ChangeRequest, text: str
) -> None:
    """After a modal there is no response_url: the answer goes where the request is."""
    client.chat_postEphemeral(channel=change.channel_id or user_id, user=user_id, text=text)


def _id(project: Project) -> int:
    assert project.id is not None
    return project.id
