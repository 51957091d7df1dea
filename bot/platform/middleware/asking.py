"""Before any listener: who is asking (bot/platform/asking.py), and the language they read.

Bolt runs its listener after the middleware chain rather than inside it, so the language is set,
not scoped: every request sets it first (the server runs each request in a context of its own),
and the after-ack pool copies it with the work it is handed. Listeners take what this puts in
Bolt's context by name: `asking`, `deps`, `session` (the request's, bot/platform/unit_of_work.py)
and `later`. With the database away, the request is answered "try again" here.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import BoltContext, BoltResponse
from slack_bolt.middleware.middleware import Middleware
from slack_bolt.request import BoltRequest
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from bot.platform.asking import resolve, user_of
from bot.platform.deps import Deps
from bot.platform.i18n import set_current
from bot.platform.language import of_person
from bot.platform.people import Caller
from bot.platform.unit_of_work import REQUEST_WORK, RequestWork, database_down_answer, kind_of

logger = logging.getLogger(__name__)


class ResolveAsking(Middleware):
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    def process(self, *, req: BoltRequest, resp: BoltResponse, next: Any) -> BoltResponse | None:  # noqa: A002 (Bolt's name)
        deps, context = self.deps, req.context
        user_id, team_id = user_of(req.body)
        home = home_team_id(context)
        # An event with no person behind it (a bot's message) has an empty user id.
        caller = (
            deps.directory.caller(user_id, team_id, workspace=home)
            if user_id
            else Caller("", team_id)
        )
        work: RequestWork = context[REQUEST_WORK]
        try:
            try:
                asking = resolve(work.session, deps.projects, req.body, caller, home)
            except DBAPIError as error:
                if not error.connection_invalidated:
                    raise
                # The thread's connection died while it waited (the database restarted): this
                # was the request's first statement, so a new connection loses nothing.
                asking = resolve(work.renew_session(), deps.projects, req.body, caller, home)
        except SQLAlchemyError as error:
            logger.warning("database unavailable for a %s; answered 'try again'", kind_of(req.body))
            set_current(of_person(caller.locale, None, deps.settings.default_language))
            work.failed = error
            deps.metrics.listener_errors.inc()
            return database_down_answer(req.body)
        context["asking"] = asking
        context["deps"] = deps
        context["session"] = work.session
        context["later"] = deps.later(req.body, context.respond, context.client, work.later)
        set_current(of_person(caller.locale, asking.project, deps.settings.default_language))
        return next()  # type: ignore[no-any-return]


def home_team_id(context: BoltContext) -> str | None:
    """The workspace that installed the bot (from auth.test), not the caller's."""
    result = context.authorize_result
    return (result.team_id if result is not None else None) or context.team_id
