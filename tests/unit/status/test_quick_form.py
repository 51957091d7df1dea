"""The `/status` one-line form: what people type, what gets stored, and what they are told when
it cannot be, in their language."""

from __future__ import annotations

import itertools
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.platform.i18n import speaking
from bot.platform.text import fold
from bot.status.quick_form import (
    HEALTHS,
    INTERNAL,
    TEXT_LIMIT,
    QuickFormError,
    StatusDraft,
    keywords,
    parse_status,
)
from tests.language import LANGUAGES, assert_in_language


def test_plain_text_is_a_client_update_without_markers() -> None:
    assert parse_status("Login page built") == StatusDraft(text="Login page built")


def test_the_readme_example_reads_every_part() -> None:
    draft = parse_status(
        "at-risk 45% Login page built; next: password reset; blocked: SSO metadata"
    )

    assert draft == StatusDraft(
        text="Login page built",
        health="at-risk",
        progress=45,
        next_steps="password reset",
        blockers="SSO metadata",
        visibility="client",
    )


@pytest.mark.parametrize(
    "markers", list(itertools.permutations(["off-track", "80%", "internal"])), ids=" ".join
)
def test_markers_are_read_in_any_order(markers: tuple[str, ...]) -> None:
    draft = parse_status(" ".join(markers) + " Payments integrated")

    assert draft.health == "off-track"
    assert draft.progress == 80
    assert draft.visibility == "internal"
    assert draft.text == "Payments integrated"


@pytest.mark.parametrize(
    ("word", "health"),
    [
        ("on-track", "on-track"),
        ("ON-TRACK", "on-track"),
        ("ontrack", "on-track"),
        ("at-risk", "at-risk"),
        ("atrisk", "at-risk"),
        ("off-track", "off-track"),
        ("offtrack", "off-track"),
    ],
)
def test_health_words_and_aliases(word: str, health: str) -> None:
    draft = parse_status(f"{word} Demo went well")

    assert draft.health == health
    assert draft.text == "Demo went well"


def test_each_marker_is_optional() -> None:
    assert parse_status("60% Wireframes done") == StatusDraft(text="Wireframes done", progress=60)
    assert parse_status("internal Vendor is late").visibility == "internal"
    assert parse_status("internal Vendor is late").health is None


def test_progress_zero_and_hundred_are_kept() -> None:
    assert parse_status("0% Kick-off").progress == 0
    assert parse_status("100% Launched").progress == 100


def test_markers_only_count_before_the_text() -> None:
    draft = parse_status("Fixed the red button, now 50% faster internal tooling")

    assert draft.health is None
    assert draft.progress is None
    assert draft.visibility == "client"
    assert draft.text == "Fixed the red button, now 50% faster internal tooling"


def test_a_repeated_marker_starts_the_text() -> None:
    draft = parse_status("at-risk at-risk items reviewed")

    assert draft.health == "at-risk"
    assert draft.text == "at-risk items reviewed"


@pytest.mark.parametrize(
    "raw", ["", "   ", "on-track", "on-track 50% internal", "; next: payments", "45% ; ; "]
)
def test_an_update_without_text_is_refused_with_an_example(raw: str) -> None:
    with pytest.raises(QuickFormError, match="needs some text") as error:
        parse_status(raw)

    assert "/status" in str(error.value)


def test_next_and_blocked_sections() -> None:
    draft = parse_status("Sprint 3 closed ; NEXT: sprint 4 planning;blocked:  API keys from Acme ")

    assert draft.text == "Sprint 3 closed"
    assert draft.next_steps == "sprint 4 planning"
    assert draft.blockers == "API keys from Acme"


@pytest.mark.parametrize("word", ["blocked", "blocker", "blockers", "Blocked"])
def test_blocker_section_spellings(word: str) -> None:
    assert parse_status(f"QA started; {word}: test data").blockers == "test data"


def test_sections_may_come_in_either_order() -> None:
    draft = parse_status("QA started; blocked: test data; next: regression run")

    assert draft.next_steps == "regression run"
    assert draft.blockers == "test data"


@pytest.mark.parametrize("word", ["Green", "red", "amber", "yellow"])
def test_colour_words_are_news_not_health(word: str) -> None:
    draft = parse_status(f"{word} light from Acme for the launch")

    assert draft.health is None
    assert draft.text == f"{word} light from Acme for the launch"


