"""The team's alert about a client message waiting for an answer, before and after it comes."""

from __future__ import annotations

from bot.blocks.labels import user
from bot.working_hours import WorkingHours


def hours_label(seconds: float) -> str:
    """`25 min`, `7.2 working hours`."""
    if seconds < 3600:
        return f"{max(1, round(seconds / 60))} working min"
    return f"{seconds / 3600:.1f} working hours"


def build_waiting_alert(
    *,
    author_id: str,
    channel_id: str,
    permalink: str,
    waited: int,
    target: int,
    owner_ids: list[str],
    hours: WorkingHours,
) -> str:
    # Mentions in the text reach the owners even in a muted channel.
    mentions = "".join(f"{user(o)} " for o in owner_ids)
    return (
        f"⏱️ {mentions}A message from {user(author_id)} in <#{channel_id}> has waited "
        f"{hours_label(waited)} for an answer; the target is {hours_label(target)} "
        f"({hours.describe()}). <{permalink}|Open it> and reply in its thread."
    )


def build_answered_alert(
    *, author_id: str, channel_id: str, permalink: str, answered_by: str, waited: int, target: int
) -> str:
    verdict = "within" if waited <= target else "past"
    return (
        f"✅ {user(answered_by)} answered {user(author_id)}'s <{permalink}|message> in "
        f"<#{channel_id}> after {hours_label(waited)}, {verdict} the target of "
        f"{hours_label(target)}."
    )
