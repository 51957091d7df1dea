"""What handlers and jobs need from the outside world, built once and passed down."""

from __future__ import annotations

import contextvars
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Engine

from bot.platform.asking import ProjectCopies
from bot.platform.errors import after_ack
from bot.platform.metrics import Metrics
from bot.platform.people import Directory
from bot.platform.settings import Settings
from bot.platform.slack_client import make_web_client
from bot.platform.workspaces import Workspaces, make_workspaces
from storage.db import ThreadSessions
from storage.models import utcnow


class Background:
    """The pool that runs what follows an acknowledgement, and a count of what it still has to
    do, so a shutdown (or a test) can tell when everything acknowledged is finished."""

    def __init__(self, workers: int = 8, name: str = "after-ack") -> None:
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix=name)
        self._pending = 0
        self._changed = threading.Condition()

    def submit(self, work: Callable[[], object]) -> None:
        with self._changed:
            self._pending += 1
        # The work runs in the submitter's context: the reader's language (i18n.py) goes along.
        self._pool.submit(contextvars.copy_context().run, self._run, work)

    def _run(self, work: Callable[[], object]) -> None:
        try:
            work()
        finally:
            with self._changed:
                self._pending -= 1
                self._changed.notify_all()

    def wait_idle(self, timeout: float) -> bool:
        """True once nothing is queued or running (False if still busy after `timeout` s)."""
        with self._changed:
            return self._changed.wait_for(lambda: self._pending == 0, timeout)

    def shutdown(self, wait: bool = True) -> None:
        self._pool.shutdown(wait=wait)


@dataclass(frozen=True)
class Deps:
    settings: Settings
    engine: Engine
    directory: Directory
    # Whose bot token speaks for a workspace: the one of .env, or each installation's (OAuth).
    workspaces: Workspaces
    clock: Callable[[], datetime] = field(default=utcnow)
    metrics: Metrics = field(default_factory=Metrics)
    # Told the project id after its plan changed, so a scheduler in this process reschedules.
    plan_listeners: list[Callable[[int], None]] = field(default_factory=list)
    # Work that follows an acknowledgement: Bolt answers Slack when the listener returns
    # (process_before_response), so what comes after ack() runs here instead.
    background: Background = field(default_factory=lambda: Background())
    # Emails to stakeholders outside Slack (bot/email/): a pool of their own, so that a slow
    # SMTP server holds up neither Slack's after-ack work nor the scheduler's posts.
    mail: Background = field(default_factory=lambda: Background(workers=2, name="mail"))
    # Each server thread's own session, reused request after request (storage/db.py).
    sessions: ThreadSessions = field(init=False)
    # The projects as this process last read them, checked on every request (asking.py).
    projects: ProjectCopies = field(default_factory=ProjectCopies)

    def __post_init__(self) -> None:
        object.__setattr__(self, "sessions", ThreadSessions(self.engine))

    def later(
        self,
        body: dict[str, Any],
        respond: Any,
        client: Any,
        submit: Callable[[Callable[[], object]], None] | None = None,
    ) -> Callable[[Callable[[], object]], None]:
        """What a listener hands the work that follows its acknowledgement to: the work runs
        off the request thread, its failures reported to the person like any listener's, in the
        request's language (the caller's, language.py), so its private answers need nothing
        more; a post to a channel is still built inside `i18n.speaking(project.language)`.
        `submit` holds it back (a request's unit of work, until it has committed); by default
        it goes to the pool at once."""

        def schedule(work: Callable[[], object]) -> None:
            def run() -> None:
                with after_ack(self.metrics, body, respond, client):
                    work()

            (submit or self.background.submit)(run)

        return schedule

    def close(self) -> None:
        """At the end of the process: what was acknowledged is finished, connections closed."""
        self.background.shutdown(wait=True)
        self.mail.shutdown(wait=True)
        self.sessions.close_all()
        self.engine.dispose()

    def plan_changed(self, project_id: int) -> None:
        for listener in list(self.plan_listeners):
            listener(project_id)


def make_deps(
    settings: Settings,
    engine: Engine,
    *,
    clock: Callable[[], datetime] = utcnow,
    metrics: Metrics | None = None,
) -> Deps:
    lookups = make_web_client(
        settings, timeout=min(2, settings.slack_timeout_seconds), retries="none"
    )
    workspaces = make_workspaces(settings, engine)
    return Deps(
        settings=settings,
        engine=engine,
        directory=Directory(lookups, tokens=workspaces),
        workspaces=workspaces,
        clock=clock,
        metrics=metrics or Metrics(),
    )


def forget_unfinished_installs(deps: Deps, _client_for: object = None) -> None:
    """Each visit of the install page leaves an OAuth state behind until its install ends:
    those past their 10 minutes are dropped at every sweep (OAuth mode; nothing otherwise)."""
    deps.workspaces.sweep(deps.clock())
