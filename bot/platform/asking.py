"""Who is asking, from where, on which project and in what role: resolved once per request.

The middleware `ResolveAsking` (bot/platform/middleware/asking.py) builds an `Asking` before any
listener runs, with the request's own session (bot/platform/unit_of_work.py), and Bolt hands it
to listeners that name it, as it hands every context value:

    def handle_status_command(ack: Ack, command: dict[str, Any], asking: Asking) -> None:
        if asking.project is None: ...

The project is the one of the channel the request came from (a command, a click, a message
event), or the one a modal's metadata names. One short statement per request reads its id, its
version and the caller's stored role; the rest of the project comes from this process's copy
(`ProjectCopies`) while the version matches, and is read again when it does not: a change of
the plan bumps the version in the database (storage/models.py), so every replica sees it on its
next request, and the role is never copied at all. `asking.project` is that copy: read it,
never change it (`change_plan` loads the project it changes). A button on an item (feedback, a
risk, a change request, a poll) acts on the item's project: `about(session, asking, project_id)`
gives the same person's role there. The role comes from bot/platform/roles.py: the stored one,
else client for guests and people of another workspace (Slack Connect), else team.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from bot.platform.people import Caller
from bot.platform.roles import Act, allowed, role_for
from storage.models import Project
from storage.projects import project_copy, project_version_and_role, project_with_role

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


def about(session: Session, asking: Asking, project_id: int) -> Asking:
    """The same person, on the project of the item they clicked or submitted: a card in the
    internal channel, a reminder in a DM and a modal all name their item, not a channel."""
    project = asking.project
    if project is not None and project.id == project_id:
        return asking
    found = project_with_role(
        session=session, user_id=asking.user_id, project_id=project_id, team_id=asking.home_team_id
    )
    return _asking(asking.caller, asking.home_team_id, asking.channel_id, found)


class ProjectCopies:
    """Each project as this process last read it, trusted while its version is the database's.
    Shared by the server's threads: a copy is never changed, only replaced."""

    def __init__(self) -> None:
        self._copies: dict[int, Project] = {}

    def get(self, session: Session, project_id: int, version: int) -> Project | None:
        copy = self._copies.get(project_id)
        if copy is not None and copy.version == version:
            return copy
        fresh = project_copy(session=session, project_id=project_id)
        if fresh is not None:
            self._copies[project_id] = fresh  # one dict assignment: atomic for other threads
        return fresh


def resolve(
    session: Session,
    copies: ProjectCopies,
    body: dict[str, Any],
    caller: Caller,
    home_team_id: str | None,
) -> Asking:
    """Who is asking, and on which project: the channel's, or the one a modal names."""
    channel_id = channel_of(body)
    named = metadata(body["view"]).get("project_id") if isinstance(body.get("view"), dict) else None
    found = None
    # Only a project of the request's workspace: channel ids (and user ids) are each
    # workspace's own, and one database may serve several (OAuth mode).
    if isinstance(named, int):
        found = project_version_and_role(
            session=session, user_id=caller.user_id, project_id=named, team_id=home_team_id
        )
    elif channel_id:
        found = project_version_and_role(
            session=session, user_id=caller.user_id, channel_id=channel_id, team_id=home_team_id
        )
    if found is None:
        return _asking(caller, home_team_id, channel_id, None)
    project_id, version, stored_role = found
    project = copies.get(session, project_id, version)
    return _asking(
        caller, home_team_id, channel_id, (project, stored_role) if project is not None else None
    )


def _asking(
    caller: Caller,
    home_team_id: str | None,
    channel_id: str | None,
    found: tuple[Project, str | None] | None,
) -> Asking:
    if found is None:
        return Asking(caller, home_team_id, channel_id, None, None)
    project, stored_role = found
    role = role_for(stored_role, caller, home_team_id)
    return Asking(caller, home_team_id, channel_id, project, role)


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
