"""When each of a project's scheduled posts is due, in its own time zone. Pure: no I/O.

Triggers are APScheduler's CronTrigger with a zoneinfo zone, wrapped so that the scheduler and
every calculation here agree. Cron follows the wall clock. A post set inside the hour that a
daylight-saving switch skips (02:30 on the last Sunday of March in Berlin) is posted an hour
later by the wall clock, 03:30 CEST (APScheduler keeps the pre-switch offset). One set inside
the hour that repeats (02:30 on the last Sunday of October) is posted once, at the first 02:30
(CEST): APScheduler 3.11 fires both and then keeps answering the second one, so `WallClockCron`
skips a repeated wall-clock time and never answers a time at or before the previous one. The
period key would make a second post a no-op in any case.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger

from bot.platform.calendar import Calendar, calendar_of
from storage.models import Project

DIGEST_PERIOD = timedelta(days=7)  # what a weekly digest covers: the week up to its post
CRON_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WORKING_START, WORKING_END = 9, 18  # reminders go out within these local hours, Monday–Friday
LATEST_NUDGE = 17  # …and at 17:00 when the lead would put them outside


@dataclass(frozen=True)
class Due:
    kind: str
    at: datetime  # UTC
    period_key: str


class WallClockCron(BaseTrigger):  # type: ignore[misc]
    """CronTrigger that fires once per wall-clock time and always moves forward."""

    def __init__(self, timezone: ZoneInfo, **fields: str | int) -> None:
        self.timezone = timezone
        self.cron = CronTrigger(timezone=timezone, **fields)

    def get_next_fire_time(
        self, previous_fire_time: datetime | None, now: datetime
    ) -> datetime | None:
        fire: datetime | None = self.cron.get_next_fire_time(previous_fire_time, now)
        for _attempt in range(4):
            if fire is None or previous_fire_time is None:
                return fire
            same_wall_time = _wall(fire, self.timezone) == _wall(previous_fire_time, self.timezone)
            if fire > previous_fire_time and not same_wall_time:
                return fire
            # Past the repeated hour: ask again from an hour after the previous fire.
            fire = self.cron.get_next_fire_time(
                None, previous_fire_time + timedelta(hours=1, minutes=1)
            )
        return fire

    def __str__(self) -> str:
        return f"wall-clock {self.cron}"


def _wall(moment: datetime, zone: ZoneInfo) -> datetime:
    return moment.astimezone(zone).replace(tzinfo=None)


class FirstWorkingDayTrigger(BaseTrigger):  # type: ignore[misc]
    """The first working day of each month in the project's calendar (its holidays and days
    off skipped, a make-up working day counted), at a local time."""

    def __init__(self, hour: int, minute: int, calendar: Calendar) -> None:
        self.hour, self.minute, self.calendar = hour, minute, calendar
        self.timezone = calendar.zone

    def get_next_fire_time(
        self, previous_fire_time: datetime | None, now: datetime
    ) -> datetime | None:
        local_now = now.astimezone(self.timezone)
        month = date(local_now.year, local_now.month, 1)
        for _attempt in range(3):
            candidate = self._fire_in(month)
            if (
                candidate is not None
                and candidate > now
                and (previous_fire_time is None or candidate > previous_fire_time)
            ):
                return candidate
            month = (month + timedelta(days=32)).replace(day=1)
        return None

    def _fire_in(self, month: date) -> datetime | None:
        day = self.calendar.first_working_day(month)
        if day is None:
            return None  # a month without a working day has no report
        return datetime(day.year, day.month, day.day, self.hour, self.minute, tzinfo=self.timezone)

    def __str__(self) -> str:
        return f"first working day at {self.hour:02d}:{self.minute:02d}"  # i18n: not shown


def trigger_for(kind: str, project: Project) -> BaseTrigger:
    zone = ZoneInfo(project.timezone)
    hour, minute = (int(part) for part in project.digest_time.split(":"))
    if kind in ("digest", "poll"):  # polls open on the digest's day and hour
        return WallClockCron(
            zone, day_of_week=CRON_DAYS[project.digest_weekday], hour=hour, minute=minute
        )
    if kind == "reminders":
        anchor = reminder_anchor(project)
        return WallClockCron(
            zone, day_of_week=CRON_DAYS[anchor.weekday()], hour=anchor.hour, minute=anchor.minute
        )
    if kind == "review":  # the digest's day and hour, in the first week of every N months
        months = ",".join(str(m) for m in range(1, 13, max(1, project.review_every_months)))
        day = CRON_DAYS[project.digest_weekday]
        return WallClockCron(
            zone, month=months, day="1-7", day_of_week=day, hour=hour, minute=minute
        )
    if kind == "report":
        report_hour, report_minute = (
            int(part) for part in (project.report_time or "10:00").split(":")
        )
        return FirstWorkingDayTrigger(report_hour, report_minute, calendar_of(project))
    raise ValueError(f"unknown job kind {kind!r}")  # i18n: not shown


def fire_times(kind: str, project: Project, start: datetime, end: datetime) -> list[datetime]:
    """Every fire time in (start, end], in UTC."""
    trigger = trigger_for(kind, project)
    times: list[datetime] = []
    previous: datetime | None = None
    moment = start
    while True:
        fire = trigger.get_next_fire_time(previous, moment)
        if fire is None or fire > end:
            return times
        if fire > start:
            times.append(fire.astimezone(ZoneInfo("UTC")))
        previous, moment = fire, fire + timedelta(seconds=1)


def last_due(kind: str, project: Project, now: datetime) -> Due | None:
    """The most recent time `kind` was due, at or before `now`."""
    lookback = timedelta(days=40 if kind in ("report", "review") else 8)
    times = fire_times(kind, project, now - lookback, now)
    if not times:
        return None
    return Due(kind, times[-1], period_key(kind, project, times[-1]))


def next_due(kind: str, project: Project, now: datetime) -> Due | None:
    fire = trigger_for(kind, project).get_next_fire_time(None, now)
    if fire is None:
        return None
    at = fire.astimezone(ZoneInfo("UTC"))
    return Due(kind, at, period_key(kind, project, at))


def period_key(kind: str, project: Project, at: datetime) -> str:
    """Which period a post belongs to: the ISO week of the digest (reminders share it: they
    lead up to it), the month a report covers (the one before it is posted)."""
    local = at.astimezone(ZoneInfo(project.timezone))
    if kind == "report":
        covered = local.replace(day=1) - timedelta(days=1)
        return f"{covered:%Y-%m}"
    if kind == "poll":
        return period_key("digest", project, at)
    if kind == "review":
        return f"{local:%Y-%m}"
    if kind == "reminders":
        # Reminders belong to the digest they lead up to, whichever week they fall in.
        digest = trigger_for("digest", project).get_next_fire_time(None, at)
        if digest is not None:
            return period_key("digest", project, digest)
    year, week, _weekday = local.isocalendar()
    return f"{year}-W{week:02d}"


def is_paused(project: Project, at: datetime) -> bool:
    if project.paused_until is None:
        return False
    return at.astimezone(ZoneInfo(project.timezone)).date() <= project.paused_until


def reminder_anchor(project: Project) -> datetime:
    """The reminder's weekday and time, the plan's lead before the digest on the wall clock
    (Friday 16:00 → Friday 13:00, Monday 01:00 → Sunday 22:00). 1 Jan 2024 was a Monday; UTC
    only keeps the arithmetic on plain wall-clock values."""
    hour, minute = (int(part) for part in project.digest_time.split(":"))
    anchor = datetime(2024, 1, 1 + project.digest_weekday, hour, minute, tzinfo=UTC)
    anchor -= reminder_lead(project)
    # Nobody should be nudged at dawn or at the weekend: a lead that lands outside working
    # hours moves back to the last working afternoon before it (Monday 06:30 → Friday 17:00).
    if anchor.weekday() < 5 and WORKING_START <= anchor.hour < WORKING_END:
        return anchor
    if anchor.hour >= WORKING_END:
        anchor = anchor.replace(hour=LATEST_NUDGE, minute=0)
    else:
        anchor = (anchor - timedelta(days=1)).replace(hour=LATEST_NUDGE, minute=0)
    while anchor.weekday() >= 5:
        anchor -= timedelta(days=1)
    return anchor


def reminder_lead(project: Project) -> timedelta:
    return timedelta(hours=project.reminder_lead_hours)


def kinds_on(project: Project) -> list[str]:
    """The scheduled posts this plan has switched on."""
    kinds = ["digest"]
    if project.poll_every_weeks > 0:
        kinds.append("poll")
    if project.reminder_lead_hours > 0:
        kinds.append("reminders")
    if project.report_time is not None:
        kinds.append("report")
    if project.review_every_months > 0:
        kinds.append("review")
    return kinds
