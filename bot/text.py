"""Making user-typed text safe for mrkdwn and fitting it into Slack's limits."""

from __future__ import annotations

ELLIPSIS = "…"


def escape(text: str) -> str:
    """Escape Slack's control characters so typed text cannot ping @channel or forge a link."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def clip(text: str, limit: int) -> str:
    """Shorten to at most `limit` characters, saying so with an ellipsis."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + ELLIPSIS


def one_line(text: str) -> str:
    return " ".join(text.split())
