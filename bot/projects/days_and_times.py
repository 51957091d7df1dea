"""Days and times of day as people type them, in any language Rapport speaks: `fri`, `Friday`,
`周五`, `星期五`; `16:00`, `4:00 PM`, `16：00`, `下午4点`; ranges such as `mon-fri` or `周一至周五`.

The day names and the AM/PM words come from Babel's locale data (CLDR) for every catalogue in
`bot/locale/`, and the few words CLDR lacks (`4点`, `至`) from the catalogues themselves, so a
third language needs no change here."""

from __future__ import annotations

import functools
import re
from datetime import date

from babel import Locale

from bot.platform import i18n
from bot.platform.i18n import N_
from bot.platform.text import fold

_TIME = re.compile(r"^([01]?[0-9]|2[0-3]):([0-5][0-9])$")

_TWELVE_HOUR = re.compile(r"^([0-9]{1,2}):([0-5][0-9])$")


# Translators: a time of day typed without minutes, as people write it ("4点" in Chinese). Only
# read, never shown: `/project set digest 周五 下午4点`. Keep {hour}.
HOUR_WORD = N_("{hour} o'clock")

# Translators: a range of days or times typed with a word, as in "mon to fri" ("周一至周五").
# Only read, never shown. Keep {first} and {last}.
RANGE_WORD = N_("{first} to {last}")

# Dashes people put between two days or two times, whatever their language.
RANGE_MARKS = ("-", "–", "—", "~")


# --- words people type, in every language -------------------------------------------------


def _tight(text: str) -> str:
    return fold(text).replace(" ", "").rstrip(".")


@functools.cache
def _day_names(languages: tuple[str, ...]) -> tuple[dict[str, frozenset[int]], dict[str, int]]:
    """Every language's names of the days (wide and abbreviated, CLDR's format and stand-alone
    forms) → the weekday (Monday 0); and the wide names alone, for prefixes (`wednes`)."""
    exact: dict[str, set[int]] = {}
    wide: dict[str, int] = {}
    for language in languages:
        for forms in Locale.parse(language).days.values():
            for width in ("wide", "abbreviated"):
                for index, name in forms.get(width, {}).items():
                    exact.setdefault(_tight(name), set()).add(int(index))
                    if width == "wide":
                        wide[_tight(name)] = int(index)
    return {name: frozenset(days) for name, days in exact.items()}, wide


def weekday_named(word: str) -> int | None:
    """The weekday (Monday 0) a word names in any language Rapport speaks: `fri`, `Friday`,
    `周五`, `星期五`; a prefix of three letters or more of a full name (`wednes`) too. None when it
    names no day or more than one."""
    typed = _tight(word)
    exact, wide = _day_names(i18n.languages())
    days = exact.get(typed)
    if days is None and len(typed) >= 3:
        days = frozenset(day for name, day in wide.items() if name.startswith(typed))
    return next(iter(days)) if days and len(days) == 1 else None


def day_name_at_start(text: str) -> tuple[int, str] | None:
    """A day's full name or abbreviation at the start of text typed without a space
    (`周五16:00` → Friday, `16:00`)."""
    typed = fold(text)
    exact, _wide = _day_names(i18n.languages())
    for name in sorted(exact, key=len, reverse=True):
        if typed.startswith(name) and len(typed) > len(name) and len(exact[name]) == 1:
            return next(iter(exact[name])), typed[len(name) :].strip()
    return None


@functools.cache
def _meridiem_words(languages: tuple[str, ...]) -> tuple[tuple[str, bool], ...]:
    """Words for the morning and the afternoon in every language (CLDR's day periods), longest
    first: (word, is_afternoon)."""
    words: dict[str, bool] = {}
    for language in languages:
        for forms in Locale.parse(language).day_periods.values():
            for width in ("abbreviated", "wide"):
                for period, name in forms.get(width, {}).items():
                    if period == "am" or period.startswith("morning"):
                        words.setdefault(_tight(name), False)
                    elif period == "pm" or period.startswith(("afternoon", "evening")):
                        words.setdefault(_tight(name), True)
    return tuple(sorted(words.items(), key=lambda item: len(item[0]), reverse=True))


