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

from bot.config import Settings


def make_web_client(settings: Settings, *, timeout: int = 10, retries: str = "all") -> WebClient:
    """retries:
    - "all": 429 (after Retry-After), 500/503 and dropped connections — for replies to people;
    - "rate-limits": 429 only — for scheduled posts, where a 5xx or a dropped connection may
      hide a post that was made; the claim's takeover decides then, from the channel's history;
    - "none" (with a short timeout) — for the few calls made before ack(), where waiting out a
      Retry-After would miss Slack's 3 seconds."""
    handlers: list[RetryHandler] = []
    if retries in ("all", "rate-limits"):
        handlers.append(RateLimitErrorRetryHandler(max_retry_count=3))
    if retries == "all":
        handlers += [
            ConnectionErrorRetryHandler(max_retry_count=2),
            ServerErrorRetryHandler(max_retry_count=2),
        ]
    return WebClient(
        token=settings.slack_bot_token,
        base_url=settings.slack_api_url,
        timeout=timeout,
        retry_handlers=handlers,
    )
