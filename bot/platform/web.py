"""The production HTTP server: waitress (a multi-threaded WSGI server) in front of Bolt.

POST /slack/events  slash commands, interactivity and events (signed by Slack)
GET  /healthz       200 when the database answers, 503 otherwise
GET  /metrics       Prometheus counters (bot/platform/metrics.py)
"""

from __future__ import annotations

import contextvars
import json
import logging
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST
from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from waitress.server import create_server

from bot.platform.deps import Deps
from storage.db import database_answers

logger = logging.getLogger(__name__)

KNOWN_PATHS = ("/slack/events", "/healthz", "/metrics")
WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def make_wsgi_app(bolt_app: App, deps: Deps) -> WSGIApp:
    slack = SlackRequestHandler(bolt_app, path="/slack/events")
    metrics, engine = deps.metrics, deps.engine

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        known = path if path in KNOWN_PATHS else "other"
        started = time.perf_counter()

        def counted_start(status: str, headers: list[tuple[str, str]], *rest: Any) -> Any:
            metrics.requests.labels(known, status.split(" ", 1)[0]).inc()
            return start_response(status, headers, *rest)

        try:
            # A context of its own per request: what one request sets (its reader's language)
            # never leaks into the next one this thread serves.
            return contextvars.copy_context().run(route, environ, counted_start)
        finally:
            metrics.latency.labels(known).observe(time.perf_counter() - started)

    def route(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == "/metrics":
            body = metrics.exposition()
            start_response(
                "200 OK",
                [("Content-Type", CONTENT_TYPE_LATEST), ("Content-Length", str(len(body)))],
            )
            return [body]
        if environ.get("PATH_INFO") == "/healthz":
            healthy = database_answers(engine)
            body = json.dumps({"ok": healthy, "database": "up" if healthy else "down"}).encode()
            status = "200 OK" if healthy else "503 Service Unavailable"
            start_response(
                status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
            )
            return [body]
        try:
            return slack(environ, start_response)
        except Exception as error:
            # Bolt could not even read the request (a form field `payload` that is not JSON,
            # a body that is not an object): nothing was done, and Slack never sends such.
            logger.warning("refused a request Bolt could not parse (%s)", type(error).__name__)
            body = b"Malformed request: the body is not a Slack payload."
            start_response(
                "400 Bad Request",
                [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body)))],
            )
            return [body]

    return app


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
            clear_untrusted_proxy_headers=True,
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
