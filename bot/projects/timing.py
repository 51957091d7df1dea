"""The communication plan's settings: parsing what people type and the times they imply.

People type days and times in any language Rapport speaks: `fri 16:00`, `Friday 9:30`,
`周五 16:00`, `星期五 16：00`, `周五 下午4点`. The day names and the AM/PM words come from
Babel's locale data (CLDR) for every catalogue in `bot/locale/`, and the few words CLDR lacks
(`4点`) from the catalogues themselves, so a third language needs no change here.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from babel import Locale

from bot.platform import i18n
from bot.platform.i18n import N_, _, ngettext
from bot.platform.text import fold
from bot.scheduling.triggers import reminder_anchor
from storage.models import Project

_TIME = re.compile(r"^([01]?[0-9]|2[0-3]):([0-5][0-9])$")

_TWELVE_HOUR = re.compile(r"^([0-9]{1,2}):([0-5][0-9])$")

_TARGET = re.compile(r"^([0-9]{1,3})\s*([dh])$")


# Translators: a time of day typed without minutes, as people write it ("4点" in Chinese). Only
# read, never shown: `/project set digest 周五 下午4点`. Keep {hour}.
HOUR_WORD = N_("{hour} o'clock")

# Translators: a range of days or times typed with a word, as in "mon to fri" ("周一至周五").
# Only read, never shown. Keep {first} and {last}.
RANGE_WORD = N_("{first} to {last}")

# Dashes people put between two days or two times, whatever their language.
RANGE_MARKS = ("-", "–", "—", "~")


class PlanError(ValueError):
    """A plan value people typed is not understood; the message shows the right form."""


@dataclass(frozen=True)
class WeeklyTime:
    weekday: int  # Monday is 0
    time: str  # "HH:MM", local to the project

    def describe(self) -> str:
        return weekday_and_time(self.weekday, self.time)


def weekday_and_time(weekday: int, clock: str) -> str:
    """`Friday 4:00 PM` / `星期五 16:00`, in the reader's language."""
    return _("{weekday} {time}").format(
        weekday=i18n.weekday(weekday), time=i18n.clock(time.fromisoformat(clock))
    )


def clock_label(clock: str) -> str:
    """`09:30` as the reader's locale writes a time of day: `9:30 AM` / `09:30`."""
    return i18n.clock(time.fromisoformat(clock))


# --- words people type, in every language -------------------------------------------------


@functools.cache
def spoken() -> tuple[str, ...]:
    """The catalogues, looked up once: they change only with a new release."""
    return i18n.languages()


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
    exact, wide = _day_names(spoken())
    days = exact.get(typed)
    if days is None and len(typed) >= 3:
        days = frozenset(day for name, day in wide.items() if name.startswith(typed))
    return next(iter(days)) if days and len(days) == 1 else None


def day_name_at_start(text: str) -> tuple[int, str] | None:
    """A day's full name or abbreviation at the start of text typed without a space
    (`周五16:00` → Friday, `16:00`)."""
    typed = fold(text)
    exact, _wide = _day_names(spoken())
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
    return any(typed.startswith(word) for word, _pm in _meridiem_words(spoken()))


def time_of_day(raw: str) -> str | None:
    """`16:00`, `9:30`, `16：00`, `4:00 PM`, `下午4:00`, `下午4点` → `HH:MM`; None otherwise."""
    typed = _tight(raw)
    languages = spoken()
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
    for word in _range_words(spoken()):
        # A word in letters stands apart (`mon to fri`); a Chinese one may not (`周一至周五`).
        pattern = rf"\s+{re.escape(word)}\s+" if word.isascii() else rf"\s*{re.escape(word)}\s*"
        typed = re.sub(pattern, "-", typed)
    for mark in RANGE_MARKS:
        typed = typed.replace(mark, "-")
    return [part.strip() for part in typed.split("-")]


# --- the settings ---------------------------------------------------------------------------


def _weekly_example() -> str:
    return _("Write it as a day and a 24-hour time, e.g. `fri 16:00`.")