@functools.cache
def _hour_words(languages: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    """`4点`: an hour without minutes, as each catalogue writes it."""
    patterns = []
    for language in languages:
        pattern = _tight(i18n.translated_in(language, HOUR_WORD))
        if "{hour}" in pattern:
            before, _mark, after = pattern.partition("{hour}")
            patterns.append(re.compile(f"^{re.escape(before)}([0-9]{{1,2}}){re.escape(after)}$"))
    return tuple(patterns)


def starts_with_meridiem(text: str) -> bool:
    """Does the text start with a word for the morning or the afternoon (`上午`, `pm`)?"""
    typed = _tight(text)
    return any(typed.startswith(word) for word, _pm in _meridiem_words(i18n.languages()))


def time_of_day(raw: str) -> str | None:
    """`16:00`, `9:30`, `16：00`, `4:00 PM`, `下午4:00`, `下午4点` → `HH:MM`; None otherwise."""
    typed = _tight(raw)
    languages = i18n.languages()
    afternoon: bool | None = None
    for word, is_afternoon in _meridiem_words(languages):
        if typed.startswith(word) or typed.endswith(word):
            afternoon = is_afternoon
            typed = typed.removeprefix(word) if typed.startswith(word) else typed[: -len(word)]
            break
    if afternoon is None:
        match = _TIME.match(typed)
        if match is not None:
            return f"{int(match.group(1)):02d}:{match.group(2)}"
    hour: int | None = None
    minute = 0
    if (twelve := _TWELVE_HOUR.match(typed)) is not None:
        hour, minute = int(twelve.group(1)), int(twelve.group(2))
    else:
        for pattern in _hour_words(languages):
            if (spelled := pattern.match(typed)) is not None:
                hour = int(spelled.group(1))
                break
    if hour is None or hour > 23:
        return None
    if afternoon is True and 1 <= hour < 12:
        hour += 12
    elif afternoon is False and hour == 12:
        hour = 0
    elif afternoon is False and hour > 12:
        return None
    return f"{hour:02d}:{minute:02d}"


@functools.cache
def _range_words(languages: tuple[str, ...]) -> tuple[str, ...]:
    words = []
    for language in languages:
        pattern = i18n.translated_in(language, RANGE_WORD)
        between = pattern.partition("{first}")[2].partition("{last}")[0]
        if between.strip():
            words.append(fold(between))
    return tuple(words)


def split_range(text: str) -> list[str]:
    """`mon-fri`, `mon – fri`, `mon to fri`, `周一至周五` → the two ends (one item if no range)."""
    typed = fold(text)
    for word in _range_words(i18n.languages()):
        # A word in letters stands apart (`mon to fri`); a Chinese one may not (`周一至周五`).
        pattern = rf"\s+{re.escape(word)}\s+" if word.isascii() else rf"\s*{re.escape(word)}\s*"
        typed = re.sub(pattern, "-", typed)
    for mark in RANGE_MARKS:
        typed = typed.replace(mark, "-")
    return [part.strip() for part in typed.split("-")]


# --- dates ---------------------------------------------------------------------------------

_DATE = re.compile(r"^([0-9]{4})\s*[-/.年]\s*([0-9]{1,2})\s*[-/.月]\s*([0-9]{1,2})\s*日?$")


def calendar_date(raw: str) -> date | None:
    """`2026-12-24`, `2026/12/24`, `２０２６－１２－２４`, `2026年12月24日` → the date; None when it
    is not one (`2026-02-30` included)."""
    found = _DATE.match(fold(raw))
    if found is None:
        return None
    try:
        return date(*(int(part) for part in found.groups()))
    except ValueError:
        return None
