"""The App Home tab as Block Kit: a card per project, attention first, within Slack's 100 blocks."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from bot.home.cards import Home, PollResult, ProjectCard, ResponseTrend, ordered
from bot.platform import i18n
from bot.platform.blocks import MAX_VIEW_BLOCKS, Block, context, divider, header, section, user
from bot.platform.i18n import N_, _, duration, ngettext, pgettext
from bot.platform.text import clip, escape, one_line
from bot.status.blocks import health_label, progress_label

SPARKS = "▁▂▃▄▅▆▇█"
NO_DATA = "·"
UPDATE_SHOWN = 200  # characters of the last update's text on a card
CARD_BLOCKS = 2  # a divider and a section
FIXED_BLOCKS = 4  # header, summary, "n more", footer
START_HERE = N_(
    "You are not on any project yet.\n\n"
    "*To start one*, type `/project setup NAME` in the channel you share with your client: "
    "Rapport binds the project to that channel, makes you its owner and sets up a plan "
    "(a weekly digest, a satisfaction poll, a response target) that `/project set` changes.\n\n"
    "*Already on a project?* It shows up here once you are its member, or once you post a "
    "`/status` update or send `/feedback` on it."
)


def _elapsed(then: datetime, now: datetime) -> tuple[str, int]:
    """How long ago, as people round it: (unit, count)."""
    seconds = max(0.0, (now - then).total_seconds())
    if seconds < 60:
        return "now", 0
    if seconds < 3600:
        return "min", int(seconds // 60)
    hours = int(seconds // 3600)
    if hours < 24:
        return "hour", hours
    days = int(seconds // 86400)
    if days == 1:
        return "yesterday", 1
    if days < 14:
        return "day", days
    if days < 60:
        return "week", days // 7
    return "month", days // 30


def ago(then: datetime, now: datetime) -> str:
    """`just now`, `5 min ago`, `3 hours ago`, `yesterday`, `2 days ago`, `3 weeks ago`."""
    unit, count = _elapsed(then, now)
    if unit == "now":
        return _("just now")
    if unit == "yesterday":
        return _("yesterday")
    if unit == "min":
        said = ngettext("{count} min ago", "{count} min ago", count)
    elif unit == "hour":
        said = ngettext("{count} hour ago", "{count} hours ago", count)
    elif unit == "day":
        said = ngettext("{count} day ago", "{count} days ago", count)
    elif unit == "week":
        said = ngettext("{count} week ago", "{count} weeks ago", count)
    else:
        said = ngettext("{count} month ago", "{count} months ago", count)
    return said.format(count=count)


def age(then: datetime, now: datetime) -> str:
    """How old something is, for "(oldest …)": `just now`, `5 min`, `yesterday`, `3 weeks`."""
    unit, count = _elapsed(then, now)
    if unit == "now":
        return pgettext("age of the oldest", "just now")
    if unit == "yesterday":
        return pgettext("age of the oldest", "yesterday")
    if unit == "min":
        said = ngettext("{count} min", "{count} min", count)
    elif unit == "hour":
        said = ngettext("{count} hour", "{count} hours", count)
    elif unit == "day":
        said = ngettext("{count} day", "{count} days", count)
    elif unit == "week":
        said = ngettext("{count} week", "{count} weeks", count)
    else:
        said = ngettext("{count} month", "{count} months", count)
    return said.format(count=count)


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
        return _("⭐ Satisfaction: no poll closed yet")
    label = "NPS" if polls[-1].kind == "nps" else "CSAT"
    values = " → ".join(poll_value(p) for p in polls)
    if len(polls) == 1:
        return _("⭐ {label} {values} (one poll so far)").format(label=label, values=values)
    return f"⭐ {label} {values} {direction(polls[-2].value, polls[-1].value)}"


def response_line(trend: ResponseTrend) -> str:
    """`⏱ First response ▂▃▅▇ · median 5 hr vs target 9 hr · 83% within target`."""
    latest = trend.latest_median
    target = timedelta(seconds=trend.target_seconds)
    if latest is None and trend.judged == 0:
        return _("⏱ First response: no client messages in the last 4 weeks")
    spark = sparkline(trend.weekly_medians, trend.target_seconds)
    parts = [_("⏱ First response {sparkline}").format(sparkline=spark)]
    if latest is not None:
        parts.append(
            _("median {median} vs target {target}").format(
                median=duration(timedelta(seconds=latest)), target=duration(target)
            )
        )
    if trend.within_target is not None:
        share = i18n.percent(trend.within_target)
        parts.append(_("{share} within target").format(share=share))
    line = " · ".join(parts)
    return line + (" ⚠️" if trend.slipping else "")


def card_text(card: ProjectCard, now: datetime) -> str:
    team = card.audience == "team"
    lines = [
        _("*{project}* in {channel}").format(
            project=escape(card.name), channel=f"<#{card.client_channel_id}>"
        ),
        _("{health} · Progress {progress}").format(
            health=health_label(card.health), progress=progress_label(card.progress)
        ),
    ]
    if reasons := card.attention:
        separator = pgettext("list separator", "; ")
        lines.insert(1, _("⚠️ *Needs attention:* {reasons}").format(reasons=separator.join(reasons)))
    if card.last_update_at is None:
        lines.append(_("📝 No status update yet"))
    elif team:
        said = clip(one_line(card.last_update_text), UPDATE_SHOWN)
        lines.append(
            _("📝 Last update {ago} by {author}: {text}").format(
                ago=ago(card.last_update_at, now),
                author=user(card.last_update_author),
                text=escape(said),
            )
        )
    else:
        lines.append(_("📝 Last update {ago}").format(ago=ago(card.last_update_at, now)))
    lines.append(_feedback_line(card, team))
    if card.pending_changes or team:
        lines.append(_changes_line(card, team, now))
    if team:
        lines.append(poll_line(card.polls))
        if card.response is not None:
            lines.append(response_line(card.response))
    return "\n".join(lines)


def _feedback_line(card: ProjectCard, team: bool) -> str:
    count, overdue = card.open_feedback, card.overdue_feedback
    if team and overdue:
        said = _("💬 Open feedback: {count} ({overdue} past its answer target)")
    elif team:
        said = _("💬 Open feedback: {count}")
    elif overdue:
        said = _("💬 Your open feedback: {count} ({overdue} past its answer target)")
    else:
        said = _("💬 Your open feedback: {count}")
    return said.format(count=count, overdue=overdue)


def _changes_line(card: ProjectCard, team: bool, now: datetime) -> str:
    count, oldest = card.pending_changes, card.oldest_change_at
    if team and oldest is not None:
        said = _("🔀 Change requests pending: {count} (oldest {age})")
    elif team:
        said = _("🔀 Change requests pending: {count}")
    elif oldest is not None:
        said = _("🔀 Change requests awaiting your decision: {count} (oldest {age})")
    else:
        said = _("🔀 Change requests awaiting your decision: {count}")
    return said.format(count=count, age=age(oldest, now) if oldest is not None else "")


def build_card(card: ProjectCard, now: datetime) -> list[Block]:
    return [divider(), section(card_text(card, now))]


def refreshed(now: datetime) -> str:
    """In each reader's own time zone (Slack formats `<!date>`), UTC where it cannot."""
    stamp = int(now.timestamp())
    fallback = now.strftime("%Y-%m-%d %H:%M UTC")
    # Slack's own tokens, read by Slack (not by str.format): `{date_short_pretty}`, `{time}`.
    shown = pgettext("Slack date: keep both tokens", "{date_short_pretty} at {time}")
    return _("Refreshed {date} · open this tab again to refresh").format(
        date=f"<!date^{stamp}^{shown}|{fallback}>"
    )


