"""`/project set meeting …` as people type it, in every language Rapport speaks."""

from __future__ import annotations

import pytest

from bot.meetings.quick_form import describe_lead, is_internal_word, parse_meeting
from bot.platform.i18n import speaking
from bot.projects.timing import PlanError
from storage.meetings import Slot


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        (
            "tue 10:00 Weekly status call with Acme",
            Slot(1, "10:00", 1, "Weekly status call with Acme", 60),
        ),
        ("Thursday 4:00 pm every 2 weeks Steering", Slot(3, "16:00", 2, "Steering", 60)),
        ("mon 09:30 agenda 2h biweekly Planning", Slot(0, "09:30", 2, "Planning", 120)),
        ("fri 16:00 lead 30m Retro", Slot(4, "16:00", 1, "Retro", 30)),
        ("周二 10:00 每2周 议程 1天 与 Acme 的周会", Slot(1, "10:00", 2, "与 Acme 的周会", 1440)),
        ("周三10：00 议程 3小时 设计评审", Slot(2, "10:00", 1, "设计评审", 180)),
    ],
)
def test_meetings_as_typed(typed: str, expected: Slot) -> None:
    assert parse_meeting(typed) == expected


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("tue 10:00", "Give the meeting a title"),
        ("someday 10:00 Call", "Start with the day and the time"),
        ("tue 10:00 every 12 weeks Call", "every 1 to 8 weeks"),
        ("tue 10:00 agenda 4d Call", "from 5 minutes to 3 days"),
        ("tue 10:00 " + "x" * 151, "Keep the title to 150 characters"),
    ],
)
def test_what_cannot_be_a_meeting_says_what_to_type(typed: str, says: str) -> None:
    with speaking("en"), pytest.raises(PlanError, match=says):
        parse_meeting(typed)


def test_the_lead_and_the_internal_mark_in_both_languages() -> None:
    with speaking("en"):
        assert describe_lead(90) == "1 hour 30 minutes"
    with speaking("zh_CN"):
        assert describe_lead(60) == "1小时"
    assert is_internal_word("internal") and is_internal_word("内部")
    assert not is_internal_word("Launch")
