"""Schedule and cost of a change as typed in the form, and as read back."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.changes.impact import ImpactError, describe_cost, describe_days, parse_cost, parse_days


@pytest.mark.parametrize(
    ("typed", "days"),
    [("", 0), ("5", 5), ("+5d", 5), ("-2 days", -2), ("1 working day", 1), (" 10 ", 10)],
)
def test_days_as_people_type_them(typed: str, days: int) -> None:
    assert parse_days(typed) == days


@pytest.mark.parametrize("typed", ["soon", "2 weeks", "1.5", "366", "-400"])
def test_days_that_are_not_days_say_what_to_type(typed: str) -> None:
    with pytest.raises(ImpactError, match="working days"):
        parse_days(typed)


@pytest.mark.parametrize(
    ("typed", "cents"),
    [
        ("", 0),
        ("2000", 200000),
        ("2,000", 200000),
        ("2,500.5", 250050),
        ("€1.5k", 150000),
        ("-300 EUR", -30000),
        ("USD 12", 1200),
        ("$ 1 000", 100000),
    ],
)
def test_costs_as_people_type_them(typed: str, cents: int) -> None:
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


@given(st.integers(min_value=-(10**10), max_value=10**10))
def test_a_described_cost_parses_back_to_itself(cents: int) -> None:
    text = describe_cost(cents)
    assert parse_cost("0" if text == "no change" else text.replace("−", "-")) == cents
