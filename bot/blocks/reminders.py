"""Block Kit for the reminders that come before a digest."""

from __future__ import annotations

from datetime import datetime

from bot.blocks.common import Block, actions, button, context, section
from bot.blocks.labels import user
from bot.plan import format_local
from bot.text import escape
from storage.models import Project

STATUS_OPEN = "status_open"


def build_reminder(project: Project, digest_at: datetime | None) -> tuple[str, list[Block]]:
    assert project.id is not None
    when = f" goes out {format_local(digest_at, project.timezone)}" if digest_at else " is due"
    text = f"The weekly digest of {escape(project.name)}{when}: add your update?"
    return text, [
        section(
            f"👋 The weekly digest of *{escape(project.name)}*{when}, and there is nothing from "
            "you in it yet. Two lines are plenty: what got done, what is next."
        ),
        actions(button("Post an update", STATUS_OPEN, str(project.id), style="primary")),
        context("One reminder a week at most. `/status remind off` stops them for you."),
    ]


def build_quiet_week_notice(
    project: Project, owner_ids: list[str], digest_at: datetime | None
) -> tuple[str, list[Block]]:
    when = format_local(digest_at, project.timezone) if digest_at else "soon"
    owners = ", ".join(user(o) for o in owner_ids) or "The owners"
    text = f"No status updates on {escape(project.name)} this week yet"
    return text, [
        section(
            f"🤫 *No status updates on {escape(project.name)} this week yet.* The client digest "
            f"goes out {when} and will say so. {owners}: a `/status` now keeps the client in "
            "the loop."
        )
    ]
