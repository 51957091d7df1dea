"""How people name feedback, risks, change requests and incidents: `FB-12`, `R-3`, `CR-2`,
`INC-1`, numbered within their project. The decision log keeps these, so they are made here,
below everything that shows them; bot/platform/text.reference_number reads them back as people
type them."""

from __future__ import annotations

FEEDBACK, RISK, CHANGE, INCIDENT = "FB", "R", "CR", "INC"
DECISION, ACTION_ITEM = "D", "A"  # a meeting's decisions and action items


def feedback_ref(number: int) -> str:
    return f"{FEEDBACK}-{number}"


def risk_ref(number: int) -> str:
    return f"{RISK}-{number}"


def change_ref(number: int) -> str:
    return f"{CHANGE}-{number}"


def decision_ref(number: int) -> str:
    return f"{DECISION}-{number}"


def action_item_ref(number: int) -> str:
    return f"{ACTION_ITEM}-{number}"


def incident_ref(number: int) -> str:
    return f"{INCIDENT}-{number}"
