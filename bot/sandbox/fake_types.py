"""The stand-in workspace's records: people, channels, and what happened on the timeline."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# The bot scopes manifest.yml asks for: a method needing one the app lacks is `missing_scope`.
SCOPES = frozenset(
    "commands chat:write chat:write.public channels:join users:read app_mentions:read im:write "
    "files:write channels:history groups:history channels:read groups:read canvases:write".split()
)


@dataclass
class User:
    id: str
    name: str
    real_name: str
    team_id: str
    tz: str = "UTC"
    is_guest: bool = False  # a single- or multi-channel guest of the workspace
    locale: str = "en-US"  # what users.info says with include_locale


@dataclass
class Channel:
    id: str
    name: str
    is_private: bool = False
    members: set[str] = field(default_factory=set)
    canvas_id: str | None = None  # its channel canvas, once one is made


@dataclass
class Entry:
    """One thing that happened in the workspace, in order."""

    # command | message | ephemeral | update | delete | modal | submit | click | event | home |
    # canvas (a channel canvas made: its markdown) | canvas-edit (its markdown after an edit)
    kind: str
    channel: str | None
    user: str | None  # who acted, or the bot
    text: str = ""
    blocks: list[dict[str, Any]] = field(default_factory=list)
    ts: str = ""
    to_user: str | None = None  # for ephemerals, and whose Home it is
    thread_ts: str | None = None
    metadata: dict[str, Any] | None = None
    view: dict[str, Any] | None = None
    files: list[dict[str, Any]] = field(default_factory=list)  # shared files: name, title, bytes


@dataclass
class Failure:
    status: int
    error: str
    retry_after: int | None
    remaining: int


class SlackError(Exception):
    """A Web API method's refusal: answered as {"ok": false, "error": code, …}."""

    def __init__(self, code: str, **extra: Any) -> None:
        super().__init__(code)
        self.code, self.extra = code, extra
