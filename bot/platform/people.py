"""Who is asking: a person's workspace and whether they are a guest, from Slack's users.info.

Payloads say which workspace a caller belongs to, but not whether they are a guest of ours
(clients are often invited as single- or multi-channel guests). users.info says both; answers
are cached, and the lookup uses a short timeout without retries, since it runs before ack().
When Slack does not answer, what it said last about the person stands (a guest stays a guest),
else the payload's word; and when it did not answer at all (a timeout, a refused connection),
nobody is looked up for UNREACHABLE_SECONDS: in an outage every request by someone not cached
yet would otherwise wait out the timeout before its ack, close to Slack's 3 seconds.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.platform.workspaces import Workspaces

logger = logging.getLogger(__name__)

CACHE_SECONDS = 3600.0
UNREACHABLE_SECONDS = 10.0


@dataclass(frozen=True)
class Caller:
    user_id: str
    team_id: str | None
    is_guest: bool = False
    timezone: str | None = None  # from their Slack profile
    locale: str | None = None  # their Slack language, e.g. `zh-CN` (users.info include_locale)


class Directory:
    """People as Slack describes them, cached. A user id is its workspace's own: with several
    workspaces (`tokens`, OAuth mode) each is asked with its own token and cached apart, so
    the same id in two workspaces is two people."""

    def __init__(
        self, client: WebClient, *, ttl: float = CACHE_SECONDS, tokens: Workspaces | None = None
    ) -> None:
        self._client, self._ttl = client, ttl
        self._tokens = tokens if tokens is not None and tokens.multi else None
        self._cache: dict[tuple[str | None, str], tuple[float, Caller]] = {}
        self._lock = threading.Lock()
        self._unreachable_until = 0.0  # time.monotonic(): no lookups before then

    def caller(
        self, user_id: str, payload_team_id: str | None, *, workspace: str | None = None
    ) -> Caller:
        """`workspace`: the installation's workspace the person was met in (the request's, the
        project's), not necessarily their own (Slack Connect)."""
        key = (workspace if self._tokens is not None else None, user_id)
        now = time.monotonic()
        with self._lock:
            cached = self._cache.get(key)
        if cached is not None and now - cached[0] < self._ttl:
            return cached[1]
        # Without Slack's answer: what it said last, however old, else the payload's word.
        fallback = cached[1] if cached is not None else Caller(user_id, payload_team_id)
        if now < self._unreachable_until:
            return fallback
        token: dict[str, str] = {}
        if self._tokens is not None:
            found = self._tokens.token_for(workspace)
            if found is None:  # not installed there (any more): the payload's word stands
                return Caller(user_id, payload_team_id)
            token["token"] = found
        try:
            profile = self._client.users_info(user=user_id, include_locale=True, **token)["user"]
        except SlackApiError as error:
            logger.info("users.info unavailable for a caller (%s); using the payload", error)
            return fallback
        except OSError as error:
            self._unreachable_until = time.monotonic() + UNREACHABLE_SECONDS
            logger.warning(
                "users.info did not answer (%s); not asked again for %d s",
                type(error).__name__,
                UNREACHABLE_SECONDS,
            )
            return fallback
        caller = Caller(
            user_id,
            str(profile.get("team_id") or payload_team_id or "") or None,
            bool(profile.get("is_restricted") or profile.get("is_ultra_restricted")),
            profile.get("tz") or None,
            profile.get("locale") or None,
        )
        with self._lock:
            self._cache[key] = (now, caller)
        return caller
