"""How often an incident's client hears from the team (`/project set incident-updates`): one
interval per severity, SEV1 to SEV3, in minutes, hours or working days (`30m 2h 1d`). The next
update is due that long after the last word; working days skip the project's days off, and the
reminder then goes at its time whatever the hours (an incident does not wait for Monday)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.platform.calendar import calendar_of
from bot.platform.i18n import _, listing, ngettext
from bot.platform.text import fold
from bot.projects.timing import PlanError
from storage.models import Project

DEFAULT = "30m 2h 1d"
SEVERITIES = ("sev1", "sev2", "sev3")
_INTERVAL = re.compile(r"^([0-9]{1,3})\s*([mhd])$")
_NAMED = re.compile(r"^(sev[123])\s*[=:]?\s*(.+)$")


def intervals(project: Project) -> dict[str, str]:
    """Severity → its interval as stored (`30m`, `2h`, `1d`)."""
    stored = (project.incident_updates or DEFAULT).split()
    if len(stored) != len(SEVERITIES):
        stored = DEFAULT.split()
    return dict(zip(SEVERITIES, stored, strict=True))


def parse_incident_updates(raw: str, project: Project) -> str:
    """`30m 2h 1d` (all three, SEV1 first) or `sev2 4h` (one) → the stored value."""
    typed = fold(raw)
    current = intervals(project)
    named = _NAMED.match(typed)
    if named is not None:
        current[named.group(1)] = _interval(named.group(2))
    else:
        values = typed.replace(",", " ").split()
        if len(values) != len(SEVERITIES):
            raise PlanError(_usage(raw))
        current = {s: _interval(v) for s, v in zip(SEVERITIES, values, strict=True)}
    return " ".join(current[s] for s in SEVERITIES)


def _interval(typed: str) -> str:
    match = _INTERVAL.match(typed.strip())
    if match is None or int(match.group(1)) == 0:
        raise PlanError(_usage(typed))
    return f"{int(match.group(1))}{match.group(2)}"


def _usage(typed: str) -> str:
    return _(
        "`{typed}` is not an update plan. Give SEV1, SEV2 and SEV3 in minutes, hours or working "
        "days, e.g. `30m 2h 1d`, or one severity: `sev2 4h`."
    ).format(typed=typed)


def describe_interval(interval: str) -> str:
    amount, unit = int(interval[:-1]), interval[-1]
    if unit == "m":
        return ngettext("every minute", "every {count} minutes", amount).format(count=amount)
    if unit == "h":
        return ngettext("every hour", "every {count} hours", amount).format(count=amount)
    return ngettext("every working day", "every {count} working days", amount).format(count=amount)


def describe_plan(project: Project) -> str:
    """`SEV1 every 30 minutes, SEV2 every 2 hours, SEV3 every working day`."""
    return listing(
        f"{severity.upper()} {describe_interval(interval)}"
        for severity, interval in intervals(project).items()
    )


def next_update_at(project: Project, severity: str, after: datetime) -> datetime:
    """When the next update of an incident of this severity is due, after a word at `after`."""
    interval = intervals(project)[severity]
    amount, unit = int(interval[:-1]), interval[-1]
    if unit == "m":
        return after + timedelta(minutes=amount)
    if unit == "h":
        return after + timedelta(hours=amount)
    # The same time N working days on, as the project's calendar counts them: its week, its
    # region's public holidays and make-up working days, its own days off.
    calendar = calendar_of(project)
    local = after.astimezone(ZoneInfo(project.timezone))
    remaining = amount
    while remaining:
        local += timedelta(days=1)
        if calendar.is_working_day(local.date()):
            remaining -= 1
    return local.astimezone(after.tzinfo)


def interval_length(project: Project, severity: str) -> timedelta:
    """How long the interval is, for telling late from very late (a day counts 24 hours)."""
    interval = intervals(project)[severity]
    amount, unit = int(interval[:-1]), interval[-1]
    return timedelta(minutes=amount) * {"m": 1, "h": 60, "d": 1440}[unit]
