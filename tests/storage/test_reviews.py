"""Communication reviews in the database: one answer per person (a second replaces the first),
no identity kept, the key wiped at close, and what is due to close."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Engine
from sqlmodel import select

from storage import reviews as store
from storage.db import session_scope
from storage.models import ReviewAnswer
from tests.factories import NOW, new_project

pytestmark = pytest.mark.db


def test_an_answer_is_kept_without_its_author_and_a_second_replaces_the_first(
    engine: Engine,
) -> None:
    with session_scope(engine) as session:
        project = new_project(session)
        review = store.open_review(
            session=session, project=project, now=NOW, closes_at=NOW + timedelta(days=7)
        )
        first = store.record_answer(
            session=session,
            review=review,
            user_id="U0DANA",
            side="client",
            cadence="too-often",
            useful="very",
            change="Less detail",
            now=NOW,
        )
        second = store.record_answer(
            session=session,
            review=review,
            user_id="U0DANA",
            side="client",
            cadence="right",
            useful="somewhat",
            change=None,
            now=NOW + timedelta(hours=1),
        )
        store.record_answer(
            session=session,
            review=review,
            user_id="U0BEN",
            side="team",
            cadence="too-rare",
            useful="not",
            change="Thursdays",
            now=NOW,
        )
        review_id = review.id
    assert (first, second) == ("new", "changed")
    with session_scope(engine) as session:
        rows = list(session.exec(select(ReviewAnswer).order_by(ReviewAnswer.id)))  # type: ignore[arg-type]
        assert [(r.side, r.cadence, r.useful, r.change) for r in rows] == [
            ("client", "right", "somewhat", None),
            ("team", "too-rare", "not", "Thursdays"),
        ]
        assert all("U0" not in r.voter_key for r in rows)
        stored = store.get_review(session=session, review_id=review_id or 0)
        assert stored is not None
        assert store.to_close(session=session, now=NOW, since=NOW) == []
        due = store.to_close(session=session, now=NOW + timedelta(days=8), since=NOW)
        assert [r.id for r in due] == [review_id]
        store.close_review(session=session, review=stored, now=NOW + timedelta(days=8))
    with session_scope(engine) as session:
        closed = store.latest_closed_review(session=session, project=project)
        assert closed is not None and closed.voter_secret is None
        assert store.current_review(session=session, project=project) is None
        store.write_note(session=session, review=closed, user_id="U0ANA", note="Thursdays", now=NOW)
    with session_scope(engine) as session:
        noted = store.get_review(session=session, review_id=review_id or 0)
        assert noted is not None and (noted.note, noted.note_by) == ("Thursdays", "U0ANA")
