"""The App Home tab: opening it publishes a fresh dashboard of the person's projects.

Slack sends `app_home_opened` each time someone opens the app (`tab` is "home" or "messages");
Bolt acknowledges events before the listener runs. What fails afterwards (the database, or
Slack refusing views.publish) is logged through `later`, never raised to Bolt.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.home.service import publish_home
from bot.platform.asking import Asking, Later
from bot.platform.deps import Deps


def register(app: App) -> None:
    app.event("app_home_opened")(handle_app_home_opened)


def handle_app_home_opened(
    event: dict[str, Any], client: WebClient, asking: Asking, deps: Deps, later: Later
) -> None:
    if event.get("tab") == "home":
        later(partial(publish_home, deps, client, asking))
