"""The weekly digest as Block Kit: a client variant and an internal one, in the reader's
language (the schedule builds it in the project's; see bot/platform/i18n.py)."""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from zoneinfo import ZoneInfo

from bot.changes.blocks import decision_line
from bot.changes.impact import describe_cost, describe_days
from bot.digest.contents import Digest, Line
from bot.digest.not_posted import not_posted_line
from bot.digest.team import build_team_section
from bot.feedback.labels import feedback_state_label, kind_word
from bot.incidents.summary import incident_section
from bot.meetings.blocks import action_items_section
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
    with_source,
)
from bot.platform.i18n import _, alternatives, duration, listing, ngettext
from bot.platform.text import clip, escape, one_line
from bot.risks.labels import risk_level_label
from bot.risks.summary import RiskSummary
from bot.status.blocks import health_label, progress_label
from storage.refs import change_ref, feedback_ref, risk_ref
from storage.rows import FeedbackRow, RiskRow


def build_digest(digest: Digest) -> tuple[str, list[Block]]:
    """(notification text, blocks) for one audience, in the current language."""
    internal = digest.audience == "internal"
    zone = ZoneInfo(digest.timezone)
    blocks = [*_heading(digest, zone), section(_highlights(digest, internal))]
    if digest.next_steps:
        items = _lines(digest.next_steps, internal)
        blocks.append(section(_("*Next steps*\n{items}").format(items=items)))
    if digest.blockers:
        items = _lines(digest.blockers, internal)
        blocks.append(section(_("*Blockers*\n{items}").format(items=items)))
    blocks += build_team_section(digest.team, internal=internal)
    blocks.append(section(_feedback_summary(digest, internal)))
    if digest.follow_ups:
        notes = bullet_list([escape(clip(one_line(n), 400)) for n in digest.follow_ups], limit=2800)
        blocks.append(section(_("*About your recent poll answers*\n{items}").format(items=notes)))
    if not digest.risks.is_empty:
        blocks.append(section(risk_summary(digest.risks, internal, period="week")))
    if digest.changes_decided or digest.changes_waiting:
        blocks.append(section(_changes(digest, internal)))
    if digest.action_items:
        today = digest.until.astimezone(zone).date()
        blocks.append(section(action_items_section(digest.action_items, today=today)))
    if digest.incidents:
        blocks.append(section(incident_section(digest.incidents, digest.timezone, digest.until)))
    if internal and digest.missed:
        items = bullet_list(
            [not_posted_line(problem, zone) for problem in digest.missed], limit=2800
        )
        blocks.append(section(_("⚠️ *Not posted:*\n{items}").format(items=items)))
    if not internal:
        blocks.append(context(_("Questions or concerns? Type `/feedback` in this channel.")))
    summary = _("Weekly update — {project}: {health}, progress {progress}").format(
        project=escape(digest.project_name),
        health=health_label(digest.health),
        progress=progress_label(digest.progress),
    )
    return summary, fit_message(blocks)


def _heading(digest: Digest, zone: ZoneInfo) -> list[Block]:
    """The title, the week it covers, and where the project stands."""
    name = digest.project_name
    title = (
        _("📋 Weekly update — {project} (internal)").format(project=name)
        if digest.audience == "internal"
        else _("📋 Weekly update — {project}").format(project=name)
    )
    since, until = digest.since.astimezone(zone), digest.until.astimezone(zone)
    period = [
        _("{since} – {until} · times in {zone}").format(
            since=i18n.day(since), until=i18n.day_and_year(until), zone=digest.timezone
        )
    ]
    if digest.late:
        period.append(_("posted late, after its planned time"))
    return [
        header(title),
        context(" · ".join(period)),
        fields(
            _("*Health*\n{health}").format(health=health_label(digest.health)),
            _("*Progress*\n{progress}").format(progress=progress_label(digest.progress)),
        ),
    ]


def _highlights(digest: Digest, internal: bool) -> str:
    """The week's updates; a week without any says so, and to the client who can tell more."""
    if digest.highlights:
        return _("*Highlights*\n{items}").format(items=_lines(digest.highlights, internal))
    if internal:
        return _("*Highlights*\nNobody posted an update this week.")
    if digest.owner_ids:
        return _(
            "*Highlights*\nNo status updates were posted this week. {owners} can tell "
            "you where things stand: ask with `/feedback`."
        ).format(owners=alternatives(user(o) for o in digest.owner_ids))
    return _(
        "*Highlights*\nNo status updates were posted this week. The project's owner "
        "can tell you where things stand: ask with `/feedback`."
    )


