"""The charts of the monthly report and of the figures, in every language Rapport speaks: a
chart is drawn in the reader's language when a font can draw it, in English otherwise."""

from __future__ import annotations

import pytest

from bot.platform.i18n import speaking
from bot.report import chart
from tests.language import LANGUAGES
from tests.unit.report.test_figures_blocks import figures
from tests.unit.report.test_monthly_blocks import month_report


@pytest.mark.parametrize(
    ("language", "family", "drawn_in"),
    [
        ("zh_CN", None, "en"),
        ("zh_CN", "Noto Sans CJK SC", "zh_CN"),
        ("en", None, "en"),
        ("en", "Noto Sans CJK SC", "en"),
    ],
)
def test_a_chart_is_in_the_readers_language_when_a_font_can_draw_it_and_english_otherwise(
    language: str, family: str | None, drawn_in: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(chart, "cjk_family", lambda: family)
    with speaking(language):
        assert chart.chart_language() == drawn_in


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.filterwarnings("ignore:Glyph")  # a machine without a CJK font draws boxes for 官网
def test_charts_draw_whatever_fonts_this_machine_has(language: str) -> None:
    with speaking(language):
        for drawn in (
            chart.render_chart(month_report(language)),
            chart.render_chart(month_report(language, progress_points=[])),
            chart.render_figures_chart(figures(language)),
            chart.render_figures_chart(figures(language, polls=[])),
        ):
            assert drawn.startswith(b"\x89PNG")
