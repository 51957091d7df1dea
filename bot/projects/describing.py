"""The project's goal and background (`/project set goal …`, `/project set background …`, the
`/project describe` form): what the plan document opens with. Owners write them; each change
is a line in the decision log, written in the same unit of work."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from bot.platform.i18n import _
from bot.platform.text import printable
from bot.projects.timing import PlanError
from storage.events import record_plan_event
from storage.models import Project

GOAL_LIMIT = 500
BACKGROUND_LIMIT = 2000
LIMITS = {"goal": GOAL_LIMIT, "background": BACKGROUND_LIMIT}
CLEARED = ("none", "clear", "-", "无", "清除")


def written(value: str) -> str | None:
    """What an owner typed for a goal or background: None when they cleared it."""
    text = printable(value).strip()
    return None if not text or text.lower() in CLEARED else text


def too_long(part: str, text: str | None) -> str | None:
    """Why a goal or background cannot be kept, or None."""
    limit = LIMITS[part]
    if text is not None and len(text) > limit:
        return _("Keep it to {limit} characters (this is {length}).").format(
            limit=limit, length=len(text)
        )
    return None


def describe(
    session: Session,
    project: Project,
    *,
    part: str,
    text: str | None,
    actor_id: str | None,
    now: datetime,
) -> bool:
    """Write the goal or the background (None clears it) on the project loaded in `session`,
    with its line in the decision log; False when it says what it said already."""
    if part not in LIMITS:
        raise ValueError(f"unknown part {part!r}")  # i18n: not shown
    if (refused := too_long(part, text)) is not None:
        raise PlanError(refused)
    before = getattr(project, part)
    if before == text:
        return False
    setattr(project, part, text)
    assert project.id is not None
    record_plan_event(
        session=session,
        project_id=project.id,
        action=part,
        actor_id=actor_id,
        from_state="set" if before else None,
        to_state="set" if text else "cleared",
        note=text,
        now=now,
    )
    return True


def set_description(
    session: Session, project: Project, part: str, value: str, actor_id: str | None, now: datetime
) -> str:
    """`/project set goal …` / `/project set background …`: the answer, or PlanError."""
    text = written(value)
    changed = describe(session, project, part=part, text=text, actor_id=actor_id, now=now)
    if not changed:
        return _("Nothing changed: that is what the plan says already.")
    if part == "goal":
        if text is None:
            return _("The goal is cleared.")
        return _("Goal set. It opens `/project plan` and the plan document.")
    if text is None:
        return _("The background is cleared.")
    return _("Background set. It opens `/project plan` and the plan document.")
