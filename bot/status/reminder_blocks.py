"""Block Kit for the reminders that come before a digest (in the language of whoever the caller
speaks to: see bot/jobs.py)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.platform import i18n
from bot.platform.blocks import Block, actions, button, context, section, user
from bot.platform.i18n import _, pgettext
from bot.platform.text import escape
from storage.models import Project

STATUS_OPEN = "status_open"


def _when(digest_at: datetime, timezone: str) -> str:
    """`Fri, Nov 27, 4:00 PM (Europe/Berlin)`: the project's clock, and which clock it is."""
    local = i18n.moment(digest_at.astimezone(ZoneInfo(timezone)))
    return _("{moment} ({timezone})").format(moment=local, timezone=timezone)


def build_reminder(project: Project, digest_at: datetime | None) -> tuple[str, list[Block]]:
    assert project.id is not None
    name = escape(project.name)
    if digest_at is not None:
        when = _when(digest_at, project.timezone)
        text = _("The weekly digest of {project} goes out {when}: add your update?").format(
            project=name, when=when
        )
        ask = _(
            "👋 The weekly digest of *{project}* goes out {when}, and there is nothing from you "
            "in it yet. Two lines are plenty: what got done, what is next."
        ).format(project=name, when=when)
    else:
        text = _("The weekly digest of {project} is due: add your update?").format(project=name)
        ask = _(
            "👋 The weekly digest of *{project}* is due, and there is nothing from you in it "
            "yet. Two lines are plenty: what got done, what is next."
        ).format(project=name)
    return text, [
        section(ask),
        actions(button(_("Post an update"), STATUS_OPEN, str(project.id), style="primary")),
        context(_("One reminder a week at most. `/status remind off` stops them for you.")),
    ]


def build_quiet_week_notice(
    project: Project, owner_ids: list[str], digest_at: datetime | None
) -> tuple[str, list[Block]]:
    name = escape(project.name)
    separator = pgettext("list separator", ", ")
    owners = separator.join(user(o) for o in owner_ids) or _("The owners")
    text = _("No status updates on {project} this week yet").format(project=name)
    if digest_at is not None:
        notice = _(
            "🤫 *No status updates on {project} this week yet.* The client digest goes out "
            "{when} and will say so. {owners}: a `/status` now keeps the client in the loop."
        ).format(project=name, when=_when(digest_at, project.timezone), owners=owners)
    else:
        notice = _(
            "🤫 *No status updates on {project} this week yet.* The client digest goes out "
            "soon and will say so. {owners}: a `/status` now keeps the client in the loop."
        ).format(project=name, owners=owners)
    return text, [section(notice)]
