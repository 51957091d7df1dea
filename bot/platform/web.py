"""The production HTTP server: waitress (a multi-threaded WSGI server) in front of Bolt.

POST /slack/events  slash commands, interactivity and events (signed by Slack)
GET  /healthz       200 when the database answers, 503 otherwise
GET  /metrics       Prometheus counters (bot/platform/metrics.py)
and the pages of Rapport's own that the app carries (`web_pages`: /email/unsubscribe)
GET  /slack/install and /slack/oauth_redirect   "Add to Slack" (OAuth mode only)

Each request runs in a context of its own with a `Delivery` (bot/platform/logs.py): a request id
(the trusted proxy's X-Request-ID, so nginx's access log and Rapport's share it, else a new one)
and, for Slack's, the delivery's kind; it ends with one log line naming the client
(bot/platform/forwarded.py), the status and the time taken.
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import secrets
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST
from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_bolt.adapter.wsgi.http_request import WsgiHttpRequest
from slack_bolt.request import BoltRequest
from slack_bolt.response import BoltResponse
from waitress.server import create_server

from bot.platform.deps import Deps
from bot.platform.forwarded import TrustedProxies
from bot.platform.logs import begin_delivery, current_delivery
from storage.db import database_answers

logger = logging.getLogger(__name__)
requests_log = logging.getLogger("rapport.access")

# The install page and the redirect back from Slack are served in OAuth mode only.
KNOWN_PATHS = ("/slack/events", "/healthz", "/metrics", "/slack/install", "/slack/oauth_redirect")
WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
# Requests monitors make every few seconds are logged at DEBUG, Slack's at INFO.
MONITORING_PATHS = ("/healthz", "/metrics")
REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")  # nginx's $request_id: 32 hex digits
SLACK_KIND = re.compile(r"[A-Za-z0-9_/:.-]{1,60}")


def delivery_kind(body: object) -> str | None:
    """Slack's name for a delivery, never its text: `/status`, `event:app_mention`,
    `block_actions`, `view_submission`. The body is not yet known to be Slack's (the signature
    is checked after), so a name that does not look like one is left out."""
    if not isinstance(body, dict):
        return None
    if body.get("command"):
        kind = str(body["command"])
    elif body.get("type") == "event_callback" and isinstance(body.get("event"), dict):
        kind = f"event:{body['event'].get('type')}"
    else:
        kind = str(body.get("type") or "")
    return kind if SLACK_KIND.fullmatch(kind) else None


class _SlackRequests(SlackRequestHandler):
    """Bolt's WSGI adapter, noting the delivery's kind for the logs from the body it parses."""

    def dispatch(self, request: WsgiHttpRequest) -> BoltResponse:
        bolt_request = BoltRequest(
            body=request.get_body(), query=request.query_string, headers=request.get_headers()
        )
        delivery = current_delivery()
        if delivery is not None:
            delivery.kind = delivery_kind(bolt_request.body)
        return self.app.dispatch(bolt_request)


def make_wsgi_app(bolt_app: App, deps: Deps) -> WSGIApp:
    slack = _SlackRequests(bolt_app, path="/slack/events")
    # Pages for browsers, not Slack (the unsubscribe page of emails): the composition root
    # (bot/app.py) puts them on the app, since the platform imports no feature.
    pages: Mapping[str, WSGIApp] = getattr(bolt_app, "web_pages", {})
    metrics, engine = deps.metrics, deps.engine
    proxies = TrustedProxies(deps.settings.forwarded_allow_ips)

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        # A context of its own per request: what one request sets (its reader's language, its
        # Delivery) never leaks into the next one this thread serves.
        return contextvars.copy_context().run(served, environ, start_response)

    def served(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        proxies.apply(environ)
        begin_delivery(_request_id(environ))
        path = environ.get("PATH_INFO", "")
        known = path if path in KNOWN_PATHS or path in pages else "other"
        started = time.perf_counter()
        status = "-"

        def counted_start(status_line: str, headers: list[tuple[str, str]], *rest: Any) -> Any:
            nonlocal status
            status = status_line.split(" ", 1)[0]
            metrics.count_request(known, status)
            return start_response(status_line, headers, *rest)

        try:
            return route(environ, counted_start)
        finally:
            elapsed = time.perf_counter() - started
            metrics.time_request(known, elapsed)
            _log_request(environ, known, status, elapsed)

    def route(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == "/metrics":
            return _answer(start_response, "200 OK", CONTENT_TYPE_LATEST, metrics.exposition())
        if environ.get("PATH_INFO") == "/healthz":
            healthy = database_answers(engine)
            body = json.dumps({"ok": healthy, "database": "up" if healthy else "down"}).encode()
            status = "200 OK" if healthy else "503 Service Unavailable"
            return _answer(start_response, status, "application/json", body)
        if (page := pages.get(environ.get("PATH_INFO", ""))) is not None:
            return page(environ, start_response)
        try:
            return slack(environ, start_response)
        except Exception as error:
            # Bolt could not even read the request (a form field `payload` that is not JSON,
            # a body that is not an object): nothing was done, and Slack never sends such.
            logger.warning("refused a request Bolt could not parse (%s)", type(error).__name__)
            body = b"Malformed request: the body is not a Slack payload."
            return _answer(start_response, "400 Bad Request", "text/plain; charset=utf-8", body)

    return app


def _answer(
    start_response: Callable[..., Any], status: str, content_type: str, body: bytes
) -> list[bytes]:
    start_response(status, [("Content-Type", content_type), ("Content-Length", str(len(body)))])
    return [body]


def _request_id(environ: dict[str, Any]) -> str:
    """The proxy's id for the request (only a trusted proxy's header is left), else a new one."""
    given = str(environ.get("HTTP_X_REQUEST_ID", ""))
    return given if REQUEST_ID.fullmatch(given) else secrets.token_hex(8)


def _log_request(environ: dict[str, Any], path: str, status: str, elapsed: float) -> None:
    """One line a request. `path` is one of KNOWN_PATHS or "other": what a stranger puts in a
    URL never reaches the log."""
    level = logging.DEBUG if path in MONITORING_PATHS else logging.INFO
    if not requests_log.isEnabledFor(level):
        return
    method = str(environ.get("REQUEST_METHOD", ""))
    method = method if method.isalpha() and len(method) <= 10 else "?"
    client = str(environ.get("REMOTE_ADDR", ""))
    milliseconds = round(elapsed * 1000, 1)
    delivery = current_delivery()
    requests_log.log(
        level,
        "%s %s %s from %s in %s ms",
        method,
        path,
        status,
        client,
        milliseconds,
        extra={
            "request_id": delivery.request_id if delivery else None,
            "kind": delivery.kind if delivery else None,
            "client": client,
            "method": method,
            "path": path,
            "status": int(status) if status.isdigit() else None,
            "duration_ms": milliseconds,
        },
    )


class HttpServer:
    """A waitress server that can run in the foreground (serve) or in a thread (tests, demo)."""

    def __init__(
        self, wsgi_app: WSGIApp, *, host: str, port: int, threads: int, wake_every: float = 1.0
    ) -> None:
        """`wake_every`: how often the loop looks up from its sockets, so how long stop() may
        wait for it (waitress's asyncore_loop_timeout; the stand-in's stacks stop often)."""
        # Any: waitress returns a union whose single-socket member carries effective_port.
        self._server: Any = create_server(
            wsgi_app,
            host=host,
            port=port,
            threads=threads,
            ident="rapport",
            # Forwarding headers are weighed by make_wsgi_app (bot/platform/forwarded.py).
            clear_untrusted_proxy_headers=False,
            asyncore_loop_timeout=wake_every,
        )
        self._thread: threading.Thread | None = None
        self._stopping = False

    @property
    def port(self) -> int:
        return int(self._server.effective_port)

    @property
    def url(self) -> str:
        return f"http://{self._server.effective_host}:{self.port}"

    def run(self) -> None:
        """Block until stop() (or SIGINT/SIGTERM turned into SystemExit) ends the loop."""
        try:
            self._server.run()
        except OSError:
            # stop() from another thread closes the socket under the poll loop's feet.
            if not self._stopping:
                raise

    def start_in_thread(self) -> None:
        self._thread = threading.Thread(target=self.run, name="http-server", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stopping = True
        self._server.close()
        self._server.task_dispatcher.shutdown(timeout=5)
        if self._thread is not None:
            self._thread.join(timeout=5)
