"""Days and times as people type them in any language Rapport speaks (property tests): the
parsers fail only with their own errors, read every language's day names from Babel's locale
data, take full-width digits and colons and mixed text, and read back what the plan shows."""

from __future__ import annotations

import unicodedata
from typing import Literal

import pytest
from babel import Locale
from babel.dates import get_day_names
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot.platform import i18n
from bot.platform.calendar import calendar_of
from bot.platform.i18n import speaking
from bot.projects.days_and_times import weekday_named
from bot.projects.languages import language_named
from bot.projects.timing import PlanError, WeeklyTime, parse_clock_time, parse_weekly_time
from bot.projects.working_hours import HoursError, describe_days, describe_hours, parse_hours
from tests.factories import make_project
from tests.strategies import TEXTS

LANGUAGES = i18n.languages()
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # as the help shows them
Width = Literal["wide", "abbreviated"]  # the two of Babel's day-name widths people type
WIDTHS: tuple[Width, ...] = ("wide", "abbreviated")
DAY_FORMS = [
    (language, width, index, str(name))
    for language in LANGUAGES
    for width in WIDTHS
    for index, name in get_day_names(width, locale=language).items()
]
FULL_WIDTH = str.maketrans("0123456789:-", "０１２３４５６７８９：－")
# The pieces the parsers care about, in both languages, so odd shapes come up often.
PIECES = st.sampled_from(
    [name for *_rest, name in DAY_FORMS]
    + ["星期", "周", "上午", "下午", "晚上", "点", "至", "到", "、", "，", "：", "－", "～"]
    + ["am", "pm", "to", "-", ",", ":", " ", "　", "16", "9", "00", "30", "24", "１６", "："]
)
MIXED = st.lists(PIECES | st.text(max_size=4), max_size=12).map("".join)


def day_name(language: str, index: int, width: Width) -> str:
    return str(get_day_names(width, locale=language)[index])


@pytest.mark.parametrize(("language", "width", "index", "name"), DAY_FORMS)
def test_every_languages_day_names_are_read(
    language: str, width: str, index: int, name: str
) -> None:
    assert weekday_named(name) == index
    assert weekday_named(name.upper()) == index
    # …and CLDR's stand-alone forms as well.
    standalone = Locale.parse(language).days["stand-alone"][width][index]
    assert weekday_named(standalone) == index


@given(MIXED | st.text(max_size=60))
@example("周五 下午25点")
@example("星期八 16:00")
@example("周五　１６：６０")
def test_a_weekly_time_fails_only_with_a_plan_error(raw: str) -> None:
    try:
        weekly = parse_weekly_time(raw)
    except PlanError:
        return
    assert 0 <= weekly.weekday <= 6
    hour, minute = (int(part) for part in weekly.time.split(":"))
    assert 0 <= hour <= 23 and 0 <= minute <= 59


@given(
    day=st.sampled_from(DAY_FORMS),
    hour=st.integers(0, 23),
    minute=st.integers(0, 59),
    space=st.sampled_from([" ", "  ", "　", ""]),
    full_width=st.booleans(),
)
def test_a_day_in_any_language_and_a_time_as_typed(
    day: tuple[str, str, int, str], hour: int, minute: int, space: str, full_width: bool
) -> None:
    _language, _width, index, name = day
    clock = f"{hour}:{minute:02d}"
    if full_width:
        clock = clock.translate(FULL_WIDTH)
    if not space and name.isascii():
        space = " "  # `fri16:00` is not how anyone types it; `周五16:00` is
    assert parse_weekly_time(f"{name}{space}{clock}") == WeeklyTime(
        index, f"{hour:02d}:{minute:02d}"
    )


@given(
    index=st.integers(0, 6),
    hour=st.integers(1, 12),
    form=st.sampled_from(["下午{h}点", "下午{h}:00", "下午 {h}点", "{h}:00 PM", "{h}:00pm"]),
)
def test_afternoon_hours_in_either_language(index: int, hour: int, form: str) -> None:
    typed = f"{day_name('zh_CN', index, 'abbreviated')} {form.format(h=hour)}"
    expected = 12 if hour == 12 else hour + 12
    assert parse_weekly_time(typed) == WeeklyTime(index, f"{expected:02d}:00")


@given(index=st.integers(0, 6), hour=st.integers(0, 23), minute=st.integers(0, 59))
@settings(max_examples=60)
def test_what_the_plan_shows_reads_back_in_every_language(
    index: int, hour: int, minute: int
) -> None:
    weekly = WeeklyTime(index, f"{hour:02d}:{minute:02d}")
    for language in LANGUAGES:
        with speaking(language):
            shown = weekly.describe()
        assert parse_weekly_time(shown) == weekly, (language, shown)


