"""The communication plan's settings as people type them, and the times they imply."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.platform.calendar import Calendar, calendar_of
from bot.platform.i18n import speaking
from bot.projects.timing import (
    PlanError,
    WeeklyTime,
    describe_reminder_time,
    describe_response_target,
    parse_response_target,
    parse_timezone,
    parse_weekly_time,
    response_due,
)
from tests.factories import make_project

BERLIN = ZoneInfo("Europe/Berlin")


def plan(timezone: str = "Europe/Berlin", **calendar: str) -> Calendar:
    return calendar_of(make_project(timezone=timezone, **calendar))


def berlin(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    """A moment given in Berlin wall-clock time, returned in UTC as the bot stores it."""
    return datetime(year, month, day, hour, minute, tzinfo=BERLIN).astimezone(UTC)


# --- weekly time -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("fri 16:00", WeeklyTime(4, "16:00")),
        ("Friday 9:30", WeeklyTime(4, "09:30")),
        ("FRI 09:30", WeeklyTime(4, "09:30")),
        ("  mon   0:00 ", WeeklyTime(0, "00:00")),
        ("tue 8:05", WeeklyTime(1, "08:05")),
        ("thu 23:59", WeeklyTime(3, "23:59")),
        ("wednes 12:00", WeeklyTime(2, "12:00")),
        ("sat 10:00", WeeklyTime(5, "10:00")),
        ("sunday 18:45", WeeklyTime(6, "18:45")),
    ],
)
def test_weekly_times(raw: str, expected: WeeklyTime) -> None:
    assert parse_weekly_time(raw) == expected


@pytest.mark.parametrize(
    ("language", "typed", "described"),
    [
        ("en", "fri 9:30", "Friday 9:30\u202fAM"),
        ("en", "fri 16:00", "Friday 4:00\u202fPM"),
        ("zh_CN", "fri 9:30", "星期五 09:30"),
        ("zh_CN", "fri 16:00", "星期五 16:00"),
    ],
)
def test_weekly_time_describes_itself_with_the_full_day(
    language: str, typed: str, described: str
) -> None:
    with speaking(language):
        assert parse_weekly_time(typed).describe() == described


@pytest.mark.parametrize(
    ("language", "described"), [("en", "Friday 1:00\u202fPM"), ("zh_CN", "星期五 13:00")]
)
def test_the_reminder_goes_out_its_lead_before_the_digest(language: str, described: str) -> None:
    project = make_project(language=language)  # the digest on Friday 16:00, reminders 3 hours ahead

    with speaking(language):
        assert describe_reminder_time(project) == described


@pytest.mark.parametrize("day", ["t", "tu", "s", "su", "fr"])
def test_too_short_or_ambiguous_days_are_refused(day: str) -> None:
    with pytest.raises(PlanError, match=f"`{day}` is not a day of the week") as error:
        parse_weekly_time(f"{day} 16:00")

    assert "fri 16:00" in str(error.value)


@pytest.mark.parametrize("day", ["fry", "fridays", "weekend", "16:00"])
def test_unknown_days_are_refused(day: str) -> None:
    with pytest.raises(PlanError, match="is not a day of the week"):
        parse_weekly_time(f"{day} 16:00")


@pytest.mark.parametrize("clock", ["24:00", "16:60", "4pm", "16", "16:5", "16.00", "-1:00"])
def test_invalid_times_are_refused(clock: str) -> None:
    with pytest.raises(PlanError, match=f"`{clock}` is not a time of day"):
        parse_weekly_time(f"fri {clock}")


@pytest.mark.parametrize("raw", ["", "friday", "fri 16:00 CET", "every friday 16:00"])
def test_weekly_time_needs_exactly_a_day_and_a_time(raw: str) -> None:
    with pytest.raises(PlanError, match="as a weekly time") as error:
        parse_weekly_time(raw)

    assert "24-hour time" in str(error.value)


# --- time zone ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "zone"),
    [
        ("Europe/Berlin", "Europe/Berlin"),
        ("europe/berlin", "Europe/Berlin"),
        ("EUROPE/BERLIN", "Europe/Berlin"),
        (" America/New_York ", "America/New_York"),
        ("america/new_york", "America/New_York"),
        ("utc", "UTC"),
    ],
)
def test_time_zones_are_matched_ignoring_case(raw: str, zone: str) -> None:
    assert parse_timezone(raw) == zone


@pytest.mark.parametrize("raw", ["", "Berlin", "Mars/Olympus", "CEST+2", "../../etc/passwd"])
def test_unknown_time_zones_are_refused_with_examples(raw: str) -> None:
    with pytest.raises(PlanError, match="is not a time zone I know") as error:
        parse_timezone(raw)

    assert "Europe/Berlin" in str(error.value)


# --- response target ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "target"),
    [("1d", "1d"), ("4h", "4h"), (" 2D ", "2d"), ("04h", "4h"), ("3 d", "3d"), ("72H", "72h")],
)
def test_response_targets(raw: str, target: str) -> None:
    assert parse_response_target(raw) == target


@pytest.mark.parametrize("raw", ["", "0d", "0h", "1w", "1", "d", "one day", "1.5d", "1000h", "-1d"])
def test_invalid_response_targets_are_refused_with_examples(raw: str) -> None:
    with pytest.raises(PlanError, match="is not a response target") as error:
        parse_response_target(raw)

    assert "`1d`" in str(error.value)
    assert "`4h`" in str(error.value)


@pytest.mark.parametrize(
    ("target", "words"),
    [
        ("1d", "1 business day"),
        ("3d", "3 business days"),
        ("1h", "1 hour"),
        ("4h", "4 hours"),
    ],
)
def test_response_targets_in_words(target: str, words: str) -> None:
    assert describe_response_target(target) == words


# --- when an answer is due ---------------------------------------------------------------


def test_hours_are_clock_hours_from_a_working_day() -> None:
    friday_evening = berlin(2026, 11, 20, 22, 0)

    due = response_due(friday_evening, "4h", plan())

    assert due == friday_evening + timedelta(hours=4)
    assert due.tzinfo == UTC


def test_hours_sent_on_a_day_off_start_on_the_next_working_morning() -> None:
    saturday_night = berlin(2026, 11, 21, 22, 0)

    assert response_due(saturday_night, "4h", plan()) == berlin(2026, 11, 23, 13, 0)
    # Christmas Eve is an extra day off, Christmas and the day after are Berlin's holidays.
    christmas = plan(holiday_region="DE-BE", days_off="2026-12-24")
    assert response_due(berlin(2026, 12, 24, 10, 0), "4h", christmas) == berlin(2026, 12, 28, 13, 0)


def test_business_days_skip_the_regions_holidays_and_the_days_off() -> None:
    # Good Friday (3 April) and Easter Monday (6 April) in Berlin.
    easter = plan(holiday_region="DE-BE")
    assert response_due(berlin(2026, 4, 2, 11, 0), "1d", easter) == berlin(2026, 4, 7, 11, 0)
    extra = plan(holiday_region="DE-BE", days_off="2026-04-07")
    assert response_due(berlin(2026, 4, 2, 11, 0), "1d", extra) == berlin(2026, 4, 8, 11, 0)


def test_business_days_count_chinas_make_up_working_days() -> None:
    # 2026: Spring Festival off 15–23 February; Saturday 14 and Saturday 28 February are worked.
    china = plan("Asia/Shanghai", holiday_region="CN")
    friday = datetime(2026, 2, 13, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert response_due(friday, "1d", china) == friday + timedelta(days=1)  # Saturday the 14th
    assert response_due(friday, "2d", china) == datetime(
        2026, 2, 24, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")
    )


def test_one_business_day_from_a_tuesday_is_wednesday_same_time() -> None:
    due = response_due(berlin(2026, 11, 17, 10, 30), "1d", plan())

    assert due == berlin(2026, 11, 18, 10, 30)
    assert due.tzinfo == UTC


def test_one_business_day_from_a_friday_is_monday() -> None:
    due = response_due(berlin(2026, 11, 20, 15, 0), "1d", plan())

    assert due == berlin(2026, 11, 23, 15, 0)


def test_two_business_days_from_a_thursday_skip_the_weekend() -> None:
    due = response_due(berlin(2026, 11, 19, 11, 0), "2d", plan())

    assert due == berlin(2026, 11, 23, 11, 0)


def test_five_business_days_are_a_calendar_week() -> None:
    due = response_due(berlin(2026, 11, 18, 9, 0), "5d", plan())

    assert due == berlin(2026, 11, 25, 9, 0)


@pytest.mark.parametrize("day", [21, 22], ids=["saturday", "sunday"])
def test_a_weekend_message_starts_the_clock_on_monday_morning(day: int) -> None:
    due = response_due(berlin(2026, 11, day, 14, 45), "1d", plan())

    assert due == berlin(2026, 11, 24, 9, 0)


def test_the_weekend_is_judged_in_the_projects_time_zone() -> None:
    # Friday 23:30 in UTC is already Saturday 00:30 in Berlin.
    late_friday_utc = datetime(2026, 11, 20, 23, 30, tzinfo=UTC)

    assert response_due(late_friday_utc, "1d", plan()) == berlin(2026, 11, 24, 9, 0)
    assert response_due(late_friday_utc, "1d", plan("UTC")) == datetime(
        2026, 11, 23, 23, 30, tzinfo=UTC
    )


def test_business_days_keep_the_local_hour_across_a_clock_change() -> None:
    # Berlin moves to summer time on Sunday 29 March 2026.
    due = response_due(berlin(2026, 3, 27, 10, 0), "1d", plan())

    assert due == berlin(2026, 3, 30, 10, 0)
    assert due == datetime(2026, 3, 30, 8, 0, tzinfo=UTC)


# --- display -----------------------------------------------------------------------------
