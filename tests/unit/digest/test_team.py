"""Who the digest says is away, and whom the team's variant counts as quiet: someone away is
said to be away, never quiet; the client is pointed to owners who are here."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.digest.blocks import build_digest
from bot.digest.contents import assemble_digest
from bot.digest.team import Away, TeamWeek, team_week
from bot.platform.i18n import speaking
from bot.sandbox.limits import check_message_blocks
from storage.models import TimeOff
from storage.time_off import TeamPerson
from tests.factories import make_project
from tests.language import LANGUAGES, assert_in_language
from tests.reading import all_text, section_texts

SINCE = datetime(2026, 12, 4, 15, 0, tzinfo=UTC)  # the digest of Friday 11 December, 16:00
UNTIL = SINCE + timedelta(days=7)


def off(user_id: str, first: date, last: date) -> TimeOff:
    """Time off in Berlin, whole days."""
    return TimeOff(
        user_id=user_id,
        first_day=first,
        last_day=last,
        timezone="Europe/Berlin",
        starts_at=datetime(first.year, first.month, first.day, tzinfo=UTC) - timedelta(hours=1),
        back_at=datetime(last.year, last.month, last.day, tzinfo=UTC) + timedelta(hours=23),
        set_at=SINCE,
    )


TEAM = [
    TeamPerson("U0ANA", "owner", off("U0ANA", date(2026, 12, 7), date(2026, 12, 18))),
    TeamPerson("U0BEN", "owner", None),
    TeamPerson("U0CHEN", "team", off("U0CHEN", date(2026, 12, 14), date(2026, 12, 31))),
    TeamPerson("U0DEV", "team", off("U0DEV", date(2026, 11, 2), date(2026, 11, 6))),  # long ago
    TeamPerson("U0GUS", None, None),  # not named, but posting: the team
    TeamPerson("U0DANA", "client", off("U0DANA", date(2026, 12, 7), date(2026, 12, 9))),
]


def test_away_people_are_named_quiet_ones_counted_and_the_owners_here_pointed_to() -> None:
    week = team_week(TEAM, posted={"U0BEN"}, since=SINCE, until=UNTIL)
    assert week.away == [
        Away("U0ANA", date(2026, 12, 7), date(2026, 12, 18), started=True),
        Away("U0CHEN", date(2026, 12, 14), date(2026, 12, 31), started=False),  # next week
    ]
    assert week.quiet == ["U0CHEN", "U0DEV", "U0GUS"]  # Chen is away only from next week
    assert week.present_owners == ["U0BEN"]


def test_with_every_owner_away_the_client_is_still_pointed_to_them() -> None:
    owners_away = [p for p in TEAM if p.user_id == "U0ANA"]
    assert team_week(owners_away, posted=set(), since=SINCE, until=UNTIL).present_owners == [
        "U0ANA"
    ]


SAID = {
    "en": (
        "🌴 *Away*: <@U0ANA> until Fri, Dec 18 and <@U0CHEN> from Mon, Dec 14 until Thu, Dec 31",
        "🌴 *Away*: <@U0ANA> until Fri, Dec 18 and <@U0CHEN> from Mon, Dec 14 until Thu, Dec 31\n"
        "🔕 *No update this week from* <@U0CHEN>, <@U0DEV>, <@U0GUS>",
    ),
    "zh_CN": (
        "🌴 *休假*：<@U0ANA> 至 12月18日周五和<@U0CHEN> 自 12月14日周一 至 12月31日周四",
        "🌴 *休假*：<@U0ANA> 至 12月18日周五和<@U0CHEN> 自 12月14日周一 至 12月31日周四\n"
        "🔕 *本周未更新*：<@U0CHEN>、<@U0DEV>、<@U0GUS>",
    ),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_client_reads_who_is_away_and_the_team_also_who_is_quiet(language: str) -> None:
    week = team_week(TEAM, posted={"U0BEN"}, since=SINCE, until=UNTIL)
    project = make_project()
    said = []
    for audience in ("client", "internal"):
        digest = assemble_digest(
            project=project,
            audience=audience,
            since=SINCE,
            until=UNTIL,
            updates=[],
            received=[],
            resolved=[],
        )
        shown = week if audience == "internal" else replace(week, quiet=[])
        with speaking(language):
            _text, blocks = build_digest(replace(digest, team=shown))
        check_message_blocks(blocks)
        assert_in_language(blocks, language, allowed=["Acme Website", "Europe/Berlin"])
        said.append(next(t for t in section_texts(blocks) if "U0ANA" in t))
    assert tuple(said) == SAID[language]


def test_a_team_all_here_and_posting_adds_nothing() -> None:
    digest = assemble_digest(
        project=make_project(),
        audience="internal",
        since=SINCE,
        until=UNTIL,
        updates=[],
        received=[],
        resolved=[],
    )
    _text, blocks = build_digest(replace(digest, team=TeamWeek()))
    assert "Away" not in all_text(blocks) and "No update this week" not in all_text(blocks)
