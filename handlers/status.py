"""`/status`: team members post, edit and delete updates; preview and post the digest."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot.digest.blocks import build_digest, describe_posting
from bot.digest.contents import DIGEST_PERIOD, load_digest
from bot.digest.posting import post_digest
from bot.platform.asking import (
    clicker_on_project,
    command_project,
    command_text,
    home_team_id,
    interaction_caller,
    metadata,
)
from bot.platform.blocks import context as context_block
from bot.platform.deps import Deps
from bot.platform.i18n import N_, _, speaking
from bot.platform.language import of_project
from bot.platform.roles import Act, allowed, project_and_role
from bot.platform.text import escape
from bot.projects.blocks import NO_PROJECT
from bot.status.blocks import (
    STATUS_DELETE,
    STATUS_EDIT,
    STATUS_MODAL,
    build_status_help,
    build_status_list,
    build_status_modal,
    build_status_receipt,
    read_status_modal,
)
from bot.status.quick_form import QuickFormError, StatusDraft, check_length, parse_status
from bot.status.reminder_blocks import STATUS_OPEN
from bot.status.service import Refusal, _own_update, post_update, save_from_form
from storage.db import session_scope
from storage.models import Project
from storage.projects import set_reminders
from storage.status import delete_status, statuses_since

# Subcommands are typed in English in every language, like the command itself.
REMIND_OFF, REMIND_ON = "remind off", "remind on"  # i18n: not shown
DIGEST_POST = "digest post"  # i18n: not shown
CLIENT_REFUSAL = N_(
    "Status updates come from the project team. To tell the team something — "
    "praise, a problem, a question — type `/feedback`."
)


def register(app: App, deps: Deps) -> None:
    def handle_status(
        ack: Ack, command: dict[str, Any], client: WebClient, context: BoltContext, respond: Respond
    ) -> None:
        # Subcommands only when they stand alone: "/status List view shipped" is an update.
        words = " ".join(command_text(command).lower().split())
        project, role = command_project(deps, command, context)
        if project is None or role is None:
            ack(text=_(NO_PROJECT))
        elif not allowed(Act.POST_STATUS, role):
            ack(text=_(CLIENT_REFUSAL))
        elif words == "":
            ack()

            @deps.later(command, respond, client)
            def finish() -> None:
                client.views_open(
                    trigger_id=command["trigger_id"],
                    view=build_status_modal(
                        project_id=_id(project),
                        project_name=project.name,
                        channel_id=command["channel_id"],
                    ),
                )
        elif words in (REMIND_OFF, REMIND_ON):
            ack(text=_set_reminders(deps, project, command["user_id"], role, words == REMIND_OFF))
        elif words == "help":
            ack(text=_("How to use `/status`"), blocks=build_status_help())
        elif words == "list":
            ack(text=_("Updates this week"), blocks=_list(deps, project))
        elif words == DIGEST_POST:
            ack()

            @deps.later(command, respond, client)
            def finish() -> None:
                # The digest in the project's language; what became of it in the caller's.
                with speaking(_language(deps, project)):
                    posted = post_digest(deps, client, project)
                respond(text=describe_posting(posted))
        elif words == "digest":
            with session_scope(deps.engine) as session:
                digest = load_digest(
                    session=session, project=project, audience="client", now=deps.clock()
                )
            # The digest as the client will read it, in the project's language; the note in the
            # caller's.
            with speaking(_language(deps, project)):
                text, blocks = build_digest(digest)
            note = _("Preview of what the client will see — only you see this.")
            how = _(
                "Preview of what the client will see — only you see this. "
                "`/status digest post` sends it."
            )
            ack(text=f"{note} {text}", blocks=[context_block(how), *blocks[:49]])
        else:
            _quick(deps, ack, project, command)

    def handle_status_submission(
        ack: Ack,
        body: dict[str, Any],
        view: dict[str, Any],
        client: WebClient,
        context: BoltContext,
    ) -> None:
        user_id = body["user"]["id"]
        meta = metadata(view)
        draft = read_status_modal(view["state"]["values"])
        for block, text in (
            ("text", draft.text),
            ("next", draft.next_steps),
            ("blockers", draft.blockers),
        ):
            try:
                check_length(block, text)
            except QuickFormError as error:
                ack(response_action="errors", errors={block: str(error)})
                return
        with session_scope(deps.engine) as session:
            project, role = project_and_role(
                session=session,
                project_id=int(meta.get("project_id", 0)),
                caller=interaction_caller(deps, body),
                home_team_id=home_team_id(context),
            )
            if project is None or not allowed(Act.POST_STATUS, role):
                ack(
                    response_action="errors",
                    errors={"text": _("You can no longer post to this project.")},
                )
                return
        status_id = meta.get("status_id")
        saved = save_from_form(
            deps,
            project=project,
            author_id=user_id,
            draft=draft,
            status_id=int(status_id) if status_id is not None else None,
        )
        if isinstance(saved, Refusal):
            ack(response_action="errors", errors={"text": saved.message})
            return
        ack()

        @deps.later(body, None, client)
        def finish() -> None:
            client.chat_postEphemeral(
                channel=str(meta.get("channel_id") or project.client_channel_id),
                user=user_id,
                text=_("Update saved"),
                blocks=build_status_receipt(saved, project.name),
            )

    def handle_status_edit(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, respond: Respond
    ) -> None:
        ack()

        @deps.later(body, respond, client)
        def finish() -> None:
            _open_edit(deps, body, int(action["value"]), client, respond)

    def handle_status_delete(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, respond: Respond
    ) -> None:
        ack()

        @deps.later(body, respond, client)
        def finish() -> None:
            _delete(deps, body, int(action["value"]), respond)

    def handle_status_open(
        ack: Ack,
        body: dict[str, Any],
        action: dict[str, Any],
        client: WebClient,
        context: BoltContext,
        respond: Respond,
    ) -> None:
        """The button in a reminder: the form for that project."""
        ack()

        @deps.later(body, respond, client)
        def finish() -> None:
            project, role = clicker_on_project(deps, body, context, int(action["value"]))
            if project is None or not allowed(Act.POST_STATUS, role):
                respond(
                    text=_("This project is gone, or you are no longer on its team."),
                    replace_original=False,
                )
                return
            client.views_open(
                trigger_id=body["trigger_id"],
                view=build_status_modal(
                    project_id=_id(project),
                    project_name=project.name,
                    channel_id=project.client_channel_id,
                ),
            )

    app.command("/status")(handle_status)
    app.action(STATUS_OPEN)(handle_status_open)
    app.view(STATUS_MODAL)(handle_status_submission)
    app.action(STATUS_EDIT)(handle_status_edit)
    app.action(STATUS_DELETE)(handle_status_delete)


def _open_edit(
    deps: Deps, body: dict[str, Any], status_id: int, client: WebClient, respond: Respond
) -> None:
    with session_scope(deps.engine) as session:
        update, project = _own_update(session, status_id, body["user"]["id"])
    if update is None or project is None:
        respond(text=_("This update was deleted or is not yours to edit."), replace_original=False)
        return
    draft = StatusDraft(
        text=update.text,
        health=update.health,
        progress=update.progress,
        next_steps=update.next_steps,
        blockers=update.blockers,
        visibility=update.visibility,
    )
    client.views_open(
        trigger_id=body["trigger_id"],
        view=build_status_modal(
            project_id=_id(project),
            project_name=project.name,
            channel_id=str((body.get("channel") or {}).get("id") or project.client_channel_id),
            draft=draft,
            status_id=update.id,
        ),
    )


def _delete(deps: Deps, body: dict[str, Any], status_id: int, respond: Respond) -> None:
    with session_scope(deps.engine) as session:
        update, _project = _own_update(session, status_id, body["user"]["id"])
        if update is not None:
            delete_status(session=session, update=update, now=deps.clock())
    if update is None:
        respond(text=_("This update was already deleted or is not yours."), replace_original=False)
        return
    respond(
        text=_("🗑️ Update deleted: it no longer appears in lists or digests."),
        replace_original=True,
    )


def _set_reminders(deps: Deps, project: Project, user_id: str, role: str, off: bool) -> str:
    with session_scope(deps.engine) as session:
        set_reminders(session=session, project=project, user_id=user_id, off=off, role=role)
    if off:
        return _(
            "🔕 No more reminders from *{project}* for you. `/status remind on` brings them back."
        ).format(project=escape(project.name))
    return _("🔔 Reminders from *{project}* are on: at most one a week, in your hours.").format(
        project=escape(project.name)
    )


def _quick(deps: Deps, ack: Ack, project: Project, command: dict[str, Any]) -> None:
    try:
        draft = parse_status(command_text(command))
    except QuickFormError as error:
        ack(text=_("{error}\nSee `/status help`.").format(error=error))
        return
    update = post_update(deps, project=project, author_id=command["user_id"], draft=draft)
    ack(text=_("Update posted"), blocks=build_status_receipt(update, project.name))


def _list(deps: Deps, project: Project) -> list[dict[str, Any]]:
    with session_scope(deps.engine) as session:
        updates = statuses_since(
            session=session,
            project=project,
            since=deps.clock() - DIGEST_PERIOD,
            include_internal=True,
            limit=40,
        )
    return build_status_list(updates, project.name, project.timezone)


def _language(deps: Deps, project: Project) -> str:
    """The language of the project's channel posts."""
    return of_project(project, deps.settings.default_language)


def _id(project: Project) -> int:
    assert project.id is not None
    return project.id
