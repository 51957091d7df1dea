"""Status updates: posting one (the quick form or the form), its author's edit and deletion, the
week's list, and each person's choice of reminders."""

from __future__ import annotations

from dataclasses import dataclass

from bot.platform.deps import Deps
from bot.platform.i18n import _
from bot.scheduling.triggers import DIGEST_PERIOD
from bot.status.quick_form import StatusDraft
from storage.db import session_scope
from storage.models import Project, StatusUpdate
from storage.projects import set_reminders
from storage.status import add_status, delete_status, edit_status, get_status, statuses_since

LIST_LIMIT = 40  # the most updates `/status list` shows (as bullets, cut to fit a section)


@dataclass(frozen=True)
class Refusal:
    message: str


def post_update(
    deps: Deps, *, project: Project, author_id: str, draft: StatusDraft
) -> StatusUpdate:
    with session_scope(deps.engine) as session:
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
            now=deps.clock(),
        )


def save_from_form(
    deps: Deps, *, project: Project, author_id: str, draft: StatusDraft, status_id: int | None
) -> StatusUpdate | Refusal:
    """A new update, or (with status_id) an edit: only of one's own update, still existing."""
    if status_id is None:
        return post_update(deps, project=project, author_id=author_id, draft=draft)
    with session_scope(deps.engine) as session:
        existing = get_status(session=session, status_id=status_id)
        if existing is None or existing.author_id != author_id:
            return Refusal(_("This update was deleted or is not yours to edit."))
        return edit_status(
            session=session,
            update=existing,
            text=draft.text,
            health=draft.health,
            progress=draft.progress,
            next_steps=draft.next_steps,
            blockers=draft.blockers,
            visibility=draft.visibility,
            now=deps.clock(),
        )


def own_update(deps: Deps, status_id: int, user_id: str) -> tuple[StatusUpdate, Project] | None:
    """The update and its project, if it still exists and `user_id` wrote it."""
    with session_scope(deps.engine) as session:
        update = get_status(session=session, status_id=status_id)
        if update is None or update.author_id != user_id:
            return None
        project = session.get(Project, update.project_id)
    return (update, project) if project is not None else None


def delete_own_update(deps: Deps, status_id: int, user_id: str) -> bool:
    """Its author takes an update back (it leaves every list and digest); False when it is gone
    already or is someone else's."""
    with session_scope(deps.engine) as session:
        update = get_status(session=session, status_id=status_id)
        if update is None or update.author_id != user_id:
            return False
        delete_status(session=session, update=update, now=deps.clock())
    return True


def this_week(deps: Deps, project: Project) -> list[StatusUpdate]:
    """The updates a digest posted now would draw on, internal ones too, newest first."""
    with session_scope(deps.engine) as session:
        return statuses_since(
            session=session,
            project=project,
            since=deps.clock() - DIGEST_PERIOD,
            include_internal=True,
            limit=LIST_LIMIT,
        )


def set_my_reminders(deps: Deps, project: Project, user_id: str, role: str, *, off: bool) -> None:
    """`/status remind off|on`, for one person on one project."""
    with session_scope(deps.engine) as session:
        set_reminders(session=session, project=project, user_id=user_id, off=off, role=role)
