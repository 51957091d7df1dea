"""Telling the team, one rule for every feature: the internal channel, in the project's
language; without one, or when Slack refuses the post there, each owner by direct message, in
that owner's own language, with a line that says why it came directly.

Failures are logged, never raised: what the message reports is saved already, and a retry of
the request would save it twice. `Told` says where the team heard it, so a feature can update
the post in place later or tell the person who acted where the alert went.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.platform.blocks import Block, context, fit_message
from bot.platform.deps import Deps
from bot.platform.errors import slack_reason
from bot.platform.i18n import _, speaking
from bot.platform.language import of_project, of_user
from bot.platform.slack_client import best_effort
from storage.models import Project

logger = logging.getLogger(__name__)

Message = tuple[str, list[Block] | None]  # the notification text, and blocks if any


@dataclass(frozen=True)
class Post:
    channel_id: str  # the internal channel, or the owner's direct-message channel
    ts: str


@dataclass(frozen=True)
class Told:
    """Where the team heard it: in the internal channel (`channel_id`, all the owners told
    there), or, when that was not possible, in the direct messages of `owner_ids`; `posts` are
    the messages made."""

    channel_id: str | None
    owner_ids: tuple[str, ...]
    posts: tuple[Post, ...]

    @property
    def anyone(self) -> bool:
        """Whether the team heard of it (an internal post Slack did not confirm counts: it may
        well be there, and a second try would double it)."""
        return bool(self.channel_id or self.posts)


def tell_team(
    deps: Deps,
    client: WebClient,
    project: Project,
    owner_ids: list[str],
    build: Callable[[], Message],
    *,
    what: str,
) -> Told:
    """Post what `build` makes, built anew for each reader in their language: once in the
    internal channel or, failing that, once for each owner. `what` names it in the logs."""
    channel = project.internal_channel_id
    refused: str | None = None
    if channel is not None and channel != project.client_channel_id:
        with speaking(of_project(project, deps.settings.default_language)):
            message = build()
        try:
            posted = _post(client, channel, message)
            return Told(channel, tuple(owner_ids), (posted,))
        except SlackApiError as error:
            refused = str(error.response.get("error"))
            logger.warning("%s refused in the internal channel: %s", what, refused)
        except OSError as error:  # no answer in time: it may be there; never doubled by DMs
            logger.warning("%s to the internal channel unconfirmed: %s", what, error)
            return Told(channel, tuple(owner_ids), ())
    told: list[str] = []
    posts: list[Post] = []
    for owner_id in owner_ids:
        with speaking(of_user(deps, owner_id, project)):
            text, blocks = build()
            why = why_directly(channel, refused)
        try:
            posts.append(_post(client, owner_id, _with_reason(text, blocks, why)))
            told.append(owner_id)
        except (SlackApiError, OSError) as error:
            logger.warning("%s to an owner failed: %s", what, slack_reason(error, str(error)))
    return Told(None, tuple(told), tuple(posts))


def edit_post(
    client: WebClient,
    channel_id: str,
    ts: str,
    language: str,
    build: Callable[[], tuple[str, list[Block]]],
    *,
    what: str,
) -> None:
    """A message posted earlier, edited in place to show what changed since, built in
    `language`. A refusal or a lost answer is logged, not raised (`best_effort`): what changed
    is saved already. `what` names it in the logs."""
    with speaking(language):
        text, blocks = build()
    best_effort(what, client.chat_update, channel=channel_id, ts=ts, text=text, blocks=blocks)


def why_directly(channel_id: str | None, refused: str | None) -> str:
    """Why a message to the team came by direct message, in the reader's language."""
    if channel_id is None:
        return _(
            "This project has no internal channel, so each owner hears of this directly: "
            "`/project set internal-channel #name`."
        )
    return _(
        "I could not post this in <#{channel}> (Slack said `{reason}`). Invite me there: "
        "`/invite @Rapport`."
    ).format(channel=channel_id, reason=refused)


def _with_reason(text: str, blocks: list[Block] | None, why: str) -> Message:
    if blocks:
        return text, fit_message([*blocks, context(why)])
    return f"{text}\n{why}", None


def _post(client: WebClient, channel: str, message: Message) -> Post:
    text, blocks = message
    response = client.chat_postMessage(
        channel=channel, text=text, blocks=blocks or None, unfurl_links=False
    )
    return Post(str(response["channel"]), str(response["ts"]))


def dm_channel(client: WebClient, user_id: str) -> str:
    """The id of the bot's direct-message channel with a person (files need it; chat.postMessage
    would take the user id itself)."""
    return str(client.conversations_open(users=user_id)["channel"]["id"])
