"""Who of the team the digest names besides the authors: who is away (time off during the week
or the next, `/status away`), and, in the team's variant, who posted nothing. Someone away is
said to be away, never counted as quiet; and the client is pointed to owners who are here."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from bot.platform import i18n
from bot.platform.blocks import Block, section, user
from bot.platform.i18n import _, listing
from storage.time_off import TeamPerson

INSTANT = timedelta(microseconds=1)
AWAY_AHEAD = timedelta(days=7)  # time off starting within the coming week is worth saying
TEAM_ROLES = ("owner", "team", None)  # None: not named, but posting (the team, by roles.py)


@dataclass(frozen=True)
class Away:
    user_id: str
    first_day: date
    last_day: date  # inclusive, in the person's own zone
    started: bool  # already away at the digest's time


@dataclass(frozen=True)
class TeamWeek:
    away: list[Away] = field(default_factory=list)
    quiet: list[str] = field(default_factory=list)  # team members with no update this period
    present_owners: list[str] = field(default_factory=list)  # owners not away at its time


def team_week(
    team: list[TeamPerson], *, posted: set[str], since: datetime, until: datetime
) -> TeamWeek:
    """Pure: the team as the digest of [since, until) tells it."""
    members = [p for p in team if p.role in TEAM_ROLES]
    away = [
        Away(p.user_id, p.time_off.first_day, p.time_off.last_day, p.time_off.starts_at <= until)
        for p in members
        if p.time_off is not None and p.away_during(since, until + AWAY_AHEAD)
    ]
    excused = {p.user_id for p in members if p.away_during(since, until)}
    owners = [p.user_id for p in team if p.role == "owner"]
    away_now = {p.user_id for p in members if p.away_during(until, until + INSTANT)}
    return TeamWeek(
        away=away,
        quiet=[p.user_id for p in members if p.user_id not in posted | excused],
        present_owners=[o for o in owners if o not in away_now] or owners,
    )


def build_team_section(week: TeamWeek, *, internal: bool) -> list[Block]:
    """One section (or none): who is away; for the team, who has not posted."""
    lines = []
    if week.away:
        lines.append(
            _("🌴 *Away*: {people}").format(people=i18n.all_of(_away(a) for a in week.away))
        )
    if internal and week.quiet:
        lines.append(
            _("🔕 *No update this week from* {people}").format(
                people=listing(user(u) for u in week.quiet)
            )
        )
    return [section("\n".join(lines))] if lines else []


def _away(away: Away) -> str:
    if away.started:
        return _("{person} until {last}").format(
            person=user(away.user_id), last=i18n.day(away.last_day)
        )
    return _("{person} from {first} until {last}").format(
        person=user(away.user_id), first=i18n.day(away.first_day), last=i18n.day(away.last_day)
    )
