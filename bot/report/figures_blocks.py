"""The figures of a project for a period, as the team reads them in `/project report`."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from babel.numbers import format_decimal

from bot.platform import i18n
from bot.platform.blocks import Block, bullet_list, context, fields, header, label, section, user
from bot.platform.i18n import N_, _, duration, listing, ngettext
from bot.platform.text import escape
from bot.report.figures import PollPoint, ProjectFigures
from bot.responses.blocks import hours_label

# Read with `period_name`, which translates.
PERIOD_NAMES = {
    "week": N_("this week"),
    "month": N_("the last 4 weeks"),
    "quarter": N_("the last 13 weeks"),
}
# What became of the change requests proposed in the period, counted.
CHANGE_COUNTS = {
    "approved": N_("{count} approved"),
    "rejected": N_("{count} rejected"),
    "pending": N_("{count} pending"),
    "withdrawn": N_("{count} withdrawn"),
}


def period_name(period: str) -> str:
    """`the last 4 weeks` / `最近 4 周`."""
    return label(PERIOD_NAMES, period)


def build_figures(figures: ProjectFigures) -> tuple[str, list[Block]]:
    """`/project report`: the period's figures, for the team, in the reader's language."""
    zone = ZoneInfo(figures.timezone)
    title = _("📊 {project} — {period}").format(
        project=figures.project_name, period=period_name(figures.period)
    )
    since, until = figures.since.astimezone(zone), figures.until.astimezone(zone)
    blocks: list[Block] = [
        header(title),
        context(
            _("{since} – {until} · working hours, target {target}").format(
                since=i18n.day(since),
                until=i18n.day_and_year(until),
                target=hours_label(figures.target_seconds),
            )
        ),
        fields(*_response_fields(figures), *_plan_fields(figures)),
    ]
    if figures.members:
        blocks.append(section(_who_answers(figures)))
    if len(figures.weeks) > 1:
        blocks.append(section(_by_week(figures)))
    if figures.incident_line:
        blocks.append(section(figures.incident_line))
    blocks.append(
        context(
            _(
                "Median of an even count: the mean of the middle two · 90th percentile: nearest "
                "rank · within target: of the answered and the unanswered already past it"
            )
        )
    )
    text = _("{project}: figures for {period}").format(
        project=escape(figures.project_name), period=period_name(figures.period)
    )
    return text, blocks


def _response_fields(figures: ProjectFigures) -> list[str]:
    """How fast clients hear back."""
    responses = figures.responses
    within = (
        _("{share} ({count} of {total})").format(
            share=i18n.percent(responses.within_target),
            count=i18n.number(round(responses.within_target * responses.judged)),
            total=i18n.number(responses.judged),
        )
        if responses.within_target is not None
        else "—"
    )
    return [
        _("*First response, median*\n{time}").format(time=hours_or_dash(responses.median_seconds)),
        _("*First response, 90th percentile*\n{time}").format(
            time=hours_or_dash(responses.p90_seconds)
        ),
        _("*Answered within target*\n{share}").format(share=within),
        _("*Client messages*\n{received} received, {answered} answered").format(
            received=i18n.number(responses.received), answered=i18n.number(responses.answered)
        ),
    ]


def _plan_fields(figures: ProjectFigures) -> list[str]:
    """Whether the plan ran: status before each digest, feedback, satisfaction, changes."""
    changes = [
        _(CHANGE_COUNTS[state]).format(count=i18n.number(count))
        if state in CHANGE_COUNTS
        else f"{i18n.number(count)} {state}"
        for state, count in figures.changes.items()
    ]
    return [
        ngettext(
            "*Status before the digest*\n{punctual} of {count} week",
            "*Status before the digest*\n{punctual} of {count} weeks",
            figures.digest_weeks,
        ).format(
            punctual=i18n.number(figures.punctual_weeks), count=i18n.number(figures.digest_weeks)
        ),
        _(
            "*Feedback*\n{received} received, {resolved} resolved; median {duration} to resolve"
        ).format(
            received=i18n.number(figures.feedback_received),
            resolved=i18n.number(figures.feedback_resolved),
            duration=duration(figures.median_resolution),
        ),
        _("*Satisfaction*\n{trend}").format(trend=satisfaction_trend(figures.polls)),
        _("*Change requests*\n{counts}").format(counts=listing(changes)),
    ]


def _who_answers(figures: ProjectFigures) -> str:
    items = [
        ngettext(
            "{person}: {count} first answer, median {time}",
            "{person}: {count} first answers, median {time}",
            m.replies,
        ).format(
            person=user(m.user_id),
            count=i18n.number(m.replies),
            time=hours_or_dash(m.median_seconds),
        )
        for m in figures.members
    ]
    return _("*Who answers clients*\n{items}").format(items=bullet_list(items, limit=2800))


def _by_week(figures: ProjectFigures) -> str:
    weeks = " · ".join(
        _("{day}: {time} ({count})").format(
            day=i18n.short_day(w.start),
            time=hours_or_dash(w.median_seconds),
            count=i18n.number(w.received),
        )
        for w in figures.weeks
    )
    return _("*Median first response by week* (messages)\n{weeks}").format(weeks=weeks)


def hours_or_dash(seconds: float | None) -> str:
    """Working time, or a dash when there is nothing to measure."""
    return "—" if seconds is None else hours_label(seconds)


def _score(point_kind: str, value: float) -> str:
    """An NPS signed and whole (`+12`), a CSAT average to one decimal (`4.2`)."""
    if point_kind == "nps":
        return format_decimal(round(value), "+#,##0;-#,##0", locale=i18n.current())
    return format_decimal(value, "0.0", locale=i18n.current())


def satisfaction_trend(points: list[PollPoint]) -> str:
    """`CSAT 4.5 / 5 ↑ from 4.0 (2 answers)`: the latest poll against the one before."""
    if not points:
        return _("no poll closed yet")
    last = points[-1]
    label = "NPS" if last.kind == "nps" else "CSAT"
    value = _score(last.kind, last.value)
    if last.kind != "nps":
        value = _("{score} / 5").format(score=value)
    count = i18n.number(last.answers)
    same_kind = [p for p in points[:-1] if p.kind == last.kind]
    if not same_kind:
        return ngettext(
            "{label} {value} ({count} answer)", "{label} {value} ({count} answers)", last.answers
        ).format(label=label, value=value, count=count)
    before = same_kind[-1].value
    arrow = "↑" if last.value > before else "↓" if last.value < before else "→"
    return ngettext(
        "{label} {value} {arrow} from {previous} ({count} answer)",
        "{label} {value} {arrow} from {previous} ({count} answers)",
        last.answers,
    ).format(
        label=label,
        value=value,
        arrow=arrow,
        previous=_score(last.kind, before),
        count=count,
    )
