"""The export's tables beyond tables.py (whose rules every CSV keeps): response times,
incidents as a timeline (one row per step: declared, each update, resolved, reviewed), and
meetings as their minutes recorded them (the meeting, then each decision and action item)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from bot.export.tables import Cell, table
from storage.meetings import MeetingRecords
from storage.models import ActionItem, ClientMessage, Decision, Incident, IncidentUpdate, Minutes
from storage.refs import action_item_ref, decision_ref, incident_ref


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


def meetings_csv(records: MeetingRecords) -> str:
    """A row for each meeting held, then one for each of its decisions and action items: what
    was agreed, who owns what by when, and whether it was done."""
    decided: dict[int, list[Decision]] = {}
    for decision in records.decisions:
        decided.setdefault(decision.minutes_id, []).append(decision)
    planned: dict[int, list[ActionItem]] = {}
    for item in records.action_items:
        planned.setdefault(item.minutes_id, []).append(item)
    return table(
        (
            "meeting",
            "held_on",
            "item",
            "kind",
            "text",
            "visibility",
            "owner",
            "due_on",
            "state",
            "recorded_by",
            "recorded_at",
            "closed_by",
            "closed_at",
        ),
        (
            row
            for minutes in records.minutes
            for row in _minutes_rows(
                minutes, decided.get(minutes.id or 0, []), planned.get(minutes.id or 0, [])
            )
        ),
    )


def _minutes_rows(
    m: Minutes, decisions: list[Decision], items: list[ActionItem]
) -> Iterator[tuple[Cell, ...]]:
    held = (m.title, m.held_on)
    yield (
        *held,
        None,
        "meeting",
        None,
        m.visibility,
        None,
        None,
        None,
        m.recorded_by,
        m.recorded_at,
        None,
        None,
    )
    for d in decisions:  # a decision is shown where its minutes are, and never moves
        yield (
            *held,
            decision_ref(d.number),
            "decision",
            d.text,
            m.visibility,
            None,
            None,
            d.state,
            d.decided_by,
            d.decided_at,
            None,
            None,
        )
    for a in items:
        yield (
            *held,
            action_item_ref(a.number),
            "action-item",
            a.text,
            a.visibility,
            a.owner_id,
            a.due_on,
            a.state,
            a.created_by,
            a.created_at,
            a.closed_by,
            a.closed_at,
        )
