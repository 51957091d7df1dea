"""Words and marks shared by several messages."""

from __future__ import annotations

from datetime import timedelta

HEALTH_LABELS = {"on-track": "🟢 On track", "at-risk": "🟡 At risk", "off-track": "🔴 Off track"}
KIND_LABELS = {
    "praise": "🙌 Praise",
    "problem": "⚠️ Problem",
    "request": "📝 Request",
    "question": "❓ Question",
}
URGENCY_LABELS = {"low": "Low", "normal": "Normal", "urgent": "🚨 Urgent"}
STATE_LABELS = {
    "open": "Open",
    "acknowledged": "👀 Acknowledged",
    "resolved": "✅ Resolved",
    "withdrawn": "↩️ Withdrawn by its sender",
}

RISK_LEVEL_LABELS = {"high": "🔴 High", "medium": "🟠 Medium", "low": "🟢 Low"}


def health_label(health: str | None) -> str:
    return HEALTH_LABELS.get(health or "", "⚪ Not reported")


def progress_label(progress: int | None) -> str:
    return "—" if progress is None else f"{progress}%"


def feedback_ref(number: int) -> str:
    return f"FB-{number}"


def risk_ref(number: int) -> str:
    return f"R-{number}"


def user(user_id: str | None) -> str:
    return f"<@{user_id}>" if user_id else "someone (anonymous)"


def duration(value: timedelta | None) -> str:
    """`25 min`, `13.5 h`, `3.2 days`: how long something took or has waited."""
    if value is None:
        return "—"
    hours = value.total_seconds() / 3600
    if hours < 1:
        return f"{max(1, round(hours * 60))} min"
    if hours < 48:
        return f"{hours:.1f} h"
    return f"{hours / 24:.1f} days"
