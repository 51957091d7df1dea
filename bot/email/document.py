"""What an email says, out of the same contents as the Slack post: the client's variant of the
weekly digest (`bot.digest.contents.Digest`) or of the monthly report
(`bot.report.monthly.MonthReport`), as a plain document (title, facts, sections of lines) that
bot/email/render.py writes as text and HTML and bot/email/pdf.py as a PDF. Pure, in the current
language (the project's: the caller speaks it). People are named, not mentioned: `name_of`
turns a Slack user id into their name. Nothing here is Slack markup: the renderers escape."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from bot.changes.blocks import STATE_LABELS
from bot.changes.impact import describe_cost, describe_days
from bot.digest.blocks import kind_count
from bot.digest.contents import Digest, Line
from bot.platform import i18n
from bot.platform.i18n import _, alternatives, duration, listing
from bot.platform.text import clip, one_line
from bot.report.monthly import MonthReport
from bot.report.monthly_blocks import week_line
from bot.risks.labels import risk_level_label
from bot.risks.summary import RiskSummary
from bot.status.blocks import health_label, progress_label
from storage.models import ChangeRequest
from storage.refs import change_ref, feedback_ref, risk_ref
from storage.rows import ChangeRow, RiskRow

NameOf = Callable[[str], str]


@dataclass(frozen=True)
class Section:
    heading: str
    text: str = ""  # a paragraph under the heading
    items: tuple[str, ...] = ()  # then a list


@dataclass(frozen=True)
class Document:
    subject: str
    title: str
    subtitle: str
    facts: tuple[tuple[str, str], ...]  # (label, value), side by side under the title
    sections: tuple[Section, ...]


def digest_document(digest: Digest, name_of: NameOf) -> Document:
    """The client's weekly digest (the email never carries the internal variant)."""
    zone = ZoneInfo(digest.timezone)
    since, until = digest.since.astimezone(zone), digest.until.astimezone(zone)
    subtitle = _("{since} – {until} · times in {zone}").format(
        since=i18n.day(since), until=i18n.day_and_year(until), zone=digest.timezone
    )
    if digest.late:
        subtitle += " · " + _("sent late, after its planned time")
    sections = [_highlights(digest, name_of)]
    if digest.next_steps:
        sections.append(Section(_("Next steps"), items=_lines(digest.next_steps, name_of)))
    if digest.blockers:
        sections.append(Section(_("Blockers"), items=_lines(digest.blockers, name_of)))
    sections.append(_feedback(digest))
    if digest.follow_ups:
        notes = tuple(clip(one_line(note), 400) for note in digest.follow_ups)
        sections.append(Section(_("About your recent poll answers"), items=notes))
    if not digest.risks.is_empty:
        sections.append(_risks(digest.risks, name_of, period="week"))
    if digest.changes_decided or digest.changes_waiting:
        sections.append(_changes(digest, name_of))
    return Document(
        subject=_("Weekly update — {project}: {health}, progress {progress}").format(
            project=digest.project_name,
            health=health_label(digest.health),
            progress=progress_label(digest.progress),
        ),
        title=_("📋 Weekly update — {project}").format(project=digest.project_name),
        subtitle=subtitle,
        facts=(
            (_("Health"), health_label(digest.health)),
            (_("Progress"), progress_label(digest.progress)),
        ),
        sections=tuple(sections),
    )


def report_document(report: MonthReport, name_of: NameOf) -> Document:
    """The client's monthly report; its charts go beside it (bot/email/message.py)."""
    month = i18n.month(report.month)
    progress = [value for _day, value in report.progress_points]
    moved = (
        f"{i18n.percent(progress[0] / 100)} → {i18n.percent(progress[-1] / 100)}"
        if progress
        else _("not reported")
    )
    received = i18n.number(report.received)
    kinds = listing([kind_count(kind, count) for kind, count in report.kinds.items()])
    subtitle = _("Monthly report · times in {zone}").format(zone=report.timezone)
    if report.late:
        subtitle += " · " + _("sent late, after its planned time")
    weeks = tuple(week_line(week).removeprefix("• ") for week in report.weeks)
    sections = [
        Section(
            _("Health week by week"),
            text="" if weeks else _("No status updates this month."),
            items=weeks,
        )
    ]
    if report.highlights:
        sections.append(Section(_("Latest updates"), items=_lines(report.highlights, name_of)))
    if not report.risks.is_empty:
        sections.append(_risks(report.risks, name_of, period="month"))
    if report.changes_decided:
        sections.append(_changes_decided(report.changes_decided, name_of))
    return Document(
        subject=_("Monthly report {month} — {project}").format(
            month=month, project=report.project_name
        ),
        title=_("📈 {month} — {project}").format(month=month, project=report.project_name),
        subtitle=subtitle,
        facts=(
            (_("Status updates"), i18n.number(report.updates)),
            (_("Progress"), moved),
            (_("Feedback received"), f"{received} ({kinds})" if kinds else received),
            (_("Feedback resolved"), i18n.number(report.resolved)),
            (_("Median time to resolve"), duration(report.median_time_to_resolve)),
        ),
        sections=tuple(sections),
    )


