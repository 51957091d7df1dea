"""`serve` in production: gunicorn with WEB_WORKERS processes × HTTP_THREADS threads.

One Python process serves about half of what this machine can answer (the GIL), so Rapport runs
several, as gunicorn workers with threads (the fastest way measured for a Bolt app here; see
bench/load.py). Each worker builds its own engine, Bolt app and thread pool after the fork:
nothing that holds sockets or threads crosses it. The scheduler runs in a process of its own
beside them, so there is one however many workers there are.
"""

from __future__ import annotations

import gc
import logging
import os
import shutil
import signal
import tempfile
import time
from collections.abc import Callable
from typing import Any

from gunicorn.app.base import BaseApplication
from gunicorn.arbiter import Arbiter
from gunicorn.glogging import Logger as GunicornLogger
from slack_bolt import App

from bot.platform.deps import Deps, make_deps
from bot.platform.metrics import Metrics, count_in_shared_folder
from bot.platform.settings import Settings
from bot.platform.web import WSGIApp, make_wsgi_app
from storage.db import make_engine

logger = logging.getLogger("rapport")

METRICS_FOLDER = "PROMETHEUS_MULTIPROC_DIR"  # prometheus_client's name for it


class _Arbiter(Arbiter):  # type: ignore[misc]
    def handle_term(self) -> None:
        logger.info("received SIGTERM, shutting down")
        super().handle_term()

    def handle_int(self) -> None:
        logger.info("received SIGINT, shutting down")
        super().handle_int()


class _GunicornLines(GunicornLogger):  # type: ignore[misc]
    """gunicorn's own lines (start, workers, signals) go through Rapport's handler, in
    LOG_FORMAT like every other line, rather than in gunicorn's format beside them."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            log.handlers.clear()
            log.propagate = True


class RapportServer(BaseApplication):  # type: ignore[misc]
    def __init__(self, settings: Settings, build_app: Callable[[Deps], App]) -> None:
        self.settings = settings
        self.build_app = build_app
        self.deps: Deps | None = None  # in each worker, once it has loaded the app
        super().__init__()

    def load_config(self) -> None:
        settings = self.settings
        level = max(settings.log_level_number, logging.INFO)  # never gunicorn's debug dumps
        for key, value in {
            "bind": f"{settings.host}:{settings.port}",
            "workers": settings.web_workers,
            "threads": settings.http_threads,
            "worker_class": "gthread",
            "keepalive": 5,
            "graceful_timeout": 20,
            "loglevel": logging.getLevelName(level).lower(),
            "accesslog": None,  # web.py logs each request, with the client behind the proxy
            "logger_class": _GunicornLines,
            # Signals control Rapport; gunicorn's socket would be written into $HOME, which the
            # service's user (deploy/rapport.service) does not have.
            "control_socket_disable": True,
            # The scheme from X-Forwarded-Proto, as web.py believes it: from these peers only.
            "forwarded_allow_ips": ",".join(settings.forwarded_allow_ips),
            "post_worker_init": _log_worker,
            "worker_exit": self._worker_exit,
            "when_ready": self._ready,
            "on_exit": lambda _arbiter: logger.info("Rapport stopped"),
        }.items():
            self.cfg.set(key, value)

    def load(self) -> WSGIApp:
        # SQLite: a request waits at most 2 s for another writer, well inside Slack's 3 s.
        engine = make_engine(self.settings.database_url, lock_wait=2)
        count_in_shared_folder()
        metrics = Metrics(shared_folder=os.environ[METRICS_FOLDER])
        self.deps = make_deps(self.settings, engine, metrics=metrics)
        return make_wsgi_app(self.build_app(self.deps), self.deps)

    def run(self) -> None:
        _Arbiter(self).run()

    def _ready(self, _arbiter: Any) -> None:
        gc.freeze()  # again: what gunicorn itself made since (see serve_with_workers)
        logger.info(
            "Rapport listening on http://%s:%s/slack/events (%d workers × %d threads)",
            self.settings.host,
            self.settings.port,
            self.settings.web_workers,
            self.settings.http_threads,
        )

    def _worker_exit(self, _arbiter: Any, _worker: Any) -> None:
        if self.deps is not None:
            self.deps.close()  # what was acknowledged is finished first


def _log_worker(worker: Any) -> None:
    logger.debug("worker %s ready", worker.pid)


def serve_with_workers(
    settings: Settings,
    build_app: Callable[[Deps], App],
    *,
    scheduler: Callable[[Settings], int] | None,
) -> int:
    """Run until SIGTERM or SIGINT; the scheduler process (`scheduler(settings)`, None: none
    here) stops with the server. Each worker builds its Bolt app with `build_app` after the
    fork."""
    # What this process imported and loaded stays out of the collector's reach, so the children
    # forked from it (the scheduler, the workers) leave the pages they share with it alone.
    gc.freeze()
    running = _fork(scheduler, settings) if scheduler is not None else None
    # The workers' counters, added up by whichever worker answers GET /metrics.
    folder = tempfile.mkdtemp(prefix="rapport-metrics-")
    os.environ[METRICS_FOLDER] = folder
    arbiter = os.getpid()
    try:
        RapportServer(settings, build_app).run()
    except SystemExit as stop:  # gunicorn leaves by sys.exit, with its status
        return int(stop.code or 0)
    finally:
        # A worker leaves by SystemExit too, through this very frame (it was forked inside
        # `run`): only the arbiter cleans up what it started.
        if os.getpid() == arbiter:
            shutil.rmtree(folder, ignore_errors=True)
            if running is not None:
                _stop(running)
    return 0


def _fork(main: Callable[[Settings], int], settings: Settings) -> int:
    """The scheduler in a process of its own, forked from this one rather than started anew:
    it shares the modules this process has imported (some 70 MB) instead of loading them a
    second time. Nothing here holds a thread or a socket yet. Its pid."""
    pid = os.fork()
    if pid == 0:  # the child: run, and never return into the parent's stack
        status = 1
        try:
            status = main(settings)
        except BaseException:
            logger.exception("the scheduler stopped")
        finally:
            logging.shutdown()
            os._exit(status)
    return pid


def _stop(pid: int, wait: float = 20) -> None:
    """SIGTERM, and SIGKILL if it is still there after `wait` seconds."""
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if os.waitpid(pid, os.WNOHANG) != (0, 0):
            return
        time.sleep(0.1)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
