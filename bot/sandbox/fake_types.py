"""The stand-in workspace's records: people, channels, and what happened on the timeline."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


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


@dataclass
class Entry:
    """One thing that happened in the workspace, in order."""

    # command | message | ephemeral | update | delete | modal | submit | click | event | home
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
