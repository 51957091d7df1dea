"""The `/feedback` quick form: up to two leading keywords, in any language Rapport speaks and in
either order, say what the text is; Chinese, full-width and mixed input included, whatever the
reader's language. The keywords come from the catalogues."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from hypothesis import example, given
from hypothesis import strategies as st

from bot.feedback.labels import KIND_LABELS
from bot.feedback.quick_form import KEYWORD_CONTEXT, KEYWORDS, guess_kind, keywords
from bot.platform import i18n
from bot.platform.i18n import speaking
from tests.language import LANGUAGES
from tests.strategies import PHRASES, TEXTS

ROOT = Path(__file__).resolve().parents[3]


def test_the_keywords_are_exactly_the_catalogues() -> None:
    """Each keyword the parser reads has its entry (msgctxt "feedback keyword") in every
    catalogue, and none is left over: a new language translates them, nothing else."""
    path = ROOT / "bot/locale/zh_CN/LC_MESSAGES/rapport.po"
    with path.open("rb") as source:
        marked = {m.id for m in read_po(source) if m.context == KEYWORD_CONTEXT}
    assert marked == set(KEYWORDS)


def test_the_keywords_of_both_languages_are_known() -> None:
    known = keywords()
    for word, meaning in [
        ("problem", ("problem", None)),
        ("问题", ("problem", None)),
        ("故障", ("problem", None)),
        ("表扬", ("praise", None)),
        ("需求", ("request", None)),
        ("疑问", ("question", None)),
        ("紧急", (None, "urgent")),
        ("urgent", (None, "urgent")),
    ]:
        assert known[word] == meaning


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("问题：测试环境登不上", ("problem", "normal")),
        ("表扬！演示很棒", ("praise", "normal")),
        ("疑问，周五演示吗？", ("question", "normal")),
        ("需求 加一个常见问题页面", ("request", "normal")),
        ("紧急：结账页面挂了", ("problem", "urgent")),
        ("紧急 需求：要测试环境密码", ("request", "urgent")),
        ("【紧急】服务器挂了", ("problem", "urgent")),
        ("疑问 紧急，今天能上线吗", ("question", "urgent")),
        ("urgent 问题: checkout is down", ("problem", "urgent")),
        ("紧急 question: can we ship today?", ("question", "urgent")),
        ("Praise：界面很好看", ("praise", "normal")),
        ("　问题　页面很慢", ("problem", "normal")),  # full-width spaces
        # Full-width English, as a Chinese keyboard types it.
        ("ｐｒｏｂｌｅｍ: staging logs me out", ("problem", "normal")),
        ("ＵＲＧＥＮＴ　Ｑｕｅｓｔｉｏｎ：can we ship today?", ("question", "urgent")),
        # A keyword glued to the words after it is not a keyword: 紧急情况 is a word.
        ("紧急情况下联系谁？", ("request", "normal")),
        ("问题不大，只是建议", ("request", "normal")),
        ("problem-solving workshop?", ("request", "normal")),
        ("问题 表扬", ("problem", "normal")),  # the second kind is the text
        ("谢谢大家", ("request", "normal")),
    ],
)
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_leading_keyword_of_any_language_says_the_kind_and_urgency(
    language: str, text: str, expected: tuple[str, str]
) -> None:
    """What the sender typed is read the same whatever the reader's language: the parser knows
    the keywords of every language."""
    with speaking(language):
        assert guess_kind(text) == expected


def _words(message: str) -> list[str]:
    return [w for w in i18n.translated_in("zh_CN", message, KEYWORD_CONTEXT).split("|") if w]


CHINESE_KINDS = st.sampled_from(
    [(word, kind) for kind in ("problem", "praise", "question", "request") for word in _words(kind)]
)
ENGLISH_KINDS = st.sampled_from(
    [
        (word, kind)
        for kind in ("problem", "praise", "question", "request")
        for word in (kind, kind.upper(), kind.title())
    ]
)
URGENT = st.sampled_from([*_words("urgent"), "urgent", "URGENT", "Urgent"])
SEPARATORS = st.sampled_from(
    [" ", "　", "：", ":", "，", ",", "。", "！", "!", "；", "、", "： ", " : "]
)
CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
REST = st.text(alphabet=CJK | st.sampled_from(list("abc 123，。？！")), max_size=40)


@given(CHINESE_KINDS | ENGLISH_KINDS, SEPARATORS, REST)
@example(("问题", "problem"), "：", "紧急")
def test_a_leading_kind_in_either_language_is_read(
    keyword: tuple[str, str], separator: str, rest: str
) -> None:
    word, kind = keyword
    assert guess_kind(f"{word}{separator}{rest}")[0] == kind


def full_width(text: str) -> str:
    """`Problem` → `Ｐｒｏｂｌｅｍ`: ASCII as a Chinese or Japanese keyboard types it."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


