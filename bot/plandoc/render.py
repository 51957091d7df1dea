"""The plan document as markdown: for a canvas (Slack's canvas markdown, mentions written
`![](@U…)` and `![](#C…)`, headings to h3) and for a file (names in place of mentions, since a
`.md` file read anywhere knows no Slack ids)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from bot.plandoc.model import Bullets, Document, Heading, Paragraph, Part, Table

MENTION = re.compile(r"<([@#])([UWCGD][A-Z0-9]+)>")
Mention = Callable[[str, str], str]  # ("@" or "#", id) → how it is written


def canvas_mention(kind: str, ident: str) -> str:
    return f"![]({kind}{ident})"


def named(names: Mapping[str, str]) -> Mention:
    """People and channels by name (`@Ana Lopez`, `#acme-website`), by id when unknown."""

    def mention(kind: str, ident: str) -> str:
        return f"{kind}{names.get(ident, ident)}"

    return mention


def inline(text: str, mention: Mention) -> str:
    return MENTION.sub(lambda found: mention(found.group(1), found.group(2)), text)


def to_canvas(document: Document) -> str:
    return render(document, canvas_mention)


def to_markdown(document: Document, names: Mapping[str, str]) -> str:
    return render(document, named(names))


def render(document: Document, mention: Mention) -> str:
    lines = [f"# {inline(document.title, mention)}", "", f"_{document.version_line}_", ""]
    for part in document.parts:
        lines += _part(part, mention)
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _part(part: Part, mention: Mention) -> list[str]:
    if isinstance(part, Heading):
        return [f"{'#' * min(max(part.level, 1), 3)} {inline(part.text, mention)}"]
    if isinstance(part, Paragraph):
        text = inline(part.text, mention)
        return [f"_{text}_" if part.note else text]
    if isinstance(part, Bullets):
        return [f"- {inline(item, mention)}" for item in part.items]
    return _table(part, mention)


def _table(table: Table, mention: Mention) -> list[str]:
    def row(cells: tuple[str, ...]) -> str:
        return "| " + " | ".join(inline(_cell(c), mention) for c in cells) + " |"

    return [row(table.header), "| " + " | ".join("---" for _cell in table.header) + " |"] + [
        row(cells) for cells in table.rows
    ]


def _cell(text: str) -> str:
    """A table cell holds one line: line breaks become spaces."""
    return " ".join(text.split()) or "—"