def build_home(home: Home) -> dict[str, Any]:
    """The view for views.publish: the cards that fit, attention first, then how many more."""
    if not home.cards:
        return build_empty_home(home.now)
    cards = ordered(home.cards)
    attention = sum(1 for c in cards if c.attention)
    summary = ngettext("{count} project", "{count} projects", len(cards)).format(count=len(cards))
    if attention:
        needing = ngettext("{count} needs attention", "{count} need attention", attention)
        summary += " · " + needing.format(count=attention)
    room = (MAX_VIEW_BLOCKS - FIXED_BLOCKS) // CARD_BLOCKS
    shown = cards[:room]
    blocks: list[Block] = [header(_("Your projects")), context(summary)]
    for card in shown:
        blocks += build_card(card, home.now)
    if hidden := len(cards) - len(shown):
        more = ngettext(
            "…and {count} more project, not shown: a Home tab holds {most} blocks. "
            "`/project` in a project's channel shows its plan.",
            "…and {count} more projects, not shown: a Home tab holds {most} blocks. "
            "`/project` in a project's channel shows its plan.",
            hidden,
        )
        blocks.append(context(more.format(count=hidden, most=MAX_VIEW_BLOCKS)))
    blocks.append(context(refreshed(home.now)))
    return {"type": "home", "blocks": blocks}


def build_empty_home(now: datetime) -> dict[str, Any]:
    return {
        "type": "home",
        "blocks": [
            header(_("👋 Welcome to Rapport")),
            section(_(START_HERE)),
            context(refreshed(now)),
        ],
    }
