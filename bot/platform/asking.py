"""Reading who and where from Bolt's payloads (Slack puts the same facts in different places)."""

from __future__ import annotations

import json
from typing import Any

from slack_bolt import BoltContext

from bot.platform.deps import Deps
from bot.platform.people import Caller
from bot.platform.roles import project_and_role
from bot.platform.text import from_command
from storage.db import session_scope
from storage.models import Project


def home_team_id(context: BoltContext) -> str | None:
    """The workspace that installed the bot (from auth.test), not the caller's."""
    result = context.authorize_result
    return (result.team_id if result is not None else None) or context.team_id


def command_user_team(command: dict[str, Any]) -> str | None:
    return command.get("user_team_id") or command.get("team_id")


def interaction_user_team(body: dict[str, Any]) -> str | None:
    return (body.get("user") or {}).get("team_id") or (body.get("team") or {}).get("id")


def metadata(view: dict[str, Any]) -> dict[str, Any]:
    raw = view.get("private_metadata") or "{}"
    try:
        value = json.loads(raw)
    except json.JSONDecodeError:
        return {}
    return value if isinstance(value, dict) else {}


def split_command(text: str) -> tuple[str, str]:
    """`set digest fri 16:00` → ('set', 'digest fri 16:00')."""
    head, _space, rest = text.strip().partition(" ")
    return head.lower(), rest.strip()


def command_text(command: dict[str, Any]) -> str:
    """What the person typed after the command, out of Slack's entity escaping."""
    return from_command(str(command.get("text") or ""))


def command_caller(deps: Deps, command: dict[str, Any]) -> Caller:
    return deps.directory.caller(command["user_id"], command_user_team(command))


def interaction_caller(deps: Deps, body: dict[str, Any]) -> Caller:
    return deps.directory.caller(body["user"]["id"], interaction_user_team(body))


def clicker_on_project(
    deps: Deps, body: dict[str, Any], context: BoltContext, project_id: int
) -> tuple[Project | None, str | None]:
    """The project, and the role on it of whoever clicked or submitted (interactions)."""
    with session_scope(deps.engine) as session:
        return project_and_role(
            session=session,
            project_id=project_id,
            caller=interaction_caller(deps, body),
            home_team_id=home_team_id(context),
        )


def command_project(
    deps: Deps, command: dict[str, Any], context: BoltContext
) -> tuple[Project | None, str | None]:
    """The project of the channel a command was typed in, and the caller's role on it."""
    with session_scope(deps.engine) as session:
        return project_and_role(
            session=session,
            channel_id=command["channel_id"],
            caller=command_caller(deps, command),
            home_team_id=home_team_id(context),
        )
