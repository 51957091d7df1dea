"""Reading the user and channel references people type into slash commands.

Slack escapes mentions in command text when the app asks for it (`should_escape: true` in the
manifest): `<@U123|ana>`, `<#C123|general>`. People also paste bare ids (`U123`, `C123`).
"""

from __future__ import annotations

import re

_USER = re.compile(r"^<@([UW][A-Z0-9]{2,})(?:\|[^>]*)?>$|^@?([UW][A-Z0-9]{2,})$")
_CHANNEL = re.compile(r"^<#([CG][A-Z0-9]{2,})(?:\|[^>]*)?>$|^#?([CG][A-Z0-9]{2,})$")


def parse_user_id(token: str) -> str | None:
    match = _USER.match(token.strip())
    return (match.group(1) or match.group(2)) if match else None


def parse_channel_id(token: str) -> str | None:
    match = _CHANNEL.match(token.strip())
    return (match.group(1) or match.group(2)) if match else None


def parse_user_ids(text: str) -> tuple[list[str], list[str]]:
    """Every user reference in `text`; returns (ids, the tokens that were not users)."""
    ids: list[str] = []
    bad: list[str] = []
    for token in text.replace(",", " ").split():
        user_id = parse_user_id(token)
        if user_id is None:
            bad.append(token)
        elif user_id not in ids:
            ids.append(user_id)
    return ids, bad
