"""`/project set holidays DE-BE` and `/project set day-off 2026-12-24`: the project's working
calendar (bot/platform/calendar.py) as its owners set it and everyone reads it in the plan."""

from __future__ import annotations

import re
from datetime import date, timedelta

from babel import Locale

from bot.platform import i18n
from bot.platform.calendar import (
    calendar_of,
    holiday_names,
    known_region,
    read_days_off,
    subdivisions_of,
    write_days_off,
)
from bot.platform.i18n import _, ngettext
from bot.platform.text import escape, half_width
from bot.projects.days_and_times import calendar_date
from bot.projects.timing import PlanError
from storage.models import Project

REGION_EXAMPLES = "DE-BE, CN, US-NY, GB-ENG"  # i18n: not shown (codes)
MAX_DAYS_OFF = 60  # days off still to come; passed ones are dropped at every change
DAYS_OFF_AHEAD = 366
SHOWN_AHEAD = 3  # holidays named in an answer or the plan
SUBDIVISIONS_SHOWN = 12
OFF_WORDS = ("off", "none")


def set_holidays(project: Project, value: str, today: date) -> str:
    """`holidays DE-BE` (a country's code, its region's after a dash), `holidays off`."""
    typed = value.strip()
    if typed.lower() in OFF_WORDS:
        project.holiday_region = None
        return _(
            "📅 *{project}* follows no public holidays now: only the days outside its working "
            "week and the days off you add (`/project set day-off 2026-12-24`) are off."
        ).format(project=escape(project.name))
    region = known_region(typed)
    if region is None:
        raise PlanError(_unknown_region(typed))
    project.holiday_region = region
    lines = [
        _(
            "📅 *{project}* follows the public holidays of {region}: response times, answer due "
            "dates, the monthly report and reminders skip them."
        ).format(project=escape(project.name), region=region_label(region))
    ]
    lines += upcoming_lines(project, today)
    return "\n".join(lines)


def _unknown_region(typed: str) -> str:
    country = re.split(r"[-_ ]", typed.strip(), maxsplit=1)[0]
    regions = subdivisions_of(country)
    if regions:
        shown = ", ".join(regions[:SUBDIVISIONS_SHOWN]) + (
            "…" if len(regions) > SUBDIVISIONS_SHOWN else ""
        )
        return _("`{typed}` is not a region of {country} I know: try {regions}.").format(
            typed=escape(typed), country=country_name(country.upper()), regions=shown
        )
    return _(
        "`{typed}` is not a region I know: try {examples}… (a country's code, then its region's "
        "after a dash where holidays differ by region), or `off`."
    ).format(typed=escape(typed), examples=REGION_EXAMPLES)


def set_day_off(project: Project, value: str, today: date) -> str:
    """`day-off 2026-12-24 [2026-12-31 …]` adds days off; `day-off remove 2026-12-24` takes
    them back. Days that have passed are dropped on the way."""
    words = [w for w in re.split(r"[\s,]+", half_width(value).strip()) if w]
    removing = bool(words) and words[0].lower() == "remove"
    days = sorted({_day(word, today, removing=removing) for word in words[removing:]})
    if not days:
        raise PlanError(
            _("Say which day: `/project set day-off 2026-12-24`, or `day-off remove 2026-12-24`.")
        )
    kept = {d for d in read_days_off(project.days_off) if d >= today}
    named = i18n.all_of(i18n.day_and_year(d) for d in days)
    if removing:
        missing = [d for d in days if d not in kept]
        if missing:
            raise PlanError(
                _("{day} is not one of *{project}*'s days off. {ahead}").format(
                    day=i18n.day_and_year(missing[0]),
                    project=escape(project.name),
                    ahead=_days_off_ahead(sorted(kept)),
                )
            )
        project.days_off = write_days_off(kept - set(days))
        answer = ngettext(
            "{days} is no longer a day off for *{project}*.",
            "{days} are no longer days off for *{project}*.",
            len(days),
        )
        return answer.format(days=named, project=escape(project.name))
    if len(kept | set(days)) > MAX_DAYS_OFF:
        raise PlanError(
            _(
                "That makes more than {count} days off ahead: remove some first with "
                "`/project set day-off remove 2026-12-24`."
            ).format(count=MAX_DAYS_OFF)
        )
    project.days_off = write_days_off(kept | set(days))
    answer = ngettext(
        "📅 {days} is a day off for *{project}*: response times, answer due dates, the monthly "
        "report and reminders skip it.",
        "📅 {days} are days off for *{project}*: response times, answer due dates, the monthly "
        "report and reminders skip them.",
        len(days),
    )
    return answer.format(days=named, project=escape(project.name))


def _day(word: str, today: date, *, removing: bool) -> date:
    day = calendar_date(word)
    if day is None:
        raise PlanError(
            _("`{typed}` is not a date: write it as 2026-12-24.").format(typed=escape(word))
        )
    if removing:
        return day
    if day < today:
        raise PlanError(
            _("{date} has passed: give a date from today on.").format(date=i18n.day_and_year(day))
        )
    if day > today + timedelta(days=DAYS_OFF_AHEAD):
        raise PlanError(_("Give days off within a year from today."))
    return day


def _days_off_ahead(days: list[date]) -> str:
    if not days:
        return _("It has none ahead.")
    return _("Its days off ahead: {days}.").format(days=i18n.all_of(i18n.day(d) for d in days))


def region_label(region: str) -> str:
    """`DE-BE (Germany)` / `DE-BE（德国）`: the code as typed, the country in the reader's words."""
    return _("{code} ({country})").format(
        code=region, country=country_name(region.partition("-")[0])
    )


def country_name(code: str) -> str:
    """`Germany` / `德国`, from CLDR in the reader's language; the code itself when unknown."""
    names = Locale.parse(i18n.current()).territories
    return str(names.get(code, code))


def upcoming_lines(project: Project, today: date) -> list[str]:
    """The next holidays and days off on working days, and the make-up working days to come,
    one line each (none when there are none)."""
    calendar = calendar_of(project)
    own = set(read_days_off(project.days_off))
    off = calendar.upcoming_days_off(today)[:SHOWN_AHEAD]
    lines = []
    if off:
        lines.append(
            _("Next days off: {days}").format(
                days=i18n.all_of(_day_off(project, d, own) for d in off)
            )
        )
    worked = calendar.upcoming_make_up_days(today)[:SHOWN_AHEAD]
    if worked:
        lines.append(
            _("Make-up working days, worked as usual: {days}").format(
                days=i18n.all_of(i18n.day(d) for d in worked)
            )
        )
    return lines


def _day_off(project: Project, day: date, own: set[date]) -> str:
    if day in own or project.holiday_region is None:
        return _("{day} (day off)").format(day=i18n.day(day))
    name = holiday_names(project.holiday_region, day.year, i18n.current()).get(day, "")
    return _("{day} ({holiday})").format(day=i18n.day(day), holiday=escape(name))


def describe_calendar(project: Project, today: date | None) -> str:
    """The plan's lines on the calendar: whose holidays, and (knowing today) what is off
    next."""
    if project.holiday_region is None:
        head = _("No public holidays: `/project set holidays {examples}…` adds a region's.").format(
            examples=REGION_EXAMPLES
        )
    else:
        head = _("Public holidays of {region}").format(region=region_label(project.holiday_region))
    return "\n".join([head, *(upcoming_lines(project, today) if today is not None else [])])
