"""Schedule and cost of a change as typed in the form, and as read back, in every language
Rapport speaks: each case is typed by a reader of `language`, inside `speaking(language)`."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.changes.impact import (
    MAX_COST_CENTS,
    MAX_DAYS,
    ImpactError,
    describe_cost,
    describe_days,
    parse_cost,
    parse_days,
)
from bot.platform.i18n import speaking
from tests.language import LANGUAGES, assert_in_language
from tests.strategies import MIXED_TEXT, TEXTS


@pytest.mark.parametrize(
    ("language", "typed", "days"),
    [
        ("en", "", 0),
        ("en", "5", 5),
        ("en", "+5d", 5),
        ("en", "-2 days", -2),
        ("en", "1 working day", 1),
        ("en", " 10 ", 10),
        ("zh_CN", "3天", 3),
        ("zh_CN", "3 个工作日", 3),
        ("zh_CN", "-2天", -2),
        ("zh_CN", "10日", 10),
        ("zh_CN", "1 天", 1),
    ],
)
def test_days_as_people_type_them(language: str, typed: str, days: int) -> None:
    with speaking(language):
        assert parse_days(typed) == days


def test_days_in_full_width() -> None:
    """Chinese only: full-width digits and signs (`＋５`) are what a Chinese input method types."""
    assert parse_days("＋５ 工作日") == 5


@pytest.mark.parametrize("typed", ["soon", "2 weeks", "1.5", "366", "-400"])
def test_days_that_are_not_days_say_what_to_type(typed: str) -> None:
    with pytest.raises(ImpactError, match="working days"):
        parse_days(typed)


@pytest.mark.parametrize(
    ("language", "typed", "cents"),
    [
        ("en", "", 0),
        ("en", "2000", 200000),
        ("en", "2,000", 200000),
        ("en", "2,500.5", 250050),
        ("en", "€1.5k", 150000),
        ("en", "-300 EUR", -30000),
        ("en", "USD 12", 1200),
        ("en", "$ 1 000", 100000),
        ("zh_CN", "2000元", 200000),
        ("zh_CN", "1.5万", 1_500_000),
        ("zh_CN", "1.5万元", 1_500_000),
        ("zh_CN", "人民币 3000 元", 300000),
        ("zh_CN", "CNY ¥100", 10000),
    ],
)
def test_costs_as_people_type_them(language: str, typed: str, cents: int) -> None:
    with speaking(language):
        assert parse_cost(typed) == cents


@pytest.mark.parametrize(
    ("typed", "cents"), [("￥2,000", 200000), ("－300元", -30000), ("２千", 200000)]
)
def test_costs_in_full_width(typed: str, cents: int) -> None:
    """Chinese only: the full-width yen sign, minus and digits of a Chinese input method."""
    assert parse_cost(typed) == cents


@pytest.mark.parametrize("typed", ["a lot", "12,34,5", "1.234", "5e3", "9999999999999"])
def test_costs_that_are_not_numbers_are_refused(typed: str) -> None:
    with pytest.raises(ImpactError):
        parse_cost(typed)


def test_impact_reads_with_its_sign() -> None:
    assert describe_days(0) == "no change" and describe_days(1) == "+1 working day"
    assert describe_days(-3) == "-3 working days"
    assert describe_cost(200000) == "+2,000" and describe_cost(-30050) == "−300.50"
    assert describe_cost(0) == "no change"


NO_CHANGE = {"en": "no change", "zh_CN": "无变化"}


@pytest.mark.parametrize("language", LANGUAGES)
@given(st.integers(min_value=-(10**10), max_value=10**10))
def test_a_described_cost_parses_back_to_itself(language: str, cents: int) -> None:
    with speaking(language):
        text = describe_cost(cents)
        days = describe_days(cents % 700 - 350)
    assert parse_cost("0" if text == NO_CHANGE[language] else text.replace("−", "-")) == cents
    assert parse_cost("0" if text == NO_CHANGE[language] else text) == cents  # − as it is
    assert_in_language(text, language)
    assert_in_language(days, language)


# Property tests: Chinese and mixed input. The English alphabet's are in
# tests/unit/test_properties.py.

CHINESE_DAY_UNITS = ["天", "日", "工作日", "个工作日", "工作天", "个工作天"]
SPACES = st.sampled_from(["", " ", "\u3000", "  "])
FULL_WIDTH_DIGITS = str.maketrans("0123456789+-", "０１２３４５６７８９＋－")


@given(
    st.integers(-MAX_DAYS, MAX_DAYS),
    SPACES,
    st.sampled_from(CHINESE_DAY_UNITS),
    st.booleans(),
)
def test_days_typed_the_chinese_way_round_trip(
    days: int, space: str, unit: str, full_width: bool
) -> None:
    """Chinese only: Chinese day units, ideographic spaces and full-width figures."""
    figure = f"{days:+d}"
    if full_width:
        figure = figure.translate(FULL_WIDTH_DIGITS)
    assert parse_days(f"{figure}{space}{unit}") == days


@given(
    st.integers(0, 10**6),
    st.integers(0, 99),
    st.sampled_from(["", "元", " 元", "块", "人民币"]),
    st.sampled_from(["", "¥", "￥", "人民币"]),
    st.booleans(),
)
def test_costs_typed_the_chinese_way_round_trip(
    whole: int, cents: int, after: str, before: str, negative: bool
) -> None:
    """Chinese only: yuan (元, 块, 人民币, ￥) and ten thousands (万)."""
    sign = "-" if negative else ""
    expected = (whole * 100 + cents) * (-1 if negative else 1)
    assert parse_cost(f"{sign}{before}{whole:,}.{cents:02d}{after}") == expected
    # In ten thousands (万): 1.5万 is 15,000.
    assert parse_cost(f"{sign}{whole}万{after}") == whole * 1_000_000 * (-1 if negative else 1)


# -- whatever is typed ----------------------------------------------------------------------------


@given(TEXTS | MIXED_TEXT | st.from_regex(r"[+-]?\d{1,6}\s*(d|days|working days)?", fullmatch=True))
def test_days_fail_only_with_impact_error(raw: str) -> None:
    try:
        days = parse_days(raw)
    except ImpactError as error:
        assert str(error)  # says what to type
        return
    assert -MAX_DAYS <= days <= MAX_DAYS


@given(st.integers(-MAX_DAYS, MAX_DAYS), st.sampled_from(["", "d", " days", " working days"]))
def test_days_round_trip(days: int, unit: str) -> None:
    assert parse_days(f"{days:+d}{unit}") == days


@given(
    TEXTS
    | MIXED_TEXT
    | st.from_regex(r"[+-]?[€$£]?\d{1,14}(,\d{3})*(\.\d{1,2})?k?( EUR)?", fullmatch=True)
    | st.text(alphabet="0123456789,. k€$-+", max_size=40)
)
@example("9" * 5000)  # past Python's int() digit limit
def test_cost_fails_only_with_impact_error(raw: str) -> None:
    try:
        cents = parse_cost(raw)
    except ImpactError as error:
        assert str(error)
        return
    assert abs(cents) <= MAX_COST_CENTS


@given(st.integers(-(10**9), 10**9), st.integers(0, 99))
def test_cost_round_trips(whole: int, cents: int) -> None:
    sign = "-" if whole < 0 else ""
    expected = (abs(whole) * 100 + cents) * (-1 if whole < 0 else 1)
    assert parse_cost(f"{sign}{abs(whole):,}.{cents:02d}") == expected
    assert parse_cost(f"{sign}{abs(whole)}.{cents:02d} EUR") == expected


@example("5" * 5000)
@given(TEXTS)
def test_days_with_absurd_digits_fail_with_impact_error(raw: str) -> None:
    try:
        parse_days(raw)
    except ImpactError:
        pass
