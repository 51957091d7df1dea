"""A project's working calendar, the one thing every place asks about working time: which days
are worked and from when to when in the project's zone (`/project set hours`), the public
holidays of its region with the make-up working days the `holidays` package knows (China's
调休 Saturdays and Sundays), and the extra days off its owners add. Response clocks, answer-due
times, the monthly report's first working day and the reminders all ask it, so none of them
learns about holidays on its own.

It is asked on every response-time computation, so nothing is computed twice: a region's
holidays once per year (`region_year`), a project's calendar once per plan (`calendar_of`, keyed
by the values it is made of: a changed plan is a new key, and no cache needs clearing). Pure: no
I/O, no database.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays as holiday_data

from storage.models import Project

logger = logging.getLogger(__name__)

DAYS_AHEAD = 3 * 366  # a calendar without a working day within this is no calendar to count in


@dataclass(frozen=True)
class RegionYear:
    """One region's public holidays in one year, and its make-up working days (weekend days
    worked in exchange for a bridge holiday), as the `holidays` package has them."""

    off: frozenset[date]
    worked: frozenset[date]


@lru_cache(maxsize=512)
def region_year(region: str, year: int) -> RegionYear:
    """`region` as stored: `DE-BE`, `CN`, `US-NY`, `GB-ENG` (checked by `known_region`)."""
    country, _dash, subdivision = region.partition("-")
    try:
        found = holiday_data.country_holidays(country, subdiv=subdivision or None, years=year)
    except NotImplementedError:  # a region a newer or older `holidays` no longer knows
        logger.warning("the holidays package does not know %s: no holidays counted", region)
        return RegionYear(frozenset(), frozenset())
    # The package keeps make-up days of every year it has built on the instance: this year's.
    worked = getattr(found, "weekend_workdays", ())
    return RegionYear(frozenset(found), frozenset(day for day in worked if day.year == year))


@lru_cache(maxsize=512)
def holiday_names(region: str, year: int, language: str) -> dict[date, str]:
    """The holidays of a year by name, in `language` (`en`, `zh_CN`) where the package has it,
    else in English, else in the country's own."""
    country, _dash, subdivision = region.partition("-")
    try:
        entity = holiday_data.country_holidays(country, subdiv=subdivision or None)
    except NotImplementedError:
        return {}
    spoken = getattr(entity, "supported_languages", ())
    wanted = [name for name in ("en_US" if language == "en" else language, "en_US") if name]
    chosen = next((name for name in wanted if name in spoken), None)
    found = holiday_data.country_holidays(
        country, subdiv=subdivision or None, years=year, language=chosen
    )
    return dict(found.items())


def known_region(typed: str) -> str | None:
    """The stored form of a region people type (`de-be`, `DE_BE`, `cn`, `gb eng`, `DE-Berlin`,
    `CHN`), or None when the `holidays` package does not know it."""
    country, _dash, subdivision = typed.strip().replace("_", "-").replace(" ", "-").partition("-")
    if country.upper() not in holiday_data.list_supported_countries():
        return None
    entity = holiday_data.country_holidays(country.upper())
    code = str(entity.country)  # CHN → CN, UK → GB
    if not subdivision:
        return code
    names = {name.lower(): sub for name, sub in getattr(entity, "subdivisions_aliases", {}).items()}
    names |= {sub.lower(): sub for sub in entity.subdivisions}
    found = names.get(subdivision.lower())
    return f"{code}-{found}" if found is not None else None


def subdivisions_of(country: str) -> list[str]:
    """The region codes of a country the package knows (`DE` → `DE-BB`, `DE-BE`, …)."""
    code = country.upper().partition("-")[0]
    if code not in holiday_data.list_supported_countries():
        return []
    entity = holiday_data.country_holidays(code)
    return [f"{entity.country}-{sub}" for sub in entity.subdivisions]


