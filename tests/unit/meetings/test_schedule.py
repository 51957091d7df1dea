"""When a meeting meets and its agenda is due, in the project's zone, across daylight-saving
changes: the scheduler's trigger and the occurrences computed by hand agree to the second."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from bot.meetings.schedule import (
    agenda_anchor,
    agenda_trigger,
    first_day,
    last_agenda_due,
    meets_on,
    next_agenda,
    occurrence,
)
from storage.models import Meeting

BERLIN = "Europe/Berlin"


def make_meeting(**overrides: Any) -> Meeting:
    values: dict[str, Any] = {
        "id": 7,
        "project_id": 1,
        "weekday": 1,  # Tuesday
        "time": "10:00",
        "every_weeks": 1,
        "title": "Weekly status call",
        "agenda_lead_minutes": 60,
        "starts_on": date(2026, 10, 6),
        "created_by": "U0ANA",
        "created_at": datetime(2026, 10, 1, tzinfo=UTC),
    }
    values.update(overrides)
    return Meeting(**values)


def fire_times(meeting: Meeting, start: datetime, days: int) -> list[datetime]:
    trigger = agenda_trigger(meeting, BERLIN)
    times: list[datetime] = []
    previous, moment = None, start
    while True:
        fire = trigger.get_next_fire_time(previous, moment)
        if fire is None or fire > start + timedelta(days=days):
            return times
        times.append(fire.astimezone(UTC))
        previous, moment = fire, fire + timedelta(seconds=1)


@pytest.mark.parametrize(
    ("start", "summer", "winter"),
    [
        # Clocks go back on Sunday, 25 October 2026: the agenda stays at 09:00 on the wall.
        (datetime(2026, 10, 19, tzinfo=UTC), date(2026, 10, 20), date(2026, 10, 27)),
        # …and forward on Sunday, 28 March 2027.
        (datetime(2027, 3, 22, tzinfo=UTC), date(2027, 3, 30), date(2027, 3, 23)),
    ],
)
def test_the_agenda_keeps_its_wall_clock_time_across_daylight_saving(
    start: datetime, summer: date, winter: date
) -> None:
    meeting = make_meeting(starts_on=date(2026, 10, 6))
    fired = fire_times(meeting, start, 14)
    expected = sorted(occurrence(meeting, BERLIN, day).agenda_at for day in (summer, winter))
    assert fired == expected
    hours = {day: occurrence(meeting, BERLIN, day).agenda_at.hour for day in (summer, winter)}
    assert hours == {summer: 7, winter: 8}  # 09:00 CEST, 09:00 CET


def test_a_lead_across_midnight_moves_the_agenda_to_the_day_before() -> None:
    monday_early = make_meeting(weekday=0, time="09:00", agenda_lead_minutes=12 * 60)
    anchor = agenda_anchor(monday_early)
    assert (anchor.weekday(), anchor.hour) == (6, 21)  # Sunday 21:00
    due = occurrence(monday_early, BERLIN, date(2026, 11, 16))
    assert due.agenda_at == datetime(2026, 11, 15, 20, 0, tzinfo=UTC)


def test_every_two_weeks_counts_from_the_first_meeting() -> None:
    meeting = make_meeting(every_weeks=2, starts_on=date(2026, 11, 17))
    assert meets_on(meeting, date(2026, 11, 17))
    assert not meets_on(meeting, date(2026, 11, 24))
    assert meets_on(meeting, date(2026, 12, 1))
    assert not meets_on(meeting, date(2026, 11, 10))  # before it started
    on_the_skipped_week = datetime(2026, 11, 24, 8, 30, tzinfo=UTC)
    last = last_agenda_due(meeting, BERLIN, on_the_skipped_week)
    assert last is not None and last.day == date(2026, 11, 17)
    upcoming = next_agenda(meeting, BERLIN, on_the_skipped_week)
    assert upcoming is not None and upcoming.period_key == "2026-12-01"


def test_a_new_meeting_starts_at_the_next_time_still_ahead() -> None:
    tuesday_9 = datetime(2026, 11, 17, 8, 0, tzinfo=UTC)  # 09:00 in Berlin
    assert first_day(1, "10:00", BERLIN, tuesday_9) == date(2026, 11, 17)
    assert first_day(1, "08:30", BERLIN, tuesday_9) == date(2026, 11, 24)
