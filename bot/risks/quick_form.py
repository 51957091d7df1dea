"""The `/risk add` quick form and risk references, read in every language Rapport speaks."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from bot.platform import i18n
from bot.platform.i18n import _, pgettext
from bot.platform.text import fold, half_width, reference_number
from bot.risks.forms import TITLE_LIMIT
from storage.refs import RISK
from storage.risks import LEVELS

KEYWORD_CONTEXT = "risk keyword"  # i18n: not shown (the catalogue's msgctxt)
# The quick form's leading keywords, as msgids in the source language, by what they mean. A
# translation may list several words split by `|` (`高|高风险`); the words of every language
# Rapport speaks are accepted, whatever the reader's language.
with i18n.speaking(i18n.SOURCE_LANGUAGE):
    KEYWORDS = {
        # Translators: the quick form `/risk add high …`; several words may be split by |.
        "high": pgettext("risk keyword", "high"),
        # Translators: the quick form `/risk add medium …`; several words may be split by |.
        "medium": pgettext("risk keyword", "medium"),
        # Translators: the quick form `/risk add low …`; several words may be split by |.
        "low": pgettext("risk keyword", "low"),
        # Translators: the quick form `/risk add internal …` (the client does not see it);
        # several words may be split by |.
        "internal": pgettext("risk keyword", "internal"),
    }
# A leading word and what separates it from the next: spaces, or `:;,` right after it (their
# full-width forms and the enumeration comma are folded to these by half_width).
_LEADING_WORD = re.compile(r"([^\s:;,]+)(?:[:;,]+\s*|\s+|$)")


class RiskFormError(ValueError):
    """The typed text cannot be a risk; the message says how to fix it."""


@dataclass(frozen=True)
class RiskDraft:
    title: str
    severity: str = "medium"
    visibility: str = "client"


@functools.lru_cache(maxsize=8)
def _meanings(_languages: tuple[str, ...]) -> dict[str, str]:
    return i18n.keyword_table(
        {english: meaning for meaning, english in KEYWORDS.items()}, KEYWORD_CONTEXT
    )


def parse_quick_risk(raw: str) -> RiskDraft:
    """`[high|medium|low] [internal] TEXT`, the leading words in any order and in any language
    (`高 内部 供应商交付延迟`, `high：内部，…`)."""
    text = raw.strip()
    folded = half_width(text)  # one character for one: positions stay those of `text`
    meanings = _meanings(i18n.languages())
    severity, visibility = "medium", "client"
    seen: set[str] = set()
    start = 0
    while (match := _LEADING_WORD.match(folded, start)) is not None:
        meaning = meanings.get(fold(match.group(1)))
        if meaning in LEVELS and "severity" not in seen:
            severity = meaning
            seen.add("severity")
        elif meaning == "internal" and "internal" not in seen:
            visibility = "internal"
            seen.add("internal")
        else:
            break
        start = match.end()
    title = " ".join(text[start:].split())
    if not title:
        raise RiskFormError(
            _(
                "Say what could go wrong after the severity: "
                "`/risk add high The payment provider may ship its API late`."
            )
        )
    if len(title) > TITLE_LIMIT:
        raise RiskFormError(
            _(
                "A risk's title is at most {limit} characters; yours has {count}. Shorten it, "
                "or type `/risk` for the form, which has room for the mitigation."
            ).format(limit=i18n.number(TITLE_LIMIT), count=i18n.number(len(title)))
        )
    return RiskDraft(title=title, severity=severity, visibility=visibility)


def parse_risk_number(raw: str) -> int | None:
    """`3`, `R-3`, `r3`, `Ｒ－３` → 3."""
    return reference_number(RISK, raw)


# What separates `R-3` from the note after it in `/risk close R-3 …` (full-width forms folded).
_AFTER_REF = re.compile(r"[\s:;,]+")


def parse_close(typed: str) -> tuple[int | None, str]:
    """`R-3 signed a second supplier` → (3, the note as typed); None when no risk is named."""
    typed = typed.strip()
    # half_width folds one character for one: positions in `folded` are positions in `typed`.
    folded = half_width(typed)
    gap = _AFTER_REF.search(folded)
    ref, note = (folded[: gap.start()], typed[gap.end() :]) if gap else (folded, "")
    return parse_risk_number(ref), note
