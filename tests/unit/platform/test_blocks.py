"""The small Block Kit helpers that keep every message inside Slack's limits."""

from __future__ import annotations

from typing import Any

import pytest

from bot.platform.blocks import (
    bullet_list,
    button,
    context,
    fit_message,
    header,
    section,
    state_value,
)
from bot.sandbox.limits import check_message_blocks


def test_a_short_list_is_all_bullets() -> None:
    assert bullet_list(["Login", "Payments"]) == "• Login\n• Payments"
    assert bullet_list([]) == ""


@pytest.mark.parametrize("limit", [20, 100, 500, 2900, 3000])
def test_a_long_list_stops_in_time_and_counts_the_rest(limit: int) -> None:
    items = [f"item number {n}" for n in range(1000)]

    text = bullet_list(items, limit=limit)
    lines = text.split("\n")

    assert len(text) <= limit
    assert lines[-1] == f"…and {1000 - (len(lines) - 1):,} more"  # 1,000: the locale's number
    assert all(line.startswith("• item number") for line in lines[:-1])


def test_a_list_with_room_to_spare_is_not_cut() -> None:
    items = ["a" * 8, "b" * 8]  # "• aaaaaaaa\n• bbbbbbbb" is 21 characters

    assert bullet_list(items, limit=30) == "• aaaaaaaa\n• bbbbbbbb"


def test_a_list_that_exactly_fits_is_not_cut() -> None:
    assert bullet_list(["a" * 8], limit=10) == "• aaaaaaaa"
    assert bullet_list(["a" * 8, "b" * 8], limit=21) == "• aaaaaaaa\n• bbbbbbbb"


def test_a_first_item_too_long_for_the_section_is_counted_not_shown() -> None:
    assert bullet_list(["x" * 5000, "short"], limit=100) == "…and 2 more"


def test_a_message_within_the_limit_is_untouched() -> None:
    blocks = [section(str(n)) for n in range(50)]

    assert fit_message(blocks) == blocks


def test_a_message_over_the_limit_keeps_the_start_and_says_what_was_cut() -> None:
    blocks = [section(str(n)) for n in range(60)]

    fitted = fit_message(blocks)

    assert len(fitted) == 50
    assert fitted[:49] == blocks[:49]
    assert fitted[-1] == context("_11 more blocks were left out to fit Slack._")
    assert check_message_blocks(fitted) == []


def test_builders_clip_long_texts_to_slacks_limits() -> None:
    blocks = [
        header("h" * 500),
        section("s" * 5000),
        context("c" * 5000),
        {"type": "actions", "elements": [button("b" * 200, "go", "v" * 5000)]},
    ]

    assert check_message_blocks(blocks) == []


def test_state_value_reads_typed_selected_and_missing_inputs() -> None:
    values: dict[str, dict[str, Any]] = {
        "text": {"text": {"type": "plain_text_input", "value": "  hello  "}},
        "empty": {"empty": {"type": "plain_text_input", "value": None}},
        "health": {"health": {"type": "static_select", "selected_option": {"value": "at-risk"}}},
        "none": {"none": {"type": "static_select", "selected_option": None}},
        "many": {
            "many": {"type": "checkboxes", "selected_options": [{"value": "a"}, {"value": "b"}]}
        },
    }

    assert state_value(values, "text") == "hello"
    assert state_value(values, "empty") == ""
    assert state_value(values, "health") == "at-risk"
    assert state_value(values, "none") == ""
    assert state_value(values, "many") == "a,b"
    assert state_value(values, "missing") == ""
