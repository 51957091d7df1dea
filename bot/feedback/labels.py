"""The words for feedback's kinds, urgencies and states, in the reader's language."""

from __future__ import annotations

from bot.platform.blocks import label
from bot.platform.i18n import N_

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


def kind_label(kind: str) -> str:
    return label(KIND_LABELS, kind)


def kind_word(kind: str) -> str:
    return label(KIND_WORDS, kind)


def urgency_label(urgency: str) -> str:
    return label(URGENCY_LABELS, urgency)


def feedback_state_label(state: str) -> str:
    return label(STATE_LABELS, state)