def risk_summary(risks: RiskSummary, internal: bool, *, period: str) -> str:
    """The risk log's movement over a period (`week` or `month`); shared by the digest and the
    monthly report."""

    def line(risk: RiskRow, mark: str) -> str:
        lock = "🔒 " if internal and risk.visibility == "internal" else ""
        said = _("{ref} {level}: {title}").format(
            ref=risk_ref(risk.number),
            level=risk_level_label(risk.severity),
            title=escape(clip(one_line(risk.title), 150)),
        )
        owner = f" — {user(risk.owner_id)}" if risk.owner_id else ""
        return f"{mark}{lock}{said}{owner}"

    def closed(risk: RiskRow) -> str:
        if risk.close_note:
            return _("{risk} (closed: {note})").format(
                risk=line(risk, "✅ "), note=escape(clip(one_line(risk.close_note), 200))
            )
        return _("{risk} (closed)").format(risk=line(risk, "✅ "))

    items = (
        [line(r, "🆕 ") for r in risks.new if r.state == "open"]
        + [line(r, "") for r in risks.still_open]
        + [closed(r) for r in risks.closed]
    )
    counts = {
        "new": len(risks.new),
        "open": sum(1 for r in risks.new if r.state == "open") + len(risks.still_open),
        "closed": len(risks.closed),
    }
    head = (
        _("*Risks and issues*\n{new} new this month · {open} open · {closed} closed this month")
        if period == "month"
        else _("*Risks and issues*\n{new} new this week · {open} open · {closed} closed this week")
    ).format(**{key: i18n.number(value) for key, value in counts.items()})
    return head + "\n" + bullet_list(items, limit=2900 - len(head))


def _changes(digest: Digest, internal: bool) -> str:
    zone = digest.timezone
    items = [
        _("{ref} {title}: {decision} (schedule {days}, cost {cost})").format(
            ref=change_ref(c.number),
            title=escape(clip(one_line(c.title), 150)),
            decision=decision_line(c, zone).splitlines()[0],
            days=describe_days(c.schedule_days),
            cost=describe_cost(c.cost_cents),
        )
        for c in digest.changes_decided
    ]
    for change in digest.changes_waiting:
        ref, title = change_ref(change.number), escape(clip(one_line(change.title), 150))
        if internal:
            items.append(
                _(
                    "⚠️ {ref} {title} has waited {waited} for the client's decision, past the "
                    "response target"
                ).format(ref=ref, title=title, waited=duration(digest.until - change.created_at))
            )
        else:
            items.append(
                _(
                    "⏳ {ref} {title} waits for your decision: Approve or Reject it on its "
                    "message above"
                ).format(ref=ref, title=title)
            )
    return _("*Change requests*\n{items}").format(items=bullet_list(items, limit=2800))


def _lines(lines: list[Line], internal: bool) -> str:
    items = [
        ("🔒 " if line.internal and internal else "") + _said(line.text, line.author_id)
        for line in lines
    ]
    return bullet_list(items, limit=2900)


@lru_cache(maxsize=1024)
def _said(text: str, author_id: str) -> str:
    """`what they wrote — @them`, made safe: the same update shows in both audiences' digests,
    built one after the other, and its text is made safe once (a digest of fifty updates spent
    a third of its blocks' time here)."""
    return f"{escape(clip(one_line(text), 500))} — {user(author_id)}"


def kind_count(kind: str, count: int) -> str:
    """`2 problems` / `2 个问题`: feedback of one kind, counted."""
    if kind == "praise":
        said = ngettext("{count} praise", "{count} praise", count)
    elif kind == "problem":
        said = ngettext("{count} problem", "{count} problems", count)
    elif kind == "request":
        said = ngettext("{count} request", "{count} requests", count)
    elif kind == "question":
        said = ngettext("{count} question", "{count} questions", count)
    else:
        return f"{i18n.number(count)} {kind_word(kind)}"
    return said.format(count=i18n.number(count))


def _feedback_summary(digest: Digest, internal: bool) -> str:
    title = _("*Client feedback*") if internal else _("*Your feedback*")
    if not digest.received and not digest.resolved:
        return title + "\n" + _("No feedback this week.")
    kinds = Counter(f.kind for f in digest.received)
    by_kind = listing([kind_count(kind, n) for kind, n in kinds.items()])
    received = len(digest.received)
    parts = [
        _("{count} received ({kinds})").format(count=i18n.number(received), kinds=by_kind)
        if by_kind
        else _("{count} received").format(count=i18n.number(received))
    ]
    acknowledged = sum(1 for f in digest.received if f.state == "acknowledged")
    if acknowledged:
        parts.append(_("{count} being answered").format(count=i18n.number(acknowledged)))
    parts.append(_("{count} resolved").format(count=i18n.number(len(digest.resolved))))
    head = title + "\n" + " · ".join(parts)
    items = [_resolved_line(f) for f in digest.resolved]
    if internal:
        items += [_open_line(f) for f in digest.received if f.state != "resolved"]
    return head + ("\n" + bullet_list(items, limit=2900 - len(head)) if items else "")


def _resolved_line(feedback: FeedbackRow) -> str:
    note = escape(clip(one_line(feedback.resolution or ""), 300))
    line = _("✅ {ref} resolved: {note}").format(ref=feedback_ref(feedback.number), note=note)
    return with_source(line, feedback.source_link)


def _open_line(feedback: FeedbackRow) -> str:
    line = _("{ref} ({kind}, {state}): {text}").format(
        ref=feedback_ref(feedback.number),
        kind=kind_word(feedback.kind),
        state=feedback_state_label(feedback.state),
        text=escape(clip(one_line(feedback.text), 200)),
    )
    return with_source(line, feedback.source_link)
