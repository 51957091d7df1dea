"""The `/status` quick form:

    [on-track|at-risk|off-track] [NN%] [internal] text [; next: …] [; blocked: …]

The leading markers may come in any order; `;`-parts that do not start with `next:` or
`blocked:` stay part of the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

HEALTHS = ("on-track", "at-risk", "off-track")
# No colour words: "Green light from Acme" is news, not a health marker.
HEALTH_ALIASES = {
    "on-track": "on-track",
    "ontrack": "on-track",
    "at-risk": "at-risk",
    "atrisk": "at-risk",
    "off-track": "off-track",
    "offtrack": "off-track",
}
TEXT_LIMIT = 2000
_PERCENT = re.compile(r"^(\d{1,3})%$")
_SECTION = re.compile(r"^(next|blocked|blockers|blocker)\s*:\s*(.*)$", re.IGNORECASE | re.DOTALL)


class QuickFormError(ValueError):
    """The typed text cannot be an update; the message says how to fix it."""


@dataclass(frozen=True)
class StatusDraft:
    text: str
    health: str | None = None
    progress: int | None = None
    next_steps: str = ""
    blockers: str = ""
    visibility: str = "client"


def parse_status(raw: str) -> StatusDraft:
    parts = [part.strip() for part in raw.split(";")]
    head, text_parts, next_steps, blockers = parts[0], [], "", ""
    for part in parts[1:]:
        section = _SECTION.match(part)
        if section is None:
            text_parts.append(part)
        elif section.group(1).lower() == "next":
            next_steps = section.group(2).strip()
        else:
            blockers = section.group(2).strip()

    health: str | None = None
    progress: int | None = None
    visibility = "client"
    words = head.split()
    while words:
        word = words[0].lower()
        if word in HEALTH_ALIASES and health is None:
            health = HEALTH_ALIASES[word]
        elif (percent := _PERCENT.match(word)) and progress is None:
            progress = int(percent.group(1))
            if progress > 100:
                raise QuickFormError(
                    f"Progress {progress}% is over 100%: give a number from 0 to 100."
                )
        elif word == "internal" and visibility == "client":
            visibility = "internal"
        else:
            break
        words.pop(0)

    text = "; ".join(filter(None, [" ".join(words), *text_parts])).strip()
    if not text:
        raise QuickFormError(
            "An update needs some text, e.g. `/status on-track 60% Login page shipped; "
            "next: payments`."
        )
    check_length("update", text)
    check_length("next steps", next_steps)
    check_length("blockers", blockers)
    return StatusDraft(text, health, progress, next_steps, blockers, visibility)


def check_length(what: str, text: str, limit: int = TEXT_LIMIT) -> None:
    if len(text) > limit:
        raise QuickFormError(
            f"The {what} is {len(text):,} characters; the limit is {limit:,}. "
            "Shorten it, or split it into two updates."
        )
