"""The one way to build a Slack Web API client: Slack's base URL (or the stand-in's), retries on
429 honouring Retry-After, on 500/503 and on dropped connections."""

from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from bot.config import Settings


def make_web_client(settings: Settings, *, timeout: int = 10, retries: bool = True) -> WebClient:
    """`retries=False` (and a short timeout) for the few calls made before ack(), where waiting
    out a Retry-After would miss Slack's 3 seconds."""
    handlers = [
        ConnectionErrorRetryHandler(max_retry_count=2),
        RateLimitErrorRetryHandler(max_retry_count=3),
        ServerErrorRetryHandler(max_retry_count=2),
    ]
    return WebClient(
        token=settings.slack_bot_token,
        base_url=settings.slack_api_url,
        timeout=timeout,
        retry_handlers=handlers if retries else [],
    )
