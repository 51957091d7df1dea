"""The monthly report's chart: progress over the month, with each week's health behind it."""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import matplotlib.dates as mdates
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from bot.report import MonthReport, month_bounds

HEALTH_COLOURS = {"on-track": "#2eb67d", "at-risk": "#ecb22e", "off-track": "#e01e5a"}


def _x(moment: datetime) -> float:
    return float(mdates.date2num(moment))  # type: ignore[no-untyped-call]


def render_chart(report: MonthReport) -> bytes:
    zone = ZoneInfo(report.timezone)
    start, end = month_bounds(report.month, report.timezone)
    # A Figure of its own, not pyplot's global state: reports render on scheduler threads.
    figure = Figure(figsize=(8, 3.2), dpi=110)
    FigureCanvasAgg(figure)
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
        times = [moment.astimezone(zone) for moment, _ in report.progress_points]
        values = [value for _, value in report.progress_points]
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
    axes.xaxis.set_major_formatter(
        mdates.DateFormatter("%d %b", tz=zone)  # type: ignore[no-untyped-call]
    )
    axes.grid(axis="y", alpha=0.3)
    for spine in ("top", "right"):
        axes.spines[spine].set_visible(False)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
