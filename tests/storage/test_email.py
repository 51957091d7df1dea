"""Email recipients and the claims that send each email once: one sender per (project,
address, job, period), whatever races, fails or dies."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import Engine

from storage.db import session_scope
from storage.email import (
    MAX_ATTEMPTS,
    SendClaim,
    active_addresses,
    add_recipient,
    claim_send,
    given_up_sends,
    move_send,
    sends_to_resume,
    set_unsubscribed,
)
from tests.factories import NOW, new_project

pytestmark = pytest.mark.db

TIMEOUT = timedelta(minutes=10)
CFO = "cfo@acme.example"


def setup(engine: Engine) -> int:
    with session_scope(engine) as session:
        project = new_project(session)
        assert project.id is not None
        add_recipient(session=session, project_id=project.id, address=CFO, added_by="U1", now=NOW)
        return project.id


def claim(engine: Engine, project_id: int, worker: str, now=NOW) -> SendClaim | None:  # type: ignore[no-untyped-def]
    with session_scope(engine) as session:
        return claim_send(
            session=session,
            project_id=project_id,
            address=CFO,
            job="digest",
            period_key="2026-W47",
            scheduled_for=NOW,
            message_id="<m@x>",
            worker=worker,
            now=now,
            timeout=TIMEOUT,
        )


def move(engine: Engine, claimed: SendClaim, state: str, now=NOW) -> bool:  # type: ignore[no-untyped-def]
    with session_scope(engine) as session:
        return move_send(session=session, send=claimed.send, state=state, now=now, note="x")


def test_two_workers_claiming_at_once_make_one_sender(engine: Engine) -> None:
    project_id = setup(engine)
    won: list[SendClaim | None] = []
    workers = [
        threading.Thread(target=lambda w=w: won.append(claim(engine, project_id, w)))
        for w in ("a", "b")
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert len([c for c in won if c is not None]) == 1


def test_a_failure_is_tried_again_after_a_growing_backoff_then_given_up(engine: Engine) -> None:
    project_id = setup(engine)
    first = claim(engine, project_id, "a")
    assert first is not None and move(engine, first, "failed")
    assert claim(engine, project_id, "b", now=NOW + timedelta(minutes=4)) is None
    now, waits = NOW, []
    current = first
    for attempt in range(2, MAX_ATTEMPTS + 1):
        with session_scope(engine) as session:
            [due] = sends_to_resume(session=session, now=now + timedelta(days=1), stale_before=now)
        assert due.next_attempt_at is not None
        waits.append(due.next_attempt_at - now)
        now = due.next_attempt_at
        taken = claim(engine, project_id, f"w{attempt}", now=now)
        assert taken is not None and taken.send.attempts == attempt and not taken.again
        assert move(engine, current, "sent", now) is False  # the old claim is no longer its own
        assert move(engine, taken, "failed", now)
        current = taken
    assert waits == [timedelta(minutes=m) for m in (5, 15, 45, 135)]
    with session_scope(engine) as session:
        assert sends_to_resume(session=session, now=now + timedelta(days=9), stale_before=now) == []
        [gone] = given_up_sends(session=session, project_id=project_id, since=NOW)
    assert (gone.state, gone.attempts, gone.next_attempt_at) == ("failed", MAX_ATTEMPTS, None)


def test_a_claim_left_sending_is_taken_over_as_a_send_again_after_the_timeout(
    engine: Engine,
) -> None:
    project_id = setup(engine)
    first = claim(engine, project_id, "dead")
    assert first is not None and move(engine, first, "sending")
    assert claim(engine, project_id, "b", now=NOW + timedelta(minutes=9)) is None
    taken = claim(engine, project_id, "b", now=NOW + TIMEOUT)
    assert taken is not None and taken.again and taken.send.message_id == "<m@x>"
    assert move(engine, taken, "sent")
    assert claim(engine, project_id, "c", now=NOW + timedelta(days=1)) is None


def test_unsubscribed_and_late_added_addresses_get_nothing(engine: Engine) -> None:
    project_id = setup(engine)
    with session_scope(engine) as session:
        again, created = add_recipient(
            session=session, project_id=project_id, address=CFO, added_by="U2", now=NOW
        )
        assert not created and again.added_by == "U1"
        add_recipient(
            session=session,
            project_id=project_id,
            address="late@acme.example",
            added_by="U1",
            now=NOW + timedelta(hours=1),
        )
        assert active_addresses(session=session, project_id=project_id, added_by=NOW) == [CFO]
        assert set_unsubscribed(session=session, project_id=project_id, address=CFO, at=NOW)
        assert active_addresses(session=session, project_id=project_id, added_by=NOW) == []
