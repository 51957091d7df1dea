"""The words for a risk's levels, in the reader's language."""

from __future__ import annotations

from bot.platform.blocks import (
    label,
)
from bot.platform.i18n import N_

RISK_LEVEL_LABELS = {"high": N_("🔴 High"), "medium": N_("🟠 Medium"), "low": N_("🟢 Low")}


def risk_level_label(level: str) -> str:
    return label(RISK_LEVEL_LABELS, level)
