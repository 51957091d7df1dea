"""The monthly report as Block Kit; its chart goes in a thread reply (bot/chart.py)."""

from __future__ import annotations

from bot.blocks.changes import STATE_LABELS
from bot.blocks.common import Block, bullet_list, context, fields, fit_message, header, section
from bot.blocks.digest import risk_summary
from bot.blocks.labels import HEALTH_LABELS, KIND_LABELS, duration, user
from bot.impact import describe_cost, describe_days
from bot.report import MonthReport
from bot.text import clip, escape, one_line
from storage.changes import change_ref


def build_report(report: MonthReport) -> tuple[str, list[Block]]:
    internal = report.audience == "internal"
    title = f"📈 {report.month:%B %Y} — {report.project_name}" + (" (internal)" if internal else "")
    progress = [value for _day, value in report.progress_points]
    moved = f"{progress[0]}% → {progress[-1]}%" if progress else "not reported"
    kinds = ", ".join(
        f"{count} {KIND_LABELS.get(kind, kind).split(' ', 1)[-1].lower()}"
        for kind, count in report.kinds.items()
    )
    blocks: list[Block] = [
        header(title),
        context(
            f"Monthly report · times in {report.timezone}"
            + (" · posted late, after its planned time" if report.late else "")
        ),
        fields(
            f"*Status updates*\n{report.updates}",
            f"*Progress*\n{moved}",
            f"*Feedback received*\n{report.received}" + (f" ({kinds})" if kinds else ""),
            f"*Feedback resolved*\n{report.resolved}",
            f"*Median time to resolve*\n{duration(report.median_time_to_resolve)}",
        ),
        section("*Health week by week*\n" + _weeks(report)),
    ]
    if report.highlights:
        items = [
            ("🔒 " if line.internal else "")
            + f"{escape(clip(one_line(line.text), 300))} — {user(line.author_id)}"
            for line in report.highlights
        ]
        blocks.append(section("*Latest updates*\n" + bullet_list(items, limit=2900)))
    if not report.risks.is_empty:
        blocks.append(section(risk_summary(report.risks, internal, period="month")))
    if report.changes_decided:
        blocks.append(section(_changes(report)))
    blocks.append(context("The chart of the month is in the thread."))
    text = f"Monthly report {report.month:%B %Y} — {escape(report.project_name)}"
    return text, fit_message(blocks)


def _changes(report: MonthReport) -> str:
    approved = [c for c in report.changes_decided if c.state == "approved"]
    items = [
        f"{change_ref(c.number)} {escape(clip(one_line(c.title), 150))}: "
        f"{STATE_LABELS[c.state]} by {user(c.decided_by)} (schedule "
        f"{describe_days(c.schedule_days)}, cost {describe_cost(c.cost_cents)})"
        for c in report.changes_decided
    ]
    totals = (
        f"{len(approved)} approved, {len(report.changes_decided) - len(approved)} rejected · "
        f"approved schedule {describe_days(sum(c.schedule_days for c in approved))}, "
        f"cost {describe_cost(sum(c.cost_cents for c in approved))}"
    )
    return f"*Change requests decided*\n{totals}\n" + bullet_list(items, limit=2600)


def _weeks(report: MonthReport) -> str:
    if not report.weeks:
        return "No status updates this month."
    return "\n".join(
        f"• Week of {week.start:%d %b}: {HEALTH_LABELS.get(week.health or '', '⚪ Not reported')}"
        + (f", {week.progress}%" if week.progress is not None else "")
        + f" ({week.updates} update{'s' if week.updates != 1 else ''})"
        for week in report.weeks
    )
