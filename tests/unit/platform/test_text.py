"""User text made safe for mrkdwn, and shortened to fit."""

from __future__ import annotations

import html
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.platform.text import (
    ELLIPSIS,
    clip,
    escape,
    fold,
    from_command,
    half_width,
    one_line,
    reference_number,
)

ATTACKS = [
    "<!channel>",
    "<!here> please look",
    "<!everyone>",
    "<@U0CEO> approved this",
    "<#C0SECRET>",
    "<http://evil.example|https://bank.example>",
    "<http://x|y>",
    "&lt;!channel&gt;",
    "<<!channel>>",
    "a < b && c > d",
]


@pytest.mark.parametrize("typed", ATTACKS)
def test_escaped_text_has_no_slack_control_sequences(typed: str) -> None:
    safe = escape(typed)

    assert "<" not in safe
    assert ">" not in safe
    assert re.search(r"&(?!amp;|lt;|gt;)", safe) is None


@pytest.mark.parametrize("typed", ATTACKS)
def test_escaped_text_reads_back_exactly_as_typed(typed: str) -> None:
    assert html.unescape(escape(typed)) == typed


def test_labelled_mentions_read_as_plain_names_that_ping_nobody() -> None:
    assert escape("ask <@U0DANA|dana> in <#C0SECRET|board>") == "ask @dana in #board"


def test_command_text_comes_back_as_typed() -> None:
    assert from_command("R&amp;D &lt;!channel&gt; <@U0BEN|ben>") == "R&D <!channel> <@U0BEN|ben>"
    assert escape(from_command("a &lt; b &amp;&amp; c")) == "a &lt; b &amp;&amp; c"


def test_escape_turns_a_channel_ping_into_visible_text() -> None:
    assert escape("<!channel>") == "&lt;!channel&gt;"
    assert escape("Q&A") == "Q&amp;A"


def test_escape_leaves_ordinary_text_and_formatting_alone() -> None:
    assert escape("*Done*: login, _next_ `payments` 🚀") == "*Done*: login, _next_ `payments` 🚀"


def test_clip_leaves_text_that_fits() -> None:
    assert clip("short", 5) == "short"
    assert clip("", 3) == ""


@pytest.mark.parametrize("limit", [1, 2, 10, 150, 3000])
def test_clip_never_exceeds_the_limit_and_shows_it_cut(limit: int) -> None:
    clipped = clip("word " * 1000, limit)

    assert len(clipped) <= limit
    assert clipped.endswith(ELLIPSIS)


def test_clip_keeps_the_beginning_and_drops_trailing_space() -> None:
    assert clip("Login page built and deployed", 12) == "Login page…"


def test_one_line_collapses_newlines_and_runs_of_spaces() -> None:
    assert one_line("  Login\n\n page\tbuilt  ") == "Login page built"


@given(st.text())
def test_half_width_keeps_every_position(typed: str) -> None:
    """One character for one: a parser may cut the typed text where it cut the folded one."""
    assert len(half_width(typed)) == len(typed)


def test_what_a_chinese_keyboard_types_reads_as_ascii() -> None:
    assert half_width("６０％；下一步：支付　Ｒ－３，高、低") == "60%;下一步:支付 R-3,高,低"
    assert fold("  À-RISQUE\u3000 ＡＣＭＥ ") == "à-risque acme"
    assert fold("e\u0301te\u0301") == fold("été")  # an accent typed apart is the same letter


@pytest.mark.parametrize(
    ("prefix", "typed", "number"),
    [
        ("FB", "12", 12),
        ("FB", "FB-12", 12),
        ("FB", "fb12", 12),
        ("FB", "ＦＢ－１２", 12),
        ("R", " r-3 ", 3),
        ("CR", "CR-3", 3),
        ("CR", "R-3", None),
        ("FB", "FB-", None),
        ("FB", "twelve", None),
        ("FB", "FB-12 now", None),
    ],
)
def test_references_are_read_as_people_type_them(
    prefix: str, typed: str, number: int | None
) -> None:
    assert reference_number(prefix, typed) == number
