"""Which bot token speaks for a workspace.

By default Rapport serves one workspace with the one bot token of `.env` (`OneWorkspace`):
nothing is looked up, on any request or post. In OAuth mode (SLACK_CLIENT_ID and
SLACK_CLIENT_SECRET set) every workspace that installed Rapport has its own token, found in the
database, rotated before it expires and kept in memory for a short while
(bot/platform/installations.py, imported only then).

Requests need nothing from here: Bolt's authorization gives each one a client holding its
workspace's token (`context.client`). Work on Rapport's own clock (scheduled posts, sweeps) and
lookups of people ask here for the token of the project's workspace.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from slack_sdk import WebClient

from bot.platform.settings import Settings

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from storage.models import Project

# The client that posts for a project, or None when its workspace has no installation (it
# uninstalled Rapport): what the scheduler hands the work that spans projects.
ClientFor = Callable[["Project"], WebClient | None]


class Workspaces(Protocol):
    @property
    def multi(self) -> bool:
        """Whether several workspaces (OAuth installations) are served."""
        ...

    def token_for(self, team_id: str | None) -> str | None:
        """The bot token of the workspace; None when it has no installation."""
        ...

    def forget(self, team_id: str | None) -> None:
        """Drop what this process remembers of the workspace (it was uninstalled, say)."""
        ...

    def sweep(self, now: datetime) -> None:
        """Housekeeping on the scheduler's sweep: installs begun and never finished."""
        ...


class OneWorkspace:
    """The single workspace of SLACK_BOT_TOKEN, whatever the team id."""

    multi = False

    def __init__(self, settings: Settings) -> None:
        self._token = settings.slack_bot_token

    def token_for(self, team_id: str | None) -> str | None:
        return self._token

    def forget(self, team_id: str | None) -> None:
        """Nothing is remembered."""

    def sweep(self, now: datetime) -> None:
        """Nothing to tidy."""


def make_workspaces(settings: Settings, engine: Engine) -> Workspaces:
    if settings.oauth is None:
        return OneWorkspace(settings)
    from bot.platform.installations import Installations  # OAuth mode only: see its docstring

    return Installations(settings, engine)
