"""The communication plan's values: a weekly time, a time of day, a time zone, a response
target, as people type them (their words: bot/projects/days_and_times.py), and the times they
imply (when an answer is due, when reminders go out)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from bot.platform import i18n
from bot.platform.calendar import Calendar
from bot.platform.i18n import _, ngettext
from bot.platform.text import fold
from bot.projects.days_and_times import day_name_at_start, time_of_day, weekday_named
from bot.scheduling.triggers import reminder_anchor
from storage.models import Project

_TARGET = re.compile(r"^([0-9]{1,3})\s*([dh])$")


class PlanError(ValueError):
    """A plan value people typed is not understood; the message shows the right form."""


@dataclass(frozen=True)
class WeeklyTime:
    weekday: int  # Monday is 0
    time: str  # "HH:MM", local to the project

    def describe(self) -> str:
        return weekday_and_time(self.weekday, self.time)


def weekday_and_time(weekday: int, clock: str) -> str:
    """`Friday 4:00 PM` / `星期五 16:00`, in the reader's language."""
    return _("{weekday} {time}").format(
        weekday=i18n.weekday(weekday), time=i18n.clock(time.fromisoformat(clock))
    )


def clock_label(clock: str) -> str:
    """`09:30` as the reader's locale writes a time of day: `9:30 AM` / `09:30`."""
    return i18n.clock(time.fromisoformat(clock))


# --- the settings ---------------------------------------------------------------------------


def _weekly_example() -> str:
    return _("Write it as a day and a 24-hour time, e.g. `fri 16:00`.")


def parse_weekly_time(raw: str) -> WeeklyTime:
    """`fri 16:00`, `Friday 9:30`, `周五 16:00`, `星期五 16：00`, `周五 下午4点` → WeeklyTime."""
    words = fold(raw).split()
    if len(words) == 2:
        day, clock = words
        weekday = weekday_named(day)
        if weekday is None:
            raise PlanError(
                _("`{day}` is not a day of the week. {example}").format(
                    day=day, example=_weekly_example()
                )
            )
        at = time_of_day(clock)
        if at is None:
            raise PlanError(
                _("`{clock}` is not a time of day. {example}").format(
                    clock=clock, example=_weekly_example()
                )
            )
        return WeeklyTime(weekday, at)
    # `周五下午4点` (no space) or `fri 4:00 pm` (a space inside the time).
    split = day_name_at_start(raw) if len(words) == 1 else None
    if len(words) > 2 and (weekday := weekday_named(words[0])) is not None:
        split = (weekday, " ".join(words[1:]))
    if split is not None and (at := time_of_day(split[1])) is not None:
        return WeeklyTime(split[0], at)
    raise PlanError(
        _("I could not read `{typed}` as a weekly time. {example}").format(
            typed=raw, example=_weekly_example()
        )
    )


def parse_clock_time(raw: str) -> str:
    """`9:30` → `09:30` (24-hour clock); `9：30`, `下午4点` too."""
    at = time_of_day(raw)
    if at is None:
        raise PlanError(
            _("`{typed}` is not a time of day: use the 24-hour clock, e.g. `10:00`.").format(
                typed=raw
            )
        )
    return at


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
        _(
            "`{typed}` is not a time zone I know. Use an IANA name such as `Europe/Berlin`, "
            "`America/New_York` or `Asia/Shanghai`."
        ).format(typed=raw)
    )


def parse_response_target(raw: str) -> str:
    """`1d` (business days) or `4h` (hours)."""
    match = _TARGET.match(fold(raw))
    if match is None or int(match.group(1)) == 0:
        raise PlanError(
            _(
                "`{typed}` is not a response target. Use business days or hours, e.g. `1d` or `4h`."
            ).format(typed=raw)
        )
    return f"{int(match.group(1))}{match.group(2)}"


def describe_response_target(target: str) -> str:
    amount, unit = int(target[:-1]), target[-1]
    if unit == "d":
        return ngettext("{count} business day", "{count} business days", amount).format(
            count=amount
        )
    return ngettext("{count} hour", "{count} hours", amount).format(count=amount)


def response_due(now: datetime, target: str, calendar: Calendar) -> datetime:
    """When an answer is due. Hours are clock hours, counted from `now` on a working day and
    from the start of the next working day otherwise; days are the calendar's working days
    (its holidays and days off skipped), at the same time of day."""
    amount, unit = int(target[:-1]), target[-1]
    local = now.astimezone(calendar.zone)
    if not calendar.is_working_day(local.date()):  # the clock starts on the next working day
        next_day = calendar.next_working_day(local.date())
        if next_day is None:
            return now + timedelta(hours=amount) if unit == "h" else now + timedelta(days=amount)
        local = calendar.hours_of(next_day)[0]
    if unit == "h":
        return (local + timedelta(hours=amount)).astimezone(now.tzinfo)
    days = calendar.working_days(local.date() + timedelta(days=1))
    due = next((day for count, day in enumerate(days, start=1) if count == amount), None)
    if due is None:
        return now + timedelta(days=amount)
    # The same wall-clock time that day: a daylight-saving switch between keeps the hour.
    wall = datetime.combine(due, local.time(), tzinfo=calendar.zone)
    return wall.astimezone(now.tzinfo)


def describe_reminder_time(project: Project) -> str:
    """`Friday 1:00 PM` / `星期五 13:00`: when reminders go out, on the project's wall clock, in
    the reader's language."""
    anchor = reminder_anchor(project)
    return weekday_and_time(anchor.weekday(), f"{anchor:%H:%M}")
