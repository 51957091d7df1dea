"""The monthly report as Block Kit, in the reader's language; its chart goes in a thread reply
(bot/report/chart.py)."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from bot.changes.blocks import STATE_LABELS
from bot.changes.impact import describe_cost, describe_days
from bot.digest.blocks import kind_count, risk_summary
from bot.feedback.praise import praise_section
from bot.incidents.summary import incident_section
from bot.platform import i18n
from bot.platform.blocks import (
    Block,
    bullet_list,
    context,
    fields,
    fit_message,
    header,
    section,
    user,
)
from bot.platform.i18n import _, duration, listing, ngettext
from bot.platform.text import clip, escape, one_line
from bot.report.monthly import MonthReport, Week
from bot.status.blocks import health_label
from storage.refs import change_ref


def build_report(report: MonthReport) -> tuple[str, list[Block]]:
    internal = report.audience == "internal"
    month = i18n.month(report.month)
    title = (
        _("📈 {month} — {project} (internal)") if internal else _("📈 {month} — {project}")
    ).format(month=month, project=report.project_name)
    progress = [value for _day, value in report.progress_points]
    moved = (
        f"{i18n.percent(progress[0] / 100)} → {i18n.percent(progress[-1] / 100)}"
        if progress
        else _("not reported")
    )
    kinds = listing([kind_count(kind, count) for kind, count in report.kinds.items()])
    received = i18n.number(report.received)
    period = [_("Monthly report · times in {zone}").format(zone=report.timezone)]
    if report.late:
        period.append(_("posted late, after its planned time"))
    blocks: list[Block] = [
        header(title),
        context(" · ".join(period)),
        fields(
            _("*Status updates*\n{count}").format(count=i18n.number(report.updates)),
            _("*Progress*\n{progress}").format(progress=moved),
            _("*Feedback received*\n{count} ({kinds})").format(count=received, kinds=kinds)
            if kinds
            else _("*Feedback received*\n{count}").format(count=received),
            _("*Feedback resolved*\n{count}").format(count=i18n.number(report.resolved)),
            _("*Median time to resolve*\n{duration}").format(
                duration=duration(report.median_time_to_resolve)
            ),
        ),
        section(_("*Health week by week*\n{weeks}").format(weeks=_weeks(report))),
    ]
    if report.highlights:
        items = [
            ("🔒 " if line.internal else "")
            + f"{escape(clip(one_line(line.text), 300))} — {user(line.author_id)}"
            for line in report.highlights
        ]
        blocks.append(
            section(_("*Latest updates*\n{items}").format(items=bullet_list(items, limit=2900)))
        )
    if not report.risks.is_empty:
        blocks.append(section(risk_summary(report.risks, internal, period="month")))
    if report.changes_decided:
        blocks.append(section(_changes(report)))
    if report.incidents:
        end = datetime.combine(report.month, time(), ZoneInfo(report.timezone))
        zone = report.timezone
        blocks.append(section(incident_section(report.incidents, zone, end)))
    if report.praise:
        blocks.append(section(praise_section(report.praise, report.praise_credits)))
    blocks.append(context(_("The chart of the month is in the thread.")))
    text = _("Monthly report {month} — {project}").format(
        month=month, project=escape(report.project_name)
    )
    return text, fit_message(blocks)


def _changes(report: MonthReport) -> str:
    approved = [c for c in report.changes_decided if c.state == "approved"]
    items = [
        _("{ref} {title}: {state} by {person} (schedule {days}, cost {cost})").format(
            ref=change_ref(c.number),
            title=escape(clip(one_line(c.title), 150)),
            state=_(STATE_LABELS[c.state]),
            person=user(c.decided_by),
            days=describe_days(c.schedule_days),
            cost=describe_cost(c.cost_cents),
        )
        for c in report.changes_decided
    ]
    totals = _(
        "{approved} approved, {rejected} rejected · approved schedule {days}, cost {cost}"
    ).format(
        approved=i18n.number(len(approved)),
        rejected=i18n.number(len(report.changes_decided) - len(approved)),
        days=describe_days(sum(c.schedule_days for c in approved)),
        cost=describe_cost(sum(c.cost_cents for c in approved)),
    )
    return _("*Change requests decided*\n{totals}\n{items}").format(
        totals=totals, items=bullet_list(items, limit=2600)
    )


def _weeks(report: MonthReport) -> str:
    if not report.weeks:
        return _("No status updates this month.")
    return "\n".join(week_line(week) for week in report.weeks)


def week_line(week: Week) -> str:
    values = {
        "day": i18n.short_day(week.start),
        "health": health_label(week.health),
        "count": i18n.number(week.updates),
    }
    if week.progress is None:
        said = ngettext(
            "• Week of {day}: {health} ({count} update)",
            "• Week of {day}: {health} ({count} updates)",
            week.updates,
        )
    else:
        said = ngettext(
            "• Week of {day}: {health}, {progress} ({count} update)",
            "• Week of {day}: {health}, {progress} ({count} updates)",
            week.updates,
        )
        values["progress"] = i18n.percent(week.progress / 100)
    return said.format(**values)
