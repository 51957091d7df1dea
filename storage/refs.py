"""How people name feedback, risks and change requests: `FB-12`, `R-3`, `CR-2`."""

from __future__ import annotations


def feedback_ref(number: int) -> str:
    return f"FB-{number}"


def risk_ref(number: int) -> str:
    return f"R-{number}"


def change_ref(number: int) -> str:
    return f"CR-{number}"
