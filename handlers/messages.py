"""Messages in client channels: the raw material of first-response times."""

from __future__ import annotations

from functools import partial
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient
from sqlmodel import Session

from bot.platform.asking import Asking, Later
from bot.platform.deps import Deps
from bot.responses.service import on_message, update_alerts


def register(app: App) -> None:
    app.event("message")(handle_message)


def handle_message(
    event: dict[str, Any],
    client: WebClient,
    asking: Asking,
    deps: Deps,
    session: Session,
    later: Later,
) -> None:
    answered = on_message(session, event, asking)
    if answered and asking.project is not None:
        later(partial(update_alerts, deps, client, asking.project, answered))
