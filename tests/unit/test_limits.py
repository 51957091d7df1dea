"""The sandbox's copy of Slack's Block Kit limits: the other block tests rely on it, so it must
catch what Slack would reject."""

from __future__ import annotations

from typing import Any

from bot.sandbox.limits import check_message_blocks, check_view


def section(length: int) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": "x" * length}}


def button(text_length: int, value_length: int = 1) -> dict[str, Any]:
    return {
        "type": "button",
        "action_id": "go",
        "text": {"type": "plain_text", "text": "b" * text_length},
        "value": "v" * value_length,
    }


def modal(title: str, blocks: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {
        "type": "modal",
        "title": {"type": "plain_text", "text": title},
        "blocks": blocks if blocks is not None else [section(10)],
    }


def test_a_valid_message_has_no_errors() -> None:
    blocks = [
        {"type": "header", "text": {"type": "plain_text", "text": "h" * 150}},
        section(3000),
        {"type": "divider"},
        {"type": "actions", "elements": [button(75, 2000)]},
    ]

    assert check_message_blocks(blocks) == []


def test_a_3001_character_section_is_flagged_where_it_is() -> None:
    errors = check_message_blocks([section(10), section(3001)])

    assert errors == ["must be less than 3001 characters [json-pointer:/blocks/1/text/text]"]


def test_51_blocks_are_flagged_and_50_are_not() -> None:
    assert check_message_blocks([section(1)] * 50) == []
    assert check_message_blocks([section(1)] * 51) == [
        "no more than 50 items allowed [json-pointer:/blocks]"
    ]


def test_a_76_character_button_is_flagged() -> None:
    errors = check_message_blocks([{"type": "actions", "elements": [button(76)]}])

    assert errors == [
        "must be less than 76 characters [json-pointer:/blocks/0/elements/0/text/text]"
    ]


def test_a_button_value_over_2000_characters_is_flagged() -> None:
    errors = check_message_blocks([{"type": "actions", "elements": [button(5, 2001)]}])

    assert errors == ["must be less than 2001 characters [json-pointer:/blocks/0/elements/0/value]"]


def test_a_long_header_and_field_are_flagged() -> None:
    header = {"type": "header", "text": {"type": "plain_text", "text": "h" * 151}}
    fields = {"type": "section", "fields": [{"type": "mrkdwn", "text": "f" * 2001}]}

    errors = check_message_blocks([header, fields])

    assert errors == [
        "must be less than 151 characters [json-pointer:/blocks/0/text/text]",
        "must be less than 2001 characters [json-pointer:/blocks/1/fields/0/text]",
    ]


def test_a_section_needs_text_or_fields_and_unknown_blocks_are_refused() -> None:
    errors = check_message_blocks([{"type": "section"}, {"type": "banner"}])

    assert errors == [
        "must provide text or fields [json-pointer:/blocks/0]",
        "unsupported block type: banner [json-pointer:/blocks/1/type]",
    ]


def test_a_24_character_modal_title_fits_and_25_does_not() -> None:
    assert check_view(modal("t" * 24)) == []
    assert check_view(modal("t" * 25)) == [
        "must be less than 25 characters [json-pointer:/view/title/text]"
    ]


def test_a_modal_needs_a_title() -> None:
    view = modal("")

    assert check_view(view) == ["missing required field: title [json-pointer:/view/title]"]


def test_a_modal_holds_100_blocks_not_101() -> None:
    assert check_view(modal("Form", [section(1)] * 100)) == []
    assert check_view(modal("Form", [section(1)] * 101)) == [
        "no more than 100 items allowed [json-pointer:/blocks]"
    ]


def test_modal_submit_label_and_metadata_are_checked() -> None:
    view = modal("Form")
    view["submit"] = {"type": "plain_text", "text": "s" * 25}
    view["private_metadata"] = "m" * 3001

    assert check_view(view) == [
        "must be less than 25 characters [json-pointer:/view/submit/text]",
        "must be less than 3001 characters [json-pointer:/view/private_metadata]",
    ]
