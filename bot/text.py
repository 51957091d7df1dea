"""Making user-typed text safe for mrkdwn and fitting it into Slack's limits.

Text arrives in two forms. Slash-command text comes in Slack's own markup: `&`, `<`, `>` as
entities, and (with `should_escape` in the manifest) mentions as `<@U123|ana>`, `<#C1|general>`,
`<!channel>`. Form fields come as typed. `from_command` brings the first to the second, so what
is stored is what people typed; `escape` makes either safe on the way out.
"""

from __future__ import annotations

import re

ELLIPSIS = "…"
_LABELLED_MENTION = re.compile(r"<([@#])[UWCG][A-Z0-9]+\|([^<>|]+)>")
_HALF_ENTITY = re.compile(r"&[#A-Za-z0-9]{0,7}$")  # `&`, `&am`, `&#6`: an entity cut short


def from_command(text: str) -> str:
    """Slash-command text as the person typed it (mentions stay in Slack's markup)."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def escape(text: str) -> str:
    """Make typed text inert in mrkdwn: nobody can ping @channel, @here, @everyone or a person,
    or forge a link, through the bot. Mentions Slack labelled read as plain `@ana`, `#general`."""
    text = _LABELLED_MENTION.sub(r"\1\2", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def clip(text: str, limit: int) -> str:
    """Shorten to at most `limit` characters, saying so with an ellipsis. The cut never falls
    inside an entity (`&amp;`) or a control sequence (`<@U123>`, `<url|text>`): half of one
    would show as garbage or leave an unclosed `<` that swallows the rest of the message."""
    if len(text) <= limit:
        return text
    if limit <= 0:
        return ""
    kept = text[: limit - 1]
    kept = _HALF_ENTITY.sub("", kept)
    opened = kept.rfind("<")
    if opened > kept.rfind(">"):
        kept = kept[:opened]
    return kept.rstrip() + ELLIPSIS


def one_line(text: str) -> str:
    return " ".join(text.split())
