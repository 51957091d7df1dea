"""Saving a status update from the form: a new one, or the author's edit of their own."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.platform.deps import Deps
from bot.platform.i18n import _
from bot.status.quick_form import StatusDraft
from storage.db import session_scope
from storage.models import Project, StatusUpdate
from storage.status import add_status, edit_status, get_status


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


def _own_update(
    session: Any, status_id: int, user_id: str
) -> tuple[StatusUpdate | None, Project | None]:
    update = get_status(session=session, status_id=status_id)
    if update is None or update.author_id != user_id:
        return None, None
    return update, session.get(Project, update.project_id)
