"""`/incident` as people type it: `sev1 Checkout fails`, `update INC-2 sev2 Fix deployed`,
`resolve INC-2 Payments work again`, `list`, `help`."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.platform.text import fold, half_width, reference_number
from storage.incidents import SEVERITIES
from storage.refs import INCIDENT

VERBS = ("update", "resolve", "list", "help")
_SEVERITY = re.compile(r"^(?:sev|s)?\s*-?([123])$")


@dataclass(frozen=True)
class IncidentCommand:
    verb: str  # declare | update | resolve | list | help | form
    text: str = ""
    severity: str | None = None
    number: int | None = None  # INC-n named, when it was


def parse_incident_command(raw: str) -> IncidentCommand:
    text = half_width(raw).strip()
    if not text:
        return IncidentCommand("form")
    first, _sep, rest = text.partition(" ")
    verb = fold(first)
    if verb in ("list", "help"):
        return IncidentCommand(verb)
    if verb in ("update", "resolve"):
        number, rest = _leading_reference(rest.strip())
        severity, rest = _leading_severity(rest)
        return IncidentCommand(verb, rest.strip(), severity, number)
    severity, rest = _leading_severity(text)
    return IncidentCommand("declare", rest.strip(), severity)


def _leading_reference(text: str) -> tuple[int | None, str]:
    first, _sep, rest = text.partition(" ")
    number = reference_number(INCIDENT, first) if first.upper().startswith(INCIDENT) else None
    return (number, rest) if number is not None else (None, text)


def _leading_severity(text: str) -> tuple[str | None, str]:
    first, _sep, rest = text.strip().partition(" ")
    match = _SEVERITY.match(fold(first).rstrip(":"))
    if match is None or not first.lower().startswith(("sev", "s")):
        return None, text
    severity = f"sev{match.group(1)}"
    assert severity in SEVERITIES
    return severity, rest
