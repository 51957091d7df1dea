"""Who someone is on a project: owner, team or client.

A stored Member row decides. Without one, Slack Connect decides: a user whose workspace differs
from the one that installed the bot is a client; everyone else is team.
"""

from __future__ import annotations

from sqlmodel import Session

from storage.models import Project
from storage.projects import member_role, project_by_id, project_for_channel

TEAM_ROLES = ("owner", "team")


def role_of(
    *,
    session: Session,
    project: Project,
    user_id: str,
    user_team_id: str | None,
    home_team_id: str | None,
) -> str:
    stored = member_role(session=session, project=project, user_id=user_id)
    if stored is not None:
        return stored
    if user_team_id and home_team_id and user_team_id != home_team_id:
        return "client"
    return "team"


def is_team(role: str) -> bool:
    return role in TEAM_ROLES


def project_and_role(
    *,
    session: Session,
    channel_id: str,
    user_id: str,
    user_team_id: str | None,
    home_team_id: str | None,
) -> tuple[Project | None, str | None]:
    """The project of the channel the request came from, and the caller's role on it."""
    project = project_for_channel(session=session, channel_id=channel_id)
    if project is None:
        return None, None
    role = role_of(
        session=session,
        project=project,
        user_id=user_id,
        user_team_id=user_team_id,
        home_team_id=home_team_id,
    )
    return project, role


def project_and_role_by_id(
    *,
    session: Session,
    project_id: int,
    user_id: str,
    user_team_id: str | None,
    home_team_id: str | None,
) -> tuple[Project | None, str | None]:
    project = project_by_id(session=session, project_id=project_id)
    if project is None:
        return None, None
    role = role_of(
        session=session,
        project=project,
        user_id=user_id,
        user_team_id=user_team_id,
        home_team_id=home_team_id,
    )
    return project, role
