"""Change requests in the database: numbers, one decision, withdrawals, the periods, the log."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import Engine

from storage.changes import (
    change_by_number,
    changes_decided_between,
    decide_change,
    get_change,
    note_question,
    pending_changes,
    withdraw_change,
)
from storage.db import session_scope
from storage.events import latest_events
from tests.factories import NOW, log_of, new_change, new_feedback, new_project

pytestmark = pytest.mark.db


def test_numbers_are_per_project_and_the_proposal_is_logged(engine: Engine) -> None:
    with session_scope(engine) as session:
        acme = new_project(session)
        globex = new_project(session, name="Globex", channel_id="C0G")
        first, second = new_change(session, acme), new_change(session, acme)
        other = new_change(session, globex)
    assert (first.number, second.number, other.number) == (1, 2, 1)
    with session_scope(engine) as session:
        assert change_by_number(session=session, project=acme, number=2) == second
        [event] = log_of(session, first)
    assert (event.ref, event.action, event.from_state, event.to_state, event.actor_id) == (
        "CR-1",
        "proposed",
        None,
        "pending",
        "U0BEN",
    )


def test_a_request_is_decided_once(engine: Engine) -> None:
    with session_scope(engine) as session:
        change = new_change(session, new_project(session))
    assert change.id is not None
    with session_scope(engine) as session:
        stored = get_change(session=session, change_id=change.id)
        assert stored is not None
        assert decide_change(
            session=session,
            change=stored,
            decision="approved",
            user_id="U0DANA",
            note=None,
            now=NOW,
        )
    with session_scope(engine) as session:
        stored = get_change(session=session, change_id=change.id)
        assert stored is not None
        assert not decide_change(
            session=session,
            change=stored,
            decision="rejected",
            user_id="U0ELI",
            note="no",
            now=NOW,
        )
        assert (stored.state, stored.decided_by) == ("approved", "U0DANA")
        actions = [e.action for e in log_of(session, change)]
    assert actions == ["proposed", "approved"]


def test_two_deciders_at_the_same_moment_make_one_decision(engine: Engine) -> None:
    with session_scope(engine) as session:
        change = new_change(session, new_project(session))
    assert change.id is not None
    change_id = change.id
    barrier = threading.Barrier(2)
    results: dict[str, bool] = {}

    def decide(user_id: str, decision: str) -> None:
        with session_scope(engine) as session:
            stored = get_change(session=session, change_id=change_id)
            assert stored is not None and stored.state == "pending"
            barrier.wait()
            results[user_id] = decide_change(
                session=session,
                change=stored,
                decision=decision,
                user_id=user_id,
                note=None,
                now=NOW,
            )

    threads = [
        threading.Thread(target=decide, args=("U0DANA", "approved")),
        threading.Thread(target=decide, args=("U0ELI", "rejected")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results.values()) == [False, True]
    winner = next(user for user, won in results.items() if won)
    with session_scope(engine) as session:
        stored = get_change(session=session, change_id=change_id)
        decisions = [e for e in log_of(session, change) if e.action != "proposed"]
    assert stored is not None
    assert stored.decided_by == winner and len(decisions) == 1


def test_only_the_proposer_withdraws_and_only_while_pending(engine: Engine) -> None:
    with session_scope(engine) as session:
        project = new_project(session)
        change, decided = new_change(session, project), new_change(session, project)
        decide_change(
            session=session,
            change=decided,
            decision="approved",
            user_id="U0DANA",
            note=None,
            now=NOW,
        )
        assert not withdraw_change(session=session, change=change, user_id="U0DANA", now=NOW)
        assert not withdraw_change(session=session, change=decided, user_id="U0BEN", now=NOW)
        assert withdraw_change(session=session, change=change, user_id="U0BEN", now=NOW)
        assert pending_changes(session=session, project=project) == []
        assert change.state == "withdrawn"


def test_decisions_of_a_period_and_questions_in_the_log(engine: Engine) -> None:
    with session_scope(engine) as session:
        project = new_project(session)
        old, new, waiting = (new_change(session, project, t) for t in ("Old", "New", "Waiting"))
        decide_change(
            session=session,
            change=old,
            decision="approved",
            user_id="U0DANA",
            note=None,
            now=NOW - timedelta(days=8),
        )
        decide_change(
            session=session,
            change=new,
            decision="rejected",
            user_id="U0DANA",
            note="Later",
            now=NOW - timedelta(days=1),
        )
        note_question(
            session=session, change=waiting, user_id="U0ELI", question="How long?", now=NOW
        )
        new_feedback(session, project, at=NOW + timedelta(minutes=1))
    with session_scope(engine) as session:
        week = changes_decided_between(
            session=session, project=project, since=NOW - timedelta(days=7), until=NOW
        )
        assert [c.title for c in week] == ["New"]
        assert [c.title for c in pending_changes(session=session, project=project)] == ["Waiting"]
        log = latest_events(session=session, project=project, limit=3)
    assert [(e.ref, e.action) for e in log] == [
        ("FB-1", "created"),
        ("CR-3", "questioned"),
        ("CR-2", "rejected"),
    ]
    assert log[1].note == "How long?" and log[2].note == "Later"
