"""The communication plan's settings: parsing what people type and the times they imply."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
_TARGET = re.compile(r"^(\d{1,3})\s*([dh])$")


class PlanError(ValueError):
    """A plan value people typed is not understood; the message shows the right form."""


@dataclass(frozen=True)
class WeeklyTime:
    weekday: int  # Monday is 0
    time: str  # "HH:MM", local to the project

    def describe(self) -> str:
        return f"{WEEKDAYS[self.weekday].capitalize()} {self.time}"


def parse_weekly_time(raw: str) -> WeeklyTime:
    """`fri 16:00`, `Friday 9:30` → WeeklyTime."""
    words = raw.lower().split()
    example = "Write it as a day and a 24-hour time, e.g. `fri 16:00`."
    if len(words) != 2:
        raise PlanError(f"I could not read `{raw}` as a weekly time. {example}")
    day, clock = words
    matches = [i for i, name in enumerate(WEEKDAYS) if len(day) >= 3 and name.startswith(day)]
    if len(matches) != 1:
        raise PlanError(f"`{day}` is not a day of the week. {example}")
    time = _TIME.match(clock)
    if time is None:
        raise PlanError(f"`{clock}` is not a time of day. {example}")
    return WeeklyTime(matches[0], f"{int(time.group(1)):02d}:{time.group(2)}")


def parse_clock_time(raw: str) -> str:
    """`9:30` → `09:30` (24-hour clock)."""
    match = _TIME.match(raw.strip())
    if match is None:
        raise PlanError(f"`{raw}` is not a time of day: use the 24-hour clock, e.g. `10:00`.")
    return f"{int(match.group(1)):02d}:{match.group(2)}"


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
        f"`{raw}` is not a time zone I know. Use an IANA name such as `Europe/Berlin`, "
        "`America/New_York` or `Asia/Shanghai`."
    )


def parse_response_target(raw: str) -> str:
    """`1d` (business days) or `4h` (hours)."""
    match = _TARGET.match(raw.strip().lower())
    if match is None or int(match.group(1)) == 0:
        raise PlanError(
            f"`{raw}` is not a response target. Use business days or hours, e.g. `1d` or `4h`."
        )
    return f"{int(match.group(1))}{match.group(2)}"


def describe_response_target(target: str) -> str:
    amount, unit = int(target[:-1]), target[-1]
    if unit == "d":
        return "1 business day" if amount == 1 else f"{amount} business days"
    return "1 hour" if amount == 1 else f"{amount} hours"


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


def format_local(moment: datetime, timezone: str) -> str:
    """`Tue 24 Nov, 16:00 (Europe/Berlin)`."""
    local = moment.astimezone(ZoneInfo(timezone))
    return f"{local:%a %d %b, %H:%M} ({timezone})"
