"""`/feedback`: anyone tells the team something; the team acknowledges and resolves it.

The quick form's leading keywords (`problem: …`, `紧急：…`) come from the catalogues: every
language Rapport speaks is understood, whatever the sender's."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot.feedback.blocks import (
    FEEDBACK_ACK,
    FEEDBACK_LIMIT,
    FEEDBACK_MODAL,
    FEEDBACK_RESOLVE,
    RESOLUTION_LIMIT,
    RESOLVE_MODAL,
    build_feedback_list,
    build_feedback_modal,
    build_feedback_receipt,
    build_resolve_modal,
    read_feedback_modal,
)
from bot.feedback.labels import KIND_LABELS
from bot.feedback.quick_form import WITHDRAW, _guess_kind
from bot.feedback.service import acknowledge, post_card, record_feedback, resolve, withdraw
from bot.platform import i18n
from bot.platform.asking import clicker_on_project, command_project, command_text, metadata
from bot.platform.blocks import keep_it_to, state_value
from bot.platform.deps import Deps
from bot.platform.i18n import _, pgettext
from bot.platform.roles import Act, allowed
from bot.platform.text import escape
from bot.projects.blocks import NO_PROJECT
from storage.db import session_scope
from storage.feedback import get_feedback, open_feedback
from storage.models import Project
from storage.refs import feedback_ref


def _help() -> str:
    def keyword(said: str) -> str:
        return f"`{said.split('|')[0].strip()}`"

    return _(
        "*Tell the team something*\n"
        "• `/feedback` — open the form (kind, urgency, anonymous)\n"
        "• `/feedback list` — (team) what is still open, oldest first\n"
        "• `/feedback withdraw FB-12` — take back feedback you sent under your name\n"
        "• `/feedback your words` — send it as it is; start with {problem}, {praise}, "
        "{question} or {request} to say what it is, and {urgent} when it cannot wait\n"
        "You get a reference (FB-12) and who will answer by when."
    ).format(
        problem=keyword(pgettext("feedback keyword", "problem")),
        praise=keyword(pgettext("feedback keyword", "praise")),
        question=keyword(pgettext("feedback keyword", "question")),
        request=keyword(pgettext("feedback keyword", "request")),
        urgent=keyword(pgettext("feedback keyword", "urgent")),
    )


def _not_team() -> str:
    return _("Only the project team can do that.")


def register(app: App, deps: Deps) -> None:
    def handle_feedback(
        ack: Ack,
        command: dict[str, Any],
        client: WebClient,
        context: BoltContext,
        respond: Respond,
    ) -> None:
        text = command_text(command).strip()
        project, role = command_project(deps, command, context)
        if project is None:
            ack(text=_(NO_PROJECT))
        elif text == "":
            ack()

            @deps.later(command, respond, client)
            def finish() -> None:
                client.views_open(
                    trigger_id=command["trigger_id"],
                    view=build_feedback_modal(
                        project_id=_id(project),
                        project_name=project.name,
                        channel_id=command["channel_id"],
                    ),
                )
        elif text.lower() == "help":
            ack(text=_help())
        elif (withdrawal := WITHDRAW.match(text)) is not None:
            number = int(withdrawal.group(1))
            done = withdraw(
                deps, client, project=project, number=number, user_id=command["user_id"]
            )
            answer = (
                _("↩️ {ref} is withdrawn. Thank you for letting us know.")
                if done is not None
                else _(
                    "{ref} is not yours to withdraw, or it is already closed. Only whoever sent "
                    "feedback under their name can withdraw it, before it is resolved."
                )
            )
            ack(text=answer.format(ref=feedback_ref(number)))
        elif text.lower() == "list":
            if not allowed(Act.TRIAGE_FEEDBACK, role):
                ack(
                    text=_(
                        "The list of open feedback is for the project team. To add yours, type "
                        "`/feedback` and your words."
                    )
                )
                return
            with session_scope(deps.engine) as session:
                items = open_feedback(session=session, project=project)
            ack(
                text=_("Open feedback on {project}").format(project=escape(project.name)),
                blocks=build_feedback_list(
                    items, project_name=project.name, timezone=project.timezone, now=deps.clock()
                ),
            )
        elif len(text) > FEEDBACK_LIMIT:
            ack(
                text=_(
                    "Your feedback is {length} characters; the limit is {limit}. Shorten it, or "
                    "type `/feedback` for the form and send it in parts."
                ).format(length=i18n.number(len(text)), limit=i18n.number(FEEDBACK_LIMIT))
            )
        else:
            kind, urgency = _guess_kind(text)
            feedback, owners = record_feedback(
                deps,
                project=project,
                author_id=command["user_id"],
                kind=kind,
                urgency=urgency,
                text=text,
                origin_channel_id=command["channel_id"],
            )
            ack(
                text=_("Feedback logged"),
                blocks=build_feedback_receipt(
                    feedback, owner_ids=owners, timezone=project.timezone
                ),
            )

            @deps.later(command, respond, client)
            def finish() -> None:
                post_card(deps, client, project=project, feedback=feedback, owner_ids=owners)

    def handle_feedback_submission(
        ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient
    ) -> None:
        kind, urgency, text, anonymous = read_feedback_modal(view["state"]["values"])
        if not text:
            ack(response_action="errors", errors={"text": _("Write a few words of feedback.")})
            return
        if len(text) > FEEDBACK_LIMIT or kind not in KIND_LABELS:
            ack(
                response_action="errors",
                errors={"text": keep_it_to(FEEDBACK_LIMIT)},
            )
            return
        meta = metadata(view)
        with session_scope(deps.engine) as session:
            project = session.get(Project, int(meta.get("project_id", 0)))
        if project is None:
            ack(response_action="errors", errors={"text": _("This project no longer exists.")})
            return
        user_id = body["user"]["id"]
        feedback, owners = record_feedback(
            deps,
            project=project,
            author_id=None if anonymous else user_id,
            kind=kind,
            urgency=urgency,
            text=text,
            origin_channel_id=str(meta.get("channel_id") or project.client_channel_id),
        )
        ack()

        # Two guards: a refused receipt must not keep the card from the owners.
        @deps.later(body, None, client)
        def send_receipt() -> None:
            client.chat_postEphemeral(
                channel=feedback.origin_channel_id or project.client_channel_id,
                user=user_id,
                text=_("Feedback logged"),
                blocks=build_feedback_receipt(
                    feedback, owner_ids=owners, timezone=project.timezone
                ),
            )

        @deps.later(body, None, client)
        def send_card() -> None:
            post_card(deps, client, project=project, feedback=feedback, owner_ids=owners)

    def handle_acknowledge(
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
            _acknowledge(deps, body, int(action["value"]), client, context, respond)

    def handle_resolve(
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
            _open_resolve(deps, body, int(action["value"]), client, context, respond)

    def handle_resolve_submission(
        ack: Ack,
        body: dict[str, Any],
        view: dict[str, Any],
        client: WebClient,
        context: BoltContext,
    ) -> None:
        note = state_value(view["state"]["values"], "note")
        if not note or len(note) > RESOLUTION_LIMIT:
            ack(
                response_action="errors",
                errors={
                    "note": _("Say what was done, in at most {limit} characters.").format(
                        limit=i18n.number(RESOLUTION_LIMIT)
                    )
                },
            )
            return
        feedback_id = int(metadata(view).get("feedback_id", 0))
        project = _team_project(deps, body, context, feedback_id)
        if project is None:
            ack(response_action="errors", errors={"note": _not_team()})
            return
        ack()

        @deps.later(body, None, client)
        def finish() -> None:
            resolve(
                deps,
                client,
                project=project,
                feedback_id=feedback_id,
                user_id=body["user"]["id"],
                resolution=note,
            )

    app.command("/feedback")(handle_feedback)
    app.view(FEEDBACK_MODAL)(handle_feedback_submission)
    app.action(FEEDBACK_ACK)(handle_acknowledge)
    app.action(FEEDBACK_RESOLVE)(handle_resolve)
    app.view(RESOLVE_MODAL)(handle_resolve_submission)


def _acknowledge(
    deps: Deps,
    body: dict[str, Any],
    feedback_id: int,
    client: WebClient,
    context: BoltContext,
    respond: Respond,
) -> None:
    project = _team_project(deps, body, context, feedback_id)
    if project is None:
        respond(text=_not_team(), replace_original=False, response_type="ephemeral")
        return
    user_id = body["user"]["id"]
    if acknowledge(deps, client, project=project, feedback_id=feedback_id, user_id=user_id) is None:
        respond(
            text=_("Someone already picked this one up."),
            replace_original=False,
            response_type="ephemeral",
        )


def _open_resolve(
    deps: Deps,
    body: dict[str, Any],
    feedback_id: int,
    client: WebClient,
    context: BoltContext,
    respond: Respond,
) -> None:
    project = _team_project(deps, body, context, feedback_id)
    if project is None:
        respond(text=_not_team(), replace_original=False, response_type="ephemeral")
        return
    with session_scope(deps.engine) as session:
        feedback = get_feedback(session=session, feedback_id=feedback_id)
    if feedback is None or feedback.state == "resolved":
        respond(
            text=_("This feedback is resolved already."),
            replace_original=False,
            response_type="ephemeral",
        )
        return
    client.views_open(trigger_id=body["trigger_id"], view=build_resolve_modal(feedback))


def _team_project(
    deps: Deps, body: dict[str, Any], context: BoltContext, feedback_id: int
) -> Project | None:
    """The feedback's project, if the person clicking is on its team."""
    with session_scope(deps.engine) as session:
        feedback = get_feedback(session=session, feedback_id=feedback_id)
    if feedback is None:
        return None
    project, role = clicker_on_project(deps, body, context, feedback.project_id)
    return project if allowed(Act.TRIAGE_FEEDBACK, role) else None


def _id(project: Project) -> int:
    assert project.id is not None
    return project.id
