"""The communication review's messages and forms, in both languages and within Slack's limits,
and what its answers add up to."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.platform.i18n import speaking
from bot.reviews.answers import summarize
from bot.reviews.blocks import build_review_message, build_review_report, build_review_results
from bot.reviews.forms import build_answer_modal, build_note_modal
from bot.sandbox.limits import check_message_blocks, check_view
from storage.models import Review, ReviewAnswer
from tests.language import LANGUAGES, assert_in_language
from tests.reading import all_text

OPENED = datetime(2027, 1, 1, 15, 0, tzinfo=UTC)
FIGURES = "First response median 40 working min"
RESULTS_HEADLINE = {
    "en": "<@U0ANA> 3 answers (2 from the client, 1 from the team): cadence about right for "
    "67% · updates useful for 67%.",
    "zh_CN": "<@U0ANA> 3 份回答（客户 2 份，团队 1 份）：67% 认为频率合适 · 67% 认为更新有用。",
}


def review(**overrides: Any) -> Review:
    values: dict[str, Any] = {
        "id": 7,
        "project_id": 1,
        "channel_id": "C0ACME",
        "opened_at": OPENED,
        "closes_at": OPENED + timedelta(days=7),
        "voter_secret": "s",
    }
    values.update(overrides)
    return Review(**values)


def answer(side: str, cadence: str, useful: str, change: str | None = None) -> ReviewAnswer:
    return ReviewAnswer(
        review_id=7,
        voter_key="k",
        side=side,
        cadence=cadence,
        useful=useful,
        change=change,
        answered_at=OPENED,
    )


ROWS = [
    answer("client", "right", "very", "Tell us <!channel> delays earlier"),
    answer("client", "too-often", "not", "  "),
    answer("team", "right", "somewhat", "Another day"),
]


def test_the_answers_add_up_without_saying_whose_they_are() -> None:
    results = summarize(review(closed_at=OPENED + timedelta(days=7)), ROWS)
    assert (results.answers, results.clients, results.team) == (3, 2, 1)
    assert results.cadence == {"too-often": 1, "right": 2, "too-rare": 0}
    assert results.useful == {"very": 1, "somewhat": 1, "not": 1}
    assert results.changes == ["Another day", "Tell us <!channel> delays earlier"]  # sorted
    assert results.cadence_right == pytest.approx(2 / 3)
    assert summarize(review(), []).found_useful is None


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_review_and_its_results_are_in_the_readers_language(language: str) -> None:
    closed = review(closed_at=OPENED + timedelta(days=7), note="Thursdays", note_by="U0ANA")
    results = summarize(closed, ROWS)
    with speaking(language):
        _text, message = build_review_message(
            review(), answers=2, figures=FIGURES, timezone="Europe/Berlin"
        )
        _text, shown = build_review_results(
            results, project_name="Acme Website", figures=FIGURES, owners=["U0ANA"]
        )
        report = build_review_report(results, "Europe/Berlin")
        forms = [
            build_answer_modal(review(), channel_id="C0ACME"),
            build_note_modal(closed, channel_id=None),
        ]
    for blocks in (message, shown, report):
        assert check_message_blocks(blocks) == []
    assert all(check_view(form) == [] for form in forms)
    data = [
        FIGURES,
        "Acme Website",
        "Thursdays",
        "Another day",
        "Tell us &lt;!channel&gt; delays earlier",
        "Europe/Berlin",
    ]
    assert_in_language([message, shown, report, forms], language, allowed=data)
    assert RESULTS_HEADLINE[language] in all_text(shown)
    assert "&lt;!channel&gt;" in all_text(shown)  # what people wrote pings nobody


def test_a_closed_review_says_so_and_offers_no_button() -> None:
    _text, blocks = build_review_message(
        review(closed_at=OPENED), answers=4, figures=FIGURES, timezone="UTC"
    )
    assert "This review is closed: 4 answered." in all_text(blocks)
    assert not [b for b in blocks if b["type"] == "actions"]
