"""What Rapport says about the plan document: the message in the client channel whose thread
holds its files (where the workspace allows no canvas), and the answers to the owner who
published it."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.platform import i18n
from bot.platform.blocks import Block, context, section
from bot.platform.i18n import _
from bot.platform.text import escape
from storage.models import Project


def build_files_message(
    project: Project, version: int, published_at: datetime
) -> tuple[str, list[Block]]:
    """The message that stands for the document where there is no canvas: edited in place with
    each version, the files of every version in its thread. In the project's language."""
    local = published_at.astimezone(ZoneInfo(project.timezone))
    title = _("📄 Communication plan — {project}").format(project=escape(project.name))
    text = _(
        "*{title}*, version {version}, published {date} {time} ({timezone}): how we keep each "
        "other informed on this project. The Markdown file and the PDF are in this thread; each "
        "change of the plan adds its new version there."
    ).format(
        title=title,
        version=i18n.number(version),
        date=i18n.day_and_year(local),
        time=i18n.clock(local),
        timezone=project.timezone,
    )
    return title, [section(text), context(_("Questions about the plan? `/feedback` any time."))]


def files_comment(version: int) -> str:
    return _("Version {version} of the plan: Markdown and PDF.").format(
        version=i18n.number(version)
    )


def files_comment_without_pdf(version: int) -> str:
    return _(
        "Version {version} of the plan: Markdown (no PDF: this server has no font for the "
        "plan's script)."
    ).format(version=i18n.number(version))
