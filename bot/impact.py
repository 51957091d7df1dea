"""The impact of a change request as people type it and read it: working days and money.

Cost is kept in hundredths with no currency: a project quotes in one currency, and the totals
of `/change list` add numbers, not exchange rates.
"""

from __future__ import annotations

import re

MAX_DAYS = 365
MAX_COST_CENTS = 10**12  # ten billion: anything above is a typo
LONGEST = 40  # characters: longer is not an amount (and int() refuses over 4,300 digits)
_DAYS = re.compile(r"^([+-]?\d+)\s*(?:d|days?|working days?)?$", re.IGNORECASE)
_COST = re.compile(
    r"^(?P<sign>[+-])?\s*(?:[A-Z]{3}\s*)?[€$£¥]?\s*"
    r"(?P<whole>\d{1,3}(?:[,\s]\d{3})+|\d+)(?:\.(?P<cents>\d{1,2}))?\s*(?P<k>k)?"
    r"\s*(?:[A-Z]{3}|[€$£¥])?$",
    re.IGNORECASE,
)


class ImpactError(ValueError):
    """The words say what to type instead."""


def parse_days(raw: str) -> int:
    """`5`, `+5d`, `-2 days`, `` (none) → working days."""
    text = raw.strip()
    if not text:
        return 0
    match = _DAYS.match(text) if len(text) <= LONGEST else None
    if match is None or abs(int(match.group(1))) > MAX_DAYS:
        raise ImpactError(
            f"Give the schedule impact in working days, from -{MAX_DAYS} to {MAX_DAYS}, "
            "e.g. `5` or `-2`."
        )
    return int(match.group(1))


def parse_cost(raw: str) -> int:
    """`2000`, `2,000.50`, `€1.5k`, `-300 EUR`, `` (none) → hundredths."""
    text = raw.strip()
    if not text:
        return 0
    match = _COST.match(text) if len(text) <= LONGEST else None
    if match is None:
        raise ImpactError(
            "Give the cost as a number, e.g. `2000`, `2,500.50` or `-300` for a saving."
        )
    whole = int(re.sub(r"[,\s]", "", match.group("whole")))
    cents = int((match.group("cents") or "0").ljust(2, "0"))
    amount = whole * 100 + cents
    if match.group("k"):
        amount *= 1000
    if amount > MAX_COST_CENTS:
        raise ImpactError("That cost is too large to be right: check the number.")
    return -amount if match.group("sign") == "-" else amount


def describe_days(days: int) -> str:
    if days == 0:
        return "no change"
    unit = "working day" if abs(days) == 1 else "working days"
    return f"{days:+d} {unit}"


def describe_cost(cents: int) -> str:
    if cents == 0:
        return "no change"
    amount = abs(cents) / 100
    figure = f"{amount:,.0f}" if cents % 100 == 0 else f"{amount:,.2f}"
    return ("+" if cents > 0 else "−") + figure
