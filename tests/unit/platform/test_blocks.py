"""The small Block Kit helpers that keep every message inside Slack's limits, and the words they
add (the count of what was left out, `Cancel`) in the reader's language. Slack counts characters,
so Chinese (with emoji and mixed text) is measured and cut one character at a time, never inside
a character."""

from __future__ import annotations

from typing import Any

import pytest

from bot.platform.blocks import (
    BUTTON_TEXT,
    CONTEXT_TEXT,
    FIELD_TEXT,
    HEADER_TEXT,
    SECTION_TEXT,
    actions,
    bullet_list,
    button,
    confirm_dialog,
    context,
    fields,
    fit_message,
    header,
    input_block,
    option,
    section,
    state_value,
    text_input,
)
from bot.platform.i18n import speaking
from bot.platform.text import ELLIPSIS
from bot.sandbox.limits import check_message_blocks
from tests.language import LANGUAGES, assert_in_language

# What is left out, said in the reader's language (the count as the locale writes numbers).
AND_MORE = {"en": "…and {count:,} more", "zh_CN": "…另有 {count:,} 项"}
ITEM = {"en": "item number {n}", "zh_CN": "第{n}项：登录页面已上线"}
PARAGRAPH = {"en": "{n}", "zh_CN": "第{n}段"}
BLOCKS_LEFT_OUT = {
    "en": "_11 more blocks were left out to fit Slack._",
    "zh_CN": "_受 Slack 篇幅限制，另有 11 个区块未显示。_",
}
CANCEL = {"en": "Cancel", "zh_CN": "取消"}
# A confirmation as a feature writes it: title, text, confirm and (last) its own deny word.
CONFIRMATION = {
    "en": ("Delete?", "Gone for good.", "Delete", "Back"),
    "zh_CN": ("删除这条更新？", "删除后无法恢复。", "删除", "返回"),
}


def test_a_short_list_is_all_bullets() -> None:
    assert bullet_list(["Login", "Payments"]) == "• Login\n• Payments"
    assert bullet_list([]) == ""


@pytest.mark.parametrize("limit", [20, 100, 300, 500, 2900, 3000])
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_long_list_stops_in_time_and_counts_the_rest(language: str, limit: int) -> None:
    items = [ITEM[language].format(n=n) for n in range(1000)]

    with speaking(language):
        text = bullet_list(items, limit=limit)
    lines = text.split("\n")

    assert len(text) <= limit
    assert lines[-1] == AND_MORE[language].format(count=1000 - (len(lines) - 1))  # 1,000
    assert all(line.startswith("• " + ITEM[language].split("{")[0]) for line in lines[:-1])
    assert_in_language(text, language)


def test_a_list_with_room_to_spare_is_not_cut() -> None:
    items = ["a" * 8, "b" * 8]  # "• aaaaaaaa\n• bbbbbbbb" is 21 characters

    assert bullet_list(items, limit=30) == "• aaaaaaaa\n• bbbbbbbb"


def test_a_list_that_exactly_fits_is_not_cut() -> None:
    assert bullet_list(["a" * 8], limit=10) == "• aaaaaaaa"
    assert bullet_list(["a" * 8, "b" * 8], limit=21) == "• aaaaaaaa\n• bbbbbbbb"


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_first_item_too_long_for_the_section_is_counted_not_shown(language: str) -> None:
    with speaking(language):
        assert bullet_list(["x" * 5000, "short"], limit=100) == AND_MORE[language].format(count=2)


