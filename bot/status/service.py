"""Status updates: posting one (the quick form or the form), its author's edit and deletion, the
week's list, and each person's choice of reminders. Each works in the session it is given (a
request's, bot/platform/unit_of_work.py) and leaves the commit to it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from bot.platform.i18n import _
from bot.scheduling.triggers import DIGEST_PERIOD
from bot.status.quick_form import StatusDraft
from storage.models import Project, StatusUpdate
from storage.projects import set_reminders
from storage.rows import StatusRow
from storage.status import (
    add_status,
    delete_status,
    edit_status,
    get_status,
    statuses_since,
)

LIST_LIMIT = 40  # the most updates `/status list` shows (as bullets, cut to fit a section)


@dataclass(frozen=True)
class Refusal:
    message: str


def post_update(
    session: Session, *, project: Project, author_id: str, draft: StatusDraft, now: datetime
) -> int:
    """The new update's id."""
    return add_status(
        session=session,
        project=project,
        author_id=author_id,
        text=draft.text,
        health=draft.health,
        progress=draft.progress,
        next_steps=draft.next_steps,
        blockers=draft.blockers,
        visibility=draft.visibility,
        now=now,
    )


def save_from_form(
    session: Session,
    *,
    project: Project,
    author_id: str,
    draft: StatusDraft,
    status_id: int | None,
    now: datetime,
) -> int | Refusal:
    """A new update, or (with status_id) an edit: only of one's own update, still existing.
    The update's id."""
    if status_id is None:
        return post_update(session, project=project, author_id=author_id, draft=draft, now=now)
    existing = get_status(session=session, status_id=status_id)
    if existing is None or existing.author_id != author_id:
        return Refusal(_("This update was deleted or is not yours to edit."))
    edit_status(
        session=session,
        update=existing,
        text=draft.text,
        health=draft.health,
        progress=draft.progress,
        next_steps=draft.next_steps,
        blockers=draft.blockers,
        visibility=draft.visibility,
        now=now,
    )
    return status_id


def own_update(
    session: Session, status_id: int, user_id: str
) -> tuple[StatusUpdate, Project] | None:
    """The update and its project, if it still exists and `user_id` wrote it."""
    update = get_status(session=session, status_id=status_id)
    if update is None or update.author_id != user_id:
        return None
    project = session.get(Project, update.project_id)
    return (update, project) if project is not None else None


def delete_own_update(session: Session, status_id: int, user_id: str, now: datetime) -> bool:
    """Its author takes an update back (it leaves every list and digest); False when it is gone
    already or is someone else's."""
    update = get_status(session=session, status_id=status_id)
    if update is None or update.author_id != user_id:
        return False
    delete_status(session=session, update=update, now=now)
    return True


def this_week(session: Session, project: Project, now: datetime) -> list[StatusRow]:
    """The updates a digest posted now would draw on, internal ones too, newest first."""
    return statuses_since(
        session=session,
        project=project,
        since=now - DIGEST_PERIOD,
        include_internal=True,
        limit=LIST_LIMIT,
    )


def set_my_reminders(
    session: Session, project: Project, user_id: str, role: str, *, off: bool
) -> None:
    """`/status remind off|on`, for one person on one project."""
    set_reminders(session=session, project=project, user_id=user_id, off=off, role=role)