def _highlights(digest: Digest, name_of: NameOf) -> Section:
    if digest.highlights:
        return Section(_("Highlights"), items=_lines(digest.highlights, name_of))
    if digest.owner_ids:
        quiet = _(
            "No status updates were posted this week. {owners} can tell you where things stand."
        ).format(owners=alternatives(name_of(owner) for owner in digest.owner_ids))
    else:
        quiet = _(
            "No status updates were posted this week. The project's owner can tell you where "
            "things stand."
        )
    return Section(_("Highlights"), text=quiet)


def _lines(lines: list[Line], name_of: NameOf) -> tuple[str, ...]:
    return tuple(f"{clip(one_line(line.text), 500)} — {name_of(line.author_id)}" for line in lines)


def _feedback(digest: Digest) -> Section:
    if not digest.received and not digest.resolved:
        return Section(_("Your feedback"), text=_("No feedback this week."))
    kinds = listing(
        [kind_count(kind, n) for kind, n in Counter(f.kind for f in digest.received).items()]
    )
    count = i18n.number(len(digest.received))
    parts = [
        _("{count} received ({kinds})").format(count=count, kinds=kinds)
        if kinds
        else _("{count} received").format(count=count)
    ]
    acknowledged = sum(1 for f in digest.received if f.state == "acknowledged")
    if acknowledged:
        parts.append(_("{count} being answered").format(count=i18n.number(acknowledged)))
    parts.append(_("{count} resolved").format(count=i18n.number(len(digest.resolved))))
    resolved = tuple(
        _("✅ {ref} resolved: {note}").format(
            ref=feedback_ref(f.number), note=clip(one_line(f.resolution or ""), 300)
        )
        for f in digest.resolved
    )
    return Section(_("Your feedback"), text=" · ".join(parts), items=resolved)


def _risks(risks: RiskSummary, name_of: NameOf, *, period: str) -> Section:
    """Client-visible risks only: the contents of the client's variant hold no other."""

    def line(risk: RiskRow, mark: str) -> str:
        said = _("{ref} {level}: {title}").format(
            ref=risk_ref(risk.number),
            level=risk_level_label(risk.severity),
            title=clip(one_line(risk.title), 150),
        )
        return f"{mark}{said}" + (f" — {name_of(risk.owner_id)}" if risk.owner_id else "")

    def closed(risk: RiskRow) -> str:
        if risk.close_note:
            note = clip(one_line(risk.close_note), 200)
            return _("{risk} (closed: {note})").format(risk=line(risk, "✅ "), note=note)
        return _("{risk} (closed)").format(risk=line(risk, "✅ "))

    counts = {
        "new": i18n.number(len(risks.new)),
        "open": i18n.number(sum(1 for r in risks.new if r.state == "open") + len(risks.still_open)),
        "closed": i18n.number(len(risks.closed)),
    }
    summary = (
        _("{new} new this month · {open} open · {closed} closed this month")
        if period == "month"
        else _("{new} new this week · {open} open · {closed} closed this week")
    ).format(**counts)
    items = (
        [line(r, "🆕 ") for r in risks.new if r.state == "open"]
        + [line(r, "") for r in risks.still_open]
        + [closed(r) for r in risks.closed]
    )
    return Section(_("Risks and issues"), text=summary, items=tuple(items))


def _decision(change: ChangeRow, timezone: str, name_of: NameOf) -> str:
    state = _(STATE_LABELS.get(change.state, change.state))
    person = name_of(change.decided_by or change.proposed_by)
    if change.decided_at is None:
        return _("{state} by {person}").format(state=state, person=person)
    moment = i18n.moment(change.decided_at.astimezone(ZoneInfo(timezone)))
    return _("{state} by {person} on {moment} ({zone})").format(
        state=state, person=person, moment=moment, zone=timezone
    )


def _changes(digest: Digest, name_of: NameOf) -> Section:
    items = [
        _("{ref} {title}: {decision} (schedule {days}, cost {cost})").format(
            ref=change_ref(c.number),
            title=clip(one_line(c.title), 150),
            decision=_decision(c, digest.timezone, name_of),
            days=describe_days(c.schedule_days),
            cost=describe_cost(c.cost_cents),
        )
        for c in digest.changes_decided
    ]
    items += [
        _("⏳ {ref} {title} waits for your decision, in the project's Slack channel").format(
            ref=change_ref(c.number), title=clip(one_line(c.title), 150)
        )
        for c in digest.changes_waiting
    ]
    return Section(_("Change requests"), items=tuple(items))


def _changes_decided(changes: list[ChangeRequest], name_of: NameOf) -> Section:
    approved = [c for c in changes if c.state == "approved"]
    totals = _(
        "{approved} approved, {rejected} rejected · approved schedule {days}, cost {cost}"
    ).format(
        approved=i18n.number(len(approved)),
        rejected=i18n.number(len(changes) - len(approved)),
        days=describe_days(sum(c.schedule_days for c in approved)),
        cost=describe_cost(sum(c.cost_cents for c in approved)),
    )
    items = tuple(
        _("{ref} {title}: {state} by {person} (schedule {days}, cost {cost})").format(
            ref=change_ref(c.number),
            title=clip(one_line(c.title), 150),
            state=_(STATE_LABELS.get(c.state, c.state)),
            person=name_of(c.decided_by or c.proposed_by),
            days=describe_days(c.schedule_days),
            cost=describe_cost(c.cost_cents),
        )
        for c in changes
    )
    return Section(_("Change requests decided"), text=totals, items=items)
