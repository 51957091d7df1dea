"""`serve` in one process (waitress, or Socket Mode) and `scheduler`: run until a signal."""

from __future__ import annotations

import logging
import signal
import sys
import threading
from types import FrameType

from bot.app import build_app, build_scheduler
from bot.platform.deps import Deps
from bot.platform.socket_mode import (
    SocketModeError,
    connect_socket_mode,
    make_socket_mode_handler,
    without_slack_events,
)
from bot.platform.web import HttpServer, make_wsgi_app

logger = logging.getLogger("rapport")


def _stop_on_signals() -> threading.Event:
    stopped = threading.Event()

    def stop(signum: int, _frame: FrameType | None) -> None:
        logger.info("received %s, shutting down", signal.Signals(signum).name)
        stopped.set()
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    return stopped


def serve(deps: Deps, *, with_scheduler: bool, socket_mode: bool = False) -> int:
    settings = deps.settings
    bolt_app = build_app(deps)
    wsgi_app = make_wsgi_app(bolt_app, deps)
    # Socket Mode: the same Bolt app behind a WebSocket; HTTP only for /healthz and /metrics.
    socket = make_socket_mode_handler(bolt_app, settings) if socket_mode else None
    server = HttpServer(
        without_slack_events(wsgi_app) if socket_mode else wsgi_app,
        host=settings.host,
        port=settings.port,
        threads=settings.http_threads,
    )
    scheduler = build_scheduler(deps) if with_scheduler else None
    _stop_on_signals()
    try:
        if socket is not None:
            connect_socket_mode(socket)
            logger.info("Rapport connected to Slack over Socket Mode")
        if scheduler is not None:
            scheduler.start()
        where = "/healthz" if socket is not None else "/slack/events"
        logger.info("Rapport listening on http://%s:%s%s", settings.host, server.port, where)
        server.run()
    except SocketModeError as error:
        print(f"rapport: {error}", file=sys.stderr)
        return 2
    finally:
        if socket is not None:
            socket.client.close()
        server.stop()
        if scheduler is not None:
            scheduler.shutdown()
        deps.close()  # what was acknowledged is finished first
        logger.info("Rapport stopped")
    return 0


def run_scheduler(deps: Deps) -> int:
    scheduler = build_scheduler(deps)
    stopped = _stop_on_signals()
    try:
        scheduler.start()
        while not stopped.wait(1):
            pass
    except SystemExit:
        pass
    finally:
        scheduler.shutdown()
        deps.engine.dispose()
        logger.info("Rapport scheduler stopped")
    return 0
