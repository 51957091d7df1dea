"""Working hours as people type and read them (`/project set hours mon-fri 09:00-18:00`), and
response targets in working time. The counting itself is the project's calendar's
(bot/platform/calendar.py): its working days, holidays and days off.
"""

from __future__ import annotations

import re

from bot.platform import i18n
from bot.platform.calendar import Calendar
from bot.platform.i18n import _, listing
from bot.platform.text import fold
from bot.projects.days_and_times import (
    split_range,
    starts_with_meridiem,
    time_of_day,
    weekday_named,
)

HOURS_TYPED_LIMIT = 120  # longer is not working hours; the parser stays fast before ack()


class HoursError(ValueError):
    """The words say what to type instead."""


def describe_hours(calendar: Calendar) -> str:
    """`Mon–Fri 9:00 AM–6:00 PM` / `周一至周五 09:00–18:00`, in the reader's language."""
    return _("{days} {start}–{end}").format(
        days=describe_days(calendar.days),
        start=i18n.clock(calendar.start),
        end=i18n.clock(calendar.end),
    )


def target_seconds(target: str, hours: Calendar) -> int:
    """`4h` is four working hours; `1d` is one working day (its length in these hours)."""
    amount, unit = int(target[:-1]), target[-1]
    return amount * (3600 if unit == "h" else hours.day_seconds)


def parse_hours(raw: str) -> tuple[str, str, str]:
    """`mon-fri 09:00-18:00`, `mon,tue,thu 08:30-16:30`, `周日-周四 08:00-17:00`,
    `周一至周五 上午9点-下午6点` → (days, start, end) as stored. Days and times are read in every
    language Rapport speaks (see bot/projects/days_and_times.py)."""
    typed = fold(raw)
    cuts = _cuts(typed) if len(typed) <= HOURS_TYPED_LIMIT else []
    for cut in cuts:
        days, hours = _days(typed[:cut]), _span(typed[cut:])
        if days is None or hours is None:
            continue
        start, end = hours
        if end <= start:
            raise HoursError(_("The working day must end after it starts, e.g. 09:00-18:00."))
        return "".join(str(d) for d in sorted(days)), start, end
    for cut in cuts:
        if _span(typed[cut:]) is not None and typed[:cut].strip():
            raise HoursError(
                _(
                    "I can't read `{days}` as days of the week: use mon, tue, wed, thu, fri, "
                    "sat, sun."
                ).format(days=typed[:cut].strip())
            )
    raise HoursError(
        _(
            "Say the days and the hours, e.g. `/project set hours mon-fri 09:00-18:00` or "
            "`sun-thu 08:00-17:00`."
        )
    )


def _cuts(typed: str) -> list[int]:
    """Where the days may end and the hours begin: after a space, or before the first digit
    (`周一至周五09:00-18:00`) or a word for the morning or the afternoon (`周一上午9点-下午6点`)."""
    cuts = [i for i in range(1, len(typed)) if typed[i - 1] == " " or typed[i] == " "]
    first_digit = next((i for i, c in enumerate(typed) if c.isdigit()), None)
    if first_digit:
        cuts.append(first_digit)
    cuts += [i for i in range(1, len(typed)) if starts_with_meridiem(typed[i:])]
    return sorted(set(cuts))


def _days(text: str) -> set[int] | None:
    """`mon-fri`, `mon,wed`, `周日-周四`, `周一、周三` → the weekdays (Monday 0)."""
    days: set[int] = set()
    for part in re.split(r"[,、]", text.strip()):
        ends = [day for end in split_range(part) if (day := weekday_named(end)) is not None]
        if len(ends) != len(split_range(part)) or not 1 <= len(ends) <= 2:
            return None
        first, last = ends[0], ends[-1]
        span = range(first, last + 1) if first <= last else [*range(first, 7), *range(last + 1)]
        days.update(span)
    return days


def _span(text: str) -> tuple[str, str] | None:
    """`09:00-18:00`, `9：00－18：00`, `上午9点至下午6点` → ("09:00", "18:00")."""
    ends = split_range(text)
    if len(ends) != 2:
        return None
    start, end = time_of_day(ends[0]), time_of_day(ends[1])
    return (start, end) if start is not None and end is not None else None


def describe_days(days: frozenset[int] | set[int]) -> str:
    """`Mon–Fri`, `Sun–Thu` (a run may wrap past Sunday), or a list: `Mon, Wed`; `周一至周五`."""
    starts = [d for d in sorted(days) if (d - 1) % 7 not in days]
    if len(starts) == 1 and 2 < len(days) < 7:
        first = starts[0]
        last = (first + len(days) - 1) % 7
        return _("{first}–{last}").format(
            first=i18n.weekday(first, "abbreviated"), last=i18n.weekday(last, "abbreviated")
        )
    return listing(i18n.weekday(d, "abbreviated") for d in sorted(days))
