"""The monthly report as the client and the team read it, in every language Rapport speaks; no
I/O.

Each test renders inside `speaking(language)` and compares with a small table keyed by
language. The month's risks and change requests are the digest's (tests/unit/digest): what the
change-request module says of them is its tests' business, so they are `allowed` here as
whatever it renders."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from bot.digest.contents import Line
from bot.platform.i18n import speaking
from bot.report.monthly import MonthReport, Week
from bot.report.monthly_blocks import build_report
from bot.sandbox.limits import check_message_blocks
from storage.models import Feedback, Incident
from tests.language import LANGUAGES, assert_in_language
from tests.reading import all_text, section_texts
from tests.unit.digest.test_blocks import DATA, PROJECT, ZONE, decided, risks, theirs

# The month's highlights as the team typed them: one for everyone, one for the team only.
HIGHLIGHTS = {
    "en": ("Wireframes approved", "Budget is tight"),
    "zh_CN": ("线框图已通过", "预算偏紧"),
}


def month_report(language: str, audience: str = "client", **overrides: Any) -> MonthReport:
    everyone, team_only = HIGHLIGHTS[language]
    values: dict[str, Any] = {
        "project_name": PROJECT[language],
        "audience": audience,
        "month": date(2026, 11, 1),
        "timezone": ZONE[language],
        "weeks": [
            Week(date(2026, 11, 2), "on-track", 20, 1),
            Week(date(2026, 11, 9), None, None, 2),
            Week(date(2026, 11, 16), "at-risk", 45, 3),
        ],
        "progress_points": [
            (datetime(2026, 11, 3, tzinfo=UTC), 20),
            (datetime(2026, 11, 18, tzinfo=UTC), 45),
        ],
        "highlights": [Line("U0BEN", everyone), Line("U0CHEN", team_only, internal=True)],
        "updates": 6,
        "received": 3,
        "resolved": 1,
        "median_time_to_resolve": timedelta(hours=24),
        "late": True,
        "kinds": {"problem": 2, "praise": 1},
        "changes_decided": decided(language),
        "risks": risks(language),
    }
    values.update(overrides)
    return MonthReport(**values)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("audience", ["client", "internal"])
def test_every_section_of_the_report_is_in_the_readers_language(
    language: str, audience: str
) -> None:
    with speaking(language):
        text, blocks = build_report(month_report(language, audience))
        other_modules = theirs(decided(language), ZONE[language])
        _text, quiet = build_report(
            month_report(language, audience, weeks=[], progress_points=[], highlights=[], kinds={})
        )
    assert_in_language(text, language, allowed=DATA)
    assert_in_language(blocks, language, allowed=DATA + other_modules)
    assert_in_language(quiet, language, allowed=DATA + other_modules)
    assert check_message_blocks(blocks) == []


REPORT_WORDS = {  # notification text, header, internal header, words, health week by week
    "en": (
        "Monthly report November 2026 — Acme Website",
        "📈 November 2026 — Acme Website",
        "📈 November 2026 — Acme Website (internal)",
        [
            "Monthly report · times in Europe/Berlin · posted late, after its planned time",
            "*Status updates*\n6",
            "*Progress*\n20% → 45%",
            "*Feedback received*\n3 (2 problems, 1 praise)",
            "*Feedback resolved*\n1",
            "*Median time to resolve*\n24 hr",
            "*Latest updates*\n• Wireframes approved — <@U0BEN>\n• 🔒 Budget is tight — <@U0CHEN>",
            "*Risks and issues*\n1 new this month · 2 open · 2 closed this month",
            "*Change requests decided*\n1 approved, 1 rejected · approved schedule ",
        ],
        "*Health week by week*\n"
        "• Week of Nov 2: 🟢 On track, 20% (1 update)\n"
        "• Week of Nov 9: ⚪ Not reported (2 updates)\n"
        "• Week of Nov 16: 🟡 At risk, 45% (3 updates)",
        "The chart of the month is in the thread.",
    ),
    "zh_CN": (
        "月报 2026年11月 — Acme 官网",
        "📈 2026年11月 — Acme 官网",
        "📈 2026年11月 — Acme 官网（内部）",
        [
            "月报 · 时区：Asia/Shanghai · 晚于计划时间补发",
            "*状态更新*\n6",
            "*进度*\n20% → 45%",
            "*收到的反馈*\n3（2 个问题、1 条表扬）",
            "*已解决的反馈*\n1",
            "*解决用时中位数*\n24小时",
            "*最新更新*\n• 线框图已通过 — <@U0BEN>\n• 🔒 预算偏紧 — <@U0CHEN>",
            "*风险与问题*\n本月新增 1 个 · 未关闭 2 个 · 本月关闭 2 个",
            "*已决定的变更请求*\n批准 1 个，拒绝 1 个 · 已批准的工期 ",
        ],
        "*每周项目状态*\n"
        "• 11月2日当周：🟢 正常，20%（1 条更新）\n"
        "• 11月9日当周：⚪ 未报告（2 条更新）\n"
        "• 11月16日当周：🟡 有风险，45%（3 条更新）",
        "本月图表见下方回复。",
    ),
}
QUIET_MONTH = {  # progress, the weeks, the feedback received without its kinds
    "en": ("*Progress*\nnot reported", "No status updates this month.", "*Feedback received*\n3\n"),
    "zh_CN": ("*进度*\n未报告", "本月没有状态更新。", "*收到的反馈*\n3\n"),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_month_says_it_in_these_words(language: str) -> None:
    with speaking(language):
        text, blocks = build_report(month_report(language))
        _text, internal = build_report(month_report(language, "internal"))
        _text, quiet = build_report(month_report(language, weeks=[], progress_points=[], kinds={}))
    shown = all_text(blocks)
    notification, header, internal_header, words, weeks, footer = REPORT_WORDS[language]
    assert text == notification
    assert blocks[0]["text"]["text"] == header
    assert internal[0]["text"]["text"] == internal_header
    for expected in words:
        assert expected in shown
    assert weeks in section_texts(blocks)
    assert blocks[-1]["elements"][0]["text"] == footer
    progress, no_weeks, received = QUIET_MONTH[language]
    assert progress in all_text(quiet) and no_weeks in all_text(quiet)
    assert received in all_text(quiet) + "\n"


def test_an_english_report_counts_updates_in_plurals() -> None:
    """English only: Chinese has no plural forms, English says `1 update` and `2 updates`."""
    with speaking("en"):
        shown = all_text(build_report(month_report("en"))[1])
    assert "• Week of Nov 2: 🟢 On track, 20% (1 update)" in shown
    assert "• Week of Nov 9: ⚪ Not reported (2 updates)" in shown
    assert "*Feedback received*\n3 (2 problems, 1 praise)" in shown


PRAISE = {"en": "Lovely launch, thank you <@U0BEN>", "zh_CN": "上线很顺利，谢谢 <@U0BEN>"}
OUTAGE = {"en": "Checkout fails", "zh_CN": "结账失败"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_month_says_what_clients_said_and_which_incidents_it_had(language: str) -> None:
    start = datetime(2026, 11, 10, 9, tzinfo=UTC)
    named = Feedback(id=4, project_id=1, number=4, author_id="U0DANA", kind="praise",
                     text=PRAISE[language], due_at=start, created_at=start)  # fmt: skip
    anonymous = Feedback(id=5, project_id=1, number=5, author_id=None, kind="praise",
                         text=PRAISE[language], due_at=start, created_at=start)  # fmt: skip
    outage = Incident(id=1, project_id=1, number=1, severity="sev1", declared_severity="sev1",
                      title=OUTAGE[language], owner_id="U0BEN", declared_by="U0BEN",
                      declared_at=start, state="resolved",
                      resolved_at=start + timedelta(hours=2))  # fmt: skip
    report = month_report(
        language, praise=[named, anonymous], praise_credits={4: ["U0BEN"]}, incidents=[outage]
    )
    with speaking(language):
        text, blocks = build_report(report)
    assert check_message_blocks(blocks) == []
    shown = all_text(blocks)
    assert "INC-1" in shown and OUTAGE[language] in shown
    assert shown.count(PRAISE[language]) == 2 and "<@U0DANA>" in shown
    said = next(s for s in section_texts(blocks) if PRAISE[language] in s)
    assert said.count("<@U0DANA>") == 1  # the anonymous one names nobody
    assert_in_language([text, blocks], language, allowed=[*DATA, *HIGHLIGHTS[language]])
