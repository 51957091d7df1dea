"""The plan document as parts a renderer walks: headings, paragraphs, bullets and tables of
inline text. Inline text is a small markdown: `**bold**`, `` `code` ``, what people typed
escaped by `typed()`, and people and channels as Slack writes them (`<@U…>`, `<#C…>`), which
each renderer turns into its own form (a canvas mention, a name in a file)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.platform.text import printable

# Markdown's marks, and a line start that would make a list, a quote or a heading of it.
_MARKS = re.compile(r"([\\`*_~\[\]|#<>!])")
_LINE_START = re.compile(r"^(\s*)([-+>]|\d+[.)])(\s)")
_LABELLED_MENTION = re.compile(r"<([@#])[UWCG][A-Z0-9]+\|([^<>|]+)>")


@dataclass(frozen=True)
class Heading:
    level: int  # 1 to 3: canvases have three levels
    text: str


@dataclass(frozen=True)
class Paragraph:
    text: str
    note: bool = False  # a quiet line (the version line, a source): italic


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


Part = Heading | Paragraph | Bullets | Table


@dataclass(frozen=True)
class Document:
    title: str
    version_line: str
    parts: list[Part] = field(default_factory=list)


def typed(text: str) -> str:
    """What a person typed, made inert in the document: no mark, mention or line start of
    theirs does anything (a mention Slack labelled reads as plain `@ana`)."""
    text = _LABELLED_MENTION.sub(r"\1\2", printable(text))
    lines = [_LINE_START.sub(r"\1\\\2\3", _MARKS.sub(r"\\\1", line)) for line in text.splitlines()]
    return "\n".join(lines)


def paragraphs(text: str) -> list[Part]:
    """Typed text of several lines as paragraphs, each line its own (blank lines dropped)."""
    return [Paragraph(line) for line in typed(text).splitlines() if line.strip()]
