"""The working calendar every place asks: a region's holidays, China's make-up working days, the
owners' days off, and what they do to working time and to the monthly report's day."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.platform.calendar import (
    Calendar,
    calendar_of,
    known_region,
    read_days_off,
    region_year,
    subdivisions_of,
    write_days_off,
)
from bot.scheduling.triggers import next_due, trigger_for
from tests.factories import make_project

BERLIN = ZoneInfo("Europe/Berlin")


def plan(timezone: str = "Europe/Berlin", **calendar: str) -> Calendar:
    return calendar_of(make_project(timezone=timezone, **calendar))


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("DE-BE", "DE-BE"),
        ("de-be", "DE-BE"),
        ("DE_BE", "DE-BE"),
        ("cn", "CN"),
        ("US-NY", "US-NY"),
        ("gb eng", "GB-ENG"),
        ("XX", None),
        ("DE-XX", None),
        ("", None),
        ("DE-Berlin", "DE-BE"),
        ("CHN", "CN"),
        ("uk-eng", "GB-ENG"),
    ],
)
def test_regions_are_read_as_the_holidays_package_names_them(
    typed: str, stored: str | None
) -> None:
    assert known_region(typed) == stored


def test_a_countrys_regions_can_be_listed() -> None:
    assert {"DE-BE", "DE-BY"} <= set(subdivisions_of("DE"))
    assert subdivisions_of("XX") == []


def test_berlins_holidays_are_days_off_and_the_week_goes_on_around_them() -> None:
    berlin = plan(holiday_region="DE-BE")
    assert not berlin.is_working_day(date(2027, 3, 8))  # Women's Day, a Monday: Berlin's own
    assert not berlin.is_working_day(date(2026, 4, 3))  # Good Friday
    assert not berlin.is_working_day(date(2026, 12, 25))
    assert berlin.is_working_day(date(2026, 12, 23))
    assert not plan().is_working_day(date(2026, 12, 26))  # a Saturday, holiday or not
    assert plan().is_working_day(date(2026, 4, 3))  # no region: no holidays


def test_chinas_make_up_working_days_are_worked() -> None:
    china = plan("Asia/Shanghai", holiday_region="CN")
    assert date(2026, 2, 14) in region_year("CN", 2026).worked
    assert china.is_working_day(date(2026, 2, 14))  # a Saturday, worked for the Spring Festival
    assert not china.is_working_day(date(2026, 2, 20))  # the Friday given in exchange
    # January 2026: the 1st is New Year's Day, the 2nd is off, Sunday the 4th is worked.
    assert china.first_working_day(date(2026, 1, 1)) == date(2026, 1, 4)


def test_extra_days_off_beat_everything() -> None:
    china = plan("Asia/Shanghai", holiday_region="CN", days_off="2026-02-14,2026-12-24")
    assert not china.is_working_day(date(2026, 2, 14))
    assert not china.is_working_day(date(2026, 12, 24))
    assert read_days_off("2026-12-31,2026-12-24,") == [date(2026, 12, 24), date(2026, 12, 31)]
    assert write_days_off({date(2026, 12, 31), date(2026, 12, 24)}) == "2026-12-24,2026-12-31"


def test_working_time_skips_the_holidays() -> None:
    berlin = plan(holiday_region="DE-BE", days_off="2026-12-24")
    wednesday = datetime(2026, 12, 23, 17, 0, tzinfo=BERLIN)
    monday = datetime(2026, 12, 28, 10, 0, tzinfo=BERLIN)
    # 17:00–18:00 on the 23rd, then 24th (day off), 25th and 26th (holidays), the weekend.
    assert berlin.seconds_between(wednesday, monday) == 2 * 3600
    assert berlin.add(wednesday, 2 * 3600) == monday


def test_a_project_gets_one_calendar_per_plan() -> None:
    project = make_project(holiday_region="DE-BE")
    assert calendar_of(project) is calendar_of(make_project(holiday_region="DE-BE"))
    project.days_off = "2026-12-24"
    assert not calendar_of(project).is_working_day(date(2026, 12, 24))


def test_upcoming_days_off_and_make_up_days_are_listed_in_order() -> None:
    berlin = plan(holiday_region="DE-BE", days_off="2026-12-24")
    assert berlin.upcoming_days_off(date(2026, 12, 1), within=40) == [
        date(2026, 12, 24),
        date(2026, 12, 25),
        date(2027, 1, 1),
    ]
    china = plan("Asia/Shanghai", holiday_region="CN")
    assert china.upcoming_make_up_days(date(2026, 9, 1), within=60) == [
        date(2026, 9, 20),
        date(2026, 10, 10),
    ]


def test_the_monthly_report_waits_for_the_first_working_day() -> None:
    # 1 January 2027 is a Friday and New Year's Day; the 4th is the first working Monday.
    project = make_project(holiday_region="DE-BE", report_time="10:00")
    due = next_due("report", project, datetime(2026, 12, 31, 12, 0, tzinfo=UTC))
    assert due is not None
    assert due.at == datetime(2027, 1, 4, 10, 0, tzinfo=BERLIN)
    assert due.period_key == "2026-12"
    # Without holidays it is the Friday; with the 4th off too, the Tuesday.
    plain = next_due("report", make_project(), datetime(2026, 12, 31, 12, 0, tzinfo=UTC))
    assert plain is not None and plain.at == datetime(2027, 1, 1, 10, 0, tzinfo=BERLIN)
    project.days_off = "2027-01-04"
    trigger = trigger_for("report", project)
    fire = trigger.get_next_fire_time(None, datetime(2026, 12, 31, 12, 0, tzinfo=UTC))
    assert fire == datetime(2027, 1, 5, 10, 0, tzinfo=BERLIN)


def test_a_region_the_package_no_longer_knows_counts_no_holidays() -> None:
    gone = plan(holiday_region="XX-YY")
    assert gone.is_working_day(date(2026, 12, 25))
    assert gone.upcoming_days_off(date(2026, 12, 1)) == []
