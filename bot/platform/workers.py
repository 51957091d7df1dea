"""`serve` in production: gunicorn with WEB_WORKERS processes × HTTP_THREADS threads.

One Python process serves about half of what this machine can answer (the GIL), so Rapport runs
several, as gunicorn workers with threads (the fastest way measured for a Bolt app here; see
bench/load.py). Each worker builds its own engine, Bolt app and thread pool after the fork:
nothing that holds sockets or threads crosses it. One of the workers also runs the scheduler
(`SchedulerDuty`): there is one however many workers there are, it is back within seconds when
its worker dies and gunicorn replaces it, and it costs no process of its own (a forked one held
some 25 MB that it did not share).
"""

from __future__ import annotations

import fcntl
import gc
import logging
import os
import shutil
import tempfile
import threading
from collections.abc import Callable
from typing import IO, Any, Protocol

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
TOUCH_SECONDS = 3600.0  # how often the scheduler's worker touches its lock file


class Scheduler(Protocol):
    def start(self) -> None: ...
    def shutdown(self) -> None: ...


class SchedulerDuty:
    """The scheduler, run by whichever worker holds the exclusive lock on `path` (a file in the
    arbiter's folder). The other workers try again every `retry` seconds: when the holder dies,
    the kernel lets the lock go with its files and another worker takes the duty up. A handover
    that overlaps for a moment doubles nothing, since every scheduled post claims its period in
    the database first (bot/scheduling/publishing.py)."""

    def __init__(
        self,
        path: str,
        start: Callable[[], Scheduler],
        alive: Callable[[], bool],
        retry: float = 2.0,
    ) -> None:
        self._path, self._start, self._alive, self._retry = path, start, alive, retry
        self._stopped = threading.Event()
        self._lock: IO[bytes] | None = None
        self._running: Scheduler | None = None
        self._thread = threading.Thread(target=self._take_up, name="scheduler-duty", daemon=True)

    def begin(self) -> None:
        self._thread.start()

    def stop_trying(self) -> None:
        self._stopped.set()

    def end(self) -> None:
        """Stop the scheduler if this worker runs it, after its running jobs (SIGTERM)."""
        self._stopped.set()
        self._thread.join(timeout=5)
        if self._running is not None:
            self._running.shutdown()
        if self._lock is not None:
            self._lock.close()  # lets go of the lock

    def _take_up(self) -> None:
        # A worker told to stop (SIGTERM, a reload) does not take up what another let go.
        while not self._stopped.is_set() and self._alive():
            if self._try_to_take():
                logger.info("worker %s runs the scheduler", os.getpid())
                self._keep_fresh()
                return
            self._stopped.wait(self._retry)

    def _try_to_take(self) -> bool:
        """The lock and a started scheduler, or neither (another worker has the lock, or the
        database was away at start: let another worker try)."""
        lock: IO[bytes] | None = None
        try:
            lock = open(self._path, "a+b")  # noqa: SIM115 (held for as long as the duty)
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            scheduler = self._start()
            scheduler.start()
        except Exception as error:
            if not isinstance(error, BlockingIOError):
                logger.exception("the scheduler could not start in worker %s", os.getpid())
            if lock is not None:
                lock.close()
            return False
        self._lock, self._running = lock, scheduler
        return True

    def _keep_fresh(self) -> None:
        """Touch the lock file while the duty is held: a cleaner of old files in /tmp
        (systemd-tmpfiles, 10 days) would otherwise remove it, and the next worker to look
        would lock a new one and run a second scheduler."""
        while not self._stopped.wait(TOUCH_SECONDS):
            try:
                os.utime(self._path)
            except OSError:
                logger.warning("could not touch the scheduler's lock file", exc_info=True)


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
    def __init__(
        self,
        settings: Settings,
        build_app: Callable[[Deps], App],
        build_scheduler: Callable[[Deps], Scheduler] | None,
        folder: str,
    ) -> None:
        self.settings = settings
        self.build_app, self.build_scheduler = build_app, build_scheduler
        self.folder = folder  # the arbiter's: the workers' counters and the scheduler's lock
        self.deps: Deps | None = None  # in each worker, once it has loaded the app
        self.duty: SchedulerDuty | None = None
        self.scheduler_deps: Deps | None = None  # in the worker that runs the scheduler
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
            "post_worker_init": self._worker_ready,
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
        self.deps = deps = make_deps(self.settings, engine, metrics=metrics)
        return make_wsgi_app(self.build_app(deps), deps)

    def _start_scheduler(self) -> Scheduler:
        assert self.build_scheduler is not None and self.deps is not None
        if self.scheduler_deps is None:
            # An engine of its own: a scheduled write waits for SQLite's lock as long as the
            # scheduler's own process would (15 s), not a request's 2 s.
            engine = make_engine(self.settings.database_url)
            self.scheduler_deps = make_deps(self.settings, engine, metrics=self.deps.metrics)
        return self.build_scheduler(self.scheduler_deps)

    def _worker_ready(self, worker: Any) -> None:
        logger.debug("worker %s ready", worker.pid)
        if self.build_scheduler is not None:
            lock = os.path.join(self.folder, "scheduler.lock")
            self.duty = SchedulerDuty(lock, self._start_scheduler, lambda: bool(worker.alive))
            self.duty.begin()

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
        if self.duty is not None:
            self.duty.stop_trying()
        if self.deps is not None:
            self.deps.close()  # what was acknowledged is finished first
        if self.duty is not None:
            self.duty.end()  # then the scheduler's running jobs
        if self.scheduler_deps is not None:
            self.scheduler_deps.close()


def serve_with_workers(
    settings: Settings,
    build_app: Callable[[Deps], App],
    *,
    build_scheduler: Callable[[Deps], Scheduler] | None,
) -> int:
    """Run until SIGTERM or SIGINT. Each worker builds its Bolt app with `build_app` after the
    fork, and one of them the scheduler with `build_scheduler` (None: no scheduler here)."""
    # What this process imported and loaded stays out of the collector's reach, so the workers
    # forked from it leave the pages they share with it alone.
    gc.freeze()
    # The workers' counters, added up by whichever worker answers GET /metrics.
    folder = tempfile.mkdtemp(prefix="rapport-metrics-")
    os.environ[METRICS_FOLDER] = folder
    arbiter = os.getpid()
    try:
        RapportServer(settings, build_app, build_scheduler, folder).run()
    except SystemExit as stop:  # gunicorn leaves by sys.exit, with its status
        return int(stop.code or 0)
    finally:
        # A worker leaves by SystemExit too, through this very frame (it was forked inside
        # `run`): only the arbiter cleans up what it started.
        if os.getpid() == arbiter:
            shutil.rmtree(folder, ignore_errors=True)
    return 0
