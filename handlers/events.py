"""Events: a mention of the bot gets a pointer to what it can do, in the channel's language (the
project's; the workspace default where there is none), whoever mentioned it."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient
from sqlalchemy.exc import SQLAlchemyError

from bot.platform.deps import Deps
from bot.platform.i18n import N_, _, speaking
from bot.platform.language import of_project
from storage.db import session_scope
from storage.projects import project_for_channel

logger = logging.getLogger(__name__)
MENTION_REPLY = N_(
    "Hi! I keep this project's communication plan running. "
    "Team: `/status` to post an update, `/risk` to log a risk. Everyone: `/feedback` to tell "
    "the team something, `/change` to propose a change of scope. `/project plan` shows who "
    "hears what, when."
)


def register(app: App, deps: Deps) -> None:
    def handle_app_mention(event: dict[str, Any], body: dict[str, Any], client: WebClient) -> None:
        @deps.later(body, None, client)
        def finish() -> None:
            language = _channel_language(deps, str(event["channel"]))
            with speaking(language):
                reply = _(MENTION_REPLY)
            client.chat_postMessage(
                channel=event["channel"],
                thread_ts=event.get("thread_ts") or event["ts"],
                text=reply,
            )

    app.event("app_mention")(handle_app_mention)


def _channel_language(deps: Deps, channel_id: str) -> str:
    """The project's language in its channels; the default elsewhere, or when the database does
    not answer (a pointer to the commands is still worth sending)."""
    try:
        with session_scope(deps.engine) as session:
            project = project_for_channel(session=session, channel_id=channel_id)
            return of_project(project, deps.settings.default_language)
    except SQLAlchemyError:
        logger.info("no channel language for a mention: the database did not answer")
        return deps.settings.default_language
