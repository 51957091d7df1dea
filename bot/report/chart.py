"""The charts: the monthly report's progress with each week's health behind it, and the
figures' response times by week and satisfaction by poll.

matplotlib (with numpy, some 50 MB) is imported when a chart is first drawn, not when the bot
starts: most processes never draw one, and every `serve` worker would otherwise carry it.

A chart's words are in the current language (the project's, for a post) when this machine has a
font that draws them: Chinese needs a CJK font (fonts-noto-cjk, fonts-wqy-zenhei or
fonts-droid-fallback on Debian). Without one the chart is drawn in English rather than in empty
boxes; the message it belongs to is in the reader's language all the same."""

from __future__ import annotations

import functools
import io
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from babel import Locale

from bot.platform import i18n
from bot.platform.i18n import _
from bot.report.figures import ProjectFigures
from bot.report.monthly import MonthReport, month_bounds

logger = logging.getLogger(__name__)

HEALTH_COLOURS = {"on-track": "#2eb67d", "at-risk": "#ecb22e", "off-track": "#e01e5a"}
# Languages whose script DejaVu Sans (matplotlib's own font) cannot draw.
NEEDS_CJK = {"zh", "ja", "ko"}
# Font families that draw Chinese, best first; and how their files are named, to find them when
# matplotlib's font cache predates their installation.
CJK_FAMILIES = (
    "Noto Sans CJK SC",  # i18n: not shown
    "Noto Sans SC",  # i18n: not shown
    "Source Han Sans SC",  # i18n: not shown
    "WenQuanYi Zen Hei",  # i18n: not shown
    "WenQuanYi Micro Hei",  # i18n: not shown
    "Droid Sans Fallback",  # i18n: not shown
    "AR PL UMing CN",  # i18n: not shown
    "Microsoft YaHei",  # i18n: not shown
    "PingFang SC",  # i18n: not shown
    "SimHei",
)
CJK_FILES = ("notosanscjk", "notoserifcjk", "sourcehansans", "wqy", "droidsansfallback", "uming")
# rcParams are global: a chart drawn with a CJK font holds them, and every chart waits its turn.
_drawing_lock = threading.Lock()


if TYPE_CHECKING:
    from matplotlib.figure import Figure


@functools.cache
def cjk_family() -> str | None:
    """The family of an installed font that draws Chinese, or None."""
    from matplotlib import font_manager

    def known() -> str | None:
        names = {font.name for font in font_manager.fontManager.ttflist}
        return next((family for family in CJK_FAMILIES if family in names), None)

    found = known()
    if found is None:
        for path in font_manager.findSystemFonts():
            if any(hint in Path(path).name.lower().replace("-", "") for hint in CJK_FILES):
                try:
                    font_manager.fontManager.addfont(path)
                except (OSError, RuntimeError, ValueError):
                    logger.info("could not read the font %s", path)
        found = known()
    if found is None:
        logger.info("no CJK font installed: charts for Chinese readers are drawn in English")
    return found


def chart_language() -> str:
    """The language of a chart's words: the current one when a font on this machine draws it,
    else English."""
    language = i18n.current()
    if Locale.parse(language).language in NEEDS_CJK and cjk_family() is None:
        return i18n.SOURCE_LANGUAGE
    return language


@contextmanager
def _words() -> Iterator[None]:
    """Draw inside this: the chart's language, and a CJK font beside matplotlib's own when one
    is installed (a project's name may be Chinese whatever the language)."""
    with _drawing_lock, i18n.speaking(chart_language()):
        family = cjk_family()
        if family is None:
            yield
            return
        import matplotlib

        # Latin letters and digits from matplotlib's own font, the rest from the CJK one.
        latin = "DejaVu Sans"  # i18n: not shown (a font's name)
        with matplotlib.rc_context({"font.family": [latin, family]}):
            yield


