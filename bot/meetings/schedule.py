"""When a meeting meets and when its agenda is due, in the project's time zone. Pure: no I/O.

A meeting is a weekday and a wall-clock time, every N weeks counted from its first day. Its
agenda is due the lead before it on the wall clock (Tuesday 10:00 with a lead of an hour:
Tuesday 09:00, in summer and in winter alike), and the scheduler fires it with the same
`WallClockCron` as every other post (bot/scheduling/triggers.py), so a daylight-saving change
moves nothing. A time inside the hour a switch skips is read with the offset before it (02:30
on the last Sunday of March in Berlin is 03:30 CEST), as APScheduler fires it; one inside the
hour a switch repeats is the first of the two. Each meeting's day is its agenda's period key:
one agenda per meeting, however often anything fires.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.scheduling.triggers import CRON_DAYS, WallClockCron
from storage.models import Meeting

WEEK = timedelta(days=7)
A_MONDAY = date(2024, 1, 1)  # only for wall-clock arithmetic on weekdays and times


@dataclass(frozen=True)
class Occurrence:
    """One meeting of a series: its local day (the agenda's period key), when it starts and
    when its agenda is due, both in UTC."""

    meeting_id: int
    day: date
    starts_at: datetime
    agenda_at: datetime

    @property
    def period_key(self) -> str:
        return self.day.isoformat()


def agenda_anchor(meeting: Meeting) -> datetime:
    """The agenda's weekday and time on the wall clock, as a moment in the week of A_MONDAY
    (Tuesday 10:00 less 1 hour → Tuesday 09:00; Monday 09:00 less 2 hours → Sunday 07:00)."""
    start = datetime.combine(A_MONDAY + timedelta(days=meeting.weekday), _clock(meeting))
    anchor = start - timedelta(minutes=meeting.agenda_lead_minutes)
    while anchor.date() < A_MONDAY:
        anchor += WEEK
    return anchor


def agenda_trigger(meeting: Meeting, timezone: str) -> WallClockCron:
    """Fires every week at the agenda's time; the weeks a meeting skips post nothing."""
    anchor = agenda_anchor(meeting)
    return WallClockCron(
        ZoneInfo(timezone),
        day_of_week=CRON_DAYS[anchor.weekday()],
        hour=anchor.hour,
        minute=anchor.minute,
    )


def meets_on(meeting: Meeting, day: date) -> bool:
    if day < meeting.starts_on or day.weekday() != meeting.weekday:
        return False
    return ((day - meeting.starts_on).days // 7) % max(1, meeting.every_weeks) == 0


def occurrence(meeting: Meeting, timezone: str, day: date) -> Occurrence:
    assert meeting.id is not None
    zone = ZoneInfo(timezone)
    wall = datetime.combine(day, _clock(meeting))
    lead = timedelta(minutes=meeting.agenda_lead_minutes)
    return Occurrence(
        meeting.id,
        day,
        starts_at=wall.replace(tzinfo=zone).astimezone(UTC),
        agenda_at=(wall - lead).replace(tzinfo=zone).astimezone(UTC),
    )


def last_agenda_due(meeting: Meeting, timezone: str, now: datetime) -> Occurrence | None:
    """The latest meeting whose agenda was due at or before `now`."""
    for day in reversed(_days_around(meeting, timezone, now)):
        found = occurrence(meeting, timezone, day)
        if found.agenda_at <= now:
            return found
    return None


def next_meeting(meeting: Meeting, timezone: str, now: datetime) -> Occurrence | None:
    """The first meeting that starts after `now`."""
    return _first(meeting, timezone, now, lambda found: found.starts_at)


def next_agenda(meeting: Meeting, timezone: str, now: datetime) -> Occurrence | None:
    """The first meeting whose agenda is still to go out after `now`."""
    return _first(meeting, timezone, now, lambda found: found.agenda_at)


def _first(
    meeting: Meeting, timezone: str, now: datetime, moment: Callable[[Occurrence], datetime]
) -> Occurrence | None:
    for day in _days_around(meeting, timezone, now):
        found = occurrence(meeting, timezone, day)
        if moment(found) > now:
            return found
    return None


def previous_meeting(meeting: Meeting, day: date) -> date | None:
    """The meeting of the series before the one on `day` (None: `day` is its first)."""
    before = day - WEEK * max(1, meeting.every_weeks)
    return before if before >= meeting.starts_on else None


def first_day(weekday: int, clock: str, timezone: str, now: datetime) -> date:
    """The first day on `weekday` whose `clock` is still ahead of `now`: a new meeting's start."""
    zone = ZoneInfo(timezone)
    day = now.astimezone(zone).date()
    while True:
        if day.weekday() == weekday:
            wall = datetime.combine(day, time.fromisoformat(clock)).replace(tzinfo=zone)
            if wall > now:
                return day
        day += timedelta(days=1)


def _days_around(meeting: Meeting, timezone: str, now: datetime) -> list[date]:
    """The series' days from a cycle and a lead before `now` to a cycle and a lead after it,
    in order: wide enough for any lead and any number of weeks between meetings."""
    today = now.astimezone(ZoneInfo(timezone)).date()
    span = WEEK * max(1, meeting.every_weeks) + timedelta(
        days=2 + meeting.agenda_lead_minutes // (24 * 60)
    )
    day, last = today - span, today + span
    days = []
    while day <= last:
        if meets_on(meeting, day):
            days.append(day)
        day += timedelta(days=1)
    return days


def _clock(meeting: Meeting) -> time:
    return time.fromisoformat(meeting.time)
