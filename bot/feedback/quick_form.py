"""The `/feedback` quick form: up to two leading keywords say what the text is.

The keywords (`problem: …`, `紧急：…`) come from the catalogues: every language Rapport speaks is
understood, whatever the sender's."""

from __future__ import annotations

import functools
import re

from bot.platform import i18n
from bot.platform.text import fold

# What a leading keyword of the quick form says: its English msgid (context "feedback keyword")
# → (kind, urgency), None where it says nothing. Each catalogue gives that language's words for
# the msgid, several separated by `|` (`紧急|加急`); `_help` marks them for the catalogue.
KEYWORD_CONTEXT = "feedback keyword"  # i18n: not shown (a msgctxt)
KEYWORDS: dict[str, tuple[str | None, str | None]] = {
    "problem": ("problem", None),
    "praise": ("praise", None),
    "question": ("question", None),
    "request": ("request", None),
    "urgent": (None, "urgent"),
}
# A keyword stands alone: an opening bracket may come before it, and after it a closing bracket,
# punctuation (half- or full-width), a space or the end; `problem-solving` and `紧急情况` are
# just words.
_KEYWORD = re.compile(
    r"[\s\[【(（「]*(?P<word>[^\W\d_]+)"
    r"(?:[\]】)）」]+[\s:：,，.。!！;；、]*|[\s:：,，.。!！;；、]+|$)"
)


def keywords() -> dict[str, tuple[str | None, str | None]]:
    """Every keyword of every language Rapport speaks (folded: bot/platform/text.fold) → what
    it says, built once per set of languages. A word that means two things in two languages
    keeps its English meaning."""
    return _keywords(i18n.languages())


@functools.lru_cache(maxsize=8)
def _keywords(_languages: tuple[str, ...]) -> dict[str, tuple[str | None, str | None]]:
    return i18n.keyword_table(KEYWORDS, KEYWORD_CONTEXT)


def guess_kind(text: str) -> tuple[str, str]:
    """(kind, urgency): up to two leading keywords, in any language and either order, say what
    the feedback is (`urgent question: …`, `紧急 需求：…`); `urgent` alone is an urgent problem,
    no keyword a request. The text itself is kept as typed."""
    known = keywords()
    kind: str | None = None
    urgency: str | None = None
    position = 0
    while (found := _KEYWORD.match(text, position)) is not None:
        # Folded like every quick form's words: `ＵＲＧＥＮＴ`, typed full-width, is `urgent`.
        meaning = known.get(fold(found["word"]))
        if meaning is None:
            break
        said_kind, said_urgency = meaning
        if (said_kind and kind) or (said_urgency and urgency):
            break  # a second kind is the start of the text: `problem problem solved`
        kind = kind or said_kind
        urgency = urgency or said_urgency
        position = found.end()
    if urgency == "urgent":
        return kind or "problem", "urgent"
    return kind or "request", "normal"
