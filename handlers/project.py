"""`/project`: set a project up in its client channel, change its plan, show the plan."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot.blocks.common import state_value
from bot.blocks.project import (
    NO_PROJECT,
    SETUP_MODAL,
    build_plan,
    build_project_help,
    build_setup_modal,
)
from bot.deps import Deps
from bot.errors import after_ack
from bot.plan import (
    PlanError,
    describe_response_target,
    parse_response_target,
    parse_timezone,
    parse_weekly_time,
)
from bot.roles import project_and_role
from bot.setup import SetupRequest, set_up_project, setup_refusal
from bot.slack_ids import parse_channel_id, parse_user_ids
from bot.text import escape
from handlers.context import (
    command_caller,
    command_text,
    home_team_id,
    interaction_caller,
    metadata,
    split_command,
)
from storage.db import session_scope
from storage.models import Project
from storage.projects import members, project_for_channel, set_member_role

SETTABLE = ("internal-channel", "timezone", "digest", "sla", "owner", "team", "client")


def register(app: App, deps: Deps) -> None:
    def handle_project(
        ack: Ack, command: dict[str, Any], client: WebClient, context: BoltContext, respond: Respond
    ) -> None:
        sub, rest = split_command(command_text(command))
        if sub == "setup":
            _setup(deps, ack, respond, client, command, context, rest)
        elif sub in ("", "plan"):
            _plan(deps, ack, respond, client, command, context, post=rest.lower() == "post")
        elif sub == "set":
            ack(text=_set(deps, command, context, rest))
        elif sub == "help":
            ack(blocks=build_project_help(), text="How to use /project")
        else:
            ack(text=f"I don't know `/project {escape(sub)}`.", blocks=build_project_help())

    def handle_setup_submission(
        ack: Ack,
        body: dict[str, Any],
        view: dict[str, Any],
        client: WebClient,
        context: BoltContext,
    ) -> None:
        channel_id = str(metadata(view).get("channel_id", ""))
        request = SetupRequest(
            channel_id=channel_id,
            caller=interaction_caller(deps, body),
            home_team_id=home_team_id(context) or "",
            name=state_value(view["state"]["values"], "name"),
        )
        if refusal := setup_refusal(deps, request):
            ack(response_action="errors", errors={"name": refusal})
            return
        ack()
        with after_ack(deps.metrics, body, None, client):
            outcome = set_up_project(deps, client, request)
            client.chat_postEphemeral(
                channel=channel_id, user=body["user"]["id"], text=outcome.message
            )

    app.command("/project")(handle_project)
    app.view(SETUP_MODAL)(handle_setup_submission)


def _setup(
    deps: Deps,
    ack: Ack,
    respond: Respond,
    client: WebClient,
    command: dict[str, Any],
    context: BoltContext,
    name: str,
) -> None:
    if not name.strip():
        ack()
        with after_ack(deps.metrics, command, respond, client):
            client.views_open(
                trigger_id=command["trigger_id"],
                view=build_setup_modal(channel_id=command["channel_id"]),
            )
        return
    request = SetupRequest(
        channel_id=command["channel_id"],
        caller=command_caller(deps, command),
        home_team_id=home_team_id(context) or command.get("team_id", ""),
        name=name,
    )
    if refusal := setup_refusal(deps, request):
        ack(text=refusal)
        return
    ack()
    with after_ack(deps.metrics, command, respond, client):
        outcome = set_up_project(deps, client, request)
        respond(text=outcome.message, response_type="ephemeral")


def _plan(
    deps: Deps,
    ack: Ack,
    respond: Respond,
    client: WebClient,
    command: dict[str, Any],
    context: BoltContext,
    *,
    post: bool,
) -> None:
    with session_scope(deps.engine) as session:
        project, role = project_and_role(
            session=session,
            channel_id=command["channel_id"],
            caller=command_caller(deps, command),
            home_team_id=home_team_id(context),
        )
        if project is None:
            ack(text=NO_PROJECT)
            return
        text, blocks = build_plan(project, members(session=session, project=project))
    if not post:
        ack(text=text, blocks=blocks)
        return
    if role != "owner":
        ack(text="Only the project's owners can post the plan; `/project plan` shows it to you.")
        return
    ack()
    with after_ack(deps.metrics, command, respond, client):
        client.chat_postMessage(channel=command["channel_id"], text=text, blocks=blocks)


def _set(deps: Deps, command: dict[str, Any], context: BoltContext, rest: str) -> str:
    key, value = split_command(rest)
    if key not in SETTABLE:
        return (
            f"I can't set `{escape(key or '…')}`. Settings: "
            + ", ".join(f"`{k}`" for k in SETTABLE)
            + ". See `/project help`."
        )
    if not value:
        return f"Give a value: `/project set {key} …`. See `/project help` for examples."
    with session_scope(deps.engine) as session:
        project, role = project_and_role(
            session=session,
            channel_id=command["channel_id"],
            caller=command_caller(deps, command),
            home_team_id=home_team_id(context),
        )
        if project is None:
            return NO_PROJECT
        if role != "owner":
            owners = ", ".join(
                f"<@{m.user_id}>" for m in members(session=session, project=project, role="owner")
            )
            return f"Only the project's owners can change the plan: ask {owners}."
        try:
            answer = _apply(session, project, key, value)
        except PlanError as error:
            return str(error)
        session.add(project)
    return answer


def _apply(session: Any, project: Project, key: str, value: str) -> str:
    if key == "internal-channel":
        channel_id = parse_channel_id(value)
        if channel_id is None:
            raise PlanError(f"`{escape(value)}` is not a channel: pick one with `#`.")
        if channel_id == project.client_channel_id:
            raise PlanError("The internal channel must differ from the client channel.")
        other = project_for_channel(session=session, channel_id=channel_id)
        if other is not None and other.id != project.id:
            raise PlanError(f"<#{channel_id}> already belongs to *{escape(other.name)}*.")
        project.internal_channel_id = channel_id
        return f"Internal channel set to <#{channel_id}>. Invite me there: `/invite @Rapport`."
    if key == "timezone":
        project.timezone = parse_timezone(value)
        return f"Time zone set to {project.timezone}."
    if key == "digest":
        weekly = parse_weekly_time(value)
        project.digest_weekday, project.digest_time = weekly.weekday, weekly.time
        return f"Weekly digest set to {weekly.describe()} ({project.timezone})."
    if key == "sla":
        project.response_target = parse_response_target(value)
        target = describe_response_target(project.response_target)
        return f"Feedback will be answered within {target}."
    return _set_role(session, project, key, value)


def _set_role(session: Any, project: Project, role: str, value: str) -> str:
    user_ids, bad = parse_user_ids(value)
    if bad or not user_ids:
        raise PlanError(
            f"Mention people with `@`, e.g. `/project set {role} @ana @li`. "
            f"Not understood: {escape(' '.join(bad)) or 'nothing given'}."
        )
    owners = {m.user_id for m in members(session=session, project=project, role="owner")}
    if role != "owner" and owners and owners <= set(user_ids):
        raise PlanError("A project needs at least one owner: name another owner first.")
    for user_id in user_ids:
        set_member_role(session=session, project=project, user_id=user_id, role=role)
    people = ", ".join(f"<@{u}>" for u in user_ids)
    return (
        f"{people} {'is' if len(user_ids) == 1 else 'are'} now {role} on *{escape(project.name)}*."
    )
