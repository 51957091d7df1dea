"""The figures of a project for a period, as the team reads them in `/project report`."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.blocks.common import Block, bullet_list, context, fields, header, section
from bot.blocks.labels import duration, user
from bot.blocks.responses import hours_label
from bot.figures import PollPoint, ProjectFigures
from bot.text import escape

PERIOD_NAMES = {"week": "this week", "month": "the last 4 weeks", "quarter": "the last 13 weeks"}


def build_figures(figures: ProjectFigures) -> tuple[str, list[Block]]:
    zone = ZoneInfo(figures.timezone)
    responses = figures.responses
    title = f"📊 {figures.project_name} — {PERIOD_NAMES[figures.period]}"
    within = (
        f"{responses.within_target:.0%} ({round(responses.within_target * responses.judged)} "
        f"of {responses.judged})"
        if responses.within_target is not None
        else "—"
    )
    since, until = figures.since.astimezone(zone), figures.until.astimezone(zone)
    blocks: list[Block] = [
        header(title),
        context(
            f"{since:%a %d %b} – {until:%a %d %b %Y} · working hours, target "
            f"{hours_label(figures.target_seconds)}"
        ),
        fields(
            f"*First response, median*\n{_hours(responses.median_seconds)}",
            f"*First response, 90th percentile*\n{_hours(responses.p90_seconds)}",
            f"*Answered within target*\n{within}",
            f"*Client messages*\n{responses.received} received, {responses.answered} answered",
            f"*Status before the digest*\n{figures.punctual_weeks} of {figures.digest_weeks} weeks",
            f"*Feedback*\n{figures.feedback_received} received, {figures.feedback_resolved} "
            f"resolved; median {duration(figures.median_resolution)} to resolve",
            f"*Satisfaction*\n{_trend(figures.polls)}",
            "*Change requests*\n"
            + ", ".join(f"{count} {state}" for state, count in figures.changes.items()),
        ),
    ]
    if figures.members:
        items = [
            f"{user(m.user_id)}: {m.replies} first answer{'s' if m.replies != 1 else ''}, "
            f"median {_hours(m.median_seconds)}"
            for m in figures.members
        ]
        blocks.append(section("*Who answers clients*\n" + bullet_list(items, limit=2800)))
    weeks = " · ".join(
        f"{w.start:%d %b}: {_hours(w.median_seconds)} ({w.received})" for w in figures.weeks
    )
    if len(figures.weeks) > 1:
        blocks.append(section(f"*Median first response by week* (messages)\n{weeks}"))
    blocks.append(
        context(
            "Median of an even count: the mean of the middle two · 90th percentile: nearest rank "
            "· within target: of the answered and the unanswered already past it"
        )
    )
    text = f"{escape(figures.project_name)}: figures for {PERIOD_NAMES[figures.period]}"
    return text, blocks


def _hours(seconds: float | None) -> str:
    return "—" if seconds is None else hours_label(seconds)


def _trend(points: list[PollPoint]) -> str:
    if not points:
        return "no poll closed yet"
    last = points[-1]
    label = "NPS" if last.kind == "nps" else "CSAT"
    value = f"{last.value:+.0f}" if last.kind == "nps" else f"{last.value:.1f} / 5"
    same_kind = [p for p in points[:-1] if p.kind == last.kind]
    if not same_kind:
        return f"{label} {value} ({last.answers} answers)"
    before = same_kind[-1].value
    arrow = "↑" if last.value > before else "↓" if last.value < before else "→"
    previous = f"{before:+.0f}" if last.kind == "nps" else f"{before:.1f}"
    return f"{label} {value} {arrow} from {previous} ({last.answers} answers)"
