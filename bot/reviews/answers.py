"""What a communication review asks and what its answers add up to. Pure: rows in, counts out;
the words are said in the reader's language."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.platform import i18n
from bot.platform.blocks import label
from bot.platform.i18n import N_, _, listing
from storage.models import Review, ReviewAnswer

WINDOW_DAYS = 7  # how long a review takes answers
CHANGE_LIMIT = 1000  # characters of "what should change"
QUESTIONS = {
    "cadence": N_("Is the cadence right?"),
    "useful": N_("Are the updates useful?"),
    "change": N_("What should change?"),
}
CADENCE = {
    "too-often": N_("Too often"),
    "right": N_("About right"),
    "too-rare": N_("Not often enough"),
}
USEFUL = {
    "very": N_("Very useful"),
    "somewhat": N_("Somewhat useful"),
    "not": N_("Not useful"),
}


@dataclass(frozen=True)
class ReviewResults:
    review_id: int
    opened_at: datetime
    closed_at: datetime | None
    answers: int
    clients: int
    team: int
    cadence: dict[str, int]  # every choice, zeros included
    useful: dict[str, int]
    changes: list[str]  # what people wrote, in no order that could tell who wrote it
    note: str | None
    note_by: str | None

    @property
    def cadence_right(self) -> float | None:
        return self.cadence["right"] / self.answers if self.answers else None

    @property
    def found_useful(self) -> float | None:
        """The share that found the updates very or somewhat useful."""
        useful = self.useful["very"] + self.useful["somewhat"]
        return useful / self.answers if self.answers else None


def summarize(review: Review, rows: list[ReviewAnswer]) -> ReviewResults:
    assert review.id is not None
    return ReviewResults(
        review_id=review.id,
        opened_at=review.opened_at,
        closed_at=review.closed_at,
        answers=len(rows),
        clients=sum(1 for row in rows if row.side == "client"),
        team=sum(1 for row in rows if row.side != "client"),
        cadence={key: sum(1 for row in rows if row.cadence == key) for key in CADENCE},
        useful={key: sum(1 for row in rows if row.useful == key) for key in USEFUL},
        changes=sorted(row.change.strip() for row in rows if row.change and row.change.strip()),
        note=review.note,
        note_by=review.note_by,
    )


def who_answered(results: ReviewResults) -> str:
    """`5 answers (3 from the client, 2 from the team)`."""
    return _("{count} answers ({clients} from the client, {team} from the team)").format(
        count=i18n.number(results.answers),
        clients=i18n.number(results.clients),
        team=i18n.number(results.team),
    )


def counted(table: dict[str, str], counts: dict[str, int]) -> str:
    """`About right 4, Too often 1, Not often enough 0`."""
    return listing(
        _("{choice} {count}").format(choice=label(table, key), count=i18n.number(counts[key]))
        for key in table
    )


def headline(results: ReviewResults) -> str:
    """`Cadence about right for 80% · updates useful for 100%`, or that nobody answered."""
    right, useful = results.cadence_right, results.found_useful
    if right is None or useful is None:
        return _("nobody answered")
    return _("cadence about right for {right} · updates useful for {useful}").format(
        right=i18n.percent(right), useful=i18n.percent(useful)
    )
