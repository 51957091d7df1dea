"""The change request form as submitted: read, checked, and the errors to show under its fields."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.changes.blocks import (
    TEXT_LIMIT,
    TITLE_LIMIT,
)
from bot.changes.impact import ImpactError, parse_cost, parse_days
from bot.platform import i18n
from bot.platform.blocks import keep_it_to, state_value
from bot.platform.i18n import _


@dataclass(frozen=True)
class ChangeForm:
    title: str
    reason: str
    scope_impact: str
    schedule_days: int
    cost_cents: int
    requested_by: str | None


def read_change_form(values: dict[str, dict[str, Any]]) -> tuple[ChangeForm | None, dict[str, str]]:
    """The form, or the errors to show under each field."""
    title, reason = state_value(values, "title"), state_value(values, "reason")
    scope = state_value(values, "scope")
    errors: dict[str, str] = {}
    if not title or len(title) > TITLE_LIMIT:
        errors["title"] = _("Say what changes, in at most {limit} characters.").format(
            limit=i18n.number(TITLE_LIMIT)
        )
    if not reason or len(reason) > TEXT_LIMIT:
        errors["reason"] = _("Say why, in at most {limit} characters.").format(
            limit=i18n.number(TEXT_LIMIT)
        )
    if len(scope) > TEXT_LIMIT:
        errors["scope"] = keep_it_to(TEXT_LIMIT)
    days = cost = 0
    try:
        days = parse_days(state_value(values, "schedule"))
    except ImpactError as error:
        errors["schedule"] = str(error)
    try:
        cost = parse_cost(state_value(values, "cost"))
    except ImpactError as error:
        errors["cost"] = str(error)
    if errors:
        return None, errors
    requested_by = state_value(values, "requested_by") or None
    return ChangeForm(title, reason, scope, days, cost, requested_by), {}
