"""`/project`: set a project up in its client channel, change its plan, show the plan."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.exc import IntegrityError

from bot.blocks.project import NO_PROJECT, build_plan, build_project_help
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
from bot.slack_ids import parse_channel_id, parse_user_ids
from bot.text import escape
from handlers.context import command_user_team, home_team_id, split_command
from storage.db import session_scope
from storage.models import Project
from storage.projects import (
    create_project,
    members,
    project_by_name,
    project_for_channel,
    set_member_role,
)

logger = logging.getLogger(__name__)
NAME_LIMIT = 80
SETTABLE = ("internal-channel", "timezone", "digest", "sla", "owner", "team", "client")


def register(app: App, deps: Deps) -> None:
    def handle_project(
        ack: Ack, command: dict[str, Any], client: WebClient, context: BoltContext, respond: Respond
    ) -> None:
        sub, rest = split_command(command.get("text", ""))
        if sub == "setup":
            ack(text=_setup(deps, client, command, context, rest))
        elif sub in ("", "plan"):
            _plan(deps, ack, respond, client, command, context, post=rest.lower() == "post")
        elif sub == "set":
            ack(text=_set(deps, command, context, rest))
        elif sub == "help":
            ack(blocks=build_project_help(), text="How to use /project")
        else:
            ack(text=f"I don't know `/project {escape(sub)}`.", blocks=build_project_help())

    app.command("/project")(handle_project)


def _setup(
    deps: Deps, client: WebClient, command: dict[str, Any], context: BoltContext, name: str
) -> str:
    channel_id, user_id = command["channel_id"], command["user_id"]
    name = " ".join(name.split())
    if not name:
        return "Give the project a name: `/project setup Acme Website`."
    if len(name) > NAME_LIMIT:
        return f"That name is {len(name)} characters; keep it to {NAME_LIMIT}."
    if channel_id.startswith("D"):
        return "Type `/project setup NAME` in the client channel, not in a direct message."
    team_id = home_team_id(context) or command.get("team_id", "")
    if command_user_team(command) not in (None, team_id):
        return "Only the delivery team can set up a project. Ask your contact there to do it."
    timezone = _profile_timezone(client, user_id)
    with session_scope(deps.engine) as session:
        existing = project_for_channel(session=session, channel_id=channel_id)
        if existing is not None:
            return (
                f"This channel already belongs to *{escape(existing.name)}*: see `/project plan`."
            )
        if project_by_name(session=session, name=name) is not None:
            return f"A project named *{escape(name)}* exists already: choose another name."
        try:
            create_project(
                session=session,
                team_id=team_id,
                name=name,
                channel_id=channel_id,
                owner_id=user_id,
                timezone=timezone,
                now=deps.clock(),
            )
            session.flush()
        except IntegrityError:
            # Two setups raced for this channel or name; the other one won.
            session.rollback()
            return "This channel or name was just taken by another setup: see `/project plan`."
    _join(client, channel_id)
    return (
        f"✅ *{escape(name)}* is set up with this channel as its client channel and you as "
        f"its owner (time zone {timezone}, from your profile).\n"
        "Next: `/project set internal-channel #your-team-channel`, then `/project plan`."
    )


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
            user_id=command["user_id"],
            user_team_id=command_user_team(command),
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
    with after_ack(command, respond, client):
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
            user_id=command["user_id"],
            user_team_id=command_user_team(command),
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


def _profile_timezone(client: WebClient, user_id: str) -> str:
    try:
        tz = client.users_info(user=user_id)["user"].get("tz")
        return parse_timezone(tz) if tz else "UTC"
    except (SlackApiError, PlanError):
        return "UTC"


def _join(client: WebClient, channel_id: str) -> None:
    """Public channels can be joined; in private ones people must /invite the bot."""
    try:
        client.conversations_join(channel=channel_id)
    except SlackApiError as error:
        logger.info("could not join %s: %s", channel_id, error.response.get("error"))
