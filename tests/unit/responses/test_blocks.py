"""The team's alert about a client message waiting for an answer, and the one when it is
answered, in each reader's language: how long it waited, in working time, against the target."""

from __future__ import annotations

import pytest

from bot.platform.calendar import calendar_of
from bot.platform.i18n import speaking
from bot.projects.working_hours import describe_hours
from bot.responses.blocks import build_answered_alert, build_waiting_alert, hours_label
from tests.factories import make_project
from tests.language import LANGUAGES, assert_in_language

HOUR = 3600
TARGET = 9 * HOUR  # one business day of 09:00–18:00
LINK = "https://slack.example/archives/C0ACME/p1"
HOURS = calendar_of(make_project(timezone="Asia/Shanghai"))

LABELS = {  # 90 seconds, then 7.25 hours
    "en": ("2 working min", "7.2 working hours"),
    "zh_CN": ("2 个工作分钟", "7.2 个工作小时"),
}
WAITING_START = {
    "en": "⏱️ <@U0ANA> A message from <@U0DANA> in <#C0ACME> has waited 7.2 working hours for an "
    "answer; the target is 9.0 working hours (",
    "zh_CN": "⏱️ <@U0ANA> <@U0DANA> 在 <#C0ACME> 的消息已等待回复 7.2 个工作小时，"
    "目标是 9.0 个工作小时（",
}
ANSWERED_END = {  # within the target, then past it
    "en": (
        "after 25 working min, within the target of 9.0 working hours.",
        "after 10.0 working hours, past the target of 9.0 working hours.",
    ),
    "zh_CN": (
        "用时 25 个工作分钟，在 9.0 个工作小时 的目标之内。",
        "用时 10.0 个工作小时，超过了 9.0 个工作小时 的目标。",
    ),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_waits_are_counted_in_working_minutes_and_hours(language: str) -> None:
    with speaking(language):
        labels = hours_label(90), hours_label(7.25 * HOUR)

    assert labels == LABELS[language]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_waiting_alert_names_the_owners_the_wait_and_the_target(language: str) -> None:
    with speaking(language):
        described = describe_hours(HOURS)  # the working-hours slice's words
        waiting = build_waiting_alert(
            author_id="U0DANA",
            channel_id="C0ACME",
            permalink=LINK,
            waited=int(7.2 * HOUR),
            target=TARGET,
            owner_ids=["U0ANA"],
            hours=HOURS,
        )

    assert_in_language(waiting, language, allowed=[described])
    assert waiting.startswith(WAITING_START[language])


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_answered_alert_says_whether_the_target_was_kept(language: str) -> None:
    with speaking(language):
        within, past = [
            build_answered_alert(
                author_id="U0DANA",
                channel_id="C0ACME",
                permalink=LINK,
                answered_by="U0BEN",
                waited=waited,
                target=TARGET,
            )
            for waited in (25 * 60, 10 * HOUR)
        ]

    for shown in (within, past):
        assert_in_language(shown, language)
    assert within.endswith(ANSWERED_END[language][0])
    assert past.endswith(ANSWERED_END[language][1])
