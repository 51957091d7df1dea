"""What the App Home reads across a person's projects: which projects are theirs, and who
decides change requests on each."""

from __future__ import annotations

from sqlmodel import Session, col, or_, select

from storage.models import ClientMessage, Feedback, Member, Project, StatusUpdate


def projects_of(*, session: Session, user_id: str, team_id: str | None = None) -> list[Project]:
    """Every project this person belongs to in the workspace `team_id` (None: any), by name
    (one query): a Member row, having created it, or having posted a status update, sent
    feedback under their name or written a client message on it. A user id is its
    workspace's own: the same id in another workspace is someone else."""
    stored = [
        select(Member.project_id).where(Member.user_id == user_id),
        select(StatusUpdate.project_id).where(StatusUpdate.author_id == user_id),
        select(Feedback.project_id).where(Feedback.author_id == user_id),
        select(ClientMessage.project_id).where(ClientMessage.author_id == user_id),
    ]
    query = select(Project).where(
        or_(
            col(Project.created_by) == user_id,
            *(col(Project.id).in_(ids) for ids in stored),
        )
    )
    if team_id is not None:
        query = query.where(col(Project.team_id) == team_id)
    return list(session.exec(query.order_by(col(Project.name))))


def approvers_by_project(*, session: Session, project_ids: list[int]) -> dict[int, set[str]]:
    """Who decides change requests, per project that names approvers (one query)."""
    found: dict[int, set[str]] = {}
    if project_ids:
        rows = session.exec(
            select(Member.project_id, Member.user_id).where(
                col(Member.project_id).in_(project_ids), col(Member.approver).is_(True)
            )
        )
        for project_id, user_id in rows:
            found.setdefault(project_id, set()).add(user_id)
    return found
