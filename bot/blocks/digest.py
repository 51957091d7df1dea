"""The weekly digest as Block Kit: a client variant and an internal one."""

from __future__ import annotations

from collections import Counter
from zoneinfo import ZoneInfo

from bot.blocks.changes import decision_line
from bot.blocks.common import Block, bullet_list, context, fields, fit_message, header, section
from bot.blocks.labels import (
    KIND_LABELS,
    RISK_LEVEL_LABELS,
    duration,
    feedback_ref,
    health_label,
    progress_label,
    risk_ref,
    user,
)
from bot.digest import Digest, Line, NotPosted, Posted, RiskSummary
from bot.impact import describe_cost, describe_days
from bot.text import clip, escape, one_line
from storage.changes import change_ref
from storage.models import Feedback, Risk


def build_digest(digest: Digest) -> tuple[str, list[Block]]:
    """(notification text, blocks) for one audience."""
    internal = digest.audience == "internal"
    title = f"📋 Weekly update — {digest.project_name}" + (" (internal)" if internal else "")
    zone = ZoneInfo(digest.timezone)
    since, until = digest.since.astimezone(zone), digest.until.astimezone(zone)
    blocks: list[Block] = [
        header(title),
        context(
            f"{since:%a %d %b} – {until:%a %d %b %Y} · times in {digest.timezone}"
            + (" · posted late, after its planned time" if digest.late else "")
        ),
        fields(
            f"*Health*\n{health_label(digest.health)}",
            f"*Progress*\n{progress_label(digest.progress)}",
        ),
    ]
    if digest.highlights:
        blocks.append(section("*Highlights*\n" + _lines(digest.highlights, internal)))
    else:
        owners = ", ".join(user(o) for o in digest.owner_ids) or "The project's owner"
        blocks.append(
            section(
                "*Highlights*\nNo status updates were posted this week. "
                f"{owners} can tell you where things stand: ask with `/feedback`."
                if not internal
                else "*Highlights*\nNobody posted an update this week."
            )
        )
    if digest.next_steps:
        blocks.append(section("*Next steps*\n" + _lines(digest.next_steps, internal)))
    if digest.blockers:
        blocks.append(section("*Blockers*\n" + _lines(digest.blockers, internal)))
    blocks.append(section(_feedback_summary(digest, internal)))
    if digest.follow_ups:
        notes = [escape(clip(one_line(note), 400)) for note in digest.follow_ups]
        blocks.append(
            section("*About your recent poll answers*\n" + bullet_list(notes, limit=2800))
        )
    if not digest.risks.is_empty:
        blocks.append(section(risk_summary(digest.risks, internal, period="week")))
    if digest.changes_decided or digest.changes_waiting:
        blocks.append(section(_changes(digest, internal)))
    if internal and digest.missed:
        items = [_not_posted(problem, zone) for problem in digest.missed]
        blocks.append(section("⚠️ *Not posted:*\n" + bullet_list(items, limit=2800)))
    if not internal:
        blocks.append(context("Questions or concerns? Type `/feedback` in this channel."))
    summary = (
        f"Weekly update — {escape(digest.project_name)}: {health_label(digest.health)}, "
        f"progress {progress_label(digest.progress)}"
    )
    return summary, fit_message(blocks)


def risk_summary(risks: RiskSummary, internal: bool, *, period: str) -> str:
    """The risk log's movement over a period; shared by the digest and the monthly report."""

    def line(risk: Risk, mark: str) -> str:
        lock = "🔒 " if internal and risk.visibility == "internal" else ""
        owner = f" — {user(risk.owner_id)}" if risk.owner_id else ""
        return (
            f"{mark}{lock}{risk_ref(risk.number)} {RISK_LEVEL_LABELS.get(risk.severity, '')}: "
            f"{escape(clip(one_line(risk.title), 150))}{owner}"
        )

    def closed(risk: Risk) -> str:
        note = f": {escape(clip(one_line(risk.close_note), 200))}" if risk.close_note else ""
        return line(risk, "✅ ") + f" (closed{note})"

    items = (
        [line(r, "🆕 ") for r in risks.new if r.state == "open"]
        + [line(r, "") for r in risks.still_open]
        + [closed(r) for r in risks.closed]
    )
    opened = len(risks.new)
    head = (
        f"*Risks and issues*\n{opened} new this {period} · "
        f"{sum(1 for r in risks.new if r.state == 'open') + len(risks.still_open)} open · "
        f"{len(risks.closed)} closed this {period}"
    )
    return head + "\n" + bullet_list(items, limit=2900 - len(head))


