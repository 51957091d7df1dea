"""The `/status` quick form in every language Rapport speaks: Chinese keywords, mixed text,
full-width punctuation and digits, examples and properties; and a new language's keywords with
no code change."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from bot.platform import i18n
from bot.platform.text import fold
from bot.status.quick_form import (
    BLOCKED,
    ENGLISH_ALIASES,
    HEALTHS,
    INTERNAL,
    NEXT,
    TEXT_LIMIT,
    QuickFormError,
    StatusDraft,
    keywords,
    parse_status,
    spellings,
)
from tests.strategies import PHRASES, TEXTS

FULL_WIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")


def test_the_issues_example() -> None:
    draft = parse_status("正常 60% 登录页已上线；下一步：支付；阻塞：等待客户的API密钥")

    assert draft == StatusDraft(
        text="登录页已上线",
        health="on-track",
        progress=60,
        next_steps="支付",
        blockers="等待客户的API密钥",
        visibility="client",
    )


@pytest.mark.parametrize(
    ("word", "health"),
    [("正常", "on-track"), ("顺利", "on-track"), ("有风险", "at-risk"), ("严重滞后", "off-track")],
)
def test_chinese_health_words(word: str, health: str) -> None:
    assert parse_status(f"{word} 演示很顺利").health == health


def test_internal_in_chinese_and_markers_of_both_languages_in_any_order() -> None:
    draft = parse_status("内部 at-risk ８０％ 供应商延期 two days")

    assert (draft.health, draft.progress, draft.visibility) == ("at-risk", 80, "internal")
    assert draft.text == "供应商延期 two days"


def test_full_width_separators_and_colons_mix_with_ascii_ones() -> None:
    draft = parse_status("on-track 登录完成；next：支付; 阻塞: API keys")

    assert (draft.text, draft.next_steps, draft.blockers) == ("登录完成", "支付", "API keys")


def test_the_text_keeps_the_separator_that_was_typed() -> None:
    draft = parse_status("设计已确认；文案已审阅；下一步：开发; legal signed off")

    assert draft.text == "设计已确认；文案已审阅; legal signed off"
    assert draft.next_steps == "开发"


def test_a_full_width_space_separates_markers() -> None:
    draft = parse_status("有风险\u300045%\u3000测试环境不稳定")

    assert (draft.health, draft.progress, draft.text) == ("at-risk", 45, "测试环境不稳定")


def test_a_keyword_glued_to_the_text_is_text() -> None:
    """Chinese has no spaces between words, so only a marker standing alone is a marker:
    `正常运行` is news, not a health."""
    draft = parse_status("正常运行三天了；下一步计划：上线")

    assert draft.health is None
    assert draft.text == "正常运行三天了；下一步计划：上线"
    assert draft.next_steps == ""


def test_full_width_progress_over_100_is_refused() -> None:
    with pytest.raises(QuickFormError, match="150%"):
        parse_status("１５０％ 完成")


def test_the_keywords_come_from_the_catalogues() -> None:
    assert spellings()["on-track"][:3] == ("on-track", "正常", "顺利")
    assert spellings()[NEXT][:2] == (NEXT, "下一步")
    assert spellings()[BLOCKED][:2] == (BLOCKED, "阻塞")
    assert keywords()["有风险"] == "at-risk"
    assert keywords()["ontrack"] == "on-track"


def test_a_new_language_brings_its_keywords_with_no_code_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A third catalogue under bot/locale/ (here a copy of them with French added) is all it
    takes."""
    for language in i18n.languages()[1:]:
        source = i18n.LOCALE_DIR / language / "LC_MESSAGES" / f"{i18n.DOMAIN}.po"
        target = tmp_path / language / "LC_MESSAGES"
        target.mkdir(parents=True)
        (target / source.name).write_bytes(source.read_bytes())
    french = tmp_path / "fr" / "LC_MESSAGES"
    french.mkdir(parents=True)
    (french / f"{i18n.DOMAIN}.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgctxt "status keyword"\nmsgid "at-risk"\nmsgstr "à-risque|risqué"\n\n'
        'msgctxt "status keyword"\nmsgid "next"\nmsgstr "ensuite"\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    monkeypatch.setattr(i18n, "_loaded", {})
    try:
        draft = parse_status("À-RISQUE 正常 30% Maquettes livrées；ensuite：revue; 阻塞：API")
        assert draft == StatusDraft(
            text="正常 30% Maquettes livrées",  # one health only: the second starts the text
            health="at-risk",
            next_steps="revue",
            blockers="API",
        )
        assert spellings()["at-risk"] == ("at-risk", "à-risque", "risqué", "有风险", "风险")
    finally:
        monkeypatch.undo()
    assert "à-risque" not in keywords()  # the tables follow the catalogues, no cache to clear


def test_quick_form_errors_follow_the_reader() -> None:
    with i18n.speaking("zh_CN"), pytest.raises(QuickFormError) as chinese:
        parse_status("on-track")
    with pytest.raises(QuickFormError) as english:
        parse_status("正常")

    assert str(chinese.value).startswith("更新需要写点内容")
    assert str(english.value).startswith("An update needs some text")


# -- properties --------------------------------------------------------------------------------

CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
CHINESE_PUNCTUATION = st.sampled_from(list("，。、！？（）《》“”：:％%"))
LATIN = st.sampled_from(list("APIabcXYZ0123456789-"))
# Text as a Chinese PM types it: characters, full-width punctuation, some Latin and digits,
# a space now and then; never a `;`-separator (that is the form's syntax).
CHINESE_TEXT = st.text(alphabet=CJK | CHINESE_PUNCTUATION | LATIN | st.just(" "), max_size=60)


def _is_marker(word: str) -> bool:
    folded = fold(word)
    if folded in keywords() and keywords()[folded] in (*HEALTHS, INTERNAL):
        return True
    return folded.endswith("%") and folded[:-1].isdigit() and len(folded) <= 4


def _spellings_of(meaning: str) -> list[str]:
    aliases = [alias for alias, aliased in ENGLISH_ALIASES.items() if aliased == meaning]
    return [*spellings()[meaning], *aliases]


@st.composite
def status_inputs(draw: Any) -> tuple[str, StatusDraft]:
    """What someone could type, in either language or both, and what it must read as."""
    health = draw(st.none() | st.sampled_from(HEALTHS))
    progress = draw(st.none() | st.integers(0, 100))
    internal = draw(st.booleans())
    markers = []
    if health is not None:
        word = draw(st.sampled_from(_spellings_of(health)))
        markers.append(word.upper() if draw(st.booleans()) else word)
    if progress is not None:
        number = str(progress)
        if draw(st.booleans()):
            number = number.translate(FULL_WIDTH_DIGITS)
        markers.append(number + draw(st.sampled_from(["%", "％"])))
    if internal:
        markers.append(draw(st.sampled_from(_spellings_of(INTERNAL))))
    markers = draw(st.permutations(markers))

    text = draw(CHINESE_TEXT.filter(lambda t: t.strip()))
    assume(not _is_marker(text.split()[0]))  # a text that starts with a marker reads as one

    sections: list[tuple[str, str, str]] = []  # (meaning, keyword, body)
    for meaning in (NEXT, BLOCKED):
        if draw(st.booleans()):
            keyword = draw(st.sampled_from(_spellings_of(meaning)))
            body = draw(CHINESE_TEXT)
            sections.append((meaning, keyword, body))
    sections = draw(st.permutations(sections))

    spaces = draw(st.sampled_from([" ", "\u3000", "  "]))
    raw = spaces.join([*markers, text])
    for _meaning, keyword, body in sections:
        separator = draw(st.sampled_from([";", "；", " ; ", "；\u3000"]))
        colon = draw(st.sampled_from([":", "：", " ：", ": "]))
        raw += f"{separator}{keyword}{colon}{body}"

    found = {meaning: body.strip() for meaning, _keyword, body in sections}
    wanted = StatusDraft(
        text=" ".join(text.split()),
        health=health,
        progress=progress,
        next_steps=found.get(NEXT, ""),
        blockers=found.get(BLOCKED, ""),
        visibility="internal" if internal else "client",
    )
    return raw, wanted


@given(status_inputs())
@example(("正常 60% 登录页已上线；下一步：支付；阻塞：等待客户的API密钥", None))
def test_markers_and_sections_in_either_language_in_any_order_read_back(
    case: tuple[str, StatusDraft | None],
) -> None:
    raw, wanted = case
    draft = parse_status(raw)
    if wanted is not None:
        assert draft == wanted


@given(st.text(alphabet=CJK | CHINESE_PUNCTUATION, min_size=1, max_size=TEXT_LIMIT // 10))
def test_any_chinese_text_round_trips(text: str) -> None:
    assume(not _is_marker(text))
    assert parse_status(text) == StatusDraft(text=text)


@given(
    TEXTS
    | PHRASES
    | st.text(
        alphabet=CJK | CHINESE_PUNCTUATION | st.sampled_from(list(";；:： %％０１６")), max_size=80
    )
    | st.lists(
        st.sampled_from(
            [
                "正常",
                "有风险",
                "严重滞后",
                "内部",
                "６０％",
                "１０１％",
                "下一步：",
                "阻塞:",
                "；",
                ";",
            ]
            + ["on-track", "internal", "next：", "blocked：", "登录", "API"]
        ),
        max_size=10,
    ).map(" ".join)
)
@example("on-track 999% x")
@example("; next: ; blocked:")
def test_anything_typed_fails_only_with_the_forms_own_error(raw: str) -> None:
    """Whatever is typed, in any language or several, for a reader of each language."""
    for language in i18n.languages():
        with i18n.speaking(language):
            try:
                draft = parse_status(raw)
            except QuickFormError as error:
                assert str(error)
                continue
        assert draft.text.strip()
        assert draft.health in (None, *HEALTHS)
        assert draft.progress is None or 0 <= draft.progress <= 100
        assert draft.visibility in ("client", "internal")
        for part in (draft.text, draft.next_steps, draft.blockers):
            assert len(part) <= TEXT_LIMIT
        assert ";" not in draft.next_steps + draft.blockers
        assert "；" not in draft.next_steps + draft.blockers
