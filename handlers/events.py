"""Events: a mention of the bot gets a pointer to what it can do."""

from __future__ import annotations

from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.deps import Deps

MENTION_REPLY = (
    "Hi! I keep this project's communication plan running. "
    "Team: `/status` to post an update, `/risk` to log a risk. Everyone: `/feedback` to tell "
    "the team something, `/change` to propose a change of scope. `/project plan` shows who "
    "hears what, when."
)


def register(app: App, deps: Deps) -> None:
    def handle_app_mention(event: dict[str, Any], body: dict[str, Any], client: WebClient) -> None:
        @deps.later(body, None, client)
        def finish() -> None:
            client.chat_postMessage(
                channel=event["channel"],
                thread_ts=event.get("thread_ts") or event["ts"],
                text=MENTION_REPLY,
            )

    app.event("app_mention")(handle_app_mention)
