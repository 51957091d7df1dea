"""Time off: `/status away until 2026-12-10` (or `away from 2026-12-21 until 2027-01-03`) and
`/status back`.

Away is a person's, not a project's: someone on leave is away from every project they are on,
and saying so once is enough (one row a person, storage/time_off.py). The days are read in the
person's own zone (their Slack profile's, else the project's), so "until the 10th" ends at
their midnight whichever project asks. While someone is away, no reminder reaches them, the
digest says they are away instead of counting them as quiet, and feedback due meanwhile names
another owner (`who_answers`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlmodel import Session

from bot.platform import i18n
from bot.platform.i18n import _
from bot.platform.text import escape, fold
from bot.projects.days_and_times import calendar_date
from storage.models import Project, TimeOff
from storage.projects import members, owners_of
from storage.time_off import away_among, end_time_off, set_time_off, time_off_of

AHEAD = 366  # time off is planned within a year
_AWAY = re.compile(r"^away(?:\s+from\s+(?P<first>\S+))?\s+(?:until|to)\s+(?P<last>\S+)$")


class AwayError(ValueError):
    """The words say what to type instead."""


@dataclass(frozen=True)
class AwayRequest:
    first: date | None  # None: from now
    last: date  # inclusive


def is_away_command(words: str) -> bool:
    """`away`, `away until …`, `away from …`, `back`: words the quick form leaves alone (an
    update that starts with "away" says more than a date)."""
    return words in ("away", "back") or bool(re.match(r"^away\s+(until|from|to)\s", words))


def parse_away(typed: str) -> AwayRequest:
    """`away until 2026-12-10`, `away from 2026-12-21 until 2027-01-03` (dates as
    calendar_date reads them)."""
    found = _AWAY.match(fold(typed))
    if found is None:
        raise AwayError(
            _(
                "Say until when: `/status away until 2026-12-10`, or `/status away from "
                "2026-12-21 until 2027-01-03`; `/status back` when you return."
            )
        )
    first = _date(found.group("first")) if found.group("first") else None
    return AwayRequest(first, _date(found.group("last")))


def _date(word: str) -> date:
    day = calendar_date(word)
    if day is None:
        raise AwayError(
            _("`{typed}` is not a date: write it as 2026-12-10.").format(typed=escape(word))
        )
    return day


def zone_for(person_zone: str | None, project: Project | None) -> str:
    """The zone someone's days are read in: theirs, else their project's, else UTC."""
    for name in (person_zone, project.timezone if project is not None else None):
        if name:
            try:
                ZoneInfo(name)
                return name
            except (ZoneInfoNotFoundError, ValueError):
                continue
    return "UTC"


def go_away(
    session: Session, *, user_id: str, request: AwayRequest, timezone: str, now: datetime
) -> TimeOff:
    """Store the time off (replacing any before it), or raise AwayError saying why not."""
    zone = ZoneInfo(timezone)
    today = now.astimezone(zone).date()
    first = max(request.first or today, today)
    if request.last < today:
        raise AwayError(
            _("{date} has passed: give your last day away, from today on.").format(
                date=i18n.day_and_year(request.last)
            )
        )
    if request.last < first:
        raise AwayError(_("Your last day away comes before your first: swap them."))
    if request.last > today + timedelta(days=AHEAD):
        raise AwayError(_("Plan time off within a year from today."))
    time_off = TimeOff(
        user_id=user_id,
        first_day=first,
        last_day=request.last,
        timezone=timezone,
        starts_at=now if first == today else _midnight(first, zone),
        back_at=_midnight(request.last + timedelta(days=1), zone),
        set_at=now,
    )
    set_time_off(session=session, time_off=time_off)
    return time_off


def _midnight(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=zone)


def come_back(session: Session, *, user_id: str, now: datetime) -> TimeOff | None:
    """`/status back`: the time off that was running or planned, now over (None: none)."""
    return end_time_off(session=session, user_id=user_id, now=now)


def who_answers(session: Session, project: Project, at: datetime) -> list[str]:
    """Who answers for the project at `at`: its owners who are not away then; with all of them
    away, its named team members who are not; with everyone away, its owners still."""
    owners = owners_of(session=session, project=project)
    away = away_among(session=session, user_ids=owners, at=at)
    present = [owner for owner in owners if owner not in away]
    if present:
        return present
    team = [m.user_id for m in members(session=session, project=project) if m.role == "team"]
    away = away_among(session=session, user_ids=team, at=at)
    return [person for person in team if person not in away] or owners


def current_time_off(session: Session, *, user_id: str, now: datetime) -> TimeOff | None:
    """The person's time off, running or planned; None when there is none or it is over."""
    return time_off_of(session=session, user_id=user_id, now=now)
