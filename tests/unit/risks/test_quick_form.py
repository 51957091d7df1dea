"""The `/risk add` quick form and risk references: whatever is typed, they fail only with
their own errors, and what they read round-trips."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from bot.platform.text import half_width
from bot.risks.quick_form import (
    RiskFormError,
    parse_quick_risk,
    parse_risk_number,
)
from bot.risks.service import LEVELS
from tests.language import risk_keywords
from tests.strategies import MIXED_TEXT, PHRASES, TEXTS


@given(TEXTS | PHRASES | MIXED_TEXT)
def test_quick_risk_fails_only_with_its_own_error(raw: str) -> None:
    try:
        draft = parse_quick_risk(raw)
    except RiskFormError as error:
        assert str(error)
        return
    assert draft.title.strip() and draft.severity in LEVELS
    assert draft.visibility in ("client", "internal")
    assert draft.title in " ".join(raw.split())  # the title is what was typed, never folded


@given(st.sampled_from(LEVELS), st.booleans(), st.text(min_size=1, max_size=100))
def test_quick_risk_round_trips(level: str, internal: bool, title: str) -> None:
    words = title.split()
    first = re.split(r"[\s:;,]+", half_width(title).strip())[0].casefold()
    if not words or first in risk_keywords():  # a keyword of any language
        return
    draft = parse_quick_risk(f"{level} {'internal ' if internal else ''}{title}")
    assert draft == type(draft)(" ".join(words), level, "internal" if internal else "client")


@given(TEXTS | st.from_regex(r"[Rr]-?\d{1,12}", fullmatch=True))
def test_risk_numbers_are_numbers_or_none(raw: str) -> None:
    number = parse_risk_number(raw)
    assert number is None or number >= 0
