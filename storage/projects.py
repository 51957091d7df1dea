"""Projects and their members."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session, col, select

from storage.models import Member, Project

ROLES = ("owner", "team", "client")


def project_for_channel(*, session: Session, channel_id: str) -> Project | None:
    """The project whose client or internal channel this is."""
    return session.exec(
        select(Project).where(
            (col(Project.client_channel_id) == channel_id)
            | (col(Project.internal_channel_id) == channel_id)
        )
    ).first()


def project_by_name(*, session: Session, name: str) -> Project | None:
    return session.exec(select(Project).where(col(Project.name) == name)).first()


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
) -> Project:
    project = Project(
        team_id=team_id,
        name=name,
        client_channel_id=channel_id,
        timezone=timezone,
        created_by=owner_id,
        created_at=now,
    )
    session.add(project)
    session.flush()
    session.add(Member(project_id=_id(project), user_id=owner_id, role="owner"))
    session.flush()
    return project


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


def member_role(*, session: Session, project: Project, user_id: str) -> str | None:
    return session.exec(
        select(Member.role).where(Member.project_id == project.id, Member.user_id == user_id)
    ).first()


def members(*, session: Session, project: Project, role: str | None = None) -> list[Member]:
    query = select(Member).where(Member.project_id == project.id)
    if role is not None:
        query = query.where(Member.role == role)
    return list(session.exec(query.order_by(col(Member.id))))


def next_feedback_number(*, session: Session, project: Project) -> int:
    """Hand out FB-1, FB-2, … atomically: the row update serialises concurrent senders."""
    number = session.execute(
        update(Project)
        .where(col(Project.id) == project.id)
        .values(feedback_counter=Project.feedback_counter + 1)
        .returning(col(Project.feedback_counter))
    ).scalar_one()
    return int(number)


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
