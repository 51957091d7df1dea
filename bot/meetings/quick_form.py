"""`/project set meeting tue 10:00 [every 2 weeks] [agenda 2h] Weekly status call with Acme`,
read in every language Rapport speaks (`周二 10:00 每2周 议程 2小时 与 Acme 的周会`): the weekly
time as the digest's (bot/projects/timing.py), then the options in any order, then the title."""

from __future__ import annotations

import functools
import re

from bot.platform import i18n
from bot.platform.i18n import _, ngettext, pgettext
from bot.platform.text import half_width
from bot.projects.timing import PlanError, WeeklyTime, parse_weekly_time
from storage.meetings import Slot

KEYWORD_CONTEXT = "meeting keyword"  # i18n: not shown (the catalogue's msgctxt)
TITLE_LIMIT = 150
MOST_WEEKS = 8
LEAD_RANGE = (5, 3 * 24 * 60)  # minutes: from 5 minutes to 3 days
DEFAULT_LEAD = 60
with i18n.speaking(i18n.SOURCE_LANGUAGE):
    KEYWORDS = {
        # Translators: `every 2 weeks` in `/project set meeting`; several words may be split by |.
        "every": pgettext("meeting keyword", "every"),
        # Translators: `every 2 weeks` in `/project set meeting`; several words split by |.
        "weeks": pgettext("meeting keyword", "weeks|week"),
        # Translators: a meeting every two weeks, in one word; several words may be split by |.
        "biweekly": pgettext("meeting keyword", "biweekly|fortnightly"),
        # Translators: `agenda 2h` (post the agenda 2 hours before) in `/project set meeting`;
        # several words may be split by |.
        "agenda": pgettext("meeting keyword", "agenda|lead"),
        # Translators: units of `agenda 30m`; several words may be split by |.
        "minutes": pgettext("meeting keyword", "m|min|mins|minutes"),
        # Translators: units of `agenda 2h`; several words may be split by |.
        "hours": pgettext("meeting keyword", "h|hr|hrs|hour|hours"),
        # Translators: units of `agenda 1d`; several words may be split by |.
        "days": pgettext("meeting keyword", "d|day|days"),
        # Translators: `/project agenda add internal …` (the client's agenda leaves it out);
        # several words may be split by |.
        "internal": pgettext("meeting keyword", "internal"),
    }
UNIT_MINUTES = {"minutes": 1, "hours": 60, "days": 24 * 60}


def example() -> str:
    return _(
        "For example: `/project set meeting tue 10:00 Weekly status call with Acme`; add "
        "`every 2 weeks` for a meeting every other week, `agenda 2h` for the agenda 2 hours "
        "before (1 hour unless said)."
    )


def parse_meeting(raw: str) -> Slot:
    """The meeting as typed, or PlanError saying what to type instead."""
    text = half_width(raw).strip()
    weekly, rest = _weekly_time(text)
    every, lead = 1, DEFAULT_LEAD
    patterns = _patterns(i18n.languages())
    while rest:
        if found := patterns["every"].match(rest):
            every = int(found.group(1))
        elif found := patterns["biweekly"].match(rest):
            every = 2
        elif found := patterns["agenda"].match(rest):
            lead = int(found.group(1)) * _unit_of(found.group(2))
        else:
            break
        rest = rest[found.end() :].strip()
    title = rest.strip(" :;,-—–")
    if not title:
        raise PlanError(_("Give the meeting a title. {example}").format(example=example()))
    if len(title) > TITLE_LIMIT:
        raise PlanError(
            _("Keep the title to {limit} characters.").format(limit=i18n.number(TITLE_LIMIT))
        )
    if not 1 <= every <= MOST_WEEKS:
        raise PlanError(
            _("A meeting comes every 1 to {most} weeks.").format(most=i18n.number(MOST_WEEKS))
        )
    if not LEAD_RANGE[0] <= lead <= LEAD_RANGE[1]:
        raise PlanError(
            _("The agenda goes out from 5 minutes to 3 days before the meeting, e.g. `agenda 2h`.")
        )
    return Slot(weekly.weekday, weekly.time, every, title, lead)


def parse_slot(raw: str) -> WeeklyTime:
    """`tue 10:00`: which meeting `/project remove meeting` means."""
    return parse_weekly_time(raw)


def _weekly_time(text: str) -> tuple[WeeklyTime, str]:
    """The day and time at the start (`tue 10:00`, `fri 4:00 pm`, `周二10:00`) and the rest."""
    words = text.split()
    for count in (3, 2, 1):
        if len(words) < count:
            continue
        try:
            weekly = parse_weekly_time(" ".join(words[:count]))
        except PlanError:
            continue
        return weekly, " ".join(words[count:])
    raise PlanError(
        _("Start with the day and the time of the meeting. {example}").format(example=example())
    )


def describe_lead(minutes: int) -> str:
    """`1 hour`, `30 minutes`, `1 day`, `1 hour 30 minutes`: in the reader's language."""
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    parts = []
    if days:
        parts.append(ngettext("{count} day", "{count} days", days).format(count=days))
    if hours:
        parts.append(ngettext("{count} hour", "{count} hours", hours).format(count=hours))
    if mins:
        parts.append(ngettext("{count} minute", "{count} minutes", mins).format(count=mins))
    return " ".join(parts)


def is_internal_word(word: str) -> bool:
    """`internal`, `内部`: an agenda item for the team's agenda only."""
    return half_width(word).casefold() in _word_set("internal")


def _word_set(meaning: str) -> set[str]:
    """Every language's words for a keyword, case folded."""
    words = {KEYWORDS[meaning], *i18n.words_in_every_language(KEYWORDS[meaning], KEYWORD_CONTEXT)}
    return {word.casefold() for entry in words for word in entry.split("|") if word}


def _words(meaning: str) -> str:
    """The same as a regex alternation, longest first."""
    found = sorted(_word_set(meaning), key=len, reverse=True)
    return "|".join(re.escape(word) for word in found)


@functools.lru_cache(maxsize=8)
def _patterns(_languages: tuple[str, ...]) -> dict[str, re.Pattern[str]]:
    end = r"(?=\s|$)"
    units = "|".join(_words(unit) for unit in UNIT_MINUTES)
    return {
        "every": re.compile(
            rf"(?:{_words('every')})\s*(\d{{1,2}})\s*(?:{_words('weeks')}){end}", re.I
        ),
        "biweekly": re.compile(rf"(?:{_words('biweekly')}){end}", re.I),
        "agenda": re.compile(rf"(?:{_words('agenda')})\s*(\d{{1,4}})\s*({units}){end}", re.I),
    }


def _unit_of(word: str) -> int:
    typed = word.casefold()
    return next((m for unit, m in UNIT_MINUTES.items() if typed in _word_set(unit)), 60)
