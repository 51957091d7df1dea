"""Projects and their members."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sql
from sqlalchemy import CursorResult, bindparam, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from storage.db import mark_saved
from storage.driver_sql import DriverSQL
from storage.models import Member, Project, table_of

ROLES = ("owner", "team", "client")


def project_for_channel(
    *, session: Session, channel_id: str, team_id: str | None = None
) -> Project | None:
    """The project whose client or internal channel this is, in the workspace `team_id` (a
    channel id is its workspace's own: another workspace's project never answers for it)."""
    query = select(Project).where(
        (col(Project.client_channel_id) == channel_id)
        | (col(Project.internal_channel_id) == channel_id)
    )
    if team_id is not None:
        query = query.where(col(Project.team_id) == team_id)
    return session.exec(query).first()


def project_with_role(
    *, session: Session, user_id: str, project_id: int, team_id: str | None = None
) -> tuple[Project, str | None] | None:
    """The project of an id, in the workspace `team_id` (None: any), with the role stored for
    `user_id` on it (None: no Member row): one statement."""
    params = {"user_id": user_id, "id": project_id, "team": team_id}
    row = session.exec(_WITH_ROLE_BY_ID[team_id is not None], params=params).first()
    return (row[0], row[1]) if row is not None else None


# Built once: building and keying a statement costs more than SQLite's own work here.
_WITH_ROLE = (
    select(Project, Member.role)
    .outerjoin(
        Member,
        (col(Member.project_id) == col(Project.id)) & (col(Member.user_id) == bindparam("user_id")),
    )
    .where(col(Project.id) == bindparam("id"))
)
_WITH_ROLE_BY_ID = (_WITH_ROLE, _WITH_ROLE.where(col(Project.team_id) == bindparam("team")))


def project_version_and_role(
    *,
    session: Session,
    user_id: str,
    channel_id: str | None = None,
    project_id: int | None = None,
    team_id: str | None = None,
) -> tuple[int, int, str | None] | None:
    """(id, version, the role stored for `user_id`: None without a Member row) of the project
    of a channel (client or internal) or of an id, in the workspace `team_id` (None: any): one
    short statement, asked on every request (bot/platform/asking.py keeps the rest of the
    project while its version holds)."""
    params: dict[str, object] = {"user_id": user_id, "team": team_id}
    if project_id is not None:
        query, params["id"] = _VERSION_BY_ID[team_id is not None], project_id
    else:
        query, params["channel"] = _VERSION_BY_CHANNEL[team_id is not None], channel_id
    row = query.first(session, params)
    return (int(row[0]), int(row[1]), row[2]) if row is not None else None


def project_copy(*, session: Session, project_id: int) -> Project | None:
    """The project as a plain object that no session holds: a copy to read, never to change
    (`change_plan` loads the project it changes)."""
    row = session.connection().execute(_ROW, {"id": project_id}).first()
    return Project(**row._mapping) if row is not None else None


def project_by_name(*, session: Session, name: str, team_id: str | None = None) -> Project | None:
    """A name is unique within its workspace (`team_id`; None: the first of any workspace)."""
    query = select(Project).where(col(Project.name) == name)
    if team_id is not None:
        query = query.where(col(Project.team_id) == team_id)
    return session.exec(query.order_by(col(Project.id))).first()


def projects_named(*, session: Session, name: str) -> list[Project]:
    """Every workspace's project of this name (the command line names no workspace)."""
    query = select(Project).where(col(Project.name) == name).order_by(col(Project.team_id))
    return list(session.exec(query))


def project_by_id(*, session: Session, project_id: int) -> Project | None:
    return session.get(Project, project_id)


def list_projects(*, session: Session) -> list[Project]:
    return list(session.exec(select(Project).order_by(col(Project.name))))


def create_project(
    *,
    session: Session,
    team_id: str,
    name: str,
    channel_id: str,
    owner_id: str,
    timezone: str,
    now: datetime,
    language: str = "en",
) -> Project:
    """The new project, its creator its owner; IntegrityError when its name or channel is
    taken (`create_project_unless_taken` says so without one)."""
    project = Project(
        team_id=team_id,
        name=name,
        client_channel_id=channel_id,
        timezone=timezone,
        language=language,
        created_by=owner_id,
        created_at=now,
    )
    session.add(project)
    session.flush()
    _add_owner(session, _id(project), owner_id)
    return project


def create_project_unless_taken(*, session: Session, project: Project) -> int | None:
    """Store a new project (left out of the session: it is read back by its id), its creator
    (`created_by`) its owner. Its id; None when its name or client channel was taken (by a setup
    at the same moment): one INSERT … ON CONFLICT DO NOTHING RETURNING, so the request that
    asked goes on, in its own transaction, to say so."""
    connection = session.connection()
    values = project.model_dump(exclude={"id"})
    row = connection.execute(_CREATE[connection.dialect.name], values).first()
    if row is None:
        return None
    _add_owner(session, int(row[0]), project.created_by)
    return int(row[0])


# A setup's INSERT: any unique constraint (name, client channel) met makes it do nothing.
_CREATE = {
    name: dialect.insert(table_of(Project))
    .on_conflict_do_nothing()
    .returning(table_of(Project).c.id)
    for name, dialect in (("postgresql", postgresql), ("sqlite", sqlite))
}


def _add_owner(session: Session, project_id: int, owner_id: str) -> None:
    session.add(Member(project_id=project_id, user_id=owner_id, role="owner"))
    session.flush()


