"""Jobs that post on the plan's behalf. For now on demand (`python -m bot run digest`,
`/status digest post`); the schedule that calls them comes with the scheduler."""

from __future__ import annotations

from dataclasses import dataclass

from slack_sdk import WebClient

from bot.blocks.digest import build_digest
from bot.deps import Deps
from bot.digest import load_digest
from storage.db import session_scope
from storage.models import Project


@dataclass(frozen=True)
class Posted:
    channel_id: str
    ts: str
    audience: str


def post_digest(deps: Deps, client: WebClient, project: Project) -> list[Posted]:
    """The client digest to the client channel; the internal variant to the internal channel."""
    now = deps.clock()
    targets = [("client", project.client_channel_id)]
    if project.internal_channel_id:
        targets.append(("internal", project.internal_channel_id))
    with session_scope(deps.engine) as session:
        digests = [
            (channel, load_digest(session=session, project=project, audience=audience, now=now))
            for audience, channel in targets
        ]
    posted = []
    for channel, digest in digests:
        text, blocks = build_digest(digest)
        response = client.chat_postMessage(
            channel=channel,
            text=text,
            blocks=blocks,
            unfurl_links=False,
            metadata={
                "event_type": "rapport_digest",
                "event_payload": {
                    "project_id": project.id,
                    "audience": digest.audience,
                    "until": now.isoformat(),
                },
            },
        )
        posted.append(Posted(str(response["channel"]), str(response["ts"]), digest.audience))
    return posted
