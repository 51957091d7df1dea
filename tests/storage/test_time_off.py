"""People's time off: one period a person, read in their zone, and who of a team is away."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from bot.status.away import AwayRequest, come_back, current_time_off, go_away, who_answers
from storage.db import session_scope
from storage.projects import set_member_role
from storage.time_off import away_among, team_with_time_off
from tests.factories import NOW, new_project, new_status

pytestmark = pytest.mark.db

MONDAY = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)  # 10:00 in Berlin


def away(session: Session, user_id: str, last: date, *, zone: str = "Europe/Berlin") -> None:
    """`/status away until LAST`, typed on MONDAY."""
    request = AwayRequest(None, last)
    go_away(session, user_id=user_id, request=request, timezone=zone, now=MONDAY)


def test_time_off_runs_from_now_to_the_persons_midnight_and_is_replaced(engine: Engine) -> None:
    with session_scope(engine) as session:
        stored = go_away(
            session,
            user_id="U0BEN",
            request=AwayRequest(None, date(2026, 12, 10)),
            timezone="Europe/Berlin",
            now=MONDAY,
        )
    assert (stored.starts_at, stored.back_at) == (
        MONDAY,
        datetime(2026, 12, 10, 23, 0, tzinfo=UTC),  # midnight in Berlin
    )
    with session_scope(engine) as session:
        assert away_among(session=session, user_ids=["U0BEN", "U0ANA"], at=MONDAY) == {"U0BEN"}
        last_minute = datetime(2026, 12, 10, 22, 59, tzinfo=UTC)
        assert away_among(session=session, user_ids=["U0BEN"], at=last_minute) == {"U0BEN"}
        back = datetime(2026, 12, 10, 23, 0, tzinfo=UTC)
        assert away_among(session=session, user_ids=["U0BEN"], at=back) == set()
        # A second `/status away` replaces the first: one period a person.
        go_away(
            session,
            user_id="U0BEN",
            request=AwayRequest(date(2026, 12, 21), date(2027, 1, 3)),
            timezone="Asia/Shanghai",
            now=MONDAY,
        )
    with session_scope(engine) as session:
        current = current_time_off(session, user_id="U0BEN", now=MONDAY)
        assert current is not None
        assert (current.first_day, current.last_day) == (date(2026, 12, 21), date(2027, 1, 3))
        assert current.starts_at == datetime(2026, 12, 20, 16, 0, tzinfo=UTC)
        assert away_among(session=session, user_ids=["U0BEN"], at=MONDAY) == set()
        ended = come_back(session, user_id="U0BEN", now=MONDAY)
        assert ended is not None and ended.last_day == date(2027, 1, 3)
    with session_scope(engine) as session:
        assert current_time_off(session, user_id="U0BEN", now=MONDAY) is None
        assert come_back(session, user_id="U0BEN", now=MONDAY) is None


def test_feedback_is_answered_by_owners_who_are_here_else_the_team(engine: Engine) -> None:
    with session_scope(engine) as session:
        project = new_project(session)  # its creator U0OWNER owns it
        set_member_role(session=session, project=project, user_id="U0ANA", role="owner")
        set_member_role(session=session, project=project, user_id="U0BEN", role="team")
        assert who_answers(session, project, MONDAY) == ["U0OWNER", "U0ANA"]
        away(session, "U0OWNER", date(2026, 12, 31))
        away(session, "U0ANA", date(2026, 12, 8))
        assert who_answers(session, project, MONDAY) == ["U0BEN"]
        assert who_answers(session, project, MONDAY + timedelta(days=2)) == ["U0ANA"]
        away(session, "U0BEN", date(2026, 12, 31))
        assert who_answers(session, project, MONDAY) == ["U0OWNER", "U0ANA"]  # nobody else


def test_the_team_comes_with_its_time_off_in_one_statement(engine: Engine) -> None:
    with session_scope(engine) as session:
        project = new_project(session)
        set_member_role(session=session, project=project, user_id="U0DANA", role="client")
        new_status(session, project, "Shipped", author_id="U0GUS", at=NOW - timedelta(days=3))
        new_status(session, project, "Old news", author_id="U0OLD", at=NOW - timedelta(days=90))
        away(session, "U0GUS", date(2026, 12, 31), zone="UTC")
    with session_scope(engine) as session:
        team = team_with_time_off(
            session=session, project=project, authors_since=NOW - timedelta(weeks=8)
        )
    assert [(p.user_id, p.role) for p in team] == [
        ("U0OWNER", "owner"),
        ("U0DANA", "client"),
        ("U0GUS", None),
    ]
    gus = team[2].time_off
    assert gus is not None and gus.last_day == date(2026, 12, 31) and gus.timezone == "UTC"
    assert team[0].time_off is None
