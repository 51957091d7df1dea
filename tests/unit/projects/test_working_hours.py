"""Working time, by hand: nights, weekends, daylight-saving days, other weeks."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.platform.calendar import Calendar, calendar_of
from bot.platform.i18n import speaking
from bot.projects.working_hours import (
    HoursError,
    describe_days,
    describe_hours,
    parse_hours,
    target_seconds,
)
from tests.factories import make_project
from tests.language import LANGUAGES

BERLIN = ZoneInfo("Europe/Berlin")


def hours(**plan: str) -> Calendar:
    return calendar_of(make_project(timezone="Europe/Berlin", **plan))


def at(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=BERLIN)


@pytest.mark.parametrize(
    ("start", "end", "seconds"),
    [
        (at(11, 16, 10), at(11, 16, 11, 30), 5400),  # Monday morning
        (at(11, 16, 7), at(11, 16, 9, 30), 1800),  # before the day starts
        (at(11, 16, 17), at(11, 17, 10), 7200),  # overnight
        (at(11, 20, 17), at(11, 23, 10), 7200),  # over the weekend
        (at(11, 21, 12), at(11, 22, 12), 0),  # all weekend
        (at(11, 16, 9), at(11, 23, 9), 5 * 9 * 3600),  # one whole week
        (at(3, 27, 17), at(3, 30, 10), 7200),  # the spring switch falls on that Sunday
        (at(10, 23, 17), at(10, 26, 10), 7200),  # and the autumn one
    ],
)
def test_seconds_between(start: datetime, end: datetime, seconds: int) -> None:
    assert hours().seconds_between(start, end) == seconds


def test_a_target_is_reached_in_working_time() -> None:
    plan = hours()
    assert plan.add(at(11, 20, 17), 2 * 3600) == at(11, 23, 10)
    assert plan.add(at(11, 21, 3), 0) == at(11, 23, 9)
    assert target_seconds("1d", plan) == 9 * 3600 and target_seconds("4h", plan) == 4 * 3600


@given(
    st.datetimes(  # hypothesis takes naive bounds and puts the zone on afterwards
        min_value=datetime(2026, 1, 1),  # noqa: DTZ001
        max_value=datetime(2027, 12, 1),  # noqa: DTZ001
        timezones=st.just(BERLIN),
    ),
    st.integers(min_value=0, max_value=40 * 9 * 3600),
)
@pytest.mark.parametrize(
    "calendar",
    [{}, {"holiday_region": "CN", "days_off": "2026-06-01,2027-03-03"}],
    ids=["weekdays", "China's holidays, make-up days and days off"],
)
def test_adding_working_time_and_measuring_it_agree(
    calendar: dict[str, str], start: datetime, seconds: int
) -> None:
    plan = hours(**calendar)
    assert plan.seconds_between(start, plan.add(start, seconds)) == seconds


def test_other_working_weeks() -> None:
    days, start, end = parse_hours("sun-thu 08:00-17:00")
    assert (days, start, end) == ("01236", "08:00", "17:00")
    plan = hours(work_days=days, work_start=start, work_end=end)
    assert plan.seconds_between(at(11, 20, 10), at(11, 22, 9)) == 3600  # Friday off
    assert parse_hours("mon,wed 8:30-12:00") == ("02", "08:30", "12:00")


DESCRIBED = {  # Sunday to Thursday, 08:00 to 17:00; those days alone; Monday and Wednesday
    "en": ("Sun–Thu 8:00\u202fAM–5:00\u202fPM", "Sun–Thu", "Mon, Wed"),
    "zh_CN": ("周日至周四 08:00–17:00", "周日至周四", "周一、周三"),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_working_hours_are_described_as_days_and_times(language: str) -> None:
    plan = hours(work_days="01236", work_start="08:00", work_end="17:00")

    with speaking(language):
        described = (describe_hours(plan), describe_days(plan.days), describe_days({0, 2}))

    assert described == DESCRIBED[language]


@pytest.mark.parametrize("typed", ["weekdays", "mon-fri 18:00-09:00", "mon-fry 09:00-18:00", ""])
def test_hours_that_do_not_parse_say_what_to_type(typed: str) -> None:
    with pytest.raises(HoursError):
        parse_hours(typed)