@given(ENGLISH_KINDS, SEPARATORS, REST)
@example(("problem", "problem"), ": ", "staging logs me out")
def test_english_keywords_typed_full_width_are_read_like_half_width_ones(
    keyword: tuple[str, str], separator: str, rest: str
) -> None:
    """The keywords are folded as every quick form folds what it reads (bot/platform/text.fold):
    `ｐｒｏｂｌｅｍ:` is `problem:`."""
    word, kind = keyword
    assert guess_kind(f"{full_width(word)}{separator}{rest}")[0] == kind


@given(URGENT, CHINESE_KINDS | ENGLISH_KINDS, SEPARATORS, SEPARATORS, REST, st.booleans())
def test_urgency_and_kind_mix_in_any_order_and_language(
    urgent: str,
    keyword: tuple[str, str],
    first: str,
    second: str,
    rest: str,
    urgency_first: bool,
) -> None:
    word, kind = keyword
    lead = f"{urgent}{first}{word}" if urgency_first else f"{word}{first}{urgent}"
    assert guess_kind(f"{lead}{second}{rest}") == (kind, "urgent")


@given(URGENT, SEPARATORS, REST)
def test_urgent_alone_is_an_urgent_problem(urgent: str, separator: str, rest: str) -> None:
    text = f"{urgent}{separator}{rest}"
    kind, urgency = guess_kind(text)
    assert urgency == "urgent"
    if not any(rest.strip(" ，。？！").startswith(w) for w in keywords()):
        assert kind == "problem"


@given(CHINESE_KINDS, st.text(alphabet=CJK, min_size=1, max_size=20))
def test_a_keyword_glued_to_chinese_text_is_just_a_word(
    keyword: tuple[str, str], glued: str
) -> None:
    """Chinese only: Chinese puts no space between words, so a keyword followed by more Chinese
    characters is the start of another word (`紧急情况`); English has the space to tell."""
    word = keyword[0]
    if f"{word}{glued}" in keywords():
        return
    assert guess_kind(f"{word}{glued}") == ("request", "normal")


@given(st.text(alphabet=CJK | st.characters(), max_size=200))
def test_any_text_gives_a_known_kind_whatever_the_readers_language(text: str) -> None:
    if not text.strip():
        return  # the handler answers blank text before guessing
    in_english = guess_kind(text)
    with speaking("zh_CN"):
        in_chinese = guess_kind(text)
    assert in_english == in_chinese
    assert in_english[0] in KEYWORDS and in_english[1] in ("normal", "urgent")


# -- whatever is typed ----------------------------------------------------------------------------


@given(TEXTS | PHRASES)
def test_feedback_kind_guesser_always_answers_a_known_kind(text: str) -> None:
    if not text.strip():
        return  # the handler answers blank text before guessing
    kind, urgency = guess_kind(text)
    assert kind in KIND_LABELS and urgency in ("normal", "urgent")
