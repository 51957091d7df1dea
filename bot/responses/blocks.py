"""The team's alert about a client message waiting for an answer, before and after it comes."""

from __future__ import annotations

from babel.numbers import format_decimal

from bot.platform import i18n
from bot.platform.blocks import user
from bot.platform.calendar import Calendar
from bot.platform.i18n import _
from bot.projects.working_hours import describe_hours


def hours_label(seconds: float) -> str:
    """`25 working min`, `7.2 working hours`."""
    if seconds < 3600:
        return _("{count} working min").format(count=max(1, round(seconds / 60)))
    hours = format_decimal(seconds / 3600, "#,##0.0", locale=i18n.current())
    return _("{hours} working hours").format(hours=hours)


def build_waiting_alert(
    *,
    author_id: str,
    channel_id: str,
    permalink: str,
    waited: int,
    target: int,
    owner_ids: list[str],
    hours: Calendar,
) -> str:
    # Mentions in the text reach the owners even in a muted channel.
    mentions = "".join(f"{user(o)} " for o in owner_ids)
    return _(
        "⏱️ {mentions}A message from {author} in {channel} has waited {waited} for an answer; "
        "the target is {target} ({hours}). <{link}|Open it> and reply in its thread."
    ).format(
        mentions=mentions,
        author=user(author_id),
        channel=f"<#{channel_id}>",
        waited=hours_label(waited),
        target=hours_label(target),
        hours=describe_hours(hours),
        link=permalink,
    )


def build_answered_alert(
    *, author_id: str, channel_id: str, permalink: str, answered_by: str, waited: int, target: int
) -> str:
    if waited <= target:
        said = _(
            "✅ {answerer} answered {author}'s <{link}|message> in {channel} after {waited}, "
            "within the target of {target}."
        )
    else:
        said = _(
            "✅ {answerer} answered {author}'s <{link}|message> in {channel} after {waited}, "
            "past the target of {target}."
        )
    return said.format(
        answerer=user(answered_by),
        author=user(author_id),
        link=permalink,
        channel=f"<#{channel_id}>",
        waited=hours_label(waited),
        target=hours_label(target),
    )
