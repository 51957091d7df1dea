"""Working time: how long a client waited, counted only in the team's working hours.

Each working day contributes its [start, end) in the project's zone, taken on the wall clock, so
a day of a daylight-saving switch is as long as its working hours are, neither more nor less.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from storage.models import Project

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_HOURS = re.compile(
    r"^(?P<days>[a-z]{3}(?:\s*-\s*[a-z]{3})?(?:\s*,\s*[a-z]{3}(?:\s*-\s*[a-z]{3})?)*)\s+"
    r"(?P<start>\d{1,2}:\d{2})\s*-\s*(?P<end>\d{1,2}:\d{2})$"
)


class HoursError(ValueError):
    """The words say what to type instead."""


@dataclass(frozen=True)
class WorkingHours:
    days: frozenset[int]  # Monday is 0
    start: time
    end: time
    zone: ZoneInfo

    @classmethod
    def of(cls, project: Project) -> WorkingHours:
        return cls(
            frozenset(int(d) for d in project.work_days),
            time.fromisoformat(project.work_start),
            time.fromisoformat(project.work_end),
            ZoneInfo(project.timezone),
        )

    @property
    def day_seconds(self) -> int:
        """The length of one working day."""
        return int(
            (
                datetime.combine(date.min, self.end) - datetime.combine(date.min, self.start)
            ).total_seconds()
        )

    def seconds_between(self, start: datetime, end: datetime) -> int:
        """Working seconds in [start, end)."""
        if end <= start:
            return 0
        # timedelta, not float seconds: exact to the microsecond, so `add` and this agree.
        total = timedelta(0)
        for day_start, day_end in self._days(start.astimezone(self.zone).date()):
            if day_start >= end:
                break
            total += max(timedelta(0), min(end, day_end) - max(start, day_start))
        return total // timedelta(seconds=1)

    def add(self, moment: datetime, seconds: int) -> datetime:
        """The instant at which `seconds` of working time have passed since `moment`."""
        left = timedelta(seconds=seconds)
        for day_start, day_end in self._days(moment.astimezone(self.zone).date()):
            begin = max(moment, day_start)
            if begin >= day_end:
                continue
            available = day_end - begin
            if left <= available:
                return begin + left
            left -= available
        raise AssertionError("unreachable: working days never run out")

    def _days(self, first: date) -> _Days:
        return _Days(self, first)

    def describe(self) -> str:
        return f"{describe_days(self.days)} {self.start:%H:%M}–{self.end:%H:%M}"


class _Days:
    """Working days from `first` on, as aware [start, end) pairs: an endless iterator."""

    def __init__(self, hours: WorkingHours, first: date) -> None:
        self.hours, self.day = hours, first

    def __iter__(self) -> _Days:
        return self

    def __next__(self) -> tuple[datetime, datetime]:
        hours = self.hours
        if not hours.days:
            raise StopIteration
        while self.day.weekday() not in hours.days:
            self.day += timedelta(days=1)
        day, self.day = self.day, self.day + timedelta(days=1)
        return (
            datetime.combine(day, hours.start, tzinfo=hours.zone),
            datetime.combine(day, hours.end, tzinfo=hours.zone),
        )


def target_seconds(target: str, hours: WorkingHours) -> int:
    """`4h` is four working hours; `1d` is one working day (its length in these hours)."""
    amount, unit = int(target[:-1]), target[-1]
    return amount * (3600 if unit == "h" else hours.day_seconds)


def parse_hours(raw: str) -> tuple[str, str, str]:
    """`mon-fri 09:00-18:00`, `mon,tue,thu 08:30-16:30` → (days, start, end) as stored."""
    match = _HOURS.match(raw.strip().lower())
    if match is None:
        raise HoursError(
            "Say the days and the hours, e.g. `/project set hours mon-fri 09:00-18:00` or "
            "`sun-thu 08:00-17:00`."
        )
    days: set[int] = set()
    for part in match.group("days").split(","):
        ends = [p.strip() for p in part.split("-")]
        if any(e not in DAY_NAMES for e in ends):
            raise HoursError(
                f"`{part.strip()}` is not a day: use mon, tue, wed, thu, fri, sat, sun."
            )
        first, last = DAY_NAMES.index(ends[0]), DAY_NAMES.index(ends[-1])
        span = range(first, last + 1) if first <= last else [*range(first, 7), *range(last + 1)]
        days.update(span)
    try:
        start, end = (
            time.fromisoformat(match.group("start").zfill(5)),
            time.fromisoformat(match.group("end").zfill(5)),
        )
    except ValueError:
        raise HoursError("Give times as HH:MM, e.g. 09:00-18:00.") from None
    if end <= start:
        raise HoursError("The working day must end after it starts, e.g. 09:00-18:00.")
    return "".join(str(d) for d in sorted(days)), f"{start:%H:%M}", f"{end:%H:%M}"


def describe_days(days: frozenset[int] | set[int]) -> str:
    """`Mon–Fri`, `Sun–Thu` (a run may wrap past Sunday), or a list."""
    starts = [d for d in sorted(days) if (d - 1) % 7 not in days]
    if len(starts) == 1 and 2 < len(days) < 7:
        first = starts[0]
        last = (first + len(days) - 1) % 7
        return f"{DAY_NAMES[first].capitalize()}–{DAY_NAMES[last].capitalize()}"
    return ", ".join(DAY_NAMES[d].capitalize() for d in sorted(days))
