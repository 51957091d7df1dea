"""The charts: the monthly report's progress with each week's health behind it, and the
figures' response times by week and satisfaction by poll.

matplotlib (with numpy, some 50 MB) is imported when a chart is first drawn, not when the bot
starts: most processes never draw one, and every `serve` worker would otherwise carry it."""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from bot.figures import ProjectFigures
from bot.report import MonthReport, month_bounds

HEALTH_COLOURS = {"on-track": "#2eb67d", "at-risk": "#ecb22e", "off-track": "#e01e5a"}


if TYPE_CHECKING:
    from matplotlib.figure import Figure


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


def render_chart(report: MonthReport) -> bytes:
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
            label="Progress",
        )
    else:
        axes.text(
            0.5,
            0.5,
            "No progress reported this month",
            ha="center",
            va="center",
            transform=axes.transAxes,
            color="#616061",
        )
    axes.set_xlim(_x(start), _x(end - timedelta(seconds=1)))
    axes.set_ylim(0, 100)
    axes.set_ylabel("Progress %")
    axes.set_title(f"{report.project_name} — {report.month:%B %Y}", loc="left", fontsize=11)
    axes.xaxis.set_major_formatter(_dates().DateFormatter("%d %b", tz=zone))
    axes.grid(axis="y", alpha=0.3)
    for spine in ("top", "right"):
        axes.spines[spine].set_visible(False)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def render_figures_chart(figures: ProjectFigures) -> bytes:
    """Two panels: the median first response week by week against the target, and the
    satisfaction trend of the polls closed up to now."""
    zone = ZoneInfo(figures.timezone)
    figure = _figure(9, 3.2)
    mdates = _dates()
    responses, satisfaction = figure.subplots(1, 2)
    labels = [f"{week.start:%d %b}" for week in figures.weeks]
    medians = [(week.median_seconds or 0) / 3600 for week in figures.weeks]
    target = figures.target_seconds / 3600
    colours = ["#e01e5a" if value > target else "#2eb67d" for value in medians]
    responses.bar(labels, medians, color=colours, width=0.6)
    responses.axhline(target, color="#616061", linestyle="--", linewidth=1)
    responses.text(
        len(labels) - 0.5, target, " target", va="bottom", ha="right", fontsize=8, color="#616061"
    )
    responses.set_ylabel("Working hours")
    responses.set_title("Median first response, by week", loc="left", fontsize=10)
    responses.set_ylim(0, max([target * 1.2, *medians]) or 1)
    if len(labels) > 6:
        responses.tick_params(axis="x", labelrotation=45, labelsize=7)
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
        satisfaction.xaxis.set_major_locator(mdates.AutoDateLocator(maxticks=5, tz=zone))
        satisfaction.xaxis.set_major_formatter(mdates.DateFormatter("%d %b", tz=zone))
    else:
        satisfaction.text(
            0.5,
            0.5,
            "No poll has closed yet",
            ha="center",
            va="center",
            transform=satisfaction.transAxes,
            color="#616061",
        )
        satisfaction.set_yticks([])
        satisfaction.set_xticks([])
    satisfaction.set_title("Satisfaction, poll by poll", loc="left", fontsize=10)
    for axes in (responses, satisfaction):
        axes.grid(axis="y", alpha=0.3)
        for spine in ("top", "right"):
            axes.spines[spine].set_visible(False)
    figure.suptitle(figures.project_name, x=0.01, ha="left", fontsize=11)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
