"""Satisfaction scores: CSAT (1–5) and NPS (0–10). Pure arithmetic; the headline is said in the
reader's language."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from babel.numbers import format_decimal

from bot.platform import i18n
from bot.platform.i18n import N_, _

SCALES = {"csat": range(1, 6), "nps": range(0, 11)}
# The default questions, translated when a poll opens (into the project's language).
QUESTIONS = {
    "csat": N_("How satisfied are you with how this project is going?"),
    "nps": N_("How likely are you to recommend working with us to a friend or colleague?"),
}
LOW = {"csat": 2, "nps": 6}  # a score at or below this alerts the owners


@dataclass(frozen=True)
class Summary:
    kind: str
    answers: int
    average: float | None
    distribution: dict[int, int]  # every score of the scale, zeros included
    nps: int | None  # promoters % − detractors %, NPS polls only
    response_rate: float | None  # answers / client members asked

    @property
    def headline(self) -> str:
        if self.answers == 0:
            return _("no answers")
        if self.kind == "nps":
            return _("NPS {score}").format(score=signed(self.nps or 0, decimals=0))
        return _("{average} / 5").format(average=decimal(self.average or 0.0))


def decimal(value: float, *, decimals: int = 1) -> str:
    """`4.5`, `4.0`: a fixed number of decimals, in the reader's locale."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, pattern, locale=i18n.current())


def signed(value: float, *, decimals: int = 1) -> str:
    """`+1.5`, `-12`, `+0`: a change, always with its sign, in the reader's locale."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, f"+{pattern};-{pattern}", locale=i18n.current())


def summarize(kind: str, scores: list[int], asked: int | None) -> Summary:
    scale = SCALES[kind]
    counts = Counter(scores)
    distribution = {score: counts.get(score, 0) for score in scale}
    average = sum(scores) / len(scores) if scores else None
    nps = None
    if kind == "nps" and scores:
        promoters = sum(1 for s in scores if s >= 9)
        detractors = sum(1 for s in scores if s <= 6)
        nps = round(100 * (promoters - detractors) / len(scores))
    rate = len(scores) / asked if asked else None
    return Summary(kind, len(scores), average, distribution, nps, rate)


def is_low(kind: str, score: int) -> bool:
    return score <= LOW[kind]
