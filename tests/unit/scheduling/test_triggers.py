"""When posts are due, in each project's own time zone, around daylight-saving switches."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.projects.timing import describe_reminder_time
from bot.scheduling.triggers import (
    fire_times,
    is_paused,
    kinds_on,
    last_due,
    next_due,
    period_key,
    trigger_for,
)
from tests.factories import make_project


def local_times(
    timezone: str, weekday: int, time: str, start: datetime, end: datetime, kind: str = "digest"
) -> list[str]:
    project = make_project(timezone=timezone, digest_weekday=weekday, digest_time=time)
    zone = ZoneInfo(timezone)
    return [
        f"{t.astimezone(zone):%Y-%m-%d %H:%M %Z}" for t in fire_times(kind, project, start, end)
    ]


def test_berlin_friday_digest_keeps_16_00_across_both_switches() -> None:
    spring = local_times(
        "Europe/Berlin",
        4,
        "16:00",
        datetime(2026, 3, 20, tzinfo=UTC),
        datetime(2026, 4, 4, tzinfo=UTC),
    )
    autumn = local_times(
        "Europe/Berlin",
        4,
        "16:00",
        datetime(2026, 10, 16, tzinfo=UTC),
        datetime(2026, 10, 31, tzinfo=UTC),
    )
    assert spring == ["2026-03-20 16:00 CET", "2026-03-27 16:00 CET", "2026-04-03 16:00 CEST"]
    assert autumn == ["2026-10-16 16:00 CEST", "2026-10-23 16:00 CEST", "2026-10-30 16:00 CET"]


@pytest.mark.parametrize(
    ("switch_day", "before", "after"),
    [
        (datetime(2026, 3, 8, tzinfo=UTC), "EST", "EDT"),
        (datetime(2026, 11, 1, tzinfo=UTC), "EDT", "EST"),
    ],
)
def test_new_york_on_its_switch_sundays(switch_day: datetime, before: str, after: str) -> None:
    # A Sunday 09:00 digest on the switch day itself and the Sunday before it.
    times = local_times(
        "America/New_York",
        6,
        "09:00",
        switch_day - timedelta(days=8),
        switch_day + timedelta(days=1),
    )
    assert [t.split()[1] for t in times] == ["09:00", "09:00"]
    assert times[0].endswith(before) and times[1].endswith(after)


def test_shanghai_has_no_switch_and_stays_put() -> None:
    times = local_times(
        "Asia/Shanghai",
        0,
        "10:30",
        datetime(2026, 3, 1, tzinfo=UTC),
        datetime(2026, 11, 30, tzinfo=UTC),
    )
    assert len(times) == 39
    assert {t.split()[1] for t in times} == {"10:30"}
    project = make_project(timezone="Asia/Shanghai", digest_weekday=0, digest_time="10:30")
    utc = fire_times(
        "digest", project, datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 11, 30, tzinfo=UTC)
    )
    assert {t.hour for t in utc} == {2}


def test_a_time_inside_the_skipped_hour_posts_an_hour_later_by_the_clock() -> None:
    # 02:30 does not exist in Berlin on 29 March 2026: the post comes at 03:30 CEST.
    times = local_times(
        "Europe/Berlin",
        6,
        "02:30",
        datetime(2026, 3, 21, tzinfo=UTC),
        datetime(2026, 4, 6, tzinfo=UTC),
    )
    assert times == ["2026-03-22 02:30 CET", "2026-03-29 03:30 CEST", "2026-04-05 02:30 CEST"]


def test_a_time_inside_the_repeated_hour_posts_once_at_its_first_occurrence() -> None:
    # 02:30 happens twice in Berlin on 25 October 2026: once in CEST, once in CET.
    times = local_times(
        "Europe/Berlin",
        6,
        "02:30",
        datetime(2026, 10, 17, tzinfo=UTC),
        datetime(2026, 11, 2, tzinfo=UTC),
    )
    assert times == ["2026-10-18 02:30 CEST", "2026-10-25 02:30 CEST", "2026-11-01 02:30 CET"]


def test_the_trigger_never_answers_a_time_at_or_before_the_previous_one() -> None:
    project = make_project(timezone="Europe/Berlin", digest_weekday=6, digest_time="02:30")
    trigger = trigger_for("digest", project)
    first_fire = datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    after = trigger.get_next_fire_time(first_fire, first_fire + timedelta(hours=1, seconds=1))
    assert after is not None and after > first_fire + timedelta(days=6)


def test_reminders_come_three_hours_before_the_digest_within_working_hours() -> None:
    friday = make_project(digest_weekday=4, digest_time="16:00")
    assert describe_reminder_time(friday) == "Friday 1:00\u202fPM"  # CLDR: a narrow space
    now = datetime(2026, 11, 23, 12, tzinfo=UTC)
    reminder, digest = next_due("reminders", friday, now), next_due("digest", friday, now)
    assert reminder is not None and digest is not None
    assert digest.at - reminder.at == timedelta(hours=3)
    assert reminder.period_key == digest.period_key


@pytest.mark.parametrize(
    ("weekday", "time", "reminder"),
    [
        (0, "09:30", "Friday 5:00\u202fPM"),  # 06:30 on Monday would be dawn
        (0, "01:00", "Friday 5:00\u202fPM"),  # Sunday 22:00 would be the weekend
        (2, "21:00", "Wednesday 5:00\u202fPM"),  # 18:00 is past working hours
        (1, "11:59", "Monday 5:00\u202fPM"),  # 08:59 is not yet working time
    ],
)
def test_a_lead_outside_working_hours_moves_back_to_the_last_working_afternoon(
    weekday: int, time: str, reminder: str
) -> None:
    project = make_project(digest_weekday=weekday, digest_time=time)
    assert describe_reminder_time(project) == reminder
    now = datetime(2026, 11, 23, 12, tzinfo=UTC)
    first_reminder = next_due("reminders", project, now)
    assert first_reminder is not None
    following_digest = next_due("digest", project, first_reminder.at)
    assert following_digest is not None
    assert first_reminder.period_key == following_digest.period_key  # it leads up to that one


def test_the_monthly_report_is_on_the_first_working_day_and_covers_the_month_before() -> None:
    project = make_project(timezone="Europe/Berlin")
    times = fire_times(
        "report", project, datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 12, 31, tzinfo=UTC)
    )
    local = [t.astimezone(ZoneInfo("Europe/Berlin")) for t in times]
    assert [f"{t:%m-%d %a %H:%M}" for t in local][:4] == [
        "01-01 Thu 10:00",
        "02-02 Mon 10:00",
        "03-02 Mon 10:00",
        "04-01 Wed 10:00",
    ]
    assert all(t.weekday() < 5 for t in local) and len(local) == 12
    assert period_key("report", project, times[1]) == "2026-01"


def test_last_due_is_the_most_recent_time_and_its_week() -> None:
    project = make_project(timezone="Europe/Berlin", digest_weekday=4, digest_time="16:00")
    due = last_due("digest", project, datetime(2026, 11, 23, 9, tzinfo=UTC))
    assert due is not None
    assert due.at == datetime(2026, 11, 20, 15, tzinfo=UTC)
    assert due.period_key == "2026-W47"
    exactly = last_due("digest", project, datetime(2026, 11, 20, 15, tzinfo=UTC))
    assert exactly is not None and exactly.at == due.at


def test_a_pause_covers_its_last_local_day() -> None:
    project = make_project(timezone="America/New_York", paused_until=date(2026, 12, 31))
    assert is_paused(project, datetime(2027, 1, 1, 4, 59, tzinfo=UTC))  # still the 31st in NY
    assert not is_paused(project, datetime(2027, 1, 1, 5, 0, tzinfo=UTC))
    assert not is_paused(make_project(), datetime(2027, 1, 1, tzinfo=UTC))


def test_the_review_comes_in_the_first_week_of_each_quarter_on_the_digest_day() -> None:
    project = make_project(timezone="Europe/Berlin", digest_weekday=4, digest_time="16:00")
    start, end = datetime(2026, 1, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC)
    fired = [
        t.astimezone(ZoneInfo("Europe/Berlin")) for t in fire_times("review", project, start, end)
    ]
    assert [f"{t:%Y-%m-%d %a %H:%M}" for t in fired] == [
        "2026-01-02 Fri 16:00",
        "2026-04-03 Fri 16:00",
        "2026-07-03 Fri 16:00",
        "2026-10-02 Fri 16:00",
    ]
    assert period_key("review", project, fired[1]) == "2026-04"
    half_yearly = make_project(review_every_months=6, digest_weekday=0, digest_time="09:00")
    assert [f"{t:%m-%d}" for t in fire_times("review", half_yearly, start, end)] == [
        "01-05",
        "07-06",
    ]
    assert "review" not in kinds_on(make_project(review_every_months=0))
