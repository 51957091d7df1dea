"""The composition root: one Bolt app with every handler module registered."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App, BoltResponse
from slack_sdk.errors import SlackApiError

from bot.dedup import DeduplicateRetries
from bot.deps import Deps
from bot.slack_client import make_web_client
from handlers import events, feedback, project, status

logger = logging.getLogger("rapport")
HANDLER_MODULES = (project, status, feedback, events)
SORRY = (
    "Sorry, that did not work on my side and nothing was changed. Try again in a minute; "
    "if it keeps failing, tell whoever runs Rapport."
)
CHANNEL_HELP = {
    "not_in_channel": "I am not in that channel yet: type `/invite @Rapport` there, then retry.",
    "channel_not_found": "I cannot see that channel: type `/invite @Rapport` there, then retry.",
    "is_archived": "That channel is archived: pick another with `/project set`.",
}


def build_app(deps: Deps) -> App:
    app = App(
        client=make_web_client(deps.settings),
        signing_secret=deps.settings.slack_signing_secret,
        # auth.test runs on the first request instead of at import time, so the app can be
        # built while Slack (or the stand-in) is not reachable yet.
        token_verification_enabled=False,
        logger=logging.getLogger("rapport.bolt"),
    )
    app.use(DeduplicateRetries(deps))
    app.error(handle_error)
    for module in HANDLER_MODULES:
        module.register(app, deps)
    return app


def handle_error(error: Exception, body: dict[str, Any], respond: Any) -> BoltResponse | None:
    """Log the whole traceback; tell the person in words, never with a stack trace."""
    logger.exception("listener failed for %s", _describe(body), exc_info=error)
    message = SORRY
    if isinstance(error, SlackApiError):
        message = CHANNEL_HELP.get(str(error.response.get("error")), SORRY)
    if respond is not None:
        try:
            respond(text=message, response_type="ephemeral", replace_original=False)
        except Exception:  # the apology itself failing must not hide the first error
            logger.warning("could not tell the user about the failure", exc_info=True)
    return None


def _describe(body: dict[str, Any]) -> str:
    """What failed, without user text or secrets."""
    return str(body.get("command") or body.get("type") or "request")