def test_other_semicolon_parts_stay_in_the_text() -> None:
    draft = parse_status("on-track Design approved; copy reviewed; next: build; legal signed off")

    assert draft.text == "Design approved; copy reviewed; legal signed off"
    assert draft.next_steps == "build"
    assert draft.blockers == ""


def test_a_word_that_only_starts_like_a_section_stays_text() -> None:
    draft = parse_status("Planning; nextgen rollout agreed; blockade lifted")

    assert draft.text == "Planning; nextgen rollout agreed; blockade lifted"
    assert draft.next_steps == ""
    assert draft.blockers == ""


def test_text_at_the_limit_is_accepted() -> None:
    assert len(parse_status("x" * TEXT_LIMIT).text) == TEXT_LIMIT


SHORTEN = {
    "en": "the limit is 2,000. Shorten it, or split it into two updates.",
    "zh_CN": "上限是 2,000。请精简，或拆成两条更新。",
}
LONG = "x" * (TEXT_LIMIT + 1)
LONG_IN_CHINESE = "字" * (TEXT_LIMIT + 1)
EXAMPLE = {
    "en": "An update needs some text, e.g. `/status on-track 60% Sign-up page shipped; "
    "next: payments`.",
    "zh_CN": "更新需要写点内容，例如 `/status 正常 60% 注册页已上线；下一步：支付` 。",
}
REFUSED = [  # (language, what the author typed, what they are told)
    pytest.param(
        "en",
        "101% Done and then some",
        "Progress 101% is over 100%: give a number from 0 to 100.",
        id="en-over-100%",
    ),
    pytest.param("en", "on-track 60%", EXAMPLE["en"], id="en-no-text"),
    pytest.param(
        "en", LONG, "The update is 2,001 characters long; " + SHORTEN["en"], id="en-long-update"
    ),
    pytest.param(
        "en",
        "Done; next: " + LONG,
        "The next steps are 2,001 characters long; " + SHORTEN["en"],
        id="en-long-next",
    ),
    pytest.param(
        "en",
        "Done; blocked: " + LONG,
        "The blockers are 2,001 characters long; " + SHORTEN["en"],
        id="en-long-blockers",
    ),
    pytest.param(
        "zh_CN",
        "150% 做完了",
        "进度 150% 超过了 100%：请填写 0 到 100 之间的数字。",
        id="zh_CN-over-100%",
    ),
    pytest.param("zh_CN", "正常 60%", EXAMPLE["zh_CN"], id="zh_CN-no-text"),
    pytest.param(
        "zh_CN",
        LONG_IN_CHINESE,
        "更新内容有 2,001 个字符，" + SHORTEN["zh_CN"],
        id="zh_CN-long-update",
    ),
    pytest.param(
        "zh_CN",
        "好；下一步：" + LONG_IN_CHINESE,
        "下一步有 2,001 个字符，" + SHORTEN["zh_CN"],
        id="zh_CN-long-next",
    ),
    pytest.param(
        "zh_CN",
        "好；阻塞：" + LONG_IN_CHINESE,
        "阻塞有 2,001 个字符，" + SHORTEN["zh_CN"],
        id="zh_CN-long-blockers",
    ),
]


@pytest.mark.parametrize(("language", "raw", "said"), REFUSED)
def test_a_refused_update_says_what_to_fix(language: str, raw: str, said: str) -> None:
    """Progress over 100% names the number, a missing text gets an example, a part over the
    limit is named with its length and the limit."""
    with speaking(language), pytest.raises(QuickFormError) as error:
        parse_status(raw)

    assert str(error.value) == said
    assert_in_language(str(error.value), language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_example_in_the_error_is_a_valid_update(language: str) -> None:
    with speaking(language), pytest.raises(QuickFormError) as error:
        parse_status("")
    example = re.search(r"`/status ([^`]+)`", str(error.value))
    assert example is not None, str(error.value)

    draft = parse_status(example.group(1))

    assert (draft.health, draft.progress) == ("on-track", 60)
    assert draft.next_steps


# -- whatever is typed ----------------------------------------------------------------------------


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
