"""Jobs that post on the plan's behalf. For now on demand (`python -m bot run digest`,
`/status digest post`); the schedule that calls them comes with the scheduler."""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.blocks.digest import build_digest
from bot.deps import Deps
from bot.digest import Posted, load_digest
from storage.db import session_scope
from storage.models import Project

logger = logging.getLogger(__name__)


def post_digest(deps: Deps, client: WebClient, project: Project) -> list[Posted]:
    """The client digest to the client channel; the internal variant to the internal channel.
    Each is posted on its own: one refused never stops or repeats the other."""
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
        try:
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
        except SlackApiError as error:
            reason = str(error.response.get("error"))
            logger.warning("%s digest refused in %s: %s", digest.audience, channel, reason)
            posted.append(Posted(channel, digest.audience, error=reason))
        else:
            posted.append(Posted(str(response["channel"]), digest.audience, ts=str(response["ts"])))
    return posted
