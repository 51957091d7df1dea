"""Making user-typed text safe for mrkdwn and fitting it into Slack's limits.

Text arrives in two forms. Slash-command text comes in Slack's own markup: `&`, `<`, `>` as
entities, and (with `should_escape` in the manifest) mentions as `<@U123|ana>`, `<#C1|general>`,
`<!channel>`. Form fields come as typed. `from_command` brings the first to the second, so what
is stored is what people typed; `escape` makes either safe on the way out. Both lose their
invisible control characters on the way in (`printable`): PostgreSQL refuses a NUL in text.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

ELLIPSIS = "…"
# Full-width forms of ASCII (`３`, `－`, `，`, `：`), the ideographic space, the minus sign and the
# full-width yen sign, as the parsers read them: what a Chinese or Japanese keyboard types.
_HALF_WIDTH = str.maketrans(
    {
        **{chr(code): chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)},
        "\u3000": " ",
        "\u2212": "-",
        "\uffe5": "¥",
        "\u3001": ",",  # 、
    }
)
# C0 controls and DEL, but tab and line breaks: nobody types them on purpose, nobody sees them.
_CONTROLS = dict.fromkeys([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
_LABELLED_MENTION = re.compile(r"<([@#])[UWCG][A-Z0-9]+\|([^<>|]+)>")
_HALF_ENTITY = re.compile(r"&[#A-Za-z0-9]{0,7}$")  # `&`, `&am`, `&#6`: an entity cut short


def printable(text: str) -> str:
    """Typed text without its invisible control characters (a NUL pasted from a terminal)."""
    return text.translate(_CONTROLS)


def from_command(text: str) -> str:
    """Slash-command text as the person typed it (mentions stay in Slack's markup)."""
    return printable(text).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def command_text(command: dict[str, Any]) -> str:
    """What the person typed after a slash command, as they typed it."""
    return from_command(str(command.get("text") or ""))


def split_command(text: str) -> tuple[str, str]:
    """`set digest fri 16:00` → ('set', 'digest fri 16:00'): a subcommand and the rest."""
    head, _space, rest = text.strip().partition(" ")
    return head.lower(), rest.strip()


def half_width(text: str) -> str:
    """`３天`, `－２`, `高：`, `６０％` → `3天`, `-2`, `高:`, `60%`: full-width forms made plain,
    one character for one, so that positions in the result are positions in `text`."""
    return text.translate(_HALF_WIDTH)


def fold(text: str) -> str:
    """What people type, compared loosely: half-width (above), accents composed (`é` typed as
    `e` and an accent is `é`), case folded, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFC", half_width(text)).casefold().split())


def reference_number(prefix: str, typed: str) -> int | None:
    """`12`, `FB-12`, `fb12`, `ＦＢ－１２` → 12 (for `prefix` FB, storage/refs.py); None when the
    text names no reference of that kind."""
    found = re.fullmatch(rf"(?:{re.escape(prefix)}-?)?(\d{{1,9}})", half_width(typed).strip(), re.I)
    return int(found.group(1)) if found else None


def escape(text: str) -> str:
    """Make typed text inert in mrkdwn: nobody can ping @channel, @here, @everyone or a person,
    or forge a link, through the bot. Mentions Slack labelled read as plain `@ana`, `#general`."""
    if "<" in text:  # most text has none: a digest escapes a hundred lines
        text = _LABELLED_MENTION.sub(r"\1\2", text)
    if "&" in text or "<" in text or ">" in text:
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text


def clip(text: str, limit: int) -> str:
    """Shorten to at most `limit` characters (Python's `len`: one Chinese character is one, like
    a Latin letter), saying so with an ellipsis. The cut never falls inside what reads as one
    character (`é` typed as `e` + accent, 👍🏽, 👨‍👩‍👧, a flag, ✔️), an entity (`&amp;`) or a
    control sequence (`<@U123>`, `<url|text>`): half of one would show as garbage or leave an
    unclosed `<` that swallows the rest of the message."""
    if len(text) <= limit:
        return text
    if limit <= 0:
        return ""
    end = limit - 1  # room for the ellipsis
    while True:
        cut = len(text[:end].rstrip())
        while cut > 0 and not _boundary(text, cut):
            cut -= 1
        kept = _HALF_ENTITY.sub("", text[:cut])
        opened = kept.rfind("<")
        if opened > kept.rfind(">"):
            kept = kept[:opened]
        if len(kept) == end:
            return kept + ELLIPSIS
        end = len(kept)


# What reads as one character may be several code points; a cut between them would leave a bare
# accent, an emoji without its skin tone or colour (✔ for ✔️), half a family or half a flag.
_ZWJ, _ZWNJ = "\u200d", "\u200c"
_HANGUL = (("\u1100", "\u11ff"), ("\ua960", "\ua97f"), ("\uac00", "\ud7a3"), ("\ud7b0", "\ud7ff"))
_PREPEND = frozenset("\u0600\u0601\u0602\u0603\u0604\u0605\u06dd\u070f\u0890\u0891\u08e2\u0d4e")


def _extends(char: str) -> bool:
    """Belongs to the character before it: a combining mark (accents, Indic vowel signs, the
    keycap of 1️⃣), a variation selector, a skin tone, an emoji tag, a joiner, a Hangul vowel or
    final consonant typed as a separate jamo."""
    code = ord(char)
    return (
        unicodedata.category(char) in ("Mn", "Mc", "Me")
        or char in (_ZWJ, _ZWNJ)
        or 0x1F3FB <= code <= 0x1F3FF  # skin tones
        or 0xE0020 <= code <= 0xE007F  # emoji tags (🏴 flags of regions)
        or code in (0xFF9E, 0xFF9F)  # half-width katakana voiced marks
        or 0x1160 <= code <= 0x11FF  # Hangul jamo: vowels, final consonants
        or 0xD7B0 <= code <= 0xD7FF
    )


def _regional_indicator(char: str) -> bool:
    return 0x1F1E6 <= ord(char) <= 0x1F1FF


def _boundary(text: str, index: int) -> bool:
    """Whether `text[:index]` ends between two characters as a reader sees them."""
    before, after = text[index - 1], text[index]
    if _extends(after) or before in _PREPEND:
        return False
    if before == _ZWJ and not after.isspace():  # 👨‍👩‍👧: joined to the next emoji
        return False
    if "\ud800" <= before <= "\udbff" and "\udc00" <= after <= "\udfff":
        return False  # a surrogate pair left undecoded (JSON's "\\ud83d\\ude00")
    if "\u1100" <= before <= "\u115f" or "\ua960" <= before <= "\ua97f":
        # A Hangul initial consonant jamo, and the syllable or jamo that completes it.
        return not any(low <= after <= high for low, high in _HANGUL)
    if unicodedata.combining(before) == 9 and unicodedata.category(after).startswith("L"):
        return False  # a virama joins two consonants into one conjunct (क्ष)
    if _regional_indicator(before) and _regional_indicator(after):
        # Flags are pairs: cut only after an even number of regional indicators.
        run = index
        while run > 0 and _regional_indicator(text[run - 1]):
            run -= 1
        return (index - run) % 2 == 0
    return True


def one_line(text: str) -> str:
    return " ".join(text.split())
