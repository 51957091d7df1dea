"""The export's tables beyond tables.py (whose rules every CSV keeps): response times, and
incidents as a timeline (one row per step: declared, each update, resolved, reviewed)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from bot.export.tables import Cell, table
from storage.models import ClientMessage, Incident, IncidentUpdate
from storage.refs import incident_ref


def response_times_csv(messages: Iterable[ClientMessage]) -> str:
    """Client messages and their first answer; hours count the project's working hours."""
    return table(
        (
            "received_at",
            "author",
            "in_thread",
            "answered_at",
            "answered_by",
            "response_working_hours",
            "withdrawn",
        ),
        (
            (
                m.received_at,
                m.author_id,
                m.thread_ts is not None,
                m.answered_at,
                m.answered_by,
                None if m.response_seconds is None else m.response_seconds / 3600,
                m.withdrawn,
            )
            for m in messages
        ),
    )


def incidents_csv(incidents: Iterable[Incident], updates: Iterable[IncidentUpdate]) -> str:
    """Each incident's steps in order; an update says the time it was promised by and whether
    it came by then."""
    by_incident: dict[int, list[IncidentUpdate]] = {}
    for update in updates:
        by_incident.setdefault(update.incident_id, []).append(update)
    return table(
        ("incident", "title", "step", "at", "by", "severity", "text", "due_at", "on_time"),
        (row for i in incidents for row in _steps(i, by_incident.get(i.id or 0, []))),
    )


def _steps(i: Incident, updates: list[IncidentUpdate]) -> Iterator[tuple[Cell, ...]]:
    ref = incident_ref(i.number)
    declared = i.declared_severity
    yield ref, i.title, "declared", i.declared_at, i.declared_by, declared, i.known, None, None
    for u in updates:
        on_time = u.due_at is None or u.at <= u.due_at
        yield ref, i.title, "update", u.at, u.author_id, u.severity, u.text, u.due_at, on_time
    if i.resolved_at is not None:
        yield (
            ref,
            i.title,
            "resolved",
            i.resolved_at,
            i.resolved_by,
            i.severity,
            i.summary,
            None,
            None,
        )
    if i.reviewed_at is not None:
        review = f"Cause: {i.review_cause}\nFix: {i.review_fix}\nPrevention: {i.review_prevention}"
        yield ref, i.title, "reviewed", i.reviewed_at, i.owner_id, i.severity, review, None, None
