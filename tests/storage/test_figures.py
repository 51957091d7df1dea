"""The figures against values worked out by hand for one fixed week (and its month) of a
project in Berlin, where one working day is 09:00–18:00, Monday to Friday, and the response
target is one working day (9 h)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from bot.platform.calendar import calendar_of
from bot.report.figures import load_figures
from storage.changes import add_change, decide_change
from storage.db import session_scope
from storage.feedback import resolve_feedback
from storage.models import Project
from storage.polls import close_poll, open_poll, record_vote
from storage.responses import answer_waiting, record_client_message, record_team_reply
from tests.factories import new_feedback, new_project, new_status

pytestmark = pytest.mark.db
BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 20, 17, 30, tzinfo=BERLIN)  # Friday, after the 16:00 digest


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=BERLIN)


def question(session: Session, project: Project, when: datetime, ts: str) -> None:
    record_client_message(
        session=session,
        project=project,
        channel_id=project.client_channel_id,
        ts=ts,
        thread_ts=None,
        author_id="U0DANA",
        received_at=when,
        working_seconds=calendar_of(project).seconds_between,
    )


def answer(
    session: Session, project: Project, when: datetime, ts: str, thread: str, by: str
) -> None:
    record_team_reply(
        session=session,
        channel_id=project.client_channel_id,
        ts=ts,
        thread_ts=thread,
        user_id=by,
        at=when,
    )
    answer_waiting(
        session=session,
        channel_id=project.client_channel_id,
        thread_ts=thread,
        answer_ts=ts,
        answered_by=by,
        answered_at=when,
        working_seconds=calendar_of(project).seconds_between,
    )


def poll(session: Session, project: Project, closed: datetime, scores: list[int]) -> None:
    opened = open_poll(
        session=session,
        project=project,
        kind="csat",
        question="How are we doing?",
        anonymity="anonymous",
        now=closed - timedelta(days=3),
        closes_at=closed,
    )
    for n, score in enumerate(scores):
        record_vote(session=session, poll=opened, user_id=f"U0C{n}", score=score, now=closed)
    close_poll(session=session, poll=opened, now=closed)


@pytest.fixture
def project(engine: Engine) -> Project:
    with session_scope(engine) as session:
        project = new_project(session)
        question(session, project, at(16, 10), "1.0")
        answer(session, project, at(16, 11, 30), "1.1", "1.0", "U0BEN")  # 1.5 h
        question(session, project, at(16, 12), "2.0")
        answer(session, project, at(16, 12, 45), "2.1", "2.0", "U0ANA")  # 0.75 h
        question(session, project, at(17, 9), "3.0")
        answer(session, project, at(18, 10), "3.1", "3.0", "U0BEN")  # 10 h
        question(session, project, at(18, 15), "4.0")
        answer(session, project, at(19, 9, 30), "4.1", "4.0", "U0BEN")  # 3.5 h
        question(session, project, at(19, 17), "5.0")  # 9.5 h by now: past the target
        question(session, project, at(20, 16), "6.0")  # 1.5 h by now: not judged yet
        question(session, project, at(6, 10), "0.0")  # three weeks ago, never answered
        for when in (datetime(2026, 10, 29, 11, tzinfo=BERLIN), at(6, 17), at(18, 11)):
            new_status(session, project, "update", at=when)
        poll(session, project, at(13, 12), [4, 5, 3])
        poll(session, project, at(19, 12), [5, 5, 4])
        old = new_feedback(session, project, at=at(16, 10))
        new_feedback(session, project, at=at(18, 10))
        resolve_feedback(
            session=session, feedback=old, user_id="U0ANA", resolution="ok", now=at(18, 10)
        )
        approved = add_change(
            session=session,
            project=project,
            title="SSO",
            reason="IT",
            scope_impact="",
            schedule_days=5,
            cost_cents=0,
            requested_by=None,
            proposed_by="U0ANA",
            now=at(16, 9),
        )
        decide_change(
            session=session,
            change=approved,
            decision="approved",
            user_id="U0DANA",
            note=None,
            now=at(17, 9),
        )
        add_change(
            session=session,
            project=project,
            title="App",
            reason="Mobile",
            scope_impact="",
            schedule_days=40,
            cost_cents=0,
            requested_by=None,
            proposed_by="U0ANA",
            now=at(19, 9),
        )
    return project


def test_the_week_by_hand(engine: Engine, project: Project) -> None:
    with session_scope(engine) as session:
        figures = load_figures(session=session, project=project, period="week", now=NOW)
    responses = figures.responses
    assert (responses.received, responses.answered, responses.judged) == (6, 4, 5)
    # Answered waits, sorted: 0.75 h, 1.5 h, 3.5 h, 10 h.
    assert responses.median_seconds == (1.5 + 3.5) / 2 * 3600
    assert responses.p90_seconds == 10 * 3600  # the 4th of 4 (⌈3.6⌉)
    assert responses.within_target == 3 / 5  # 10 h and the 9.5 h still waiting missed it
    assert [(m.user_id, m.replies, m.median_seconds) for m in figures.members] == [
        ("U0BEN", 3, 3.5 * 3600),
        ("U0ANA", 1, 0.75 * 3600),
    ]
    assert (figures.punctual_weeks, figures.digest_weeks) == (1, 1)  # Wednesday's update
    assert (figures.feedback_received, figures.feedback_resolved) == (2, 1)
    assert figures.median_resolution == timedelta(days=2)
    assert [round(p.value, 3) for p in figures.polls] == [4.0, 4.667]  # the trend reaches back
    assert figures.changes == {"approved": 1, "rejected": 0, "pending": 1, "withdrawn": 0}


def test_the_month_by_hand(engine: Engine, project: Project) -> None:
    with session_scope(engine) as session:
        figures = load_figures(session=session, project=project, period="month", now=NOW)
    assert [w.start.isoformat() for w in figures.weeks] == [
        "2026-10-26",
        "2026-11-02",
        "2026-11-09",
        "2026-11-16",
    ]
    assert [w.received for w in figures.weeks] == [0, 1, 0, 6]
    assert figures.weeks[1].median_seconds is None  # its only message is unanswered
    assert figures.weeks[3].median_seconds == 2.5 * 3600
    # Updates: Thu 29 Oct (before Friday's digest), Fri 6 Nov 17:00 (after it), none in the
    # week of 9 Nov, Wed 18 Nov.
    assert (figures.punctual_weeks, figures.digest_weeks) == (2, 4)
    assert figures.responses.received == 7 and figures.responses.judged == 6
