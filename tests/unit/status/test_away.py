"""`/status away` and `/status back` as typed and as answered, in each language."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import cast

import pytest
from sqlmodel import Session

from bot.platform.i18n import speaking
from bot.status.away import AwayError, AwayRequest, go_away, is_away_command, parse_away
from bot.status.blocks import build_away_answer, build_back_answer
from storage.models import TimeOff
from tests.language import LANGUAGES, assert_in_language

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
NO_SESSION = cast(Session, None)  # refused before anything is stored


@pytest.mark.parametrize(
    ("typed", "command"),
    [
        ("away", True),
        ("back", True),
        ("away until 2026-12-10", True),
        ("away from 2026-12-21 until 2027-01-03", True),
        ("away until tomorrow", True),  # a command, answered with how to write the date
        ("away day planned with the client", False),  # a status update
        ("back end deployed", False),
        ("on-track 50% Checkout shipped", False),
    ],
)
def test_time_off_is_told_apart_from_an_update(typed: str, command: bool) -> None:
    assert is_away_command(typed) == command


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("away until 2026-12-10", AwayRequest(None, date(2026, 12, 10))),
        ("away to 2026/12/10", AwayRequest(None, date(2026, 12, 10))),
        ("AWAY UNTIL ２０２６－１２－１０", AwayRequest(None, date(2026, 12, 10))),
        (
            "away from 2026-12-21 until 2027年1月3日",
            AwayRequest(date(2026, 12, 21), date(2027, 1, 3)),
        ),
    ],
)
def test_dates_are_read_as_people_type_them(typed: str, read: AwayRequest) -> None:
    assert parse_away(typed) == read


@pytest.mark.parametrize(
    ("typed", "refusal"),
    [
        ("away", "Say until when: `/status away until 2026-12-10`"),
        ("away until tomorrow", "`tomorrow` is not a date: write it as 2026-12-10."),
        ("away until 2026-12-06", "Sun, Dec 6, 2026 has passed: give your last day away"),
        ("away from 2026-12-20 until 2026-12-10", "Your last day away comes before your first"),
        ("away until 2028-01-01", "Plan time off within a year from today."),
    ],
)
def test_time_off_that_cannot_be_taken_says_why(typed: str, refusal: str) -> None:
    with pytest.raises(AwayError) as refused:
        go_away(
            NO_SESSION,
            user_id="U0BEN",
            request=parse_away(typed),
            timezone="Europe/Berlin",
            now=NOW,
        )
    assert str(refused.value).startswith(refusal)


def time_off(first: date, starts_at: datetime) -> TimeOff:
    return TimeOff(
        user_id="U0BEN",
        first_day=first,
        last_day=date(2026, 12, 10),
        timezone="Europe/Berlin",
        starts_at=starts_at,
        back_at=datetime(2026, 12, 10, 23, 0, tzinfo=UTC),
        set_at=NOW,
    )


ANSWERS = {
    "en": (
        "🌴 You are away until Thu, Dec 10, 2026 (Europe/Berlin). On every project you are on, "
        "Rapport sends you no reminders, the digest says you are away, and feedback due "
        "meanwhile goes to another owner. `/status back` ends it early.",
        "🌴 You will be away from Tue, Dec 8, 2026 until Thu, Dec 10, 2026 (Europe/Berlin).",
        "👋 Welcome back: your time off until Thu, Dec 10, 2026 is over, and reminders and "
        "feedback reach you again.",
        "You are not marked away. `/status away until 2026-12-10` marks your time off.",
    ),
    "zh_CN": (
        "🌴 你休假至 2026年12月10日周四（Europe/Berlin）。在你所在的每个项目中，Rapport "
        "都不会给你发提醒，周报会注明你在休假，期间到期的反馈会交给另一位负责人。"
        "`/status back` 可提前结束休假。",
        "🌴 你将自 2026年12月8日周二 休假至 2026年12月10日周四（Europe/Berlin）。",
        "👋 欢迎回来：你到 2026年12月10日周四 的休假已结束，提醒和反馈会重新发给你。",
        "你没有被标记为休假。`/status away until 2026-12-10` 可标记你的休假。",
    ),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_answers_say_what_time_off_does(language: str) -> None:
    with speaking(language):
        now = build_away_answer(time_off(date(2026, 12, 7), NOW), NOW)
        later = build_away_answer(
            time_off(date(2026, 12, 8), datetime(2026, 12, 7, 23, 0, tzinfo=UTC)), NOW
        )
        back = build_back_answer(time_off(date(2026, 12, 7), NOW))
        nothing = build_back_answer(None)
    expected = ANSWERS[language]
    assert (now, back, nothing) == (expected[0], expected[2], expected[3])
    assert later.startswith(expected[1])
    for answer in (now, later, back, nothing):
        assert_in_language(answer, language, allowed=["Europe/Berlin", "Rapport"])
