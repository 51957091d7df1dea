"""Satisfaction scores: CSAT (1–5) and NPS (0–10). Pure arithmetic."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

SCALES = {"csat": range(1, 6), "nps": range(0, 11)}
QUESTIONS = {
    "csat": "How satisfied are you with how this project is going?",
    "nps": "How likely are you to recommend working with us to a friend or colleague?",
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
            return "no answers"
        if self.kind == "nps":
            return f"NPS {self.nps:+d}"
        return f"{self.average:.1f} / 5"


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
