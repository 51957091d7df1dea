"""The plan document as a file for `/project export`, and the names a file needs: a file is
read outside Slack, so people and channels are named in it (users.info, conversations.info),
by id where Slack would not say."""

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
    """The plan as it stands (no new version), as `communication_plan.md`. (Not its PDF: with
    it an export would be 11 files, two uploads where Slack shares 10 at a time, and a failed
    second one would make asking again send the first twice.)"""
    with speaking(language):
        document = build_document(load_facts(session, project, now=now, version=0))
    known = names(to_canvas(document)) if names is not None else {}
    return {f"{EXPORT_NAME}.md": to_markdown(document, known).encode("utf-8")}