def parse_weekly_time(raw: str) -> WeeklyTime:
    """`fri 16:00`, `Friday 9:30`, `周五 16:00`, `星期五 16：00`, `周五 下午4点` → WeeklyTime."""
    words = fold(raw).split()
    if len(words) == 2:
        day, clock = words
        weekday = weekday_named(day)
        if weekday is None:
            raise PlanError(
                _("`{day}` is not a day of the week. {example}").format(
                    day=day, example=_weekly_example()
                )
            )
        at = time_of_day(clock)
        if at is None:
            raise PlanError(
                _("`{clock}` is not a time of day. {example}").format(
                    clock=clock, example=_weekly_example()
                )
            )
        return WeeklyTime(weekday, at)
    # `周五下午4点` (no space) or `fri 4:00 pm` (a space inside the time).
    split = day_name_at_start(raw) if len(words) == 1 else None
    if len(words) > 2 and (weekday := weekday_named(words[0])) is not None:
        split = (weekday, " ".join(words[1:]))
    if split is not None and (at := time_of_day(split[1])) is not None:
        return WeeklyTime(split[0], at)
    raise PlanError(
        _("I could not read `{typed}` as a weekly time. {example}").format(
            typed=raw, example=_weekly_example()
        )
    )


def parse_clock_time(raw: str) -> str:
    """`9:30` → `09:30` (24-hour clock); `9：30`, `下午4点` too."""
    at = time_of_day(raw)
    if at is None:
        raise PlanError(
            _("`{typed}` is not a time of day: use the 24-hour clock, e.g. `10:00`.").format(
                typed=raw
            )
        )
    return at


def parse_timezone(raw: str) -> str:
    """An IANA zone name, matched case-insensitively (`europe/berlin` → `Europe/Berlin`)."""
    name = raw.strip()
    try:
        ZoneInfo(name)
        return name
    except (ZoneInfoNotFoundError, ValueError):
        pass
    by_lower = {zone.lower(): zone for zone in available_timezones()}
    if name.lower() in by_lower:
        return by_lower[name.lower()]
    raise PlanError(
        _(
            "`{typed}` is not a time zone I know. Use an IANA name such as `Europe/Berlin`, "
            "`America/New_York` or `Asia/Shanghai`."
        ).format(typed=raw)
    )


def parse_response_target(raw: str) -> str:
    """`1d` (business days) or `4h` (hours)."""
    match = _TARGET.match(fold(raw))
    if match is None or int(match.group(1)) == 0:
        raise PlanError(
            _(
                "`{typed}` is not a response target. Use business days or hours, e.g. `1d` or `4h`."
            ).format(typed=raw)
        )
    return f"{int(match.group(1))}{match.group(2)}"


def describe_response_target(target: str) -> str:
    amount, unit = int(target[:-1]), target[-1]
    if unit == "d":
        return ngettext("{count} business day", "{count} business days", amount).format(
            count=amount
        )
    return ngettext("{count} hour", "{count} hours", amount).format(count=amount)


def response_due(now: datetime, target: str, timezone: str) -> datetime:
    """When an answer is due: hours are clock hours; days skip Saturdays and Sundays
    in the project's time zone."""
    amount, unit = int(target[:-1]), target[-1]
    if unit == "h":
        return now + timedelta(hours=amount)
    local = now.astimezone(ZoneInfo(timezone))
    while local.weekday() >= 5:  # sent at the weekend: the clock starts Monday morning
        local = (local + timedelta(days=1)).replace(hour=9, minute=0, second=0, microsecond=0)
    remaining = amount
    while remaining:
        local += timedelta(days=1)
        if local.weekday() < 5:
            remaining -= 1
    return local.astimezone(now.tzinfo)


def describe_reminder_time(project: Project) -> str:
    """`Friday 1:00 PM` / `星期五 13:00`: when reminders go out, on the project's wall clock, in
    the reader's language."""
    anchor = reminder_anchor(project)
    return weekday_and_time(anchor.weekday(), f"{anchor:%H:%M}")
