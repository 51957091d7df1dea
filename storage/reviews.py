"""Communication reviews and their answers: one answer per person per review (a second replaces
the first), keyed by a hash that only the open review can compute."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime
from typing import Literal

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from storage.models import Project, Review, ReviewAnswer, table_of


def open_review(
    *, session: Session, project: Project, now: datetime, closes_at: datetime
) -> Review:
    assert project.id is not None
    review = Review(
        project_id=project.id,
        channel_id=project.client_channel_id,
        opened_at=now,
        closes_at=closes_at,
        voter_secret=secrets.token_hex(32),
    )
    session.add(review)
    session.flush()
    return review


def get_review(*, session: Session, review_id: int) -> Review | None:
    return session.get(Review, review_id)


def current_review(*, session: Session, project: Project) -> Review | None:
    return session.exec(
        select(Review).where(Review.project_id == project.id, col(Review.closed_at).is_(None))
    ).first()


def set_review_message(*, session: Session, review: Review, ts: str) -> None:
    review.ts = ts
    session.add(review)
    session.flush()


def discard_unposted_review(*, session: Session, review_id: int) -> None:
    """A review whose message never reached the channel: nobody saw it, nothing is kept."""
    review = session.get(Review, review_id)
    if review is not None and review.ts is None:
        session.delete(review)
        session.flush()


def answerer_key(review: Review, user_id: str) -> str:
    assert review.voter_secret is not None, "a closed review takes no answers"
    return hmac.new(review.voter_secret.encode(), user_id.encode(), hashlib.sha256).hexdigest()


def record_answer(
    *,
    session: Session,
    review: Review,
    user_id: str,
    side: str,
    cadence: str,
    useful: str,
    change: str | None,
    now: datetime,
) -> Literal["new", "changed"]:
    """A first answer is one INSERT … ON CONFLICT DO NOTHING (a double submission racing it
    finds the other's row); a second one replaces it."""
    assert review.id is not None
    key = answerer_key(review, user_id)
    values = {"side": side, "cadence": cadence, "useful": useful, "change": change}
    connection = session.connection()
    inserted = connection.execute(
        _FIRST_ANSWER[connection.dialect.name],
        {"review_id": review.id, "voter_key": key, "answered_at": now, **values},
    ).first()
    if inserted is not None:
        return "new"
    existing = session.exec(
        select(ReviewAnswer).where(
            ReviewAnswer.review_id == review.id, ReviewAnswer.voter_key == key
        )
    ).one()
    for name, value in values.items():
        setattr(existing, name, value)
    existing.answered_at = now
    session.add(existing)
    session.flush()
    return "changed"


def answers(*, session: Session, review: Review) -> list[ReviewAnswer]:
    return list(
        session.exec(
            select(ReviewAnswer)
            .where(ReviewAnswer.review_id == review.id)
            .order_by(col(ReviewAnswer.id))
        )
    )


def count_answers(*, session: Session, review: Review) -> int:
    return len(answers(session=session, review=review))


def close_review(*, session: Session, review: Review, now: datetime) -> None:
    review.closed_at, review.voter_secret = now, None
    session.add(review)
    session.flush()


def to_close(*, session: Session, now: datetime, since: datetime) -> list[Review]:
    """Reviews past their window: still open, or closed since `since` (their results may not
    have reached the owners, if a process died between closing and telling)."""
    return list(
        session.exec(
            select(Review)
            .where(
                col(Review.closes_at) <= now,
                col(Review.closed_at).is_(None) | (col(Review.closed_at) >= since),
            )
            .order_by(col(Review.id))
        )
    )


def latest_closed_review(
    *, session: Session, project: Project, until: datetime | None = None
) -> Review | None:
    statement = select(Review).where(
        Review.project_id == project.id, col(Review.closed_at).is_not(None)
    )
    if until is not None:
        statement = statement.where(col(Review.closed_at) <= until)
    return session.exec(statement.order_by(col(Review.closed_at).desc())).first()


def reviews_closed_between(
    *, session: Session, project: Project, since: datetime, until: datetime
) -> list[Review]:
    return list(
        session.exec(
            select(Review)
            .where(
                Review.project_id == project.id,
                col(Review.closed_at) >= since,
                col(Review.closed_at) < until,
            )
            .order_by(col(Review.closed_at))
        )
    )


def write_note(*, session: Session, review: Review, user_id: str, note: str, now: datetime) -> None:
    review.note, review.note_by, review.note_at = note, user_id, now
    session.add(review)
    session.flush()


# Built once per dialect, on the table, as storage.polls' first vote: a first answer, or nothing.
_ANSWERS = table_of(ReviewAnswer)
_FIRST_ANSWER = {
    name: dialect.insert(_ANSWERS)
    .on_conflict_do_nothing(index_elements=["review_id", "voter_key"])
    .returning(_ANSWERS.c.id)
    for name, dialect in (("postgresql", postgresql), ("sqlite", sqlite))
}
