"""The `/status` quick form:

    [on-track|at-risk|off-track] [NN%] [internal] text [; next: …] [; blocked: …]

The leading markers may come in any order; `;`-parts that do not start with `next:` or
`blocked:` stay part of the text.

The keywords are those of every language Rapport speaks, whatever the language of the person
typing, mixed as they like: `/status 正常 60% 登录页已上线；下一步：支付；阻塞：等待客户的API密钥`.
They come from the catalogues (msgctxt "status keyword"; a translation may list several words
separated by `|`, e.g. `正常|顺利`), so a new language brings its keywords with no code change.
Full-width forms count as their ASCII ones: `；` `：` `％` and full-width digits.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from bot.platform import i18n
from bot.platform.i18n import N_, _, pgettext
from bot.platform.text import fold
from storage.models import StatusUpdate

HEALTHS = ("on-track", "at-risk", "off-track")
INTERNAL = "internal"
NEXT, BLOCKED = "next", "blocked"
KEYWORD_CONTEXT = "status keyword"  # i18n: not shown (the catalogue's msgctxt)
# English's other spellings (the source language has no msgstr to list them in). No colour
# words: "Green light from Acme" is news, not a health marker.
ENGLISH_ALIASES = {
    "ontrack": "on-track",
    "atrisk": "at-risk",
    "offtrack": "off-track",
    "blockers": BLOCKED,
    "blocker": BLOCKED,
}
TEXT_LIMIT = 2000
_PARTS = re.compile(r"([;；])")
_PERCENT = re.compile(r"^(\d{1,3})%$")
_SECTION = re.compile(r"^([^:：]+?)\s*[:：]\s*(.*)$", re.DOTALL)
# What joins the text's `;`-parts again: the separator the person typed, in its usual spacing.
_JOINS = {";": "; ", "；": "；"}
_TOO_LONG = {
    "text": N_(
        "The update is {length} characters long; the limit is {limit}. "
        "Shorten it, or split it into two updates."
    ),
    NEXT: N_(
        "The next steps are {length} characters long; the limit is {limit}. "
        "Shorten it, or split it into two updates."
    ),
    "blockers": N_(
        "The blockers are {length} characters long; the limit is {limit}. "
        "Shorten it, or split it into two updates."
    ),
}


class QuickFormError(ValueError):
    """The typed text cannot be an update; the message says how to fix it (in the reader's
    language: it is made when raised)."""


@dataclass(frozen=True)
class StatusDraft:
    text: str
    health: str | None = None
    progress: int | None = None
    next_steps: str = ""
    blockers: str = ""
    visibility: str = "client"

    @classmethod
    def of(cls, update: StatusUpdate) -> StatusDraft:
        """A stored update as the form shows it again, for its author to edit."""
        return cls(
            update.text,
            update.health,
            update.progress,
            update.next_steps,
            update.blockers,
            update.visibility,
        )


def _marked_keywords() -> tuple[str, ...]:
    """The keywords by meaning, each the catalogue's msgid (marked here for extraction, read in
    every language by `spellings`). The meaning is the English keyword itself."""
    with i18n.speaking(i18n.SOURCE_LANGUAGE):
        return (
            pgettext("status keyword", "on-track"),
            pgettext("status keyword", "at-risk"),
            pgettext("status keyword", "off-track"),
            pgettext("status keyword", "internal"),
            pgettext("status keyword", "next"),
            pgettext("status keyword", "blocked"),
        )


def spellings() -> dict[str, tuple[str, ...]]:
    """Each meaning's keywords in every language, English first: `on-track` → (`on-track`,
    `正常`, `顺利`). English's aliases are left out (they are for typing, not for showing)."""
    return {
        meaning: i18n.words_in_every_language(meaning, KEYWORD_CONTEXT)
        for meaning in _marked_keywords()
    }


def keywords() -> dict[str, str]:
    """Every keyword of every language, folded, to its meaning (built once per set of
    languages). Where two languages spell different meanings alike, English wins."""
    return _keywords(i18n.languages())


@functools.lru_cache(maxsize=8)
def _keywords(_languages: tuple[str, ...]) -> dict[str, str]:
    english = {meaning: meaning for meaning in _marked_keywords()}
    table = i18n.keyword_table(english, KEYWORD_CONTEXT)
    for alias, meaning in ENGLISH_ALIASES.items():  # typed, never shown
        table.setdefault(fold(alias), meaning)
    return table


def parse_status(raw: str) -> StatusDraft:
    pieces = _PARTS.split(raw)
    head, text_parts, next_steps, blockers = pieces[0], [], "", ""
    for separator, piece in zip(pieces[1::2], pieces[2::2], strict=True):
        part = piece.strip()
        section = _section(part)
        if section is None:
            text_parts.append((separator, part))
        elif section[0] == NEXT:
            next_steps = section[1]
        else:
            blockers = section[1]

    health: str | None = None
    progress: int | None = None
    visibility = "client"
    words = head.split()
    while words:
        word = fold(words[0])
        meaning = keywords().get(word)
        if meaning in HEALTHS and health is None:
            health = meaning
        elif (percent := _PERCENT.match(word)) and progress is None:
            progress = int(percent.group(1))
            if progress > 100:
                raise QuickFormError(
                    _("Progress {progress} is over {most}: give a number from 0 to 100.").format(
                        progress=i18n.percent(progress / 100), most=i18n.percent(1)
                    )
                )
        elif meaning == INTERNAL and visibility == "client":
            visibility = "internal"
        else:
            break
        words.pop(0)

    text = " ".join(words)
    for separator, part in text_parts:
        if part:
            text = text + _JOINS[separator] + part if text else part
    if not text:
        raise QuickFormError(
            _(
                "An update needs some text, e.g. `/status on-track 60% Sign-up page shipped; "
                "next: payments`."
            )
        )
    check_length("text", text)
    check_length(NEXT, next_steps)
    check_length("blockers", blockers)
    return StatusDraft(text, health, progress, next_steps, blockers, visibility)


def _section(part: str) -> tuple[str, str] | None:
    """`next: payments` / `下一步：支付` → (`next`, `payments`); None for any other part."""
    found = _SECTION.match(part)
    if found is None:
        return None
    meaning = keywords().get(fold(found.group(1)))
    if meaning not in (NEXT, BLOCKED):
        return None
    return meaning, found.group(2).strip()


def check_length(part: str, text: str, limit: int = TEXT_LIMIT) -> None:
    """`part` is `text`, `next` or `blockers`: the error names it."""
    if len(text) > limit:
        raise QuickFormError(
            _(_TOO_LONG[part]).format(length=i18n.number(len(text)), limit=i18n.number(limit))
        )


def form_errors(draft: StatusDraft) -> dict[str, str]:
    """Errors to show under the form's fields (`response_action: errors`), by block id."""
    errors: dict[str, str] = {}
    for block, text in (
        ("text", draft.text),
        (NEXT, draft.next_steps),
        ("blockers", draft.blockers),
    ):
        try:
            check_length(block, text)
        except QuickFormError as error:
            errors[block] = str(error)
    return errors
