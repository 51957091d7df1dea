"""Events: a mention of the bot gets a pointer to what it can do, in the channel's language (the
project's; the workspace default where there is none), whoever mentioned it."""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.platform.asking import Asking, Later
from bot.platform.deps import Deps
from bot.platform.i18n import N_, _, speaking
from bot.platform.language import of_project

logger = logging.getLogger(__name__)

MENTION_REPLY = N_(
    "Hi! I keep this project's communication plan running. "
    "Team: `/status` to post an update, `/risk` to log a risk. Everyone: `/feedback` to tell "
    "the team something, `/change` to propose a change of scope. `/project plan` shows who "
    "hears what, when."
)


def register(app: App) -> None:
    app.event("app_mention")(handle_app_mention)


def register_single_workspace(app: App) -> None:
    """With the one token of `.env`, an uninstall leaves nothing to delete: it is said in the
    log, for the operator (OAuth mode deletes the installation instead: bot/app.py)."""
    app.event("app_uninstalled")(note_uninstalled)
    app.event("tokens_revoked")(note_uninstalled)


def note_uninstalled(event: dict[str, Any]) -> None:
    if event.get("type") == "tokens_revoked" and not (event.get("tokens") or {}).get("bot"):
        return  # people's own tokens: Rapport has none
    logger.error(
        "Slack says the app was uninstalled or its bot token revoked: SLACK_BOT_TOKEN no longer "
        "works. Install the app again and put its new Bot User OAuth Token in .env."
    )


def handle_app_mention(
    event: dict[str, Any], client: WebClient, asking: Asking, deps: Deps, later: Later
) -> None:
    # The project's language in its channels; the default elsewhere, or when the database did
    # not answer (a pointer to the commands is still worth sending).
    with speaking(of_project(asking.project, deps.settings.default_language)):
        reply = _(MENTION_REPLY)
    thread = event.get("thread_ts") or event["ts"]
    later(partial(client.chat_postMessage, channel=event["channel"], thread_ts=thread, text=reply))
