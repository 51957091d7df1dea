"""One CSV table per kind of record, each row as stored, its cells made safe for spreadsheets:
text a spreadsheet would run as a formula is made plain text."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal

from bot.polls.scores import summarize
from storage.export import Vote
from storage.models import (
    ChangeRequest,
    Event,
    Feedback,
    Poll,
    Risk,
    StatusUpdate,
)
from storage.refs import change_ref, feedback_ref, risk_ref


def status_updates_csv(statuses: Iterable[StatusUpdate]) -> str:
    return table(
        (
            "id",
            "created_at",
            "author",
            "health",
            "progress_percent",
            "visibility",
            "text",
            "next_steps",
            "blockers",
            "edited_at",
        ),
        (
            (
                s.id,
                s.created_at,
                s.author_id,
                s.health,
                s.progress,
                s.visibility,
                s.text,
                s.next_steps,
                s.blockers,
                s.edited_at,
            )
            for s in statuses
        ),
    )


def feedback_csv(feedback: Iterable[Feedback]) -> str:
    return table(
        (
            "ref",
            "created_at",
            "anonymous",
            "author",
            "kind",
            "urgency",
            "text",
            "state",
            "due_at",
            "acknowledged_by",
            "acknowledged_at",
            "resolved_by",
            "resolved_at",
            "resolution",
            "message_link",
            "logged_by",
        ),
        (
            (
                feedback_ref(f.number),
                f.created_at,
                f.author_id is None,
                f.author_id,
                f.kind,
                f.urgency,
                f.text,
                f.state,
                f.due_at,
                f.acknowledged_by,
                f.acknowledged_at,
                f.resolved_by,
                f.resolved_at,
                f.resolution,
                f.source_link,
                f.logged_by,
            )
            for f in feedback
        ),
    )


def decision_log_csv(events: Iterable[Event]) -> str:
    """Every change of state of feedback, risks and changes; the actor is empty when the
    feedback was anonymous or the bot acted."""
    return table(
        ("at", "ref", "subject", "action", "from_state", "to_state", "actor", "note"),
        (
            (e.at, e.ref, e.subject, e.action, e.from_state, e.to_state, e.actor_id, e.note)
            for e in events
        ),
    )


def poll_results_csv(polls: Iterable[Poll], votes: Sequence[Vote]) -> str:
    """One row per poll; averages and NPS come from the same arithmetic as the results post."""
    rows = []
    for poll in polls:
        summary = summarize(poll.kind, [v.score for v in votes if v.poll_id == poll.id], poll.asked)
        rows.append(
            (
                poll.id,
                poll.kind,
                poll.anonymity,
                poll.question,
                poll.opened_at,
                poll.closes_at,
                poll.closed_at,
                "closed" if poll.closed_at else "open",
                poll.asked,
                summary.answers,
                summary.response_rate,
                summary.average,
                summary.nps,
                poll.follow_up_by,
                poll.follow_up_note,
                poll.follow_up_at,
            )
        )
    return table(
        (
            "poll_id",
            "kind",
            "anonymity",
            "question",
            "opened_at",
            "closes_at",
            "closed_at",
            "state",
            "asked",
            "answers",
            "response_rate",
            "average",
            "nps",
            "follow_up_by",
            "follow_up_note",
            "follow_up_at",
        ),
        rows,
    )


def poll_votes_csv(polls: Iterable[Poll], votes: Iterable[Vote]) -> str:
    """One row per vote; the voter only for named polls. An anonymous vote keeps only its day:
    an exact time could be matched against when someone was seen clicking."""
    named = {poll.id for poll in polls if poll.anonymity == "named"}
    return table(
        ("poll_id", "voter", "score", "comment", "voted_at"),
        (
            (v.poll_id, v.user_id, v.score, v.comment, v.voted_at)
            if v.poll_id in named
            else (v.poll_id, None, v.score, v.comment, v.voted_at.date())
            for v in votes
        ),
    )


def risks_csv(risks: Iterable[Risk]) -> str:
    return table(
        (
            "ref",
            "title",
            "severity",
            "likelihood",
            "owner",
            "mitigation",
            "visibility",
            "state",
            "created_by",
            "created_at",
            "closed_by",
            "closed_at",
            "close_note",
            "message_link",
        ),
        (
            (
                risk_ref(r.number),
                r.title,
                r.severity,
                r.likelihood,
                r.owner_id,
                r.mitigation,
                r.visibility,
                r.state,
                r.created_by,
                r.created_at,
                r.closed_by,
                r.closed_at,
                r.close_note,
                r.source_link,
            )
            for r in risks
        ),
    )


def cost(cents: int) -> Decimal:
    """-30000 → Decimal('-300.00'): a decimal number, no currency (none is kept)."""
    return Decimal(cents).scaleb(-2)


def changes_csv(changes: Iterable[ChangeRequest]) -> str:
    return table(
        (
            "ref",
            "title",
            "reason",
            "scope_impact",
            "schedule_days",
            "cost",
            "state",
            "requested_by",
            "proposed_by",
            "created_at",
            "decided_by",
            "decided_at",
            "decision_note",
            "message_link",
        ),
        (
            (
                change_ref(c.number),
                c.title,
                c.reason,
                c.scope_impact,
                c.schedule_days,
                cost(c.cost_cents),
                c.state,
                c.requested_by,
                c.proposed_by,
                c.created_at,
                c.decided_by,
                c.decided_at,
                c.decision_note,
                c.source_link,
            )
            for c in changes
        ),
    )


Cell = str | int | float | Decimal | datetime | date | bool | None
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def iso(at: datetime) -> str:
    return at.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def neutralise(text: str) -> str:
    """Text a spreadsheet would run as a formula, made plain text."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return iso(value)
    if isinstance(value, str):
        return neutralise(value)
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)  # int, Decimal, a day: what we wrote ourselves, negative numbers included


def table(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        assert len(row) == len(header)
        writer.writerow([cell(value) for value in row])
    return out.getvalue()
