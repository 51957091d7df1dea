"""Who reads what: the language of a request's private answers and of a project's channel posts.

Private answers and DMs are in the person's Slack language (users.info with include_locale)
when Rapport speaks it, else in their project's language, else the workspace default
(DEFAULT_LANGUAGE). Channel posts are in the project's language, whoever caused them.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import BoltResponse
from slack_bolt.middleware.middleware import Middleware
from slack_bolt.request import BoltRequest
from sqlalchemy.exc import SQLAlchemyError

from bot.platform.deps import Deps
from bot.platform.i18n import set_current, supported
from storage.db import session_scope
from storage.models import Project
from storage.projects import project_for_channel

logger = logging.getLogger(__name__)


def of_project(project: Project | None, default: str) -> str:
    """The language of a project's channel posts."""
    return (supported(project.language) if project is not None else None) or default


def of_person(locale: str | None, project: Project | None, default: str) -> str:
    """The language of a private answer or DM to someone with this Slack locale."""
    return supported(locale) or of_project(project, default)


class SpeakTheCallersLanguage(Middleware):
    """Sets the language of everything a request answers privately. Bolt runs its listener after
    the middleware chain rather than inside it, so the language is set, not scoped: every request
    sets it first (the server runs each request in a context of its own), and the after-ack pool
    copies it with the work it is handed."""

    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    def process(self, *, req: BoltRequest, resp: BoltResponse, next: Any) -> BoltResponse | None:  # noqa: A002 (Bolt's name)
        set_current(self._language(req))
        return next()  # type: ignore[no-any-return]

    def _language(self, req: BoltRequest) -> str:
        default = self.deps.settings.default_language
        user_id = req.context.user_id
        if user_id:
            caller = self.deps.directory.caller(user_id, req.context.team_id)
            if (language := supported(caller.locale)) is not None:
                return language
        channel_id = req.context.channel_id
        if not channel_id:
            return default
        try:
            with session_scope(self.deps.engine) as session:
                project = project_for_channel(session=session, channel_id=channel_id)
                return of_project(project, default)
        except SQLAlchemyError:
            # The listener will say the database is down; in the default language.
            logger.info("no project language: the database did not answer")
            return default


def of_user(deps: Deps, user_id: str, project: Project | None) -> str:
    """The language of a DM to someone other than the caller (an owner's alert, say)."""
    caller = deps.directory.caller(user_id, None)
    return of_person(caller.locale, project, deps.settings.default_language)