@dataclass(frozen=True)
class Calendar:
    days: frozenset[int]  # the working weekdays, Monday is 0
    start: time
    end: time
    zone: ZoneInfo
    region: str | None = None  # public holidays of this region (None: none)
    days_off: frozenset[date] = frozenset()  # the owners' own, on top of the region's

    def is_working_day(self, day: date) -> bool:
        """An extra day off is off; else a make-up day is worked and a holiday is not; else the
        working week decides."""
        if day in self.days_off:
            return False
        if self.region is not None:
            year = region_year(self.region, day.year)
            if day in year.worked:
                return True
            if day in year.off:
                return False
        return day.weekday() in self.days

    def working_days(self, first: date) -> Iterator[date]:
        """Working days from `first` on (itself included), within DAYS_AHEAD."""
        for offset in range(DAYS_AHEAD):
            day = first + timedelta(days=offset)
            if self.is_working_day(day):
                yield day

    def next_working_day(self, first: date) -> date | None:
        return next(self.working_days(first), None)

    def first_working_day(self, month: date) -> date | None:
        """The month's first working day; None when the whole month is off."""
        day = self.next_working_day(month.replace(day=1))
        return day if day is not None and day.month == month.month else None

    def hours_of(self, day: date) -> tuple[datetime, datetime]:
        """A day's working [start, end), aware, on the wall clock of the project's zone."""
        return (
            datetime.combine(day, self.start, tzinfo=self.zone),
            datetime.combine(day, self.end, tzinfo=self.zone),
        )

    @property
    def day_seconds(self) -> int:
        """The length of one working day."""
        span = datetime.combine(date.min, self.end) - datetime.combine(date.min, self.start)
        return int(span.total_seconds())

    def seconds_between(self, start: datetime, end: datetime) -> int:
        """Working seconds in [start, end). Each day counts its hours on the wall clock, so a
        day of a daylight-saving switch is as long as its working hours are."""
        if end <= start:
            return 0
        # timedelta, not float seconds: exact to the microsecond, so `add` and this agree.
        total = timedelta(0)
        for day in self.working_days(start.astimezone(self.zone).date()):
            day_start, day_end = self.hours_of(day)
            if day_start >= end:
                break
            total += max(timedelta(0), min(end, day_end) - max(start, day_start))
        return total // timedelta(seconds=1)

    def add(self, moment: datetime, seconds: int) -> datetime:
        """The instant at which `seconds` of working time have passed since `moment`."""
        left = timedelta(seconds=seconds)
        for day in self.working_days(moment.astimezone(self.zone).date()):
            day_start, day_end = self.hours_of(day)
            begin = max(moment, day_start)
            if begin >= day_end:
                continue
            if left <= day_end - begin:
                return begin + left
            left -= day_end - begin
        raise ValueError("no working day within three years")  # i18n: not shown

    def upcoming_days_off(self, today: date, *, within: int = 366) -> list[date]:
        """The region's holidays and the extra days off that fall on a working weekday, from
        `today` on, in order: what a reader of the plan wants to know."""
        end = today + timedelta(days=within)
        days = {d for d in self.days_off if today <= d < end}
        if self.region is not None:
            for year in range(today.year, end.year + 1):
                days |= {d for d in region_year(self.region, year).off if today <= d < end}
        return sorted(d for d in days if d.weekday() in self.days and not self.is_working_day(d))

    def upcoming_make_up_days(self, today: date, *, within: int = 366) -> list[date]:
        """Days outside the working week that the region works, from `today` on."""
        if self.region is None:
            return []
        end = today + timedelta(days=within)
        worked = set().union(
            *(region_year(self.region, y).worked for y in range(today.year, end.year + 1))
        )
        return sorted(
            d
            for d in worked
            if today <= d < end and d.weekday() not in self.days and d not in self.days_off
        )


def calendar_of(project: Project) -> Calendar:
    """The project's calendar, built once per plan."""
    return _calendar(
        project.work_days,
        project.work_start,
        project.work_end,
        project.timezone,
        project.holiday_region,
        project.days_off,
    )


@lru_cache(maxsize=4096)
def _calendar(
    work_days: str, start: str, end: str, timezone: str, region: str | None, days_off: str
) -> Calendar:
    return Calendar(
        frozenset(int(d) for d in work_days),
        time.fromisoformat(start),
        time.fromisoformat(end),
        ZoneInfo(timezone),
        region or None,
        frozenset(read_days_off(days_off)),
    )


def read_days_off(stored: str) -> list[date]:
    """`2026-12-24,2026-12-31` (as stored on the project) → the dates, in order."""
    return sorted(date.fromisoformat(part) for part in stored.split(",") if part.strip())


def write_days_off(days: set[date] | frozenset[date] | list[date]) -> str:
    return ",".join(day.isoformat() for day in sorted(set(days)))
