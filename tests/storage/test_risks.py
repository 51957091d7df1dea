"""The risk log: per-project numbers, closing once, the periods the digest reads, the log."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import datetime, timedelta

import pytest
from sqlalchemy import Engine
from sqlmodel import select

from bot.risks.summary import RiskSummary, summarise_risks
from storage.db import session_scope
from storage.models import Event, Project
from storage.risks import (
    close_risk,
    get_risk,
    open_risks,
    risk_by_number,
)
from storage.rows import RiskRow
from tests.factories import NOW, log_of, new_project, new_risk

pytestmark = pytest.mark.db

THREADS = 8
DAY = timedelta(days=1)


def two_projects(engine: Engine) -> tuple[Project, Project]:
    with session_scope(engine) as session:
        return (
            new_project(session, name="Acme", channel_id="C0A"),
            new_project(session, name="Globex", channel_id="C0G"),
        )


def close(
    engine: Engine, project: Project, number: int, *, at: datetime = NOW, note: str = "Done"
) -> bool:
    with session_scope(engine) as session:
        risk = risk_by_number(session=session, project=project, number=number)
        assert risk is not None
        return close_risk(session=session, risk=risk, user_id="U0ANA", note=note, now=at)


def numbers(risks: Sequence[RiskRow]) -> list[int]:
    return [r.number for r in risks]


def test_numbers_are_per_project(engine: Engine) -> None:
    acme, globex = two_projects(engine)
    with session_scope(engine) as session:
        first, second = new_risk(session, acme), new_risk(session, acme)
        other = new_risk(session, globex)
    with session_scope(engine) as session:
        third = new_risk(session, acme)
        assert risk_by_number(session=session, project=globex, number=3) is None
        found = risk_by_number(session=session, project=acme, number=3)
        assert found is not None and get_risk(session=session, risk_id=third.id or 0) == found
    assert (first.number, second.number, third.number, other.number) == (1, 2, 3, 1)


def test_a_risk_closes_once_and_keeps_who_when_and_why(engine: Engine) -> None:
    acme, _ = two_projects(engine)
    with session_scope(engine) as session:
        new_risk(session, acme)
    assert close(engine, acme, 1, note="Provider shipped early") is True
    assert close(engine, acme, 1, at=NOW + DAY, note="Again") is False
    with session_scope(engine) as session:
        risk = risk_by_number(session=session, project=acme, number=1)
        assert risk is not None
        assert (risk.state, risk.closed_by, risk.closed_at, risk.close_note) == (
            "closed",
            "U0ANA",
            NOW,
            "Provider shipped early",
        )
        events = log_of(session, risk)
    assert [(e.action, e.from_state, e.to_state, e.ref) for e in events] == [
        ("created", None, "open", "R-1"),
        ("closed", "open", "closed", "R-1"),
    ]
    assert events[0].actor_id == "U0BEN" and events[1].note == "Provider shipped early"


def test_concurrent_closes_have_one_winner_and_one_event(engine: Engine) -> None:
    acme, _ = two_projects(engine)
    with session_scope(engine) as session:
        new_risk(session, acme)
    start = threading.Barrier(THREADS)
    results: list[bool] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def attempt() -> None:
        try:
            start.wait()
            won = close(engine, acme, 1)
            with lock:
                results.append(won)
        except BaseException as error:  # noqa: BLE001 - reported below
            with lock:
                errors.append(error)

    threads = [threading.Thread(target=attempt) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(results) == [False] * (THREADS - 1) + [True]
    with session_scope(engine) as session:
        actions = list(session.exec(select(Event.action).where(Event.subject == "risk")))
    assert actions == ["created", "closed"]


def test_open_risks_go_highest_severity_first_and_hide_internal_ones_from_clients(
    engine: Engine,
) -> None:
    acme, globex = two_projects(engine)
    with session_scope(engine) as session:
        new_risk(session, acme, severity="low")
        new_risk(session, acme, severity="high", visibility="internal")
        new_risk(session, acme, severity="medium")
        new_risk(session, acme, severity="high")
        new_risk(session, acme, severity="medium")  # R-5, closed below
        new_risk(session, globex, severity="high")
    close(engine, acme, 5)
    with session_scope(engine) as session:
        team = open_risks(session=session, project=acme, include_internal=True)
        client = open_risks(session=session, project=acme, include_internal=False)
    assert numbers(team) == [2, 4, 3, 1]
    assert numbers(client) == [4, 3, 1]


def test_the_periods_count_from_since_up_to_until_by_visibility(engine: Engine) -> None:
    acme, globex = two_projects(engine)
    week = NOW - 7 * DAY
    with session_scope(engine) as session:
        new_risk(session, acme, at=week - DAY)  # before the week
        new_risk(session, acme, at=week)  # first instant of the week
        new_risk(session, acme, at=week + DAY, visibility="internal")
        new_risk(session, acme, at=NOW)  # the next week already
        new_risk(session, globex, at=week + DAY)
    close(engine, acme, 1, at=week + 2 * DAY)
    close(engine, acme, 3, at=week + 3 * DAY)
    close(engine, acme, 2, at=NOW)  # the end is not part of the period
    with session_scope(engine) as session:

        def summary(internal: bool, since: datetime = week, until: datetime = NOW) -> RiskSummary:
            return summarise_risks(
                session=session, project=acme, since=since, until=until, internal=internal
            )

        assert numbers(summary(True).new) == [2, 3] and numbers(summary(False).new) == [2]
        assert numbers(summary(True).closed) == [1, 3] and numbers(summary(False).closed) == [1]
        assert numbers(summary(False, since=NOW, until=NOW + DAY).closed) == [2]


def test_a_risk_is_stored_with_everything_typed(engine: Engine) -> None:
    acme, _ = two_projects(engine)
    with session_scope(engine) as session:
        risk = new_risk(session, acme, "<!channel> & friends", severity="high")
    with session_scope(engine) as session:
        stored = get_risk(session=session, risk_id=risk.id or 0)
    assert stored is not None
    assert (stored.title, stored.severity, stored.state, stored.created_at) == (
        "<!channel> & friends",
        "high",
        "open",
        NOW,
    )


def test_unknown_levels_are_refused(engine: Engine) -> None:
    acme, _ = two_projects(engine)
    with pytest.raises(ValueError), session_scope(engine) as session:
        new_risk(session, acme, severity="critical")
    with session_scope(engine) as session:
        assert open_risks(session=session, project=acme, include_internal=True) == []
