"""Publishing a person's App Home: their projects' cards, read afresh each time they open it.

The Home is the viewer's own: in their Slack language, else the language their projects share,
else the workspace default.
"""

from __future__ import annotations

from slack_sdk import WebClient

from bot.home.blocks import build_home
from bot.home.cards import load_home
from bot.home.extras import build_extras, load_extras, with_extras
from bot.platform.asking import Asking
from bot.platform.deps import Deps
from bot.platform.i18n import speaking, supported
from storage.db import session_scope


def publish_home(deps: Deps, client: WebClient, asking: Asking) -> None:
    # The person's own workspace (users.info), so Slack Connect clients read as clients.
    with session_scope(deps.engine) as session:
        home = load_home(
            session=session,
            caller=asking.caller,
            home_team_id=asking.home_team_id,
            now=deps.clock(),
        )
        extras = load_extras(session=session, user_id=asking.user_id, now=deps.clock())
    language = (
        supported(asking.caller.locale)
        or supported(home.language)
        or deps.settings.default_language
    )
    with speaking(language):
        view = with_extras(build_home(home), build_extras(extras, deps.clock()))
    client.views_publish(user_id=asking.user_id, view=view)
