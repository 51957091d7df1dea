"""Poll votes in the database: one per person per poll, a second one replaces the first, and two
first votes at once (a double click) are counted once."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from storage.db import session_scope
from storage.models import Poll, PollVote
from storage.polls import open_poll, record_vote
from tests.factories import NOW, new_project

pytestmark = pytest.mark.db


def new_poll(session: Session, anonymity: str = "anonymous") -> Poll:
    return open_poll(
        session=session,
        project=new_project(session),
        kind="csat",
        question="How are we doing?",
        anonymity=anonymity,
        now=NOW,
        closes_at=NOW + timedelta(days=3),
    )


def votes(engine: Engine) -> list[tuple[str, str | None, int]]:
    with session_scope(engine) as session:
        rows = session.exec(select(PollVote).order_by(PollVote.id))  # type: ignore[arg-type]
        return [(v.voter_key, v.user_id, v.score) for v in rows]


def test_a_second_vote_replaces_the_first_and_the_same_one_writes_nothing(engine: Engine) -> None:
    with session_scope(engine) as session:
        poll = new_poll(session, anonymity="named")
    later = NOW + timedelta(minutes=5)
    # Each vote is the first write of its own transaction, as a click's is.
    with session_scope(engine) as session:
        assert record_vote(session=session, poll=poll, user_id="U0DANA", score=4, now=NOW) == "new"
    with session_scope(engine) as session:
        assert record_vote(session=session, poll=poll, user_id="U0DANA", score=4, now=later) == (
            "same"
        )
    with session_scope(engine) as session:
        assert record_vote(session=session, poll=poll, user_id="U0DANA", score=2, now=later) == (
            "changed"
        )
    with session_scope(engine) as session:
        assert record_vote(session=session, poll=poll, user_id="U0ELI", score=5, now=later) == "new"
    assert votes(engine) == [("U0DANA", "U0DANA", 2), ("U0ELI", "U0ELI", 5)]
    with session_scope(engine) as session:
        [first] = session.exec(select(PollVote).where(PollVote.user_id == "U0DANA"))
        assert first.voted_at == later


def test_an_anonymous_vote_keeps_no_user_id(engine: Engine) -> None:
    with session_scope(engine) as session:
        poll = new_poll(session)
        assert record_vote(session=session, poll=poll, user_id="U0DANA", score=1, now=NOW) == "new"
    [(key, user_id, score)] = votes(engine)
    assert user_id is None and "U0DANA" not in key and score == 1


def test_two_first_votes_at_once_are_counted_once(engine: Engine) -> None:
    with session_scope(engine) as session:
        poll = new_poll(session)
    outcomes: dict[str, str] = {}

    def second_click() -> None:
        with session_scope(engine) as session:
            outcomes["second"] = record_vote(
                session=session, poll=poll, user_id="U0DANA", score=5, now=NOW
            )

    with session_scope(engine) as session:
        outcomes["first"] = record_vote(
            session=session, poll=poll, user_id="U0DANA", score=3, now=NOW
        )
        other = threading.Thread(target=second_click)
        other.start()
        time.sleep(0.3)  # the second click found no vote and now waits for this one's commit
    other.join(timeout=20)
    assert outcomes == {"first": "new", "second": "changed"}
    assert [score for _key, _user, score in votes(engine)] == [5]
