"""Who is asking, from where, on which project and in what role: resolved once per request.

The middleware `ResolveAsking` (bot/platform/middleware/asking.py) builds an `Asking` before any
listener runs, and Bolt hands it to listeners that name it, as it hands every context value:

    def handle_status_command(ack: Ack, command: dict[str, Any], asking: Asking) -> None:
        if asking.project is None: ...

The project is the one of the channel the request came from (a command, a click, a message
event), or the one a modal's metadata names. A button on an item (feedback, a risk, a change
request, a poll) acts on the item's project: `about(deps, asking, project_id)` gives the same
person's role there. The role comes from bot/platform/roles.py: the stored one, else client for
guests and people of another workspace (Slack Connect), else team.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from sqlmodel import Session

from bot.platform.deps import Deps
from bot.platform.people import Caller
from bot.platform.roles import Act, allowed, role_of
from storage.db import session_scope
from storage.models import Project
from storage.projects import project_by_id, project_for_channel

# What a listener hands the work that follows its acknowledgement to (deps.later, bound to the
# request): it runs off the request thread, its failures told to the person.
Later = Callable[[Callable[[], object]], None]


@dataclass(frozen=True)
class Asking:
    caller: Caller
    home_team_id: str | None  # the workspace that installed the bot, not the caller's
    channel_id: str | None  # where the request came from
    project: Project | None
    role: str | None  # on `project`; None when there is no project

    @property
    def user_id(self) -> str:
        return self.caller.user_id

    def may(self, act: Act) -> bool:
        return allowed(act, self.role)


def about(deps: Deps, asking: Asking, project_id: int) -> Asking:
    """The same person, on the project of the item they clicked or submitted: a card in the
    internal channel, a reminder in a DM and a modal all name their item, not a channel."""
    project = asking.project
    if project is not None and project.id == project_id:
        return asking
    with session_scope(deps.engine) as session:
        found = project_by_id(session=session, project_id=project_id)
        role = _role(session, found, asking.caller, asking.home_team_id)
    return replace(asking, project=found, role=role)


def resolve(deps: Deps, body: dict[str, Any], caller: Caller, home_team_id: str | None) -> Asking:
    """Everything about the request but the database's answers when the database is away (the
    listener, or the retry middleware, then says so)."""
    channel_id = channel_of(body)
    named = metadata(body["view"]).get("project_id") if isinstance(body.get("view"), dict) else None
    project: Project | None = None
    role: str | None = None
    if named is not None or channel_id:
        with session_scope(deps.engine) as session:
            if isinstance(named, int):
                project = project_by_id(session=session, project_id=named)
            elif channel_id:
                project = project_for_channel(session=session, channel_id=channel_id)
            role = _role(session, project, caller, home_team_id)
    return Asking(caller, home_team_id, channel_id, project, role)


def _role(
    session: Session, project: Project | None, caller: Caller, home_team_id: str | None
) -> str | None:
    if project is None:
        return None
    return role_of(session=session, project=project, caller=caller, home_team_id=home_team_id)


def user_of(body: dict[str, Any]) -> tuple[str | None, str | None]:
    """(user id, their workspace) of whoever sent a command, clicked, submitted or spoke."""
    if "command" in body:
        return body.get("user_id"), body.get("user_team_id") or body.get("team_id")
    user = body.get("user")
    if isinstance(user, dict):
        team = user.get("team_id") or (body.get("team") or {}).get("id")
        return user.get("id"), team
    event = body.get("event")
    if isinstance(event, dict) and isinstance(event.get("user"), str):
        return event["user"], event.get("user_team")
    return None, None


def channel_of(body: dict[str, Any]) -> str | None:
    """The channel a request came from: the command's, the clicked message's, the event's, or
    the one a modal was opened from (its metadata)."""
    if "command" in body:
        return str(body.get("channel_id") or "") or None
    channel = body.get("channel")
    if isinstance(channel, dict) and channel.get("id"):
        return str(channel["id"])
    event = body.get("event")
    if isinstance(event, dict) and isinstance(event.get("channel"), str):
        return str(event["channel"])
    view = body.get("view")
    if isinstance(view, dict):
        named = metadata(view).get("channel_id")
        return str(named) if named else None
    return None


def metadata(view: dict[str, Any]) -> dict[str, Any]:
    """What a modal carries from where it was opened (`private_metadata`, JSON)."""
    raw = view.get("private_metadata") or "{}"
    try:
        value = json.loads(raw)
    except (json.JSONDecodeError, TypeError):
        return {}
    return value if isinstance(value, dict) else {}
