"""The one way to build a Slack Web API client: Slack's base URL (or the stand-in's), retries on
429 honouring Retry-After, on 500/503 and on dropped connections; and, for scheduled posts, a
pacer that keeps chat.postMessage within Slack's limits when many posts are due at once."""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry import HttpRequest, HttpResponse, RetryHandler, RetryState
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.web import SlackResponse

from bot.platform.settings import Settings

logger = logging.getLogger(__name__)
POST = "chat.postMessage"
# Slack: about one message per second per channel, and a workspace-wide cap it does not publish
# (the sandbox's fake enforces 50 in any 10 s). Scheduled posts stay under both.
PER_CHANNEL_SECONDS = 1.0
WORKSPACE_POSTS, WORKSPACE_WINDOW = 40, 10.0


class PostPacer:
    """Hands out turns for chat.postMessage, in order: one post per channel per `per_channel`
    seconds and, across channels, one per `window / most` seconds (so never more than `most`
    in any window). A 429 holds every turn until its Retry-After has passed. Thread-safe: the
    scheduler's jobs run on a pool, and each waits for its own turn, outside the lock."""

    def __init__(
        self,
        *,
        per_channel: float = PER_CHANNEL_SECONDS,
        most: int = WORKSPACE_POSTS,
        window: float = WORKSPACE_WINDOW,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.per_channel, self.spacing = per_channel, window / most
        self.clock, self.sleep = clock, sleep
        self._lock = threading.Lock()
        self._next: dict[str, float] = {}  # channel → its next free turn
        self._last = float("-inf")  # the latest turn handed out, any channel
        self._held_until = float("-inf")

    def wait(self, channel: str) -> float:
        """Sleep until this post's turn; returns the seconds waited."""
        with self._lock:
            now = self.clock()
            turn = max(
                now, self._held_until, self._next.get(channel, now), self._last + self.spacing
            )
            self._next[channel] = turn + self.per_channel
            self._last = turn
        if turn > now:
            self.sleep(turn - now)
        return turn - now

    def hold(self, seconds: float) -> None:
        """Slack said 429: no turn before `seconds` from now."""
        with self._lock:
            self._held_until = max(self._held_until, self.clock() + seconds)


# Scheduled posts of this process share one pacer, however many clients post them.
SCHEDULED_POSTS = PostPacer()


class PacedWebClient(WebClient):
    """A WebClient whose chat.postMessage calls wait for the pacer's turn."""

    def __init__(self, *, pacer: PostPacer, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.pacer = pacer

    def api_call(
        self, api_method: str, *, json: dict[str, Any] | None = None, **kwargs: Any
    ) -> SlackResponse:
        if api_method == POST and json is not None and json.get("channel"):
            self.pacer.wait(str(json["channel"]))
        return super().api_call(api_method, json=json, **kwargs)


class PacedRateLimitRetryHandler(RateLimitErrorRetryHandler):
    """Honours a 429 on chat.postMessage through the pacer: every scheduled post holds back for
    the Retry-After, not only the one refused, and the retry then takes its turn like any
    post (no thundering herd when the hold ends). Other methods retry as slack-sdk does."""

    def __init__(self, pacer: PostPacer, max_retry_count: int = 3) -> None:
        super().__init__(max_retry_count=max_retry_count)
        self.pacer = pacer

    def prepare_for_next_attempt(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> None:
        channel = _posted_channel(request)
        if response is None or channel is None:
            super().prepare_for_next_attempt(
                state=state, request=request, response=response, error=error
            )
            return
        state.next_attempt_requested = True
        self.pacer.hold(_retry_after(response))
        self.pacer.wait(channel)
        state.increment_current_attempt()


def _posted_channel(request: HttpRequest) -> str | None:
    if not request.url.endswith(POST) or not request.data:
        return None
    try:
        channel = json.loads(request.data).get("channel")
    except (ValueError, AttributeError):
        return None
    return str(channel) if channel else None


def _retry_after(response: HttpResponse) -> float:
    for name, values in response.headers.items():
        if name.lower() == "retry-after" and values:
            try:
                return float(values[0])
            except ValueError:
                break
    return 1.0


# Methods that read, or whose repeat changes nothing (joining a channel joined already):
# asking again after a slow answer cannot do anything twice.
READS = frozenset(
    {
        "auth.test",
        "users.info",
        "conversations.members",
        "conversations.history",
        "conversations.info",
        "conversations.open",  # opens the same DM however often it is asked
        "conversations.join",
        "chat.getPermalink",
    }
)


class SlowReadRetryHandler(RetryHandler):
    """A read that got no answer within the timeout is asked again. A write is not: Slack may
    have carried it out (a post made, a file shared) before its answer was lost."""

    def _can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        method = request.url.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]
        return isinstance(error, TimeoutError) and method in READS


def make_web_client(
    settings: Settings,
    *,
    timeout: int | None = None,
    retries: str = "all",
    pacer: PostPacer | None = None,
    token: str | None = None,
) -> WebClient:
    """retries:
    - "all": 429 (after Retry-After), 500/503, dropped connections and reads that timed out —
      for replies to people;
    - "rate-limits": 429 (and reads that timed out) — for scheduled posts, where a 5xx or a
      dropped connection may hide a post that was made; the claim's takeover decides then, from
      the channel's history;
    - "none" (with a short timeout) — for the few calls made before ack(), where waiting out a
      Retry-After would miss Slack's 3 seconds.
    pacer: chat.postMessage waits for its turn (scheduled posts: SCHEDULED_POSTS), and a 429
    holds back every post that shares the pacer.
    token: a workspace's bot token (OAuth mode); by default the one of SLACK_BOT_TOKEN."""
    handlers: list[RetryHandler] = []
    if retries in ("all", "rate-limits"):
        handlers.append(
            PacedRateLimitRetryHandler(pacer)
            if pacer is not None
            else RateLimitErrorRetryHandler(max_retry_count=3)
        )
        handlers.append(SlowReadRetryHandler(max_retry_count=1))
    if retries == "all":
        handlers += [
            ConnectionErrorRetryHandler(max_retry_count=2),
            ServerErrorRetryHandler(max_retry_count=2),
        ]
    options: dict[str, Any] = {
        "token": token or settings.slack_bot_token,
        "base_url": settings.slack_api_url,
        "timeout": settings.slack_timeout_seconds if timeout is None else timeout,
        "retry_handlers": handlers,
    }
    return PacedWebClient(pacer=pacer, **options) if pacer is not None else WebClient(**options)


def best_effort(what: str, call: Callable[..., Any], **arguments: Any) -> bool:
    """A Slack call whose failure must not undo or hide what was already saved: a refusal or a
    lost answer is logged (`what` names the call), never raised, and never repeated, since Slack
    may have done it before its answer was lost. True when Slack confirmed it."""
    try:
        call(**arguments)
        return True
    except SlackApiError as error:
        logger.warning("%s failed: %s", what, error.response.get("error"))
        return False
    except OSError as error:
        logger.warning("%s unconfirmed: %s", what, error)
        return False
