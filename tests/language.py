"""Checks that a message is wholly in its reader's language: what a zh_CN reader sees has no
English left (an untranslated entry), what an English reader sees has no Chinese (a catalogue
entry used in the wrong place), and neither sees a `{placeholder}` (a format argument forgotten).

Builder tests take the language as a parameter (`@pytest.mark.parametrize("language", LANGUAGES)`),
render inside `speaking(language)`, check `assert_in_language` and compare word for word against a
small table keyed by language."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

# What stays as it is in every language: Slack markup, commands and their keywords inside
# backticks, references, product and standard names, and units Babel writes in Latin letters.
_SLACK_MARKUP = re.compile(r"<[@#!][^<>]*>|<https?://[^<>]*>|:[a-z0-9_+-]+:")
_CODE = re.compile(r"`[^`]*`")
_REFERENCE = re.compile(r"\b(?:FB|R|CR|INC)-\d+\b")
_ALWAYS_LATIN = re.compile(
    r"\b(?:Rapport|Slack|CSAT|NPS|CSV|PNG|PDF|Markdown|UTC|GMT|AM|PM|p90|ID|URL|Home|App|SEV[123])\b"
)
_PLACEHOLDER = re.compile(r"\{[a-z_][a-z0-9_]*\}|%\([a-z_]+\)[sd]|%[sd]\b")
_ENGLISH_WORD = re.compile(r"[A-Za-z]{2,}")
_CHINESE = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+")

LANGUAGES = ["en", "zh_CN"]


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


def assert_english(value: Any, *, allowed: Iterable[str] = ()) -> None:
    allowed = list(allowed)
    for text in texts(value):
        for word in sorted(allowed, key=len, reverse=True):
            text = text.replace(word, " ")
        left = _CHINESE.findall(text)
        assert not left, f"Chinese {left} in an English message: {text!r}"
        assert not _PLACEHOLDER.search(text), f"a placeholder is left in: {text!r}"


def assert_in_language(value: Any, language: str, *, allowed: Iterable[str] = ()) -> None:
    """What a reader of `language` sees is in that language only; `allowed` is the test's data
    (a project's name, a client's words), which stays as it was typed."""
    if language == "zh_CN":
        assert_chinese(value, allowed=allowed)
    elif language == "en":
        assert_english(value, allowed=allowed)
    else:
        raise ValueError(f"no check for {language!r}: add one beside assert_chinese")


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
