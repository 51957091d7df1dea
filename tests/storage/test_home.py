"""The App Home loader on a real database: who belongs to which project, what each audience's
card holds, and a fixed number of queries per project however many rows it has."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, event
from sqlmodel import Session

from bot.home.cards import Home, load_home
from bot.platform.people import Caller
from storage.changes import add_change
from storage.db import session_scope
from storage.models import ClientMessage, Project
from storage.polls import close_poll, open_poll, record_vote
from storage.projects import set_approvers, set_member_role
from storage.responses import record_client_message
from tests.factories import NOW, new_feedback, new_project, new_status

pytestmark = pytest.mark.db

HOME_TEAM = "T1"
TEAM = Caller("U0BEN", HOME_TEAM)
CLIENT = Caller("U0DANA", "T0ACME")  # Slack Connect: another workspace


def home_of(engine: Engine, caller: Caller) -> Home:
    with session_scope(engine) as session:
        return load_home(session=session, caller=caller, home_team_id=HOME_TEAM, now=NOW)


def new_change(session: Session, project: Project, title: str, *, days_ago: int) -> None:
    add_change(
        session=session,
        project=project,
        title=title,
        reason="",
        scope_impact="",
        schedule_days=1,
        cost_cents=0,
        requested_by=None,
        proposed_by="U0ANA",
        now=NOW - timedelta(days=days_ago),
    )


def closed_poll(session: Session, project: Project, scores: list[int], *, weeks_ago: int) -> None:
    at = NOW - timedelta(weeks=weeks_ago)
    poll = open_poll(
        session=session,
        project=project,
        kind="csat",
        question="How are we doing?",
        anonymity="anonymous",
        now=at,
        closes_at=at + timedelta(days=3),
    )
    for number, score in enumerate(scores):
        record_vote(session=session, poll=poll, user_id=f"U0C{number}", score=score, now=at)
    close_poll(session=session, poll=poll, now=at + timedelta(days=3))


def answered_message(
    session: Session, project: Project, ts: str, *, days_ago: int, seconds: int
) -> None:
    message_id = record_client_message(
        session=session,
        project=project,
        channel_id=project.client_channel_id,
        ts=ts,
        thread_ts=None,
        author_id="U0DANA",
        received_at=NOW - timedelta(days=days_ago),
        working_seconds=lambda _start, _end: seconds,
    )
    message = session.get(ClientMessage, message_id)
    assert isinstance(message, ClientMessage)
    message.answered_at = message.received_at + timedelta(seconds=seconds)
    message.answered_by, message.response_seconds = "U0BEN", seconds
    session.add(message)
    session.flush()


def test_belonging_is_read_from_what_is_stored(engine: Engine) -> None:
    with session_scope(engine) as session:
        new_project(session, "Created", "C1", owner_id="U0X")  # creator (and owner member)
        member = new_project(session, "Member", "C2")
        set_member_role(session=session, project=member, user_id="U0X", role="team")
        new_status(session, new_project(session, "Status", "C3"), "Done", author_id="U0X")
        new_feedback(session, new_project(session, "Feedback", "C4"), author_id="U0X")
        new_feedback(session, new_project(session, "Anonymous", "C5"), author_id=None)
        record_client_message(
            session=session,
            project=new_project(session, "Message", "C6"),
            channel_id="C6",
            ts="1.0",
            thread_ts=None,
            author_id="U0X",
            received_at=NOW,
            working_seconds=lambda _start, _end: 0,
        )
        new_project(session, "Stranger", "C7")

    home = home_of(engine, Caller("U0X", HOME_TEAM))

    assert sorted(c.name for c in home.cards) == [
        "Created",
        "Feedback",
        "Member",
        "Message",
        "Status",
    ]
    assert home_of(engine, Caller("U0NOBODY", HOME_TEAM)).cards == []


def test_a_team_member_gets_the_whole_card(engine: Engine) -> None:
    with session_scope(engine) as session:
        project = new_project(session)
        set_member_role(session=session, project=project, user_id=TEAM.user_id, role="team")
        new_status(session, project, "Wireframes done", at=NOW - timedelta(days=3))
        update = new_status(session, project, "Login built", at=NOW - timedelta(days=2))
        update.health, update.progress = None, None  # the quick form left them out
        new_status(session, project, "Deleted", at=NOW - timedelta(days=1)).deleted_at = NOW
        new_feedback(session, project, at=NOW - timedelta(days=3))  # due two days ago
        new_feedback(session, project, at=NOW - timedelta(hours=2))
        new_change(session, project, "SSO", days_ago=5)
        new_change(session, project, "Dark mode", days_ago=1)
        closed_poll(session, project, [4, 4], weeks_ago=8)
        closed_poll(session, project, [5, 4], weeks_ago=2)
        answered_message(session, project, "1.0", days_ago=1, seconds=2 * 3600)
        answered_message(session, project, "2.0", days_ago=2, seconds=10 * 3600)

    [card] = home_of(engine, TEAM).cards

    assert card.audience == "team"
    assert (card.health, card.progress) == ("on-track", 50)  # the last ones reported
    assert card.last_update_text == "Login built"
    assert card.last_update_at == NOW - timedelta(days=2)
    assert (card.open_feedback, card.overdue_feedback) == (2, 1)
    assert (card.pending_changes, card.oldest_change_at) == (2, NOW - timedelta(days=5))
    assert [p.value for p in card.polls] == [4.0, 4.5]
    assert card.response is not None
    assert card.response.target_seconds == 9 * 3600
    assert card.response.weekly_medians[-1] == 6 * 3600
    assert card.response.within_target == 0.5
    assert card.attention[0] == "2 change requests wait for a decision"


def test_a_client_gets_their_own_feedback_and_decisions_and_no_internal_figures(
    engine: Engine,
) -> None:
    with session_scope(engine) as session:
        project = new_project(session)
        new_status(session, project, "Shared", at=NOW - timedelta(days=2))
        internal = new_status(
            session, project, "Internal worry", at=NOW - timedelta(hours=1), visibility="internal"
        )
        internal.health = "off-track"
        new_feedback(session, project, author_id=CLIENT.user_id, at=NOW - timedelta(days=3))
        new_feedback(session, project, author_id="U0ELI")
        new_change(session, project, "SSO", days_ago=4)
        answered_message(session, project, "1.0", days_ago=1, seconds=60)

    [card] = home_of(engine, CLIENT).cards

    assert card.audience == "client"
    assert card.health == "on-track"  # not the internal update's
    assert card.last_update_at == NOW - timedelta(days=2)
    assert card.last_update_text == ""
    assert (card.open_feedback, card.overdue_feedback) == (1, 1)
    assert (card.pending_changes, card.oldest_change_at) == (1, NOW - timedelta(days=4))
    assert card.polls == () and card.response is None

    with session_scope(engine) as session:
        stored = session.get(Project, 1)
        assert stored is not None
        set_approvers(
            session=session, project=stored, user_ids=["U0ELI"], roles={"U0ELI": "client"}
        )

    [card] = home_of(engine, CLIENT).cards
    assert card.pending_changes == 0  # Eli decides now, not Dana


@contextmanager
def counting(engine: Engine) -> Iterator[list[str]]:
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


@pytest.mark.parametrize("role", ["team", "client"])
def test_the_queries_grow_with_projects_not_with_rows(engine: Engine, role: str) -> None:
    """Person k is on the first k projects; each project has more rows than the one before."""
    with session_scope(engine) as session:
        for number in range(1, 6):
            project = new_project(session, f"P{number}", f"C{number}")
            for k in range(number, 6):
                set_member_role(session=session, project=project, user_id=f"U0K{k}", role=role)
            for row in range(number * 3):
                at = NOW - timedelta(days=row % 20)
                new_status(session, project, f"Update {row}", at=at)
                new_feedback(session, project, author_id="U0K5", at=at)
                new_change(session, project, f"Change {row}", days_ago=row)
                answered_message(session, project, f"{number}.{row}", days_ago=row, seconds=60)
            closed_poll(session, project, [4, 5, 3], weeks_ago=number)

    def queries(k: int) -> int:
        caller = Caller(f"U0K{k}", HOME_TEAM if role == "team" else "T0ACME")
        with counting(engine) as statements:
            home = home_of(engine, caller)
        assert len(home.cards) == k
        assert {c.audience for c in home.cards} == {role}
        return len(statements)

    counts = [queries(k) for k in range(1, 6)]
    steps = {later - earlier for earlier, later in zip(counts, counts[1:], strict=False)}
    assert len(steps) == 1, counts  # the same number of queries for every further project
    assert steps.pop() <= 12