def _changes(digest: Digest, internal: bool) -> str:
    zone = digest.timezone
    items = [
        f"{change_ref(c.number)} {escape(clip(one_line(c.title), 150))}: "
        f"{decision_line(c, zone).splitlines()[0]} (schedule {describe_days(c.schedule_days)}, "
        f"cost {describe_cost(c.cost_cents)})"
        for c in digest.changes_decided
    ]
    for change in digest.changes_waiting:
        waited = duration(digest.until - change.created_at)
        items.append(
            f"⚠️ {change_ref(change.number)} {escape(clip(one_line(change.title), 150))} has "
            f"waited {waited} for the client's decision, past the response target"
            if internal
            else f"⏳ {change_ref(change.number)} {escape(clip(one_line(change.title), 150))} "
            "waits for your decision: Approve or Reject it on its message above"
        )
    return "*Change requests*\n" + bullet_list(items, limit=2800)


REASONS = {
    "missed": "Rapport was down past the catch-up window",
    "unverified": "after a crash I could not read the channel to check it was not posted "
    "already; look, and post it with `/status digest post` if it is missing",
    "refused": "Slack refused it",
    "error": "it failed on every attempt; see the logs",
}


def _not_posted(problem: NotPosted, zone: ZoneInfo) -> str:
    what = (
        f"the digest of {problem.at.astimezone(zone):%a %d %b %H:%M}"
        if problem.kind == "digest"
        else f"the monthly report of {problem.at.astimezone(zone):%d %b}"
    )
    note = f" (`{escape(problem.note)}`)" if problem.state == "refused" and problem.note else ""
    return f"{what}: {REASONS.get(problem.state, problem.state)}{note}"


def _lines(lines: list[Line], internal: bool) -> str:
    items = [
        ("🔒 " if line.internal and internal else "")
        + f"{escape(clip(one_line(line.text), 500))} — {user(line.author_id)}"
        for line in lines
    ]
    return bullet_list(items, limit=2900)


def _feedback_summary(digest: Digest, internal: bool) -> str:
    title = "*Client feedback*" if internal else "*Your feedback*"
    if not digest.received and not digest.resolved:
        return f"{title}\nNo feedback this week."
    kinds = Counter(f.kind for f in digest.received)
    by_kind = ", ".join(f"{n} {KIND_LABELS[k].split(' ', 1)[1].lower()}" for k, n in kinds.items())
    head = f"{title}\n{len(digest.received)} received" + (f" ({by_kind})" if by_kind else "")
    acknowledged = sum(1 for f in digest.received if f.state == "acknowledged")
    if acknowledged:
        head += f" · {acknowledged} being answered"
    head += f" · {len(digest.resolved)} resolved"
    items = [_resolved_line(f) for f in digest.resolved]
    if internal:
        items += [_open_line(f) for f in digest.received if f.state != "resolved"]
    return head + ("\n" + bullet_list(items, limit=2900 - len(head)) if items else "")


def _resolved_line(feedback: Feedback) -> str:
    note = escape(clip(one_line(feedback.resolution or ""), 300))
    return f"✅ {feedback_ref(feedback.number)} resolved: {note}"


def _open_line(feedback: Feedback) -> str:
    text = escape(clip(one_line(feedback.text), 200))
    return f"{feedback_ref(feedback.number)} ({feedback.kind}, {feedback.state}): {text}"


def describe_posting(posted: list[Posted]) -> str:
    """What happened to each variant, for the person who asked for the digest."""
    lines = []
    for post in posted:
        where = f"<#{post.channel_id}>"
        if post.error is None:
            lines.append(f"✅ The {post.audience} digest is posted in {where}.")
        else:
            lines.append(
                f"⚠️ The {post.audience} digest could not be posted in {where} "
                f"(Slack said `{post.error}`). Invite me there with `/invite @Rapport`; "
                "the next digest will reach it."
            )
    return "\n".join(lines)
