"""The engine, units of work, migrations, the health check and how times are stored."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import DBAPIError, StatementError
from sqlmodel import select

from storage.db import database_answers, make_engine, migrate, session_scope
from storage.feedback import acknowledge_feedback, get_feedback
from storage.models import Feedback, Member, Project, StatusUpdate
from storage.projects import list_projects
from storage.status import statuses_since
from tests.factories import NOW, log_of, new_feedback, new_project, new_status

pytestmark = pytest.mark.db

BERLIN = ZoneInfo("Europe/Berlin")
TABLES = {
    "project",
    "member",
    "statusupdate",
    "feedback",
    "event",
    "risk",
    "changerequest",
    "seenrequest",
}


def test_times_come_back_as_aware_utc(engine: Engine) -> None:
    in_berlin = datetime(2026, 11, 20, 16, 30, 15, 123456, tzinfo=BERLIN)
    with session_scope(engine) as session:
        project = new_project(session)
        update = new_status(session, project, "Done", at=in_berlin)
        feedback = new_feedback(session, project, at=in_berlin)
        acknowledge_feedback(session=session, feedback=feedback, user_id="U0ANA", now=in_berlin)

    with session_scope(engine) as session:
        stored_project = session.get(Project, project.id)
        stored_update = session.get(StatusUpdate, update.id)
        stored_feedback = get_feedback(session=session, feedback_id=feedback.id or 0)
        assert stored_project and stored_update and stored_feedback
        history = log_of(session, stored_feedback)
        moments = [
            stored_project.created_at,
            stored_update.created_at,
            stored_feedback.created_at,
            stored_feedback.due_at,
            stored_feedback.acknowledged_at,
            *(event.at for event in history),
        ]

    for moment in moments:
        assert moment is not None
        assert moment.tzinfo == UTC
        assert moment.utcoffset() == timedelta(0)
    assert stored_update.created_at == datetime(2026, 11, 20, 15, 30, 15, 123456, tzinfo=UTC)
    assert stored_feedback.due_at == in_berlin + timedelta(days=1)
    assert stored_project.created_at == NOW


def test_periods_given_in_another_zone_select_the_same_instants(engine: Engine) -> None:
    with session_scope(engine) as session:
        project = new_project(session)
        new_status(session, project, "before", at=NOW - timedelta(minutes=1))
        new_status(session, project, "at", at=NOW)
        new_status(session, project, "after", at=NOW + timedelta(minutes=1))

    with session_scope(engine) as session:
        since = NOW.astimezone(BERLIN)  # 16:00 in Berlin is 15:00 UTC
        found = statuses_since(session=session, project=project, since=since, include_internal=True)
        assert [u.text for u in found] == ["after", "at"]


def test_a_naive_datetime_is_refused_and_nothing_is_written(engine: Engine) -> None:
    naive = datetime(2026, 11, 20, 15, 0)  # noqa: DTZ001 - the point of the test

    with pytest.raises(StatementError, match="naive datetime"), session_scope(engine) as session:
        project = new_project(session, name="Naive")
        session.add(
            Feedback(project_id=project.id or 0, number=1, text="x", due_at=naive, created_at=naive)
        )
        session.flush()

    with session_scope(engine) as session:
        assert list_projects(session=session) == []


def test_a_naive_datetime_is_refused_in_queries_too(engine: Engine) -> None:
    with session_scope(engine) as session:
        project = new_project(session)
        with pytest.raises(StatementError, match="naive datetime"):
            statuses_since(
                session=session,
                project=project,
                since=datetime(2026, 11, 13),  # noqa: DTZ001 - the point of the test
                include_internal=True,
            )


def test_the_repeated_autumn_hour_is_two_moments_in_queries(engine: Engine) -> None:
    """01:30 happens twice in New York on 2 Nov 2025 (05:30 and 06:30 UTC). Python calls the
    two equal, so each must be turned into stored time on its own, whichever comes first."""
    new_york = ZoneInfo("America/New_York")
    first = datetime(2025, 11, 2, 1, 30, tzinfo=new_york)
    second = first.replace(fold=1)
    with session_scope(engine) as session:
        project = new_project(session)
        new_status(session, project, "Failover done", at=datetime(2025, 11, 2, 6, 0, tzinfo=UTC))

        def since(moment: datetime) -> list[str]:
            found = statuses_since(
                session=session, project=project, since=moment, include_internal=True
            )
            return [u.text for u in found]

        assert (since(first), since(second)) == (["Failover done"], [])


def test_session_scope_commits_a_unit_of_work(engine: Engine) -> None:
    with session_scope(engine) as session:
        project = new_project(session)
        new_status(session, project, "Done")

    with session_scope(engine) as session:
        assert [p.name for p in list_projects(session=session)] == ["Acme Website"]
        assert len(session.exec(select(StatusUpdate)).all()) == 1


def test_session_scope_rolls_back_everything_on_an_error(engine: Engine) -> None:
    with pytest.raises(RuntimeError, match="Slack timed out"), session_scope(engine) as session:
        project = new_project(session)
        new_status(session, project, "Half written")
        new_feedback(session, project)
        raise RuntimeError("Slack timed out")

    with session_scope(engine) as session:
        for table in (Project, Member, StatusUpdate, Feedback):
            assert session.exec(select(table)).all() == [], table.__name__


def test_a_later_unit_of_work_is_not_undone_by_an_earlier_failure(engine: Engine) -> None:
    with session_scope(engine) as session:
        new_project(session, name="Kept", channel_id="C0KEPT")
    with pytest.raises(KeyError), session_scope(engine) as session:
        new_project(session, name="Lost", channel_id="C0LOST")
        raise KeyError("boom")

    with session_scope(engine) as session:
        assert [p.name for p in list_projects(session=session)] == ["Kept"]


def test_migrate_twice_changes_nothing_and_keeps_data(engine: Engine) -> None:
    with session_scope(engine) as session:
        new_project(session)

    migrate(engine)
    migrate(engine)

    assert TABLES <= set(inspect(engine).get_table_names())
    with session_scope(engine) as session:
        assert [p.name for p in list_projects(session=session)] == ["Acme Website"]


def test_migrate_builds_a_fresh_sqlite_file_in_a_new_folder(tmp_path: Path) -> None:
    path = tmp_path / "not" / "yet" / "there.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    try:
        migrate(engine)
        migrate(engine)
        assert path.exists()
        assert TABLES <= set(inspect(engine).get_table_names())
        assert database_answers(engine)
    finally:
        engine.dispose()


def test_the_database_answers(engine: Engine) -> None:
    assert database_answers(engine) is True


def test_an_unreachable_database_does_not_answer_and_does_not_raise() -> None:
    engine = make_engine("postgresql+psycopg://nobody@127.0.0.1:1/x")
    try:
        assert database_answers(engine) is False
    finally:
        engine.dispose()


def test_the_decision_log_refuses_updates_and_deletes(engine: Engine) -> None:
    with session_scope(engine) as session:
        feedback = new_feedback(session, new_project(session))
        [event] = log_of(session, feedback)
    for statement in (
        f"UPDATE event SET actor_id = 'U0FORGED' WHERE id = {event.id}",
        f"DELETE FROM event WHERE id = {event.id}",
    ):
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
            connection.execute(text(statement))
    with session_scope(engine) as session:
        [kept] = log_of(session, feedback)
    assert kept.actor_id == event.actor_id
