"""The rows the digests read straight from the driver (storage/driver_rows.py) hold what the ORM
reads of the same rows: every column, times aware and in UTC, days as days, on either database.
A digest that read a time as text, or a time off's day as a string, would show it wrong or fail
to compare it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, SQLModel

from storage.changes import changes_for_digest
from storage.db import driver_reads, session_scope
from storage.feedback import feedback_for_digest, resolve_feedback
from storage.incidents import incidents_between
from storage.models import Feedback, Incident, TimeOff
from storage.risks import risks_for_digest
from storage.time_off import set_time_off, team_with_time_off
from tests.factories import NOW, new_change, new_feedback, new_project, new_risk

pytestmark = pytest.mark.db

WEEK_AGO = NOW - timedelta(days=7)


def as_read(row: Any, model: SQLModel) -> dict[str, Any]:
    """The row's value of each of the model's columns."""
    return {name: getattr(row, name) for name in type(model).model_fields}


def test_the_digest_reads_each_column_as_the_orm_does(engine: Engine) -> None:
    with session_scope(engine) as session:
        project = new_project(session)
        feedback = new_feedback(session, project, at=NOW - timedelta(days=2))
        resolve_feedback(
            session=session, feedback=feedback, user_id="U0BEN", resolution="Fixed", now=NOW
        )
        risk = new_risk(session, project, at=NOW - timedelta(days=1))
        change = new_change(session, project, at=NOW - timedelta(hours=3))
        incident = Incident(
            project_id=project.id or 0,
            number=1,
            title="Checkout down",
            owner_id="U0BEN",
            declared_by="U0BEN",
            declared_at=NOW - timedelta(hours=5, microseconds=250),
            next_update_at=NOW - timedelta(hours=4),
        )
        session.add(incident)
        session.flush()
        ids = {"feedback": feedback.id, "risk": risk.id, "change": change.id}

    with Session(engine) as session:
        orm = {
            "feedback": session.get(Feedback, ids["feedback"]),
            "incident": session.get(Incident, incident.id),
        }
        [read_feedback] = feedback_for_digest(session=session, project=project, since=WEEK_AGO)
        [read_risk] = risks_for_digest(session=session, project=project, since=WEEK_AGO, until=NOW)
        [read_change] = changes_for_digest(
            session=session, project=project, since=WEEK_AGO, until=NOW
        )
        [read_incident] = incidents_between(
            session=session, project=project, since=WEEK_AGO, until=NOW
        )

    assert orm["feedback"] is not None and orm["incident"] is not None
    assert as_read(read_feedback, orm["feedback"]) == as_read(orm["feedback"], orm["feedback"])
    assert as_read(read_risk, risk) == as_read(risk, risk)
    assert as_read(read_change, change) == as_read(change, change)
    assert as_read(read_incident, orm["incident"]) == as_read(orm["incident"], orm["incident"])
    assert read_feedback.resolved_at == NOW and read_feedback.resolved_at.tzinfo == UTC
    assert read_incident.declared_at == NOW - timedelta(hours=5, microseconds=250)


def test_a_team_members_time_off_is_read_with_its_days(engine: Engine) -> None:
    with session_scope(engine) as session:
        project = new_project(session)
        away = TimeOff(
            user_id="U0OWNER",  # the project's creator in new_project
            first_day=date(2026, 11, 23),
            last_day=date(2026, 11, 27),
            timezone="Europe/Berlin",
            starts_at=datetime(2026, 11, 22, 23, 0, tzinfo=UTC),
            back_at=datetime(2026, 11, 27, 23, 0, tzinfo=UTC),
            set_at=NOW,
        )
        set_time_off(session=session, time_off=away)

    with Session(engine) as session:
        team = team_with_time_off(session=session, project=project, authors_since=WEEK_AGO)

    [person] = [p for p in team if p.time_off is not None]
    assert person.time_off is not None
    assert as_read(person.time_off, away) == as_read(away, away)


def test_a_unit_of_work_after_the_digests_reads_is_still_one_transaction(engine: Engine) -> None:
    """The digests' reads run in autocommit on PostgreSQL (storage.db.driver_reads); the pool's
    connection they used must be handed on transactional again, or a unit of work that fails
    half-way would leave its first half written."""
    with session_scope(engine) as session:
        project = new_project(session)
    with driver_reads(engine) as session:
        feedback_for_digest(session=session, project=project, since=WEEK_AGO)

    with pytest.raises(RuntimeError), session_scope(engine) as session:
        new_feedback(session, project, "Half of a failed request")
        session.flush()
        raise RuntimeError("the request failed after its first write")

    with Session(engine) as session:
        assert feedback_for_digest(session=session, project=project, since=WEEK_AGO) == []
