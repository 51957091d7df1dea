"""Client feedback: per-project numbers, anonymity, and the acknowledged/resolved history."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import Engine
from sqlmodel import select

from storage.db import session_scope
from storage.feedback import (
    acknowledge_feedback,
    feedback_received_since,
    feedback_resolved_since,
    get_feedback,
    resolve_feedback,
    set_card,
)
from storage.models import Event, Feedback, Project
from storage.projects import next_feedback_number, owners_of
from tests.factories import NOW, log_of, new_feedback, new_project

pytestmark = pytest.mark.db

THREADS = 8


def two_projects(engine: Engine) -> tuple[Project, Project]:
    with session_scope(engine) as session:
        return (
            new_project(session, name="Acme", channel_id="C0A"),
            new_project(session, name="Globex", channel_id="C0G"),
        )


def test_numbers_are_per_project(engine: Engine) -> None:
    acme, globex = two_projects(engine)

    with session_scope(engine) as session:
        first = new_feedback(session, acme)
        second = new_feedback(session, acme)
    with session_scope(engine) as session:
        other = new_feedback(session, globex)
        third = new_feedback(session, acme)

    assert (first.number, second.number, third.number) == (1, 2, 3)
    assert other.number == 1


def test_next_feedback_number_counts_up_per_project(engine: Engine) -> None:
    acme, globex = two_projects(engine)

    with session_scope(engine) as session:
        assert next_feedback_number(session=session, project=acme) == 1
        assert next_feedback_number(session=session, project=acme) == 2
        assert next_feedback_number(session=session, project=globex) == 1


def test_a_failed_send_does_not_use_up_a_number(engine: Engine) -> None:
    acme, _ = two_projects(engine)

    with pytest.raises(RuntimeError), session_scope(engine) as session:
        new_feedback(session, acme)
        raise RuntimeError("Slack was down")

    with session_scope(engine) as session:
        assert new_feedback(session, acme).number == 1


def test_concurrent_senders_get_distinct_consecutive_numbers(engine: Engine) -> None:
    acme, globex = two_projects(engine)
    start = threading.Barrier(THREADS)
    numbers: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def send(index: int) -> None:
        try:
            start.wait(timeout=10)
            # As the /feedback handler does: the project was loaded earlier, in another session.
            with session_scope(engine) as session:
                feedback = new_feedback(session, acme, f"feedback {index}", author_id=f"U{index}")
                owners_of(session=session, project=acme)
            with lock:
                numbers.append(feedback.number)
        except BaseException as error:  # reported by the main thread
            with lock:
                errors.append(error)

    threads = [threading.Thread(target=send, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert sorted(numbers) == list(range(1, THREADS + 1))
    with session_scope(engine) as session:
        stored = session.exec(select(Feedback.number).where(Feedback.project_id == acme.id))
        assert sorted(stored) == list(range(1, THREADS + 1))
        assert new_feedback(session, acme).number == THREADS + 1
        assert new_feedback(session, globex).number == 1


def test_anonymous_feedback_stores_no_user_anywhere(engine: Engine) -> None:
    acme, _ = two_projects(engine)
    with session_scope(engine) as session:
        feedback = new_feedback(session, acme, "The PM ignores us", author_id=None)
        acknowledge_feedback(session=session, feedback=feedback, user_id="U0ANA", now=NOW)

    with session_scope(engine) as session:
        stored = get_feedback(session=session, feedback_id=feedback.id or 0)
        assert stored is not None
        assert stored.author_id is None
        history = log_of(session, stored)
        assert [(e.action, e.actor_id) for e in history] == [
            ("created", None),
            ("acknowledged", "U0ANA"),
        ]


def test_named_feedback_records_its_author(engine: Engine) -> None:
    acme, _ = two_projects(engine)
    with session_scope(engine) as session:
        feedback = new_feedback(session, acme, author_id="U0DANA")

    with session_scope(engine) as session:
        stored = get_feedback(session=session, feedback_id=feedback.id or 0)
        assert stored is not None
        assert stored.author_id == "U0DANA"
        assert stored.state == "open"
        assert [e.actor_id for e in log_of(session, stored)] == ["U0DANA"]


def test_acknowledge_then_resolve_records_who_when_and_history(engine: Engine) -> None:
    acme, _ = two_projects(engine)
    later, latest = NOW + timedelta(hours=1), NOW + timedelta(hours=5)
    with session_scope(engine) as session:
        feedback = new_feedback(session, acme)

    with session_scope(engine) as session:
        assert acknowledge_feedback(session=session, feedback=feedback, user_id="U0ANA", now=later)
    with session_scope(engine) as session:
        assert not acknowledge_feedback(
            session=session, feedback=feedback, user_id="U0BEN", now=latest
        )
        assert resolve_feedback(
            session=session, feedback=feedback, user_id="U0BEN", resolution="Fixed", now=latest
        )
    with session_scope(engine) as session:
        assert not resolve_feedback(
            session=session, feedback=feedback, user_id="U0ANA", resolution="Again", now=latest
        )
        assert not acknowledge_feedback(
            session=session, feedback=feedback, user_id="U0ANA", now=latest
        )

    with session_scope(engine) as session:
        stored = get_feedback(session=session, feedback_id=feedback.id or 0)
        assert stored is not None
        assert stored.state == "resolved"
        assert (stored.acknowledged_by, stored.acknowledged_at) == ("U0ANA", later)
        assert (stored.resolved_by, stored.resolved_at) == ("U0BEN", latest)
        assert stored.resolution == "Fixed"
        history = log_of(session, stored)
        assert [(e.action, e.actor_id, e.note, e.at) for e in history] == [
            ("created", "U0DANA", None, NOW),
            ("acknowledged", "U0ANA", None, later),
            ("resolved", "U0BEN", "Fixed", latest),
        ]


def test_resolving_open_feedback_also_acknowledges_it(engine: Engine) -> None:
    acme, _ = two_projects(engine)
    with session_scope(engine) as session:
        feedback = new_feedback(session, acme)
        assert resolve_feedback(
            session=session, feedback=feedback, user_id="U0BEN", resolution="Done", now=NOW
        )

    with session_scope(engine) as session:
        stored = get_feedback(session=session, feedback_id=feedback.id or 0)
        assert stored is not None
        assert (stored.acknowledged_by, stored.acknowledged_at) == ("U0BEN", NOW)
        assert [e.action for e in log_of(session, stored)] == [
            "created",
            "resolved",
        ]


def test_history_is_kept_per_feedback(engine: Engine) -> None:
    acme, _ = two_projects(engine)
    with session_scope(engine) as session:
        one = new_feedback(session, acme)
        two = new_feedback(session, acme)
        acknowledge_feedback(session=session, feedback=two, user_id="U0ANA", now=NOW)

    with session_scope(engine) as session:
        assert len(log_of(session, one)) == 1
        assert len(log_of(session, two)) == 2
        events = session.exec(select(Event)).all()
        assert {(e.subject, e.subject_id) for e in events} == {
            ("feedback", one.id),
            ("feedback", two.id),
        }
        assert [(e.from_state, e.to_state) for e in log_of(session, two)] == [
            (None, "open"),
            ("open", "acknowledged"),
        ]


def test_received_and_resolved_since_a_date(engine: Engine) -> None:
    acme, globex = two_projects(engine)
    week_ago = NOW - timedelta(days=7)
    with session_scope(engine) as session:
        old = new_feedback(session, acme, "old", at=week_ago - timedelta(days=1))
        new = new_feedback(session, acme, "new", at=NOW)
        new_feedback(session, globex, "elsewhere", at=NOW)
        resolve_feedback(session=session, feedback=old, user_id="U0B", resolution="ok", now=NOW)

    with session_scope(engine) as session:
        received = feedback_received_since(session=session, project=acme, since=week_ago)
        resolved = feedback_resolved_since(session=session, project=acme, since=week_ago)
        assert [f.text for f in received] == ["new"]
        assert [f.text for f in resolved] == ["old"]
        assert new.number == 2


def test_the_card_location_is_remembered(engine: Engine) -> None:
    acme, _ = two_projects(engine)
    with session_scope(engine) as session:
        feedback = new_feedback(session, acme)
        set_card(session=session, feedback=feedback, channel_id="C0TEAM", ts="1700000000.000100")

    with session_scope(engine) as session:
        stored = get_feedback(session=session, feedback_id=feedback.id or 0)
        assert stored is not None
        assert (stored.card_channel_id, stored.card_ts) == ("C0TEAM", "1700000000.000100")
        assert get_feedback(session=session, feedback_id=99999) is None


def _at_once(engine: Engine, feedback_id: int, *clicks: tuple[str, str]) -> dict[str, bool]:
    """Each (user, action) in its own unit of work, all reading the feedback first and then
    changing it at the same moment, as owners clicking on two replicas would."""
    barrier = threading.Barrier(len(clicks))
    results: dict[str, bool] = {}

    def click(user_id: str, action: str) -> None:
        with session_scope(engine) as session:
            feedback = get_feedback(session=session, feedback_id=feedback_id)
            assert feedback is not None
            barrier.wait()
            if action == "acknowledge":
                won = acknowledge_feedback(
                    session=session, feedback=feedback, user_id=user_id, now=NOW
                )
            else:
                won = resolve_feedback(
                    session=session, feedback=feedback, user_id=user_id, resolution="Done", now=NOW
                )
            results[user_id] = won

    threads = [threading.Thread(target=click, args=pair) for pair in clicks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_two_owners_acknowledging_at_once_acknowledge_once(engine: Engine) -> None:
    with session_scope(engine) as session:
        feedback = new_feedback(session, new_project(session))
    assert feedback.id is not None
    results = _at_once(engine, feedback.id, ("U0ANA", "acknowledge"), ("U0BEN", "acknowledge"))
    assert sorted(results.values()) == [False, True]
    winner = next(user for user, won in results.items() if won)
    with session_scope(engine) as session:
        stored = get_feedback(session=session, feedback_id=feedback.id)
        assert stored is not None
        events = log_of(session, stored)
    assert stored.acknowledged_by == winner
    assert [(e.action, e.actor_id) for e in events] == [
        ("created", "U0DANA"),
        ("acknowledged", winner),
    ]


def test_a_resolution_racing_an_acknowledgement_resolves_once_and_logs_the_truth(
    engine: Engine,
) -> None:
    with session_scope(engine) as session:
        feedback = new_feedback(session, new_project(session))
    assert feedback.id is not None
    results = _at_once(
        engine, feedback.id, ("U0ANA", "acknowledge"), ("U0BEN", "resolve"), ("U0CHEN", "resolve")
    )
    assert results["U0BEN"] != results["U0CHEN"]  # one resolution, whoever came second learns it
    with session_scope(engine) as session:
        stored = get_feedback(session=session, feedback_id=feedback.id)
        assert stored is not None
        events = [(e.action, e.from_state, e.to_state) for e in log_of(session, stored)]
    assert stored.state == "resolved" and stored.acknowledged_at is not None
    if results["U0ANA"]:  # acknowledged first: the resolution then starts from there
        assert events[1:] == [
            ("acknowledged", "open", "acknowledged"),
            ("resolved", "acknowledged", "resolved"),
        ]
        assert stored.acknowledged_by == "U0ANA"
    else:  # resolved first: resolving acknowledged it too, by the resolver
        assert events[1:] == [("resolved", "open", "resolved")]
        assert stored.acknowledged_by == stored.resolved_by
