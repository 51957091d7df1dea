"""The weekly digest to the client channel and its internal variant to the internal channel,
posted once per period (bot/scheduling/publishing.py): on demand (`/status digest post`,
`python -m bot run digest`) and by the scheduler."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from slack_sdk import WebClient
from sqlalchemy import Engine
from sqlmodel import Session

from bot.digest.blocks import build_digest
from bot.digest.contents import ProjectDigests, load_digest
from bot.platform import i18n
from bot.platform.blocks import MAX_MESSAGE_BLOCKS, Block, context
from bot.platform.deps import Deps
from bot.platform.i18n import _
from bot.scheduling.publishing import (
    Posted,
    Publication,
    publish_once,
)
from bot.scheduling.triggers import Due
from storage.models import Project

DIGEST_EVENT = "rapport_digest"


def post_digest(
    deps: Deps, client: WebClient, project: Project, *, due: Due | None = None, late: bool = False
) -> list[Posted]:
    """The client digest to the client channel; the internal variant to the internal channel."""
    now = deps.clock()

    message = digest_messages(deps.engine, project, now=now, late=late)

    def build(audience: str) -> tuple[str, list[Block], dict[str, object]]:
        text, blocks = message(audience)  # in the project's language
        return text, blocks, {"until": now.isoformat()}

    return publish_once(
        deps, client, project, Publication("digest", DIGEST_EVENT, build), due, late
    )


def digest_messages(
    engine: Engine, project: Project, *, now: datetime, late: bool = False
) -> Callable[[str], tuple[str, list[Block]]]:
    """audience → (text, blocks) of the project's digest at `now`, as the schedule posts it
    (bench/digests_at_scale.py measures this): the rows are read once for both audiences."""
    digests = ProjectDigests(engine, project, now=now, late=late)

    def message(audience: str) -> tuple[str, list[Block]]:
        with i18n.speaking(project.language):
            return build_digest(digests.digest(audience))

    return message


def preview_digest(session: Session, project: Project, now: datetime) -> tuple[str, list[Block]]:
    """`/status digest`: the client digest as it would be posted now, in the project's language,
    under a note for whoever asked, in theirs."""
    digest = load_digest(session=session, project=project, audience="client", now=now)
    with i18n.speaking(project.language):
        text, blocks = build_digest(digest)
    note = _("Preview of what the client will see — only you see this.")
    how = _(
        "Preview of what the client will see — only you see this. `/status digest post` sends it."
    )
    return f"{note} {text}", [context(how), *blocks[: MAX_MESSAGE_BLOCKS - 1]]
