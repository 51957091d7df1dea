"""Words and marks shared by several messages, in the reader's language (see bot/i18n.py).

The tables hold English msgids marked with `N_()`; the functions translate them when read, so
a label is in the language of whoever reads the message being built.
"""

from __future__ import annotations

from datetime import timedelta

from bot import i18n
from bot.i18n import N_, _

HEALTH_LABELS = {
    "on-track": N_("🟢 On track"),
    "at-risk": N_("🟡 At risk"),
    "off-track": N_("🔴 Off track"),
}
KIND_LABELS = {
    "praise": N_("🙌 Praise"),
    "problem": N_("⚠️ Problem"),
    "request": N_("📝 Request"),
    "question": N_("❓ Question"),
}
# The kind as a word inside a sentence: "3 problems", "a question".
KIND_WORDS = {
    "praise": N_("praise"),
    "problem": N_("problem"),
    "request": N_("request"),
    "question": N_("question"),
}
URGENCY_LABELS = {"low": N_("Low"), "normal": N_("Normal"), "urgent": N_("🚨 Urgent")}
STATE_LABELS = {
    "open": N_("Open"),
    "acknowledged": N_("👀 Acknowledged"),
    "resolved": N_("✅ Resolved"),
    "withdrawn": N_("↩️ Withdrawn by its sender"),
}
RISK_LEVEL_LABELS = {"high": N_("🔴 High"), "medium": N_("🟠 Medium"), "low": N_("🟢 Low")}


def label(table: dict[str, str], key: str | None, unknown: str | None = None) -> str:
    """The entry of a table of `N_()` msgids for `key`, translated (`unknown`, else the key
    itself, when the table lacks it)."""
    english = table.get(key or "")
    if english is None:
        return unknown if unknown is not None else (key or "")
    return _(english)


def options(table: dict[str, str]) -> list[tuple[str, str]]:
    """(value, label) pairs of a table, labels translated: for select menus."""
    return [(value, _(english)) for value, english in table.items()]


def health_label(health: str | None) -> str:
    return label(HEALTH_LABELS, health, _("⚪ Not reported"))


def kind_label(kind: str) -> str:
    return label(KIND_LABELS, kind)


def kind_word(kind: str) -> str:
    return label(KIND_WORDS, kind)


def urgency_label(urgency: str) -> str:
    return label(URGENCY_LABELS, urgency)


def feedback_state_label(state: str) -> str:
    return label(STATE_LABELS, state)


def risk_level_label(level: str) -> str:
    return label(RISK_LEVEL_LABELS, level)


def progress_label(progress: int | None) -> str:
    return "—" if progress is None else i18n.percent(progress / 100)


def feedback_ref(number: int) -> str:
    return f"FB-{number}"


def risk_ref(number: int) -> str:
    return f"R-{number}"


def user(user_id: str | None) -> str:
    return f"<@{user_id}>" if user_id else _("someone (anonymous)")


def duration(value: timedelta | None) -> str:
    """`25 min`, `13.5 hr`, `3.2 days`: how long something took or has waited."""
    return i18n.duration(value)
