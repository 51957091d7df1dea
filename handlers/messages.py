"""Messages in client channels: the raw material of first-response times."""

from __future__ import annotations

from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.platform.deps import Deps
from bot.responses.service import on_message


def register(app: App, deps: Deps) -> None:
    def handle_message(event: dict[str, Any], body: dict[str, Any], client: WebClient) -> None:
        deps.later(body, None, client)(lambda: on_message(deps, client, event))

    app.event("message")(handle_message)