def save_project(*, session: Session, project: Project) -> None:
    """Write a change of the project loaded in this session: its version moves (a change that
    lost a race is refused), every process reads the plan again, the request knows it did."""
    session.add(project)
    session.flush()
    mark_saved(session, project.id)


def set_member_role(*, session: Session, project: Project, user_id: str, role: str) -> Member:
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    member = session.exec(
        select(Member).where(Member.project_id == project.id, Member.user_id == user_id)
    ).first()
    if member is None:
        member = Member(project_id=_id(project), user_id=user_id, role=role)
    else:
        member.role = role
    session.add(member)
    session.flush()
    return member


def correct_role(*, session: Session, project_id: int, user_id: str, was: str, role: str) -> bool:
    """Give someone `role` if their stored one is still `was` (a role set on a guess, corrected
    once Slack has said who they are); False when it changed meanwhile, or they have no row."""
    result: CursorResult[Any] = session.execute(  # type: ignore[assignment]
        update(Member)
        .where(
            col(Member.project_id) == project_id,
            col(Member.user_id) == user_id,
            col(Member.role) == was,
        )
        .values(role=role)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def member_role(*, session: Session, project: Project, user_id: str) -> str | None:
    return session.exec(
        select(Member.role).where(Member.project_id == project.id, Member.user_id == user_id)
    ).first()


def members(*, session: Session, project: Project) -> list[Member]:
    """Everyone named on the project, in the order they were named."""
    return list(session.exec(_MEMBERS, params={"project_id": project.id}))


def owners_of(*, session: Session, project: Project) -> list[str]:
    """The owners' user ids, in the order they were named: who is told, who answers."""
    return list(session.exec(_OWNERS, params={"project_id": project.id}))


# Built once, like storage.status's: the digest's path runs them for every project.
_MEMBERS = (
    select(Member).where(col(Member.project_id) == bindparam("project_id")).order_by(col(Member.id))
)
_OWNERS = (
    select(Member.user_id)
    .where(col(Member.project_id) == bindparam("project_id"), col(Member.role) == "owner")
    .order_by(col(Member.id))
)


COUNTERS = {
    "feedback": Project.feedback_counter,
    "risk": Project.risk_counter,
    "change": Project.change_counter,
    "decision": Project.decision_counter,
    "action": Project.action_counter,
    "incident": Project.incident_counter,
}


def next_number(*, session: Session, project: Project, kind: str) -> int:
    """Hand out FB-1, R-1, CR-1, … atomically: the row update serialises concurrent writers."""
    counter = COUNTERS[kind]
    number = session.execute(
        update(Project)
        .where(col(Project.id) == project.id)
        .values({counter: counter + 1})
        .returning(col(counter))
    ).scalar_one()
    return int(number)


def next_feedback_number(*, session: Session, project: Project) -> int:
    return next_number(session=session, project=project, kind="feedback")


def approver_ids(*, session: Session, project: Project) -> list[str]:
    return list(
        session.exec(
            select(Member.user_id)
            .where(Member.project_id == project.id, col(Member.approver).is_(True))
            .order_by(col(Member.id))
        )
    )


def set_approvers(
    *, session: Session, project: Project, user_ids: list[str], roles: dict[str, str]
) -> None:
    """Mark these people as approvers (`roles` gives the role of those without a Member row);
    an empty list clears every approver, and then any client decides again."""
    for member in members(session=session, project=project):
        if member.approver and member.user_id not in user_ids:
            member.approver = False
            session.add(member)
    for user_id in user_ids:
        member = session.exec(
            select(Member).where(Member.project_id == project.id, Member.user_id == user_id)
        ).first() or Member(project_id=_id(project), user_id=user_id, role=roles[user_id])
        member.approver = True
        session.add(member)
    session.flush()


def _id(row: Project) -> int:
    assert row.id is not None, "flush before use"
    return row.id


def set_reminders(
    *, session: Session, project: Project, user_id: str, off: bool, role: str
) -> Member:
    """`/status remind off|on`; someone without a Member row gets one with their current role."""
    member = session.exec(
        select(Member).where(Member.project_id == project.id, Member.user_id == user_id)
    ).first()
    if member is None:
        member = Member(project_id=_id(project), user_id=user_id, role=role)
    member.reminders_off = off
    session.add(member)
    session.flush()
    return member


_PROJECT, _MEMBER = table_of(Project), table_of(Member)
# In the driver's SQL (storage/driver_sql.py): every request asks.
_VERSION = (
    "SELECT project.id, project.version, member.role FROM project LEFT OUTER JOIN member"
    " ON member.project_id = project.id AND member.user_id = :user_id"
)
_BY_ID = " WHERE project.id = :id"
_BY_CHANNEL = (
    " WHERE (project.client_channel_id = :channel OR project.internal_channel_id = :channel)"
)
_IN_TEAM = " AND project.team_id = :team"
# [any workspace, the request's workspace]
_VERSION_BY_ID = (DriverSQL(_VERSION + _BY_ID), DriverSQL(_VERSION + _BY_ID + _IN_TEAM))
_VERSION_BY_CHANNEL = (
    DriverSQL(_VERSION + _BY_CHANNEL),
    DriverSQL(_VERSION + _BY_CHANNEL + _IN_TEAM),
)
_ROW = sql.select(_PROJECT).where(_PROJECT.c.id == bindparam("id"))
