"""Socket Mode: Rapport connects out to Slack over a WebSocket instead of taking HTTP requests,
for teams without a public URL. The same Bolt app (handlers, middleware, retry de-duplication,
error handler) runs behind Bolt's SocketModeHandler with slack-sdk's built-in client, which
needs no extra package. Slack still wants each envelope acknowledged within 3 seconds, and
still retries deliveries it did not see acknowledged: a retry carries the same event_id or
trigger_id, so middleware/retries.py lets it through once, exactly as over HTTP (Bolt also passes
`retry_attempt` on as the X-Slack-Retry-Num header).

`apps.connections.open` is called with the app-level token on the app's WebClient, so
SLACK_API_URL points it at the local stand-in in tests as it does every other method.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_sdk.errors import SlackApiError

from bot.platform.settings import Settings, require_app_token
from bot.platform.web import WSGIApp

SLACK_EVENTS_PATH = "/slack/events"


class SocketModeError(RuntimeError):
    """Socket Mode could not start; the message says what to change."""


def make_socket_mode_handler(app: App, settings: Settings) -> SocketModeHandler:
    return SocketModeHandler(app, app_token=require_app_token(settings))


def connect_socket_mode(handler: SocketModeHandler) -> None:
    """Open the first connection, or raise SocketModeError naming the setting to fix. Later
    disconnections are the client's business: it asks for a new URL and reconnects."""
    try:
        handler.client.connect()  # (the handler's own connect() is untyped)
    except SlackApiError as error:
        code = error.response.get("error", "an error")
        raise SocketModeError(
            f"Slack refused SLACK_APP_TOKEN ({code}): use the app-level token (xapp-…) from "
            "Basic Information → App-Level Tokens, with the connections:write scope, and "
            "enable Socket Mode for the app."
        ) from None
    except OSError as error:
        raise SocketModeError(
            f"Could not reach Slack at SLACK_API_URL to open a Socket Mode connection: {error}."
        ) from None
    if not handler.client.is_connected():
        raise SocketModeError(
            "Slack gave a Socket Mode URL but the WebSocket connection to it failed; "
            "check that outbound connections to wss://*.slack.com are allowed."
        )


def without_slack_events(wsgi_app: WSGIApp) -> WSGIApp:
    """The HTTP server keeps /healthz and /metrics; Slack's requests come over the socket, so
    /slack/events says so instead of accepting signed requests too."""
    body = json.dumps(
        {"ok": False, "error": "socket_mode", "detail": "Slack delivers over Socket Mode here"}
    ).encode()

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == SLACK_EVENTS_PATH:
            start_response(
                "404 Not Found",
                [("Content-Type", "application/json"), ("Content-Length", str(len(body)))],
            )
            return [body]
        return wsgi_app(environ, start_response)

    return app
