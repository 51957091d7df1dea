"""How people name feedback, risks and change requests: `FB-12`, `R-3`, `CR-2`, numbered within
their project. The decision log keeps these, so they are made here, below everything that shows
them; bot/platform/text.reference_number reads them back as people type them."""

from __future__ import annotations

FEEDBACK, RISK, CHANGE = "FB", "R", "CR"


def feedback_ref(number: int) -> str:
    return f"{FEEDBACK}-{number}"


def risk_ref(number: int) -> str:
    return f"{RISK}-{number}"


def change_ref(number: int) -> str:
    return f"{CHANGE}-{number}"
