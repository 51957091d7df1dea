"""Who someone is on a project: owner, team or client.

A stored Member row decides. Without one: guests of our workspace and people of another one
(Slack Connect) are clients; everyone else is team.
"""

from __future__ import annotations

from sqlmodel import Session

from bot.people import Caller
from storage.models import Project
from storage.projects import member_role, project_by_id, project_for_channel

TEAM_ROLES = ("owner", "team")


def role_of(*, session: Session, project: Project, caller: Caller, home_team_id: str | None) -> str:
    stored = member_role(session=session, project=project, user_id=caller.user_id)
    if stored is not None:
        return stored
    if caller.is_guest:
        return "client"
    if caller.team_id and home_team_id and caller.team_id != home_team_id:
        return "client"
    return "team"


def is_team(role: str) -> bool:
    return role in TEAM_ROLES


def project_and_role(
    *,
    session: Session,
    caller: Caller,
    home_team_id: str | None,
    channel_id: str | None = None,
    project_id: int | None = None,
) -> tuple[Project | None, str | None]:
    """The project (of the channel the request came from, or by id) and the caller's role."""
    if project_id is not None:
        project = project_by_id(session=session, project_id=project_id)
    else:
        project = project_for_channel(session=session, channel_id=channel_id or "")
    if project is None:
        return None, None
    return project, role_of(
        session=session, project=project, caller=caller, home_team_id=home_team_id
    )
