"""The sandbox's check of a Home tab view, as views.publish applies it."""

from __future__ import annotations

from typing import Any

from bot.sandbox.limits import check_home_view


def home(blocks: int) -> dict[str, Any]:
    return {
        "type": "home",
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "x"}}] * blocks,
    }


def test_a_home_of_100_blocks_needs_no_title() -> None:
    assert check_home_view(home(100)) == []


def test_a_home_of_101_blocks_is_refused_as_slack_does() -> None:
    assert check_home_view(home(101)) == ["no more than 100 items allowed [json-pointer:/blocks]"]


def test_only_a_home_view_can_be_published() -> None:
    assert check_home_view({**home(1), "type": "modal"}) == [
        "must be home [json-pointer:/view/type]"
    ]


def test_a_too_long_section_in_a_home_is_refused() -> None:
    view = {
        "type": "home",
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "x" * 3001}}],
    }

    assert check_home_view(view) == [
        "must be less than 3001 characters [json-pointer:/blocks/0/text/text]"
    ]
