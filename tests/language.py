"""Checks that a message is wholly in Simplified Chinese: what a zh_CN reader sees has no English
left (an untranslated entry) and no `{placeholder}` (a format argument forgotten)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

# What stays as it is in every language: Slack markup, commands and their keywords inside
# backticks, references, product and standard names, and units Babel writes in Latin letters.
_SLACK_MARKUP = re.compile(r"<[@#!][^<>]*>|<https?://[^<>]*>|:[a-z0-9_+-]+:")
_CODE = re.compile(r"`[^`]*`")
_REFERENCE = re.compile(r"\b(?:FB|R|CR)-\d+\b")
_ALWAYS_LATIN = re.compile(
    r"\b(?:Rapport|Slack|CSAT|NPS|CSV|PNG|UTC|GMT|AM|PM|p90|ID|URL|Home|App)\b"
)
_PLACEHOLDER = re.compile(r"\{[a-z_][a-z0-9_]*\}|%\([a-z_]+\)[sd]|%[sd]\b")
_ENGLISH_WORD = re.compile(r"[A-Za-z]{2,}")


def texts(value: Any) -> Iterable[str]:
    """Every string a reader sees in a Block Kit structure, a view or a plain text."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key in (
                "text",
                "title",
                "placeholder",
                "label",
                "submit",
                "close",
                "confirm",
                "deny",
                "alt_text",
                "fallback",
                "hint",
                "elements",
                "fields",
                "blocks",
                "options",
                "initial_option",
                "accessory",
                "element",
                "option_groups",
                "description",
                "rows",
            ):
                yield from texts(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from texts(item)


def english_left(text: str, *, allowed: Iterable[str] = ()) -> list[str]:
    """English words a zh_CN reader would see (data the test supplied may be `allowed`)."""
    for word in sorted(allowed, key=len, reverse=True):
        text = text.replace(word, " ")
    for pattern in (_SLACK_MARKUP, _CODE, _REFERENCE, _ALWAYS_LATIN):
        text = pattern.sub(" ", text)
    return _ENGLISH_WORD.findall(text)


def assert_chinese(value: Any, *, allowed: Iterable[str] = ()) -> None:
    allowed = list(allowed)
    for text in texts(value):
        left = english_left(text, allowed=allowed)
        assert not left, f"untranslated {left} in: {text!r}"
        assert not _PLACEHOLDER.search(text), f"a placeholder is left in: {text!r}"


def risk_keywords() -> set[str]:
    """Every word of every language that the `/risk add` quick form reads as a keyword, folded
    as the parser folds what it reads (for property tests that must not start a title with one)."""
    from bot.platform import i18n
    from bot.platform.text import fold
    from bot.risks.quick_form import KEYWORD_CONTEXT, KEYWORDS

    return {
        fold(word)
        for english in KEYWORDS.values()
        for word in i18n.words_in_every_language(english, KEYWORD_CONTEXT)
    }
