"""Status updates: written by team members, read back for lists and digests."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, insert
from sqlmodel import Session, col, select

from storage.models import Project, StatusUpdate, table_of


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
    """The new update's id. One INSERT … RETURNING: the hot path of `/status` builds no object
    (its receipt is made from what was typed)."""
    inserted = session.connection().execute(
        _INSERT,
        {
            "project_id": project.id,
            "author_id": author_id,
            "text": text,
            "health": health,
            "progress": progress,
            "next_steps": next_steps,
            "blockers": blockers,
            "visibility": visibility,
            "created_at": now,
        },
    )
    return int(inserted.scalar_one())


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
) -> list[StatusUpdate]:
    """Newest first."""
    query = _SINCE if include_internal else _SINCE_FOR_CLIENTS
    if limit is not None:
        query = query.limit(limit)
    return list(session.exec(query, params={"project_id": project.id, "since": since}))


def authors_since(*, session: Session, project: Project, since: datetime) -> set[str]:
    """Who posted an update on the project since `since` (deleted ones too: they posted)."""
    return set(session.exec(_AUTHORS, params={"project_id": project.id, "since": since}))


# Built once: a statement with bound parameters is neither rebuilt nor re-keyed for the
# compiled cache on each call, which costs more than SQLite's own work on the digest's path.
_NEWEST_FIRST = (col(StatusUpdate.created_at).desc(), col(StatusUpdate.id).desc())
_LIVE = select(StatusUpdate).where(
    col(StatusUpdate.project_id) == bindparam("project_id"),
    col(StatusUpdate.created_at) >= bindparam("since"),
    col(StatusUpdate.deleted_at).is_(None),
)
_SINCE = _LIVE.order_by(*_NEWEST_FIRST)
_AUTHORS = select(StatusUpdate.author_id).where(
    col(StatusUpdate.project_id) == bindparam("project_id"),
    col(StatusUpdate.created_at) >= bindparam("since"),
)
_SINCE_FOR_CLIENTS = _LIVE.where(col(StatusUpdate.visibility) == "client").order_by(*_NEWEST_FIRST)
# On the table, not the entity: the ORM's bulk-insert machinery would cost more than the insert.
_TABLE = table_of(StatusUpdate)
_INSERT = insert(_TABLE).returning(_TABLE.c.id)
