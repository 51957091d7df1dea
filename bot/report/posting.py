"""The monthly report to the client channel and its internal variant to the internal channel,
each with its charts in a thread reply, posted once per month (bot/scheduling/publishing.py)."""

from __future__ import annotations

import logging
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from slack_sdk import WebClient

from bot.platform import i18n
from bot.platform.blocks import Block
from bot.platform.deps import Deps
from bot.platform.i18n import _
from bot.platform.telling import dm_channel
from bot.report.chart import render_chart, render_figures_chart
from bot.report.figures import ProjectFigures, load_figures
from bot.report.figures_blocks import PERIOD_NAMES
from bot.report.monthly import MonthReport, load_report, month_bounds, previous_month
from bot.report.monthly_blocks import build_report
from bot.scheduling.publishing import (
    Posted,
    Publication,
    publish_once,
)
from bot.scheduling.triggers import Due
from storage.db import session_scope
from storage.models import Project

logger = logging.getLogger(__name__)

REPORT_EVENT = "rapport_report"


def post_report(
    deps: Deps,
    client: WebClient,
    project: Project,
    *,
    month: date | None = None,
    due: Due | None = None,
    late: bool = False,
) -> list[Posted]:
    """The monthly report of `month` (default: the one `due` is for, else the one before now)
    to the client channel and its internal variant to the internal channel, each with its chart
    in a thread reply."""
    zone = ZoneInfo(project.timezone)
    covered = month or (covered_month(due) if due else None)
    covered = covered or previous_month(deps.clock().astimezone(zone).date())
    reports: dict[str, MonthReport] = {}

    def build(audience: str) -> tuple[str, list[Block], dict[str, object]]:
        with session_scope(deps.engine) as session:
            reports[audience] = load_report(
                session=session, project=project, audience=audience, month=covered, late=late
            )
        with i18n.speaking(project.language):
            text, blocks = build_report(reports[audience])
        return text, blocks, {"month": f"{covered:%Y-%m}"}

    def chart(audience: str, channel: str, ts: str) -> None:
        with i18n.speaking(project.language):
            _upload_chart(client, channel, ts, reports[audience])
            _upload_figures_chart(deps, client, channel, ts, project, covered)

    publication = Publication("report", REPORT_EVENT, build, after=chart)
    return publish_once(deps, client, project, publication, due, late)


def _upload_chart(client: WebClient, channel: str, thread_ts: str, report: MonthReport) -> None:
    """The chart is a courtesy: a failed upload leaves the report posted and is only logged.
    Said in the current language (the project's: the caller sees to it)."""
    try:
        client.files_upload_v2(
            channel=channel,
            thread_ts=thread_ts,
            content=render_chart(report),
            filename=f"rapport-{report.month:%Y-%m}.png",
            title=f"{report.project_name} — {i18n.month(report.month)}",
            alt_txt=_("Progress over the month, with each week's health behind it"),
        )
    except Exception:  # a chart that fails to draw or upload must not touch the posted report
        logger.exception("the chart for %s could not be drawn or uploaded", channel)


def _upload_figures_chart(
    deps: Deps, client: WebClient, channel: str, thread_ts: str, project: Project, month: date
) -> None:
    """Response times by week and the satisfaction trend, over the month's last four weeks."""
    _start, end = month_bounds(month, project.timezone)
    try:
        with session_scope(deps.engine) as session:
            figures = load_figures(
                session=session, project=project, period="month", now=end - timedelta(seconds=1)
            )
        client.files_upload_v2(
            channel=channel,
            thread_ts=thread_ts,
            content=render_figures_chart(figures),
            filename=f"rapport-{month:%Y-%m}-responses.png",
            title=_("{project} — response times and satisfaction, {month}").format(
                project=project.name, month=i18n.month(month)
            ),
            alt_txt=_("Median first response by week against the target; satisfaction by poll"),
        )
    except Exception:  # like the progress chart: a courtesy that never touches the report
        logger.exception("the figures chart for %s could not be drawn or uploaded", channel)


def covered_month(due: Due) -> date:
    """The month a scheduled report covers: its period (`2026-11`)."""
    year, month = (int(part) for part in due.period_key.split("-"))
    return date(year, month, 1)


def figures_now(deps: Deps, project: Project, period: str) -> ProjectFigures:
    """`/project report`: the figures of the period ending now."""
    with session_scope(deps.engine) as session:
        return load_figures(session=session, project=project, period=period, now=deps.clock())


def send_figures_chart(
    client: WebClient, user_id: str, project: Project, figures: ProjectFigures
) -> None:
    """The chart of `/project report`, by direct message to whoever asked, in their language."""
    client.files_upload_v2(
        channel=dm_channel(client, user_id),
        content=render_figures_chart(figures),
        filename=f"rapport-{figures.period}.png",
        title=_("{project} — {period}").format(
            project=project.name, period=_(PERIOD_NAMES[figures.period])
        ),
        alt_txt=_("Median first response by week against the target; satisfaction by poll"),
    )
