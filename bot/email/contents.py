"""One period's email, built once for all its recipients from the same contents as the Slack
post: the client's digest (`bot.digest.contents.ProjectDigests`) or monthly report
(`bot.report.monthly.load_report`) for that period, in the project's language; the report
with its charts (bot/report/chart.py) and a PDF."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

from slack_sdk import WebClient

from bot.digest.contents import ProjectDigests
from bot.email.document import Document, digest_document, report_document
from bot.email.message import Attachment, Contents
from bot.email.pdf import render_pdf
from bot.platform import i18n
from bot.platform.deps import Deps
from bot.platform.i18n import _
from bot.report.chart import chart_language, render_chart, render_figures_chart
from bot.report.figures import load_figures
from bot.report.monthly import MonthReport, load_report, month_bounds
from bot.report.posting import covered_month
from bot.scheduling.triggers import Due
from storage.db import session_scope
from storage.models import Project

logger = logging.getLogger(__name__)

JOBS = ("digest", "report")


@dataclass(frozen=True)
class Period:
    """One scheduled post's period, whose email goes to each recipient once."""

    project: Project
    job: str  # digest | report
    period_key: str  # the Slack post's: 2026-W47, 2026-11
    scheduled_for: datetime
    late: bool = False


class Names:
    """People by name, as an email names them (a Slack mention means nothing outside Slack):
    users.info once per person and period."""

    def __init__(self, client: WebClient) -> None:
        self._client = client
        self._known: dict[str, str] = {}
        self._lock = threading.Lock()

    def __call__(self, user_id: str) -> str:
        with self._lock:
            if user_id in self._known:
                return self._known[user_id]
        try:
            user = self._client.users_info(user=user_id)["user"]
            profile = user.get("profile") or {}
            name = str(
                profile.get("display_name") or profile.get("real_name") or user.get("real_name")
            )
        except Exception as error:  # Slack away: the email still goes, less precise
            logger.info("users.info unavailable for an email's name (%s)", type(error).__name__)
            return _("a team member")
        with self._lock:
            self._known[user_id] = name
        return name


def build_contents(deps: Deps, client: WebClient, period: Period) -> Contents:
    project = period.project
    names = Names(client)
    if period.job == "digest":
        digests = ProjectDigests(deps.engine, project, now=period.scheduled_for, late=period.late)
        digest = digests.digest("client")
        with i18n.speaking(project.language):
            document = digest_document(digest, names)
        return Contents(document, project.language, project.name)
    month = covered_month(Due(period.job, period.scheduled_for, period.period_key))
    with session_scope(deps.engine) as session:
        report = load_report(
            session=session, project=project, audience="client", month=month, late=period.late
        )
    with i18n.speaking(project.language):
        document = report_document(report, names)
        charts = _charts(deps, project, report)
        # The PDF's words need a font that draws them: English when none does (pdf.py).
        pdf_document = _pdf_document(document, report, names)
        name = f"{_file_name(project.name)}-{month:%Y-%m}.pdf"
        pdf = Attachment(name, render_pdf(pdf_document, charts))
    return Contents(document, project.language, project.name, charts, pdf)


def _pdf_document(document: Document, report: MonthReport, names: Names) -> Document:
    language = chart_language()
    if language == i18n.current():
        return document
    with i18n.speaking(language):
        return report_document(report, names)


def _charts(deps: Deps, project: Project, report: MonthReport) -> tuple[bytes, ...]:
    """The month's progress, then response times and satisfaction: the two charts of the Slack
    report's thread. A chart that fails to draw is left out; the email goes without it."""
    charts = []
    try:
        charts.append(render_chart(report))
        _start, end = month_bounds(report.month, project.timezone)
        with session_scope(deps.engine) as session:
            figures = load_figures(
                session=session, project=project, period="month", now=end - timedelta(seconds=1)
            )
        charts.append(render_figures_chart(figures))
    except Exception:
        logger.exception("a chart of the monthly report's email could not be drawn")
    return tuple(charts)


def _file_name(project_name: str) -> str:
    kept = "".join(c if c.isalnum() else "-" for c in project_name.lower())
    return "-".join(part for part in kept.split("-") if part)[:60] or "report"
