"""The words for an incident's severity and state."""

from __future__ import annotations

from bot.platform.i18n import N_

SEVERITY_LABELS = {
    "sev1": N_("🔴 SEV1 · service down"),
    "sev2": N_("🟠 SEV2 · major impact"),
    "sev3": N_("🟡 SEV3 · minor impact"),
}
