"""The `/status` one-line form: what people type and what gets stored."""

from __future__ import annotations

import itertools

import pytest

from bot.status.quick_form import TEXT_LIMIT, QuickFormError, StatusDraft, parse_status


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


def test_progress_over_100_is_refused_with_the_number() -> None:
    with pytest.raises(QuickFormError, match="101%") as error:
        parse_status("101% Done and then some")

    assert "0 to 100" in str(error.value)


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


@pytest.mark.parametrize(
    ("raw", "what"),
    [
        ("x" * (TEXT_LIMIT + 1), "update"),
        ("Done; next: " + "x" * (TEXT_LIMIT + 1), "next steps"),
        ("Done; blocked: " + "x" * (TEXT_LIMIT + 1), "blockers"),
    ],
)
def test_over_length_parts_are_refused_naming_the_part_and_the_limit(raw: str, what: str) -> None:
    with pytest.raises(QuickFormError) as error:
        parse_status(raw)

    message = str(error.value)
    assert f"The {what} is" in message
    assert "2,001 characters" in message
    assert "the limit is 2,000" in message