@given(hour=st.integers(0, 23), minute=st.integers(0, 59))
def test_a_report_time_with_a_full_width_colon(hour: int, minute: int) -> None:
    assert parse_clock_time(f"{hour}：{minute:02d}") == f"{hour:02d}:{minute:02d}"


# --- working hours ---------------------------------------------------------------------------


@given(
    MIXED
    | st.text(max_size=60)
    | TEXTS
    | st.from_regex(r"[a-z]{3}(-[a-z]{3})?(,[a-z]{3})? \d{1,2}:\d{2}-\d{1,2}:\d{2}", fullmatch=True)
)
@example("周日-周四 08:00-17:00")
@example("周一至周五 上午9点至下午6点")
@example("周一、周八 09:00-18:00")
@example("mon-fri ١٢:٠٠-١٨:٠٠")
def test_hours_fail_only_with_hours_error(raw: str) -> None:
    try:
        days, start, end = parse_hours(raw)
    except HoursError as error:
        assert str(error)  # says what to type
        return
    assert days and set(days) <= set("0123456") and start < end


@given(
    st.lists(st.integers(0, 6), min_size=1, max_size=7, unique=True),
    st.integers(0, 22),
    st.integers(0, 59),
    st.integers(1, 23),
)
def test_hours_round_trip(day_numbers: list[int], hour: int, minute: int, length: int) -> None:
    end_hour = min(hour + length, 23)
    if (end_hour, minute) <= (hour, minute):
        return
    raw = f"{','.join(DAY_NAMES[d] for d in day_numbers)} {hour:02d}:{minute:02d}-"
    raw += f"{end_hour:02d}:{minute:02d}"
    days, start, end = parse_hours(raw)
    assert days == "".join(str(d) for d in sorted(day_numbers))
    assert parse_hours(f"{','.join(DAY_NAMES[int(d)] for d in days)} {start}-{end}") == (
        days,
        start,
        end,
    )


@given(
    days=st.sets(st.integers(0, 6), min_size=1),
    start=st.integers(0, 22),
    length=st.integers(1, 23),
)
@settings(max_examples=60)
def test_working_hours_as_shown_read_back_in_every_language(
    days: set[int], start: int, length: int
) -> None:
    end = min(start + length, 23)
    stored = ("".join(str(d) for d in sorted(days)), f"{start:02d}:00", f"{end:02d}:30")
    hours = calendar_of(make_project(work_days=stored[0], work_start=stored[1], work_end=stored[2]))
    for language in LANGUAGES:
        with speaking(language):
            shown = describe_hours(hours)
        assert parse_hours(shown) == stored, (language, shown)


@given(
    first=st.integers(0, 6),
    last=st.integers(0, 6),
    width=st.sampled_from(WIDTHS),
    dash=st.sampled_from(["-", "－", "–", "~", "至", " - "]),
    full_width=st.booleans(),
)
def test_chinese_day_ranges(
    first: int, last: int, width: Width, dash: str, full_width: bool
) -> None:
    times = "08:00-17:00"
    if full_width:
        times = times.translate(FULL_WIDTH)
    typed = f"{day_name('zh_CN', first, width)}{dash}{day_name('zh_CN', last, width)} {times}"
    days, start, end = parse_hours(typed)
    expected = range(first, last + 1) if first <= last else [*range(first, 7), *range(last + 1)]
    assert days == "".join(str(d) for d in sorted(set(expected)))
    assert (start, end) == ("08:00", "17:00")


def test_a_third_language_needs_only_its_catalogue() -> None:
    """What the parsers know of a language comes from CLDR and the catalogue: no table here
    names Chinese (or English) days."""
    for language in LANGUAGES:
        with speaking(language):
            for index in range(7):
                assert weekday_named(i18n.weekday(index)) == index
                assert weekday_named(i18n.weekday(index, "abbreviated")) == index
            assert describe_days({0, 1, 2, 3, 4}) == i18n._("{first}–{last}").format(
                first=i18n.weekday(0, "abbreviated"), last=i18n.weekday(4, "abbreviated")
            )


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language_is_named_by_its_tag_and_its_names(language: str) -> None:
    locale = Locale.parse(language)
    assert language_named(language) == language
    assert language_named(language.replace("_", "-").lower()) == language
    for reader in LANGUAGES:
        assert language_named(locale.get_display_name(reader) or "") == language
        assert language_named(locale.get_language_name(reader) or "") == language
    assert language_named(unicodedata.normalize("NFKC", i18n.display_name(language))) == language
