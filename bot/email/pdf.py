"""The monthly report as a PDF attachment, made with fpdf2 (the project's one PDF library: pure
Python, maintained, embeds subsets of TrueType fonts and PNG images).

Its words are DejaVu Sans, which matplotlib ships (so it is always there), with a CJK font
installed on the machine as the fallback for Chinese (fonts-wqy-microhei, fonts-noto-cjk…;
found as bot/report/chart.py finds it). Without one, a Chinese project's PDF is written in
English, like its charts (`chart_language`), and Chinese text typed by people shows as gaps:
the email's text and HTML parts carry every word either way. Emoji are left out of the PDF:
no font here draws them."""

from __future__ import annotations

import functools
import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING

from bot.email.document import Document
from bot.report.chart import cjk_family

if TYPE_CHECKING:
    from fpdf import FPDF

logger = logging.getLogger(__name__)

TEXT, GREY, ACCENT = (29, 28, 29), (97, 96, 97), (18, 100, 163)
# Pictographs and the symbols around them, and the variation selector that makes them emoji.
_EMOJI = re.compile("[\U0001f000-\U0001faff\u2300-\u23ff\u2600-\u27bf\u2b00-\u2bff\ufe0f\u200d]+")

# CJK punctuation, kana, ideographs, Hangul, full-width forms: what DejaVu Sans cannot draw.
_CJK = re.compile("[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")


@functools.cache
def _dejavu() -> tuple[str, str]:
    import matplotlib

    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    return str(folder / "DejaVuSans.ttf"), str(folder / "DejaVuSans-Bold.ttf")


@functools.cache
def cjk_font_file() -> str | None:
    """The file of the installed font that draws Chinese, or None."""
    family = cjk_family()
    if family is None:
        return None
    from matplotlib import font_manager

    found = font_manager.findfont(
        font_manager.FontProperties(family=family), fallback_to_default=False
    )
    return str(found) if found else None


def without_emoji(text: str) -> str:
    return " ".join(_EMOJI.sub(" ", text).split())


def _has_cjk(document: Document) -> bool:
    texts = [document.title, document.subtitle, *(f"{k} {v}" for k, v in document.facts)]
    for section in document.sections:
        texts += [section.heading, section.text, *section.items]
    return any(_CJK.search(without_emoji(text)) for text in texts)


def render_pdf(document: Document, charts: tuple[bytes, ...] = ()) -> bytes:
    # fpdf2 (with fontTools and Pillow) is imported here, in the process that makes a PDF once a
    # month, not by every web worker at start (bench/footprint.py).
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_margins(18, 16, 18)
    pdf.set_auto_page_break(True, margin=16)
    pdf.set_title(without_emoji(document.title))
    pdf.set_creator("Rapport")
    regular, bold = _dejavu()
    pdf.add_font("body", "", regular)
    pdf.add_font("body", "B", bold)
    cjk = cjk_font_file() if _has_cjk(document) else None
    if cjk is not None:  # parsing a CJK font takes most of a second: only when needed
        pdf.add_font("cjk", "", cjk)
        pdf.add_font("cjk", "B", cjk)
        pdf.set_fallback_fonts(["cjk"], exact_match=False)
    pdf.add_page()
    _write(pdf, document.title, size=17, bold=True)
    _write(pdf, document.subtitle, size=9, colour=GREY, after=4)
    for label, value in document.facts:
        _write(pdf, f"{label}: {value}", size=10.5)
    for chart in charts:
        pdf.ln(3)
        pdf.image(chart, w=pdf.epw, keep_aspect_ratio=True)
    for section in document.sections:
        pdf.ln(3)
        _write(pdf, section.heading, size=12.5, bold=True, colour=ACCENT, after=1)
        if section.text:
            _write(pdf, section.text, size=10.5)
        for item in section.items:
            _write(pdf, f"•  {item}", size=10.5)
    return bytes(pdf.output())


def _write(
    pdf: FPDF,
    text: str,
    *,
    size: float,
    bold: bool = False,
    colour: tuple[int, int, int] = TEXT,
    after: float = 0.5,
) -> None:
    from fpdf.enums import XPos, YPos

    pdf.set_font("body", "B" if bold else "", size)
    pdf.set_text_color(*colour)
    pdf.multi_cell(
        0, size * 0.5, without_emoji(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
    )
    pdf.ln(after)
