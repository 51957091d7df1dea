"""User text made safe for mrkdwn, and shortened to fit: cut between whole characters (Chinese,
emoji and mixed text included), never inside an entity or a `<…>` sequence."""

from __future__ import annotations

import html
import re
import unicodedata

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot.platform.blocks import state_value
from bot.platform.text import (
    ELLIPSIS,
    clip,
    escape,
    fold,
    from_command,
    half_width,
    one_line,
    printable,
    reference_number,
)
from tests.strategies import TEXTS

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


# -- clip: properties over Chinese, emoji and mixed text -----------------------------------------

# Text built from what a reader sees as one character each (a cluster), so whatever clip keeps
# must be a run of whole clusters.
SINGLE_CLUSTERS = [
    "项",
    "目",
    "，",
    "。",
    "：",
    "（",
    "）",
    "、",
    "\u3000",
    " ",
    "\n",
    "a",
    "Z",
    "7",
    "👍",
    "🚀",
    "✅",
    "✔️",
    "⚠️",
    "❤️",
    "👍🏽",
    "👋🏿",
    "👨‍👩‍👧",
    "🧑‍💻",
    "🏳️‍🌈",
    "🇨🇳",
    "🇺🇸",
    "🇯🇵",
    "1️⃣",
    "#️⃣",
    "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",
    "e\u0301",
    "n\u0303",
    "e\u0323\u0302",
    "か\u3099",
    "\u1100\u1161\u11a8",
    "한",
    "क\u094dष",
]
MARKUP_CLUSTERS = [
    "&amp;",
    "&lt;",
    "&gt;",
    "<@U0ANA>",
    "<#C0ACME>",
    "<!here>",
    "<https://example.com|链接>",
    "<https://example.com/路径>",
]
CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
PLAIN_CLUSTER = st.sampled_from(SINGLE_CLUSTERS) | CJK
CLUSTERS = st.lists(PLAIN_CLUSTER | st.sampled_from(MARKUP_CLUSTERS), max_size=80)
PLAIN_CLUSTERS = st.lists(PLAIN_CLUSTER, max_size=80)
EXTENDERS = re.compile("[\u200d\ufe0f\u20e3\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f]")


def _prefixes(clusters: list[str]) -> list[str]:
    return ["".join(clusters[:count]).rstrip() for count in range(len(clusters) + 1)]


@given(CLUSTERS, st.integers(0, 120))
@example(["项", "👨‍👩‍👧", "目"], 3)
@example(["🇨🇳", "🇺🇸", "🇯🇵"], 4)
@example(["中", "&amp;", "文"], 5)
@example(["看", "<@U0ANA>", "吧"], 6)
@example(["e\u0301", "e\u0301"], 3)
def test_clip_keeps_whole_characters_entities_and_sequences(
    clusters: list[str], limit: int
) -> None:
    text = "".join(clusters)
    clipped = clip(text, limit)
    assert len(clipped) <= limit
    if len(text) <= limit:
        assert clipped == text
        return
    assert clipped.endswith(ELLIPSIS) or clipped == ""
    body = clipped.removesuffix(ELLIPSIS)
    assert text.startswith(body)
    # Ends between two clusters: a bare accent, an emoji without its skin tone or colour, half
    # a family or a flag, `&am` or an unclosed `<` would all be shown as garbage.
    assert body in _prefixes(clusters), (clusters, limit, body)
    assert not re.search(r"&[#A-Za-z0-9]*$", body)
    assert body.rfind("<") <= body.rfind(">")


@given(PLAIN_CLUSTERS, st.integers(1, 120))
def test_clip_keeps_as_much_text_as_fits(clusters: list[str], limit: int) -> None:
    """Without markup, the longest run of whole clusters that fits beside the ellipsis."""
    text = "".join(clusters)
    if len(text) <= limit:
        return
    body = clip(text, limit).removesuffix(ELLIPSIS)
    assert body == max((p for p in _prefixes(clusters) if len(p) <= limit - 1), key=len)