def test_a_message_within_the_limit_is_untouched() -> None:
    blocks = [section(str(n)) for n in range(50)]

    assert fit_message(blocks) == blocks


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_message_over_the_limit_keeps_the_start_and_says_what_was_cut(language: str) -> None:
    blocks = [section(PARAGRAPH[language].format(n=n)) for n in range(60)]

    with speaking(language):
        fitted = fit_message(blocks)

    assert len(fitted) == 50
    assert fitted[:49] == blocks[:49]
    assert fitted[-1] == context(BLOCKS_LEFT_OUT[language])
    assert check_message_blocks(fitted) == []
    assert_in_language(fitted, language)


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


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_confirmation_says_cancel_in_the_readers_language(language: str) -> None:
    title, text, confirm, _deny = CONFIRMATION[language]
    with speaking(language):
        dialog = confirm_dialog(title, text, confirm)
    assert dialog["deny"]["text"] == CANCEL[language]
    assert_in_language(dialog, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_confirmation_keeps_the_deny_word_it_is_given(language: str) -> None:
    title, text, confirm, deny = CONFIRMATION[language]
    with speaking(language):
        assert confirm_dialog(title, text, confirm, deny)["deny"]["text"] == deny


# -- Slack's limits, counted in characters -------------------------------------------------------


@pytest.mark.parametrize(
    ("build", "limit", "read"),
    [
        (section, SECTION_TEXT, lambda b: b["text"]["text"]),
        (header, HEADER_TEXT, lambda b: b["text"]["text"]),
        (context, CONTEXT_TEXT, lambda b: b["elements"][0]["text"]),
        (fields, FIELD_TEXT, lambda b: b["fields"][0]["text"]),
        (
            lambda t: actions(button(t, "go", "1")),
            BUTTON_TEXT,
            lambda b: b["elements"][0]["text"]["text"],
        ),
    ],
)
def test_slacks_limits_hold_as_many_chinese_characters_as_latin_letters(
    build: Any, limit: int, read: Any
) -> None:
    """Chinese only: Slack counts a Chinese character as one, like a Latin letter, though it takes
    three bytes and two columns; the helpers must count the same way. The reader's language plays
    no part: nothing here is translated."""
    exactly = "进" * limit
    assert read(build(exactly)) == exactly  # 3000 Chinese characters fit a section: not cut
    over = read(build("进" * (limit + 1)))
    assert len(over) == limit and over == "进" * (limit - 1) + ELLIPSIS
    assert check_message_blocks([build(exactly), build("进" * (limit + 1))]) == []


def test_a_section_of_chinese_and_emoji_is_cut_between_characters() -> None:
    """Chinese only: a full section of Chinese with emoji at the cut, where cutting at a code
    point would split a character (👍🏽, a family); nothing here is translated."""
    # 3001 code points; the cut for the ellipsis falls between 👍 and its skin tone.
    text = "项目进展顺利，" * 428 + "好好👍🏽！"
    assert len(text) == SECTION_TEXT + 1 and text[SECTION_TEXT - 2] == "👍"
    block = section(text)
    kept = block["text"]["text"]
    assert kept == "项目进展顺利，" * 428 + "好好" + ELLIPSIS  # never 👍 without its 🏽
    assert check_message_blocks([block]) == []
    family = "完成" + "👨‍👩‍👧" * 1000  # a family is 5 code points, kept whole or not at all
    assert section(family)["text"]["text"] == "完成" + "👨‍👩‍👧" * 599 + ELLIPSIS


def test_menus_inputs_and_confirmations_are_kept_within_their_limits() -> None:
    """Chinese only: Chinese characters, counted one each, against the limits of options,
    labels, placeholders and every text of a confirmation; nothing here is translated."""
    assert len(option("选" * 80, "v")["text"]["text"]) == 75
    assert option("选" * 75, "v")["text"]["text"] == "选" * 75
    field = input_block("x", "标" * 2001, text_input("x", placeholder="提" * 151))
    assert len(field["label"]["text"]) == 2000
    assert len(field["element"]["placeholder"]["text"]) == 150
    dialog = confirm_dialog("题" * 101, "文" * 301, "确" * 31, "否" * 31)
    assert [len(dialog[k]["text"]) for k in ("title", "text", "confirm", "deny")] == [
        100,
        300,
        30,
        30,
    ]
