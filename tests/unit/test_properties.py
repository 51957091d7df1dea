"""Property-based tests: the parsers of what people type never fail in any way but their own
documented errors, round-trip where they can, and the escaping and clipping of user text hold
whatever the text is."""

from __future__ import annotations

import html
import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot.changes.impact import (
    MAX_COST_CENTS,
    MAX_DAYS,
    ImpactError,
    half_width,
    parse_cost,
    parse_days,
)
from bot.feedback.labels import KIND_LABELS
from bot.feedback.quick_form import guess_kind
from bot.platform.text import ELLIPSIS, clip, escape, from_command, one_line, printable
from bot.projects.working_hours import HoursError, parse_hours
from bot.risks.quick_form import (
    RiskFormError,
    parse_quick_risk,
    parse_risk_number,
)
from bot.risks.service import LEVELS
from bot.status.quick_form import (
    HEALTHS,
    INTERNAL,
    TEXT_LIMIT,
    QuickFormError,
    fold,
    keywords,
    parse_status,
)
from tests.language import risk_keywords

# Anything at all, and text made of the characters these parsers care about, so the
# interesting shapes come up often.
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # as the help shows them
ANY_TEXT = st.text(max_size=300)
MARKUP = st.lists(
    st.sampled_from(list("<>&;!@#|:%-+., abcUCW019\n\t") + ["&amp;", "&lt;", "<!channel>"]),
    max_size=60,
).map("".join)
TEXTS = ANY_TEXT | MARKUP
WORDS = st.sampled_from(
    [*HEALTHS, "ontrack", "internal", "INTERNAL", "50%", "100%", "101%", "next:", "blocked:"]
    + ["high", "low", "medium", "Low:", "urgent", "praise", ";", "x", "Login"]
)
PHRASES = st.lists(WORDS | st.text(min_size=1, max_size=8), max_size=8).map(" ".join)
_BARE_AMPERSAND = re.compile(r"&(?!(?:amp|lt|gt);)")


# -- /status quick form ----------------------------------------------------------------------


@given(TEXTS | PHRASES)
@example("on-track 999% x")
@example("; next: ; blocked:")
def test_status_quick_form_fails_only_with_its_own_error(raw: str) -> None:
    try:
        draft = parse_status(raw)
    except QuickFormError as error:
        assert str(error)  # says what to fix
        return
    assert draft.text.strip()
    assert draft.health in (None, *HEALTHS)
    assert draft.progress is None or 0 <= draft.progress <= 100
    assert draft.visibility in ("client", "internal")
    for part in (draft.text, draft.next_steps, draft.blockers):
        assert len(part) <= TEXT_LIMIT


@given(
    health=st.sampled_from([None, *HEALTHS]),
    progress=st.none() | st.integers(0, 100),
    internal=st.booleans(),
    text=st.text(alphabet=st.characters(blacklist_characters=";；"), min_size=1, max_size=80),
    next_steps=st.text(alphabet=st.characters(blacklist_characters=";；"), max_size=40),
)
def test_status_quick_form_round_trips(
    health: str | None, progress: int | None, internal: bool, text: str, next_steps: str
) -> None:
    # A text that itself starts with a marker would be read as one: that is the form's rule.
    # (In any language Rapport speaks, full-width forms included: see test_quickform_languages.)
    first = fold(text.split()[0]) if text.split() else ""
    if not text.strip() or keywords().get(first) in (*HEALTHS, INTERNAL):
        return
    if re.fullmatch(r"\d{1,3}%", first):
        return
    markers = [health or "", f"{progress}%" if progress is not None else ""]
    markers.append("internal" if internal else "")
    raw = " ".join(m for m in markers if m) + " " + text
    if next_steps.strip():
        raw += f"; next: {next_steps}"
    draft = parse_status(raw)
    assert (draft.health, draft.progress) == (health, progress)
    assert draft.visibility == ("internal" if internal else "client")
    assert draft.text == " ".join(text.split())
    assert draft.next_steps == next_steps.strip()


# -- feedback's kind guesser -------------------------------------------------------------------


@given(TEXTS | PHRASES)
def test_feedback_kind_guesser_always_answers_a_known_kind(text: str) -> None:
    if not text.strip():
        return  # the handler answers blank text before guessing
    kind, urgency = guess_kind(text)
    assert kind in KIND_LABELS and urgency in ("normal", "urgent")


# -- change impact -------------------------------------------------------------------------------


@given(TEXTS | st.from_regex(r"[+-]?\d{1,6}\s*(d|days|working days)?", fullmatch=True))
def test_days_fail_only_with_impact_error(raw: str) -> None:
    try:
        days = parse_days(raw)
    except ImpactError:
        return
    assert -MAX_DAYS <= days <= MAX_DAYS


@given(st.integers(-MAX_DAYS, MAX_DAYS), st.sampled_from(["", "d", " days", " working days"]))
def test_days_round_trip(days: int, unit: str) -> None:
    assert parse_days(f"{days:+d}{unit}") == days


@given(
    TEXTS
    | st.from_regex(r"[+-]?[€$£]?\d{1,14}(,\d{3})*(\.\d{1,2})?k?( EUR)?", fullmatch=True)
    | st.text(alphabet="0123456789,. k€$-+", max_size=40)
)
@example("9" * 5000)  # past Python's int() digit limit
def test_cost_fails_only_with_impact_error(raw: str) -> None:
    try:
        cents = parse_cost(raw)
    except ImpactError:
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


# -- working hours -------------------------------------------------------------------------------


@given(
    TEXTS
    | st.from_regex(r"[a-z]{3}(-[a-z]{3})?(,[a-z]{3})? \d{1,2}:\d{2}-\d{1,2}:\d{2}", fullmatch=True)
)
@example("mon-fri ١٢:٠٠-١٨:٠٠")
def test_hours_fail_only_with_hours_error(raw: str) -> None:
    try:
        days, start, end = parse_hours(raw)
    except HoursError:
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


# -- the risk quick form -------------------------------------------------------------------------


@given(TEXTS | PHRASES)
def test_quick_risk_fails_only_with_its_own_error(raw: str) -> None:
    try:
        draft = parse_quick_risk(raw)
    except RiskFormError as error:
        assert str(error)
        return
    assert draft.title.strip() and draft.severity in LEVELS
    assert draft.visibility in ("client", "internal")


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


# -- escaping ------------------------------------------------------------------------------------


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


# -- clipping ------------------------------------------------------------------------------------


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