@given(st.text(max_size=200) | CLUSTERS.map("".join), st.integers(0, 150))
def test_clip_of_any_text_never_leaves_a_mark_without_its_character(text: str, limit: int) -> None:
    for subject in (text, escape(text)):
        clipped = clip(subject, limit)
        assert len(clipped) <= limit
        if clipped == subject:
            continue
        body = clipped.removesuffix(ELLIPSIS)
        assert subject.startswith(body)
        following = subject[len(body) :]
        if body and following:
            nxt = following[0]
            assert unicodedata.category(nxt) not in ("Mn", "Mc", "Me"), (subject, body)
            assert not EXTENDERS.match(nxt), (subject, body)
            assert not (body.endswith("\u200d") and not nxt.isspace()), (subject, body)


def test_invisible_control_characters_are_dropped_from_typed_text() -> None:
    typed = "Login\x00 page\x1b[0m done\x7f\tnext:\r\nreset"
    assert printable(typed) == "Login page[0m done\tnext:\r\nreset"
    assert from_command("a\x00 &lt;b&gt;") == "a <b>"
    values = {"text": {"text": {"type": "plain_text_input", "value": " Staging\x00 is down "}}}
    assert state_value(values, "text") == "Staging is down"


_BARE_AMPERSAND = re.compile(r"&(?!(?:amp|lt|gt);)")


# -- escaping, whatever the text ------------------------------------------------------------------


@given(TEXTS)
@example("<@U0CEO|ceo> <!channel> <#C1|general> <http://evil|x> & &amp; &#60;")
def test_escaped_text_is_inert(text: str) -> None:
    safe = escape(text)
    assert "<" not in safe and ">" not in safe
    assert not _BARE_AMPERSAND.search(safe)  # every & starts an entity Slack reads as text
    assert html.unescape(safe).count("<") <= text.count("<")  # nothing new appears


@given(TEXTS)
def test_escape_of_text_without_mentions_reads_back_as_typed(text: str) -> None:
    if re.search(r"<[@#][UWCG][A-Z0-9]+\|", text):
        return  # labelled mentions are shown as plain names, on purpose
    assert from_command(escape(text)) == printable(text)  # invisible controls are dropped


@given(TEXTS)
def test_command_text_escaped_again_stays_inert(text: str) -> None:
    slack_sent = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert from_command(slack_sent) == printable(text)
    assert "<" not in escape(from_command(slack_sent))


# -- clipping, whatever the text ------------------------------------------------------------------


@given(TEXTS, st.integers(0, 200))
@example("&amp;" * 10, 7)
@example("abc", 0)
@example("ab &lt;!channel&gt;", 6)
def test_clip_never_exceeds_its_limit_nor_cuts_an_entity(text: str, limit: int) -> None:
    for subject in (text, escape(text)):
        clipped = clip(subject, limit)
        assert len(clipped) <= limit
        if len(subject) <= limit:
            assert clipped == subject
        else:
            assert clipped.endswith(ELLIPSIS) or clipped == ""
            body = clipped.removesuffix(ELLIPSIS)
            assert subject.startswith(body)
        if subject == escape(text):
            # What was escaped stays escaped: no half entity such as `&am…`.
            assert not _BARE_AMPERSAND.search(clipped)


@given(TEXTS, st.integers(1, 100))
def test_clip_keeps_control_sequences_whole(text: str, limit: int) -> None:
    """Clipping built mrkdwn (`<@U1> said …`) never leaves half a mention or link."""
    mrkdwn = f"<@U0ANA> {escape(text)} <https://example.com|link>"
    clipped = clip(mrkdwn, limit)
    assert clipped.count("<") == clipped.count(">")


@settings(max_examples=50)
@given(TEXTS)
def test_one_line_has_no_line_breaks(text: str) -> None:
    line = one_line(text)
    assert "\n" not in line and line == line.strip()
