"""Who is asking: a person's workspace and whether they are a guest, from Slack's users.info.

Payloads say which workspace a caller belongs to, but not whether they are a guest of ours
(clients are often invited as single- or multi-channel guests). users.info says both; answers
are cached, and the lookup uses a short timeout without retries, since it runs before ack().
When Slack does not answer, the payload's word stands.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

logger = logging.getLogger(__name__)

CACHE_SECONDS = 3600.0


@dataclass(frozen=True)
class Caller:
    user_id: str
    team_id: str | None
    is_guest: bool = False
    timezone: str | None = None  # from their Slack profile
    locale: str | None = None  # their Slack language, e.g. `zh-CN` (users.info include_locale)


class Directory:
    def __init__(self, client: WebClient, *, ttl: float = CACHE_SECONDS) -> None:
        self._client, self._ttl = client, ttl
        self._cache: dict[str, tuple[float, Caller]] = {}
        self._lock = threading.Lock()

    def caller(self, user_id: str, payload_team_id: str | None) -> Caller:
        now = time.monotonic()
        with self._lock:
            cached = self._cache.get(user_id)
        if cached is not None and now - cached[0] < self._ttl:
            return cached[1]
        try:
            profile = self._client.users_info(user=user_id, include_locale=True)["user"]
        except (SlackApiError, OSError) as error:
            logger.info("users.info unavailable for a caller (%s); using the payload", error)
            return Caller(user_id, payload_team_id)
        caller = Caller(
            user_id,
            str(profile.get("team_id") or payload_team_id or "") or None,
            bool(profile.get("is_restricted") or profile.get("is_ultra_restricted")),
            profile.get("tz") or None,
            profile.get("locale") or None,
        )
        with self._lock:
            self._cache[user_id] = (now, caller)
        return caller
