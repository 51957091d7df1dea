"""The one way to build a Slack Web API client: Slack's base URL (or the stand-in's), retries on
429 honouring Retry-After, on 500/503 and on dropped connections."""

from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.http_retry import RetryHandler
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

from bot.config import Settings

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
    settings: Settings, *, timeout: int | None = None, retries: str = "all"
) -> WebClient:
    """retries:
    - "all": 429 (after Retry-After), 500/503, dropped connections and reads that timed out —
      for replies to people;
    - "rate-limits": 429 (and reads that timed out) — for scheduled posts, where a 5xx or a
      dropped connection may hide a post that was made; the claim's takeover decides then, from
      the channel's history;
    - "none" (with a short timeout) — for the few calls made before ack(), where waiting out a
      Retry-After would miss Slack's 3 seconds."""
    handlers: list[RetryHandler] = []
    if retries in ("all", "rate-limits"):
        handlers.append(RateLimitErrorRetryHandler(max_retry_count=3))
        handlers.append(SlowReadRetryHandler(max_retry_count=1))
    if retries == "all":
        handlers += [
            ConnectionErrorRetryHandler(max_retry_count=2),
            ServerErrorRetryHandler(max_retry_count=2),
        ]
    return WebClient(
        token=settings.slack_bot_token,
        base_url=settings.slack_api_url,
        timeout=settings.slack_timeout_seconds if timeout is None else timeout,
        retry_handlers=handlers,
    )
