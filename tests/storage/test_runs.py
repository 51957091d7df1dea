"""Claims on scheduled posts: one poster per period, whatever races or dies."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import Engine

from storage.db import session_scope
from storage.models import Project
from storage.runs import claim_run, find_run, finish_run, record_missed, runs_since
from tests.factories import NOW, new_project

pytestmark = pytest.mark.db

TIMEOUT = timedelta(minutes=10)


def project(engine: Engine) -> Project:
    with session_scope(engine) as session:
        return new_project(session)


def claim(engine: Engine, acme: Project, worker: str, *, now=NOW, job="digest:client"):  # type: ignore[no-untyped-def]
    with session_scope(engine) as session:
        return claim_run(
            session=session,
            job=job,
            project=acme,
            period_key="2026-W47",
            scheduled_for=NOW,
            worker=worker,
            now=now,
            timeout=TIMEOUT,
        )


def test_the_first_claim_wins_and_the_second_gets_nothing(engine: Engine) -> None:
    acme = project(engine)
    first = claim(engine, acme, "a:1")
    assert first is not None and not first.taken_over
    assert claim(engine, acme, "b:2") is None
    assert claim(engine, acme, "b:2", job="digest:internal") is not None  # another job


def test_a_finished_period_is_never_claimed_again(engine: Engine) -> None:
    acme = project(engine)
    first = claim(engine, acme, "a:1")
    assert first is not None
    with session_scope(engine) as session:
        run = session.merge(first.run)
        finish_run(session=session, run=run, state="posted", now=NOW, channel_id="C0", ts="1.2")
    assert claim(engine, acme, "b:2", now=NOW + timedelta(days=3)) is None


def test_a_stale_claim_is_taken_over_once(engine: Engine) -> None:
    acme = project(engine)
    assert claim(engine, acme, "dead:1") is not None
    assert claim(engine, acme, "b:2", now=NOW + TIMEOUT - timedelta(seconds=1)) is None
    later = NOW + TIMEOUT + timedelta(seconds=1)
    taken = claim(engine, acme, "b:2", now=later)
    assert taken is not None and taken.taken_over and taken.run.attempts == 2
    assert taken.run.claimed_by == "b:2"
    assert claim(engine, acme, "c:3", now=later) is None  # the new claim is fresh


def test_racing_claims_leave_exactly_one_winner(engine: Engine) -> None:
    acme = project(engine)
    winners: list[str] = []
    barrier = threading.Barrier(8)

    def race(worker: str) -> None:
        barrier.wait()
        if claim(engine, acme, worker) is not None:
            winners.append(worker)

    threads = [threading.Thread(target=race, args=(f"w:{n}",)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(winners) == 1


def test_a_miss_is_recorded_once_and_blocks_a_late_post(engine: Engine) -> None:
    acme = project(engine)
    with session_scope(engine) as session:
        assert record_missed(
            session=session,
            job="digest:client",
            project=acme,
            period_key="2026-W47",
            scheduled_for=NOW,
            worker="a:1",
            now=NOW,
            timeout=TIMEOUT,
        )
        assert not record_missed(
            session=session,
            job="digest:client",
            project=acme,
            period_key="2026-W47",
            scheduled_for=NOW,
            worker="a:1",
            now=NOW,
            timeout=TIMEOUT,
        )
    assert claim(engine, acme, "b:2", now=NOW + timedelta(days=1)) is None
    with session_scope(engine) as session:
        run = find_run(session=session, job="digest:client", project=acme, period_key="2026-W47")
        assert run is not None and run.state == "missed"
        assert [r.state for r in runs_since(session=session, project=acme, since=NOW)] == ["missed"]


def test_a_takeover_cannot_grab_a_run_finished_meanwhile(engine: Engine) -> None:
    acme = project(engine)
    slow = claim(engine, acme, "slow:1")
    assert slow is not None
    later = NOW + TIMEOUT + timedelta(minutes=1)
    with session_scope(engine) as session:  # the slow one finishes just before the takeover
        assert finish_run(session=session, run=slow.run, state="posted", now=later, ts="1.1")
    assert claim(engine, acme, "b:2", now=later) is None


def test_a_worker_whose_claim_was_taken_over_cannot_record_over_it(engine: Engine) -> None:
    acme = project(engine)
    slow = claim(engine, acme, "slow:1")
    taken = claim(engine, acme, "b:2", now=NOW + TIMEOUT + timedelta(minutes=1))
    assert slow is not None and taken is not None
    with session_scope(engine) as session:
        assert not finish_run(session=session, run=slow.run, state="refused", now=NOW)
        run = find_run(session=session, job="digest:client", project=acme, period_key="2026-W47")
        assert run is not None and (run.state, run.claimed_by) == ("claimed", "b:2")


def test_a_refused_post_is_tried_again_after_a_pause_and_not_forever(engine: Engine) -> None:
    acme = project(engine)
    first = claim(engine, acme, "a:1")
    assert first is not None
    with session_scope(engine) as session:
        finish_run(session=session, run=first.run, state="refused", now=NOW, note="not_in_channel")
    assert claim(engine, acme, "a:1", now=NOW + timedelta(minutes=1)) is None
    again = claim(engine, acme, "a:1", now=NOW + timedelta(minutes=6))
    assert again is not None and not again.taken_over and again.run.attempts == 2


def test_a_claim_left_behind_becomes_missed_past_the_window(engine: Engine) -> None:
    acme = project(engine)
    assert claim(engine, acme, "dead:1") is not None
    with session_scope(engine) as session:
        assert record_missed(
            session=session,
            job="digest:client",
            project=acme,
            period_key="2026-W47",
            scheduled_for=NOW,
            worker="b:2",
            now=NOW + timedelta(hours=13),
            timeout=TIMEOUT,
        )
        run = find_run(session=session, job="digest:client", project=acme, period_key="2026-W47")
        assert run is not None and run.state == "missed"
