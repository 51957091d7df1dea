"""The App Home tab: opening it publishes a fresh dashboard of the person's projects.

Slack sends `app_home_opened` each time someone opens the app (`tab` is "home" or "messages");
Bolt acknowledges events before the listener runs. What fails afterwards (the database, or
Slack refusing views.publish) is logged through `after_ack`, never raised to Bolt.

The Home is the viewer's own: in their Slack language, else the language their projects share,
else the workspace default.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from bot.home.blocks import build_home
from bot.home.cards import load_home
from bot.platform.asking import home_team_id
from bot.platform.deps import Deps
from bot.platform.i18n import speaking, supported
from storage.db import session_scope


def register(app: App, deps: Deps) -> None:
    def handle_app_home_opened(
        event: dict[str, Any], body: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        if event.get("tab") != "home":
            return
        user_id = str(event["user"])

        @deps.later(body, None, client)
        def finish() -> None:
            # The person's own workspace (users.info), so Slack Connect clients read as clients.
            caller = deps.directory.caller(user_id, event.get("user_team"))
            with session_scope(deps.engine) as session:
                home = load_home(
                    session=session,
                    caller=caller,
                    home_team_id=home_team_id(context),
                    now=deps.clock(),
                )
            language = (
                supported(caller.locale)
                or supported(home.language)
                or deps.settings.default_language
            )
            with speaking(language):
                view = build_home(home)
            client.views_publish(user_id=user_id, view=view)

    app.event("app_home_opened")(handle_app_home_opened)
