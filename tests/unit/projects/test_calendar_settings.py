"""`/project set holidays` and `/project set day-off` as the owner reads the answers, in each
language, and the plan's section on the calendar."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.platform.i18n import speaking
from bot.projects.blocks import build_plan
from bot.projects.calendar_settings import MAX_DAYS_OFF, describe_calendar, set_day_off
from bot.projects.settings import apply_setting
from bot.projects.timing import PlanError
from bot.sandbox.limits import check_message_blocks
from tests.factories import make_project
from tests.language import LANGUAGES, assert_in_language
from tests.reading import all_text

TODAY = date(2026, 12, 1)
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
# Codes and the holidays package's names stay as they are in every language.
DATA = [
    *(
        "DE-BE",
        "CN",
        "US-NY",
        "GB-ENG",
        "Acme Website",
        "Slack Connect",
        "Europe/Berlin",
        "English",
    ),
    *("Christmas Day", "New Year's Day"),
]

ANSWERS = {
    "en": (
        "📅 *Acme Website* follows the public holidays of DE-BE (Germany): response times, answer "
        "due dates, the monthly report and reminders skip them.\n"
        "Next days off: Thu, Dec 24 (day off), Fri, Dec 25 (Christmas Day), and Fri, Jan 1 (New "
        "Year's Day)",
        "📅 Thu, Dec 31, 2026 is a day off for *Acme Website*: response times, answer due dates, "
        "the monthly report and reminders skip it.",
        "Thu, Dec 24, 2026 is no longer a day off for *Acme Website*.",
    ),
    "zh_CN": (
        "📅 *Acme Website* 现在按 DE-BE（德国） 的公共假日休息："
        "响应时间、答复期限、月报和提醒都会跳过这些日子。\n"
        # Germany's holidays have no Chinese names in the holidays package: English ones.
        "接下来的休息日：12月24日周四（休息日）、12月25日周五（Christmas Day）和"
        "1月1日周五（New Year's Day）",
        "📅 2026年12月31日周四 是 *Acme Website* 的休息日："
        "响应时间、答复期限、月报和提醒都会跳过。",
        "2026年12月24日周四 不再是 *Acme Website* 的休息日。",
    ),
}


def setting(project: object, key: str, value: str) -> str:
    return apply_setting(session=None, project=project, key=key, value=value, now=NOW)  # type: ignore[arg-type]


@pytest.mark.parametrize("language", LANGUAGES)
def test_holidays_and_days_off_are_set_and_said(language: str) -> None:
    project = make_project(days_off="2026-12-24")
    with speaking(language):
        answers = (
            setting(project, "holidays", "de-be"),
            setting(project, "day-off", "2026-12-31"),
            setting(project, "day-off", "remove 2026-12-24"),
        )
    assert answers == ANSWERS[language]
    assert (project.holiday_region, project.days_off) == ("DE-BE", "2026-12-31")
    for answer in answers:
        assert_in_language(answer, language, allowed=DATA)


def test_china_names_its_holidays_in_chinese_and_lists_the_make_up_days() -> None:
    project = make_project(timezone="Asia/Shanghai", holiday_region="CN")
    with speaking("zh_CN"):
        said = describe_calendar(project, date(2026, 9, 15))
    assert said == (
        "CN（中国） 的公共假日\n"
        "接下来的休息日：9月25日周五（中秋节）、10月1日周四（国庆节）和10月2日周五（国庆节）\n"
        "调休上班日（照常工作）：9月20日周日和10月10日周六"
    )


@pytest.mark.parametrize(
    ("value", "refusal"),
    [
        ("XX", "`XX` is not a region I know: try DE-BE, CN, US-NY, GB-ENG…"),
        ("DE-XX", "`DE-XX` is not a region of Germany I know: try DE-BB, DE-BE,"),
        ("US-YN", "`US-YN` is not a region of United States I know: try US-AK,"),
    ],
)
def test_an_unknown_region_is_refused_with_regions_to_try(value: str, refusal: str) -> None:
    project = make_project(holiday_region="CN")
    with pytest.raises(PlanError) as refused:
        setting(project, "holidays", value)
    assert str(refused.value).startswith(refusal)
    assert project.holiday_region == "CN"


def test_holidays_off_follows_none() -> None:
    project = make_project(holiday_region="CN")
    assert "follows no public holidays" in setting(project, "holidays", "off")
    assert project.holiday_region is None


@pytest.mark.parametrize(
    ("value", "refusal"),
    [
        ("24.13.2026", "`24.13.2026` is not a date: write it as 2026-12-24."),
        ("2026-11-30", "Mon, Nov 30, 2026 has passed: give a date from today on."),
        ("2028-01-03", "Give days off within a year from today."),
        ("remove 2026-12-25", "Fri, Dec 25, 2026 is not one of *Acme Website*'s days off. Its "),
        ("", "Say which day: `/project set day-off 2026-12-24`"),
    ],
)
def test_days_off_that_cannot_be_taken_say_why(value: str, refusal: str) -> None:
    project = make_project(days_off="2026-12-24")
    with pytest.raises(PlanError) as refused:
        set_day_off(project, value, TODAY)
    assert str(refused.value).startswith(refusal)
    assert project.days_off == "2026-12-24"


def test_days_off_are_kept_in_order_passed_ones_dropped_and_counted() -> None:
    project = make_project(days_off="2026-11-02,2026-12-24")
    set_day_off(project, "２０２６－１２－３１, 2026年12月28日", TODAY)
    assert project.days_off == "2026-12-24,2026-12-28,2026-12-31"
    crowded = ",".join(f"2027-0{m}-{d:02d}" for m in (1, 2, 3) for d in range(1, 21))
    project.days_off = crowded
    with pytest.raises(PlanError, match=f"more than {MAX_DAYS_OFF} days off"):
        set_day_off(project, "2026-12-24", TODAY)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_plan_shows_the_calendar(language: str) -> None:
    project = make_project(holiday_region="DE-BE", days_off="2026-12-24")
    with speaking(language):
        _text, blocks = build_plan(project, [], now=NOW)
        _text, bare = build_plan(make_project(), [], now=NOW)
    check_message_blocks(blocks)
    shown = all_text(blocks)
    assert (
        "Public holidays of DE-BE (Germany)" if language == "en" else "DE-BE（德国） 的公共假日"
    ) in shown
    assert "`/project set holidays DE-BE, CN, US-NY, GB-ENG…`" in all_text(bare)
    assert_in_language(blocks, language, allowed=DATA)