def _figure(width: float, height: float) -> Figure:
    """A Figure of its own, not pyplot's global state: charts render on scheduler threads."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=110)
    FigureCanvasAgg(figure)
    return figure


def _dates() -> Any:
    import matplotlib.dates

    return matplotlib.dates


def _x(moment: datetime) -> float:
    return float(_dates().date2num(moment))


def _day_axis(zone: ZoneInfo) -> Any:
    """Tick labels as days the reader's way (`Nov 16` / `11月16日`), in the project's zone."""
    from matplotlib.ticker import FuncFormatter

    mdates = _dates()
    return FuncFormatter(lambda value, _pos: i18n.short_day(mdates.num2date(value, tz=zone)))


def render_chart(report: MonthReport) -> bytes:
    with _words():
        return _render_chart(report)


def render_figures_chart(figures: ProjectFigures) -> bytes:
    """Two panels: the median first response week by week against the target, and the
    satisfaction trend of the polls closed up to now."""
    with _words():
        return _render_figures_chart(figures)


def _render_chart(report: MonthReport) -> bytes:
    zone = ZoneInfo(report.timezone)
    start, end = month_bounds(report.month, report.timezone)
    figure = _figure(8, 3.2)
    axes = figure.add_subplot()
    for week in report.weeks:
        if week.health is None:
            continue
        monday = datetime(week.start.year, week.start.month, week.start.day, tzinfo=zone)
        axes.axvspan(
            _x(max(start, monday)),
            _x(min(end, monday + timedelta(days=7))),
            color=HEALTH_COLOURS[week.health],
            alpha=0.18,
            linewidth=0,
        )
    if report.progress_points:
        times = [moment.astimezone(zone) for moment, _value in report.progress_points]
        values = [value for _day, value in report.progress_points]
        axes.plot(
            [_x(t) for t in times],
            values,
            marker="o",
            color="#1d3b53",
            linewidth=2,
            label=_("Progress"),
        )
    else:
        axes.text(
            0.5,
            0.5,
            _("No progress reported this month"),
            ha="center",
            va="center",
            transform=axes.transAxes,
            color="#616061",
        )
    axes.set_xlim(_x(start), _x(end - timedelta(seconds=1)))
    axes.set_ylim(0, 100)
    axes.set_ylabel(_("Progress (%)"))
    title = f"{report.project_name} — {i18n.month(report.month)}"
    axes.set_title(title, loc="left", fontsize=11)
    axes.xaxis.set_major_formatter(_day_axis(zone))
    axes.grid(axis="y", alpha=0.3)
    for spine in ("top", "right"):
        axes.spines[spine].set_visible(False)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def _render_figures_chart(figures: ProjectFigures) -> bytes:
    figure = _figure(9, 3.2)
    responses, satisfaction = figure.subplots(1, 2)
    _draw_responses(responses, figures)
    _draw_satisfaction(satisfaction, figures)
    for axes in (responses, satisfaction):
        axes.grid(axis="y", alpha=0.3)
        for spine in ("top", "right"):
            axes.spines[spine].set_visible(False)
    figure.suptitle(figures.project_name, x=0.01, ha="left", fontsize=11)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def _draw_responses(responses: Any, figures: ProjectFigures) -> None:
    """Each week's median first response against the target (over it in red)."""
    labels = [i18n.short_day(week.start) for week in figures.weeks]
    medians = [(week.median_seconds or 0) / 3600 for week in figures.weeks]
    target = figures.target_seconds / 3600
    colours = ["#e01e5a" if value > target else "#2eb67d" for value in medians]
    responses.bar(labels, medians, color=colours, width=0.6)
    responses.axhline(target, color="#616061", linestyle="--", linewidth=1)
    responses.text(
        len(labels) - 0.5,
        target,
        " " + _("target"),
        va="bottom",
        ha="right",
        fontsize=8,
        color="#616061",
    )
    responses.set_ylabel(_("Working hours"))
    responses.set_title(_("Median first response, by week"), loc="left", fontsize=10)
    responses.set_ylim(0, max([target * 1.2, *medians]) or 1)
    if len(labels) > 6:
        responses.tick_params(axis="x", labelrotation=45, labelsize=7)


def _draw_satisfaction(satisfaction: Any, figures: ProjectFigures) -> None:
    """The latest kind of poll's results, poll by poll (or a word that none has closed)."""
    zone = ZoneInfo(figures.timezone)
    points = figures.polls
    if points:
        kind = points[-1].kind
        shown = [p for p in points if p.kind == kind]
        satisfaction.plot(
            [_x(p.closed_at.astimezone(zone)) for p in shown],
            [p.value for p in shown],
            marker="o",
            color="#1d3b53",
            linewidth=2,
        )
        satisfaction.set_ylim(*((1, 5) if kind == "csat" else (-100, 100)))
        satisfaction.set_ylabel("CSAT (1–5)" if kind == "csat" else "NPS")
        satisfaction.xaxis.set_major_locator(_dates().AutoDateLocator(maxticks=5, tz=zone))
        satisfaction.xaxis.set_major_formatter(_day_axis(zone))
    else:
        satisfaction.text(
            0.5,
            0.5,
            _("No poll has closed yet"),
            ha="center",
            va="center",
            transform=satisfaction.transAxes,
            color="#616061",
        )
        satisfaction.set_yticks([])
        satisfaction.set_xticks([])
    satisfaction.set_title(_("Satisfaction, poll by poll"), loc="left", fontsize=10)
