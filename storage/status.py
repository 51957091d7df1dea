"""Status updates: written by team members, read back for lists and digests."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam
from sqlmodel import Session, col, select

from storage.driver_rows import DriverRows
from storage.driver_sql import DriverSQL, stored_time
from storage.models import Project, StatusUpdate
from storage.rows import StatusRow


def add_status(
    *,
    session: Session,
    project: Project,
    author_id: str,
    text: str,
    health: str | None,
    progress: int | None,
    next_steps: str,
    blockers: str,
    visibility: str,
    now: datetime,
) -> int:
    """The new update's id. One INSERT in the driver's SQL (storage/driver_sql.py): the hot path
    of `/status` builds no object (its receipt is made from what was typed)."""
    return _INSERT.inserted_id(
        session,
        {
            "project_id": project.id,
            "author_id": author_id,
            "text": text,
            "health": health,
            "progress": progress,
            "next_steps": next_steps,
            "blockers": blockers,
            "visibility": visibility,
            "created_at": stored_time(session, now),
        },
    )


def get_status(*, session: Session, status_id: int) -> StatusUpdate | None:
    update = session.get(StatusUpdate, status_id)
    return None if update is None or update.deleted_at is not None else update


def edit_status(
    *,
    session: Session,
    update: StatusUpdate,
    text: str,
    health: str | None,
    progress: int | None,
    next_steps: str,
    blockers: str,
    visibility: str,
    now: datetime,
) -> StatusUpdate:
    update.text, update.health, update.progress = text, health, progress
    update.next_steps, update.blockers, update.visibility = next_steps, blockers, visibility
    update.edited_at = now
    session.add(update)
    session.flush()
    return update


def delete_status(*, session: Session, update: StatusUpdate, now: datetime) -> None:
    """Soft delete: the row stays for the audit trail but leaves every list and digest."""
    update.deleted_at = now
    session.add(update)
    session.flush()


def statuses_since(
    *,
    session: Session,
    project: Project,
    since: datetime,
    include_internal: bool,
    limit: int | None = None,
) -> list[StatusRow]:
    """Newest first."""
    query = _SINCE[include_internal, limit is not None]
    params = {"project_id": project.id, "since": stored_time(session, since), "limit": limit}
    return list(query.all(session, params))


def authors_since(*, session: Session, project: Project, since: datetime) -> set[str]:
    """Who posted an update on the project since `since` (deleted ones too: they posted)."""
    return set(session.exec(_AUTHORS, params={"project_id": project.id, "since": since}))


# Built once. The updates since a day are read by the driver (storage/driver_rows.py): every
# digest, report and App Home reads them.
_LIVE = (
    "FROM statusupdate WHERE project_id = :project_id AND created_at >= :since"
    " AND deleted_at IS NULL"
)
_NEWEST_FIRST = " ORDER BY created_at DESC, id DESC"
_SINCE = {  # (internal ones too, limited): the statement
    (internal, limited): DriverRows[StatusRow](
        StatusRow,
        _LIVE
        + ("" if internal else " AND visibility = 'client'")
        + _NEWEST_FIRST
        + (" LIMIT :limit" if limited else ""),
    )
    for internal in (True, False)
    for limited in (True, False)
}
_AUTHORS = select(StatusUpdate.author_id).where(
    col(StatusUpdate.project_id) == bindparam("project_id"),
    col(StatusUpdate.created_at) >= bindparam("since"),
)
_INSERT = DriverSQL(
    "INSERT INTO statusupdate (project_id, author_id, text, health, progress, next_steps,"
    " blockers, visibility, created_at) VALUES (:project_id, :author_id, :text, :health,"
    " :progress, :next_steps, :blockers, :visibility, :created_at)",
    new_id="id",
)
