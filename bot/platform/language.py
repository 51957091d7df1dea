"""Who reads what: the language of a request's private answers and of a project's channel posts.

Private answers and DMs are in the person's Slack language (users.info with include_locale)
when Rapport speaks it, else in their project's language, else the workspace default
(DEFAULT_LANGUAGE). Channel posts are in the project's language, whoever caused them.
"""

from __future__ import annotations

import logging

from bot.platform.deps import Deps
from bot.platform.i18n import supported
from storage.models import Project

logger = logging.getLogger(__name__)


def of_project(project: Project | None, default: str) -> str:
    """The language of a project's channel posts."""
    return (supported(project.language) if project is not None else None) or default


def of_person(locale: str | None, project: Project | None, default: str) -> str:
    """The language of a private answer or DM to someone with this Slack locale."""
    return supported(locale) or of_project(project, default)


def of_user(deps: Deps, user_id: str, project: Project | None) -> str:
    """The language of a DM to someone other than the caller (an owner's alert, say)."""
    workspace = project.team_id if project is not None else None
    caller = deps.directory.caller(user_id, None, workspace=workspace)
    return of_person(caller.locale, project, deps.settings.default_language)
