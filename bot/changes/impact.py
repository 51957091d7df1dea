"""The impact of a change request as people type it and read it: working days and money.

Cost is kept in hundredths with no currency: a project quotes in one currency, and the totals
of `/change list` add numbers, not exchange rates.

What people type after a figure (`5 days`, `3个工作日`, `1.5万元`) is read in every language
Rapport speaks: the words come from the catalogues, so a new language brings its own.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from babel.numbers import format_decimal

from bot.platform import i18n
from bot.platform.i18n import _, ngettext, pgettext
from bot.platform.text import half_width

MAX_DAYS = 365
MAX_COST_CENTS = 10**12  # ten billion: anything above is a typo
LONGEST = 40  # characters: longer is not an amount (and int() refuses over 4,300 digits)

# The words, as msgids in the source language; each translation may list several, split by `|`.
with i18n.speaking(i18n.SOURCE_LANGUAGE):
    # Translators: what people type after a number of working days (`3天`), separated by |.
    DAY_UNITS = pgettext("schedule unit", "d|day|days|working day|working days")
    # Translators: words after an amount that multiply it, as word=factor, separated by |
    # (`1.5k` is 1,500).
    MULTIPLIERS = pgettext("cost multiplier", "k=1000")
    # Translators: currency words people type before or after an amount, separated by |.
    CURRENCY_WORDS = pgettext("currency word", "dollars|euros|pounds")
_CONTEXTS = {  # the msgctxt of each, as above
    DAY_UNITS: "schedule unit",  # i18n: not shown
    MULTIPLIERS: "cost multiplier",  # i18n: not shown
    CURRENCY_WORDS: "currency word",  # i18n: not shown
}
_CURRENCY_SIGNS = "€$£¥"


class ImpactError(ValueError):
    """The words say what to type instead."""


def _words(english: str) -> tuple[str, ...]:
    """Every word one of the vocabulary entries above stands for, in every language."""
    words = i18n.words_in_every_language(english, _CONTEXTS[english])
    return tuple(dict.fromkeys(half_width(word) for word in words))


def _alternatives(words: Iterable[str]) -> str:
    """A regex alternation of words, longest first; spaces inside a word match any spacing."""
    longest_first = sorted(words, key=len, reverse=True)
    return "|".join(r"\s*".join(re.escape(part) for part in word.split()) for word in longest_first)


@dataclass(frozen=True)
class _Grammar:
    """What the parsers read, built once for a set of languages."""

    days: re.Pattern[str]
    cost: re.Pattern[str]
    multipliers: dict[str, int]


@functools.lru_cache(maxsize=8)
def _grammar(languages: tuple[str, ...]) -> _Grammar:
    multipliers: dict[str, int] = {}
    for pair in _words(MULTIPLIERS):
        word, _equals, factor = pair.partition("=")
        if word.strip() and factor.strip().isdigit():
            multipliers.setdefault(word.strip().casefold(), int(factor))
    units = _alternatives(_words(DAY_UNITS))
    words = _alternatives(_words(CURRENCY_WORDS))
    currency = rf"(?:[A-Z]{{3}}|[{_CURRENCY_SIGNS}]|{words})"
    return _Grammar(
        days=re.compile(rf"^([+-]?\d+)\s*(?:{units})?$", re.IGNORECASE),
        cost=re.compile(
            rf"^(?P<sign>[+-])?\s*(?:{currency}\s*){{0,2}}"
            r"(?P<whole>\d{1,3}(?:[,\s]\d{3})+|\d+)(?:\.(?P<cents>\d{1,2}))?"
            rf"\s*(?P<times>{_alternatives(multipliers)})?(?:\s*{currency}){{0,2}}$",
            re.IGNORECASE,
        ),
        multipliers=multipliers,
    )


def parse_days(raw: str) -> int:
    """`5`, `+5d`, `-2 days`, `3天`, `3 个工作日`, `` (none) → working days."""
    text = half_width(raw).strip()
    if not text:
        return 0
    match = _grammar(i18n.languages()).days.match(text) if len(text) <= LONGEST else None
    if match is None or abs(int(match.group(1))) > MAX_DAYS:
        raise ImpactError(
            _(
                "Give the schedule impact in working days, from {lowest} to {highest}, "
                "e.g. `5` or `-2`."
            ).format(lowest=-MAX_DAYS, highest=MAX_DAYS)
        )
    return int(match.group(1))


def parse_cost(raw: str) -> int:
    """`2000`, `2,000.50`, `€1.5k`, `-300 EUR`, `¥2000元`, `1.5万`, `` (none) → hundredths."""
    text = half_width(raw).strip()
    if not text:
        return 0
    grammar = _grammar(i18n.languages())
    match = grammar.cost.match(text) if len(text) <= LONGEST else None
    if match is None:
        raise ImpactError(
            _("Give the cost as a number, e.g. `2000`, `2,500.50` or `-300` for a saving.")
        )
    whole = int(re.sub(r"[,\s]", "", match.group("whole")))
    cents = int((match.group("cents") or "0").ljust(2, "0"))
    amount = whole * 100 + cents
    if match.group("times"):
        amount *= grammar.multipliers[" ".join(match.group("times").split()).casefold()]
    if amount > MAX_COST_CENTS:
        raise ImpactError(_("That cost is too large to be right: check the number."))
    return -amount if match.group("sign") == "-" else amount


def describe_days(days: int) -> str:
    """`+5 working days` / `+5 个工作日`."""
    if days == 0:
        return pgettext("impact", "no change")
    return ngettext("{days} working day", "{days} working days", abs(days)).format(
        days=f"{days:+d}"
    )


def describe_cost(cents: int) -> str:
    """`+4,800`, `−300.50`: the figure with its sign, grouped the reader's way."""
    if cents == 0:
        return pgettext("impact", "no change")
    pattern = "#,##0" if cents % 100 == 0 else "#,##0.00"
    figure = format_decimal(abs(cents) / 100, pattern, locale=i18n.current())
    return ("+" if cents > 0 else "−") + figure
