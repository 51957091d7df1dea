"""The plan document as a PDF (fpdf2), drawn from the same parts as its markdown: headings,
paragraphs, bullets and tables, with bold where the markdown has it.

Fonts: DejaVu Sans, which matplotlib ships (so it is there wherever Rapport is installed), for
Latin text; a document with Chinese in it needs a font that draws it (`apt-get install
fonts-wqy-microhei`, or any of bot/report/chart.py's CJK fonts). Without one no PDF is made
rather than one of empty boxes: the Markdown file carries the same content."""

from __future__ import annotations

import functools
import importlib.util
import logging
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from bot.plandoc.model import Bullets, Document, Heading, Paragraph, Part, Table
from bot.plandoc.render import Mention, inline, named
from bot.report.chart import CJK_FILES

if TYPE_CHECKING:
    from fpdf import FPDF

logger = logging.getLogger(__name__)

FONT_FOLDERS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".fonts")
_CJK_TEXT = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")
_ESCAPED = re.compile(r"\\(.)")
_BOLD = re.compile(r"(?<!\\)\*\*")
SIZES = {1: 18, 2: 14, 3: 12}
BODY, NOTE, LINE = 10, 8.5, 5.2


@functools.cache
def dejavu() -> dict[str, str]:
    """DejaVu Sans as matplotlib ships it: style ("", "B", "I") → file."""
    spec = importlib.util.find_spec("matplotlib")
    if spec is None or not spec.submodule_search_locations:
        return {}
    folder = Path(next(iter(spec.submodule_search_locations))) / "mpl-data" / "fonts" / "ttf"
    files = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}
    found = {style: str(folder / name) for style, name in files.items() if (folder / name).exists()}
    return found if len(found) == len(files) else {}


@functools.cache
def cjk_font() -> str | None:
    """The file of an installed font that draws Chinese, or None."""
    for folder in FONT_FOLDERS:
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            name = path.name.lower().replace("-", "")
            if path.suffix.lower() in (".ttf", ".ttc", ".otf") and any(
                h in name for h in CJK_FILES
            ):
                return str(path)
    return None


def to_pdf(document: Document, names: Mapping[str, str]) -> bytes | None:
    """The PDF, or None when this machine has no font for the document's script."""
    from fpdf import FPDF  # noqa: F811 (imported when a PDF is made: most processes never make one)

    mention = named(names)
    latin = dejavu()
    needs_cjk = any(_CJK_TEXT.search(text) for text in _texts(document))
    cjk = cjk_font() if needs_cjk else None
    if not latin or (needs_cjk and cjk is None):
        logger.info("no font for this plan document's script: no PDF")
        return None
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(True, margin=15)
    for style, path in latin.items():
        pdf.add_font("body", style, path)
    if cjk is not None:
        for style in ("", "B", "I"):
            pdf.add_font("cjk", style, cjk)
        pdf.set_fallback_fonts(["cjk"])
    pdf.add_page()
    _heading(pdf, 1, inline(document.title, mention))
    _write(pdf, inline(document.version_line, mention), size=NOTE, style="I")
    for part in document.parts:
        _part(pdf, part, mention)
    return bytes(pdf.output())


def _texts(document: Document) -> list[str]:
    found = [document.title, document.version_line]
    for part in document.parts:
        if isinstance(part, (Heading, Paragraph)):
            found.append(part.text)
        elif isinstance(part, Bullets):
            found += part.items
        else:
            found += [*part.header, *(cell for row in part.rows for cell in row)]
    return found


def _part(pdf: FPDF, part: Part, mention: Mention) -> None:
    if isinstance(part, Heading):
        _heading(pdf, part.level, inline(part.text, mention))
    elif isinstance(part, Paragraph):
        _write(
            pdf,
            inline(part.text, mention),
            size=NOTE if part.note else BODY,
            style="I" if part.note else "",
        )
    elif isinstance(part, Bullets):
        for item in part.items:
            _bullet(pdf, inline(item, mention))
    else:
        _table(pdf, part, mention)


def _heading(pdf: FPDF, level: int, text: str) -> None:
    pdf.ln(3 if level > 1 else 0)
    pdf.set_font("body", "B", SIZES.get(level, BODY))
    pdf.multi_cell(0, SIZES.get(level, BODY) * 0.55, plain(text), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1.5)


def _write(pdf: FPDF, text: str, *, size: float = BODY, style: str = "") -> None:
    """A paragraph: its bold runs in bold, the rest in `style`."""
    for index, run in enumerate(_BOLD.split(text)):
        pdf.set_font("body", "B" if index % 2 else style, size)
        pdf.write(LINE, plain(run))
    pdf.ln(LINE + 1.5)


def _bullet(pdf: FPDF, text: str) -> None:
    margin = pdf.l_margin
    pdf.set_font("body", "", BODY)
    pdf.set_x(margin + 2)
    pdf.write(LINE, "•")
    pdf.set_left_margin(margin + 7)
    pdf.set_x(margin + 7)
    try:
        _write(pdf, text)
    finally:
        pdf.set_left_margin(margin)
    pdf.ln(-1)


def _table(pdf: FPDF, table: Table, mention: Mention) -> None:
    from fpdf.fonts import FontFace

    pdf.set_font("body", "", BODY - 1)
    with pdf.table(
        headings_style=FontFace(emphasis="BOLD"), line_height=LINE, text_align="LEFT"
    ) as drawn:
        for cells in (table.header, *table.rows):
            row = drawn.row()
            for cell in cells:
                row.cell(plain(_BOLD.sub("", inline(cell, mention))))
    pdf.ln(2)


def plain(text: str) -> str:
    """Markdown's escapes and code marks taken off: the PDF shows what they stand for."""
    return _ESCAPED.sub(r"\1", text.replace("`", ""))
