"""Telling the team: the internal channel when there is one and Slack takes the post there,
otherwise each owner directly. Failures are logged, never raised: what they report is saved."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.blocks.common import Block
from storage.models import Project

logger = logging.getLogger(__name__)


def tell_team(
    client: WebClient,
    project: Project,
    owner_ids: list[str],
    text: str,
    blocks: list[Block] | None = None,
) -> bool:
    """True when the team got it somewhere."""
    extra: dict[str, Any] = {"blocks": blocks} if blocks else {}
    channel = project.internal_channel_id
    if channel is not None:
        try:
            client.chat_postMessage(channel=channel, text=text, **extra)
            return True
        except SlackApiError as error:
            logger.warning("post to the internal channel refused: %s", error.response.get("error"))
    delivered = False
    for owner_id in owner_ids:
        try:
            client.chat_postMessage(channel=owner_id, text=text, **extra)
            delivered = True
        except SlackApiError as error:
            logger.warning("direct message to an owner refused: %s", error.response.get("error"))
    return delivered


def dm_channel(client: WebClient, user_id: str) -> str:
    """The id of the bot's direct-message channel with a person (files need it; chat.postMessage
    would take the user id itself)."""
    return str(client.conversations_open(users=user_id)["channel"]["id"])
