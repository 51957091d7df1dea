"""The plan document as files (Markdown and PDF): for a workspace without canvases and for
`/project export`. A file is read outside Slack, so people and channels are named in it
(users.info, conversations.info), by id where Slack would not say."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import datetime

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlmodel import Session

from bot.plandoc.facts import load_facts
from bot.plandoc.outline import build_document
from bot.plandoc.pdf import to_pdf
from bot.plandoc.render import to_canvas, to_markdown
from bot.platform.i18n import speaking
from storage.models import Project

logger = logging.getLogger(__name__)

_CANVAS_MENTION = re.compile(r"!\[\]\(([@#])([A-Z0-9]+)\)")
EXPORT_NAME = "communication_plan"
Names = Callable[[str], dict[str, str]]  # the document's canvas markdown → id → name


def mention_names(client: WebClient, markdown: str) -> dict[str, str]:
    """The names of the people and channels a document mentions."""
    names: dict[str, str] = {}
    for kind, ident in sorted(set(_CANVAS_MENTION.findall(markdown))):
        try:
            if kind == "@":
                found = client.users_info(user=ident)["user"]
                names[ident] = str(found.get("real_name") or found.get("name") or ident)
            else:
                names[ident] = str(client.conversations_info(channel=ident)["channel"]["name"])
        except (SlackApiError, OSError, KeyError, TypeError):
            logger.info("no name for %s in the plan document", ident)
    return names


def plan_files(
    session: Session, project: Project, *, now: datetime, language: str, names: Names | None
) -> dict[str, bytes]:
    """The plan as it stands (no new version), as `communication_plan.md` and, where this
    machine has a font for its script, `communication_plan.pdf`."""
    with speaking(language):
        document = build_document(load_facts(session, project, now=now, version=0))
    known = names(to_canvas(document)) if names is not None else {}
    files = {f"{EXPORT_NAME}.md": to_markdown(document, known).encode("utf-8")}
    pdf = to_pdf(document, known)
    if pdf is not None:
        files[f"{EXPORT_NAME}.pdf"] = pdf
    return files
