"""Telling the team: the internal channel when there is one and Slack takes the post there,
otherwise each owner directly. Failures are logged, never raised: what they report is saved.

The internal channel reads the project's language; an owner told directly reads their own, so
the message is built once for each reader."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.platform.blocks import Block
from bot.platform.deps import Deps
from bot.platform.i18n import speaking
from bot.platform.language import of_user
from storage.models import Project

logger = logging.getLogger(__name__)


def _best_effort(what: str, call: Callable[..., Any], **arguments: Any) -> bool:
    """A Slack call whose failure must not undo or hide what was already saved."""
    try:
        call(**arguments)
        return True
    except SlackApiError as error:
        logger.warning("%s failed: %s", what, error.response.get("error"))
        return False
    except OSError as error:  # no answer in time: Slack may have done it; never repeated
        logger.warning("%s unconfirmed: %s", what, error)
        return False


logger = logging.getLogger(__name__)


def tell_team_in_their_language(
    deps: Deps,
    client: WebClient,
    project: Project,
    owner_ids: list[str],
    build: Callable[[], tuple[str, list[Block] | None]],
) -> bool:
    """True when the team got it somewhere. The message is built by `build` (text, blocks) in
    the language of whoever reads it: the project's in the internal channel, each owner's in
    their DM."""

    def in_language(language: str) -> Callable[[], tuple[str, list[Block] | None]]:
        def built() -> tuple[str, list[Block] | None]:
            with speaking(language):
                return build()

        return built

    return _tell(
        client,
        project,
        owner_ids,
        in_language(project.language),
        lambda owner_id: in_language(of_user(deps, owner_id, project)),
    )


def _tell(
    client: WebClient,
    project: Project,
    owner_ids: list[str],
    for_channel: Callable[[], tuple[str, list[Block] | None]],
    for_owner: Callable[[str], Callable[[], tuple[str, list[Block] | None]]],
) -> bool:
    channel = project.internal_channel_id
    if channel is not None:
        try:
            client.chat_postMessage(channel=channel, **_message(for_channel))
            return True
        except SlackApiError as error:
            logger.warning("post to the internal channel refused: %s", error.response.get("error"))
    delivered = False
    for owner_id in owner_ids:
        try:
            client.chat_postMessage(channel=owner_id, **_message(for_owner(owner_id)))
            delivered = True
        except SlackApiError as error:
            logger.warning("direct message to an owner refused: %s", error.response.get("error"))
    return delivered


def _message(build: Callable[[], tuple[str, list[Block] | None]]) -> dict[str, Any]:
    text, blocks = build()
    return {"text": text, "blocks": blocks} if blocks else {"text": text}


def dm_channel(client: WebClient, user_id: str) -> str:
    """The id of the bot's direct-message channel with a person (files need it; chat.postMessage
    would take the user id itself)."""
    return str(client.conversations_open(users=user_id)["channel"]["id"])
