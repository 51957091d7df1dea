"""The App Home tab as Block Kit: a card per project, attention first, within Slack's 100 blocks."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from bot.blocks.common import MAX_VIEW_BLOCKS, Block, context, divider, header, section
from bot.blocks.labels import duration, health_label, progress_label, user
from bot.home import Home, PollResult, ProjectCard, ResponseTrend, ordered
from bot.text import clip, escape, one_line

SPARKS = "▁▂▃▄▅▆▇█"
NO_DATA = "·"
UPDATE_SHOWN = 200  # characters of the last update's text on a card
CARD_BLOCKS = 2  # a divider and a section
FIXED_BLOCKS = 4  # header, summary, "n more", footer
START_HERE = (
    "You are not on any project yet.\n\n"
    "*To start one*, type `/project setup NAME` in the channel you share with your client: "
    "Rapport binds the project to that channel, makes you its owner and sets up a plan "
    "(a weekly digest, a satisfaction poll, a response target) that `/project set` changes.\n\n"
    "*Already on a project?* It shows up here once you are its member, or once you post a "
    "`/status` update or send `/feedback` on it."
)


def ago(then: datetime, now: datetime) -> str:
    """`just now`, `5 min ago`, `3 hours ago`, `yesterday`, `2 days ago`, `3 weeks ago`."""
    seconds = max(0.0, (now - then).total_seconds())
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    hours = int(seconds // 3600)
    if hours < 24:
        return f"{hours} hour{'s' if hours > 1 else ''} ago"
    days = int(seconds // 86400)
    if days == 1:
        return "yesterday"
    if days < 14:
        return f"{days} days ago"
    if days < 60:
        return f"{days // 7} weeks ago"
    return f"{days // 30} months ago"


def sparkline(values: tuple[float | None, ...] | list[float | None], top: float) -> str:
    """One mark per value, scaled to `top` (the highest value or the target, whichever is
    higher); `·` where there is no value."""
    highest = max([top, *(v for v in values if v is not None)])
    marks = []
    for value in values:
        if value is None:
            marks.append(NO_DATA)
        else:
            index = round(value / highest * (len(SPARKS) - 1)) if highest > 0 else 0
            marks.append(SPARKS[min(index, len(SPARKS) - 1)])
    return "".join(marks)


def direction(before: float, after: float) -> str:
    return "↑" if after > before else "↓" if after < before else "→"


def poll_value(poll: PollResult) -> str:
    return f"{poll.value:+.0f}" if poll.kind == "nps" else f"{poll.value:.1f}"


def poll_line(polls: tuple[PollResult, ...]) -> str:
    """`⭐ CSAT 4.0 → 4.5 ↑` over the last polls; NPS signed."""
    if not polls:
        return "⭐ Satisfaction: no poll closed yet"
    label = "NPS" if polls[-1].kind == "nps" else "CSAT"
    values = " → ".join(poll_value(p) for p in polls)
    if len(polls) == 1:
        return f"⭐ {label} {values} (one poll so far)"
    return f"⭐ {label} {values} {direction(polls[-2].value, polls[-1].value)}"


def response_line(trend: ResponseTrend) -> str:
    """`⏱ First response ▂▃▅▇ · median 5.0 h vs target 9.0 h · 83% within target`."""
    latest = trend.latest_median
    target = timedelta(seconds=trend.target_seconds)
    if latest is None and trend.judged == 0:
        return "⏱ First response: no client messages in the last 4 weeks"
    parts = [f"⏱ First response {sparkline(trend.weekly_medians, trend.target_seconds)}"]
    if latest is not None:
        parts.append(f"median {duration(timedelta(seconds=latest))} vs target {duration(target)}")
    if trend.within_target is not None:
        parts.append(f"{trend.within_target:.0%} within target")
    line = " · ".join(parts)
    return line + (" ⚠️" if trend.slipping else "")


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def card_text(card: ProjectCard, now: datetime) -> str:
    team = card.audience == "team"
    lines = [
        f"*{escape(card.name)}* in <#{card.client_channel_id}>",
        f"{health_label(card.health)} · Progress {progress_label(card.progress)}",
    ]
    if card.attention:
        lines.insert(1, "⚠️ *Needs attention:* " + "; ".join(card.attention))
    if card.last_update_at is None:
        lines.append("📝 No status update yet")
    elif team:
        said = clip(one_line(card.last_update_text), UPDATE_SHOWN)
        lines.append(
            f"📝 Last update {ago(card.last_update_at, now)} by {user(card.last_update_author)}: "
            f"{escape(said)}"
        )
    else:
        lines.append(f"📝 Last update {ago(card.last_update_at, now)}")
    whose = "Open feedback" if team else "Your open feedback"
    feedback = f"💬 {whose}: {card.open_feedback}"
    if card.overdue_feedback:
        feedback += f" ({card.overdue_feedback} past its answer target)"
    lines.append(feedback)
    if card.pending_changes or team:
        title = "Change requests pending" if team else "Change requests awaiting your decision"
        changes = f"🔀 {title}: {card.pending_changes}"
        if card.oldest_change_at is not None:
            changes += f" (oldest {ago(card.oldest_change_at, now).removesuffix(' ago')})"
        lines.append(changes)
    if team:
        lines.append(poll_line(card.polls))
        if card.response is not None:
            lines.append(response_line(card.response))
    return "\n".join(lines)


def build_card(card: ProjectCard, now: datetime) -> list[Block]:
    return [divider(), section(card_text(card, now))]


def refreshed(now: datetime) -> str:
    """In each reader's own time zone (Slack formats `<!date>`), UTC where it cannot."""
    stamp = int(now.timestamp())
    fallback = now.strftime("%Y-%m-%d %H:%M UTC")
    return (
        f"Refreshed <!date^{stamp}^{{date_short_pretty}} at {{time}}|{fallback}> · "
        "open this tab again to refresh"
    )


def build_home(home: Home) -> dict[str, Any]:
    """The view for views.publish: the cards that fit, attention first, then how many more."""
    if not home.cards:
        return build_empty_home(home.now)
    cards = ordered(home.cards)
    attention = sum(1 for c in cards if c.attention)
    summary = _count(len(cards), "project")
    if attention:
        summary += f" · {attention} need{'s' if attention == 1 else ''} attention"
    room = (MAX_VIEW_BLOCKS - FIXED_BLOCKS) // CARD_BLOCKS
    shown = cards[:room]
    blocks: list[Block] = [header("Your projects"), context(summary)]
    for card in shown:
        blocks += build_card(card, home.now)
    if hidden := len(cards) - len(shown):
        blocks.append(
            context(
                f"…and {_count(hidden, 'more project')}, not shown: a Home tab holds "
                f"{MAX_VIEW_BLOCKS} blocks. `/project` in a project's channel shows its plan."
            )
        )
    blocks.append(context(refreshed(home.now)))
    return {"type": "home", "blocks": blocks}


def build_empty_home(now: datetime) -> dict[str, Any]:
    return {
        "type": "home",
        "blocks": [
            header("👋 Welcome to Rapport"),
            section(START_HERE),
            context(refreshed(now)),
        ],
    }
