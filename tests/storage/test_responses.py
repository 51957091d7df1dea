"""Client messages and team replies, recorded once however often Slack delivers them, inside the
request's own transaction: a repeat neither fails nor commits what came before it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from storage.db import session_scope
from storage.models import ClientMessage, Project, TeamReply
from storage.responses import (
    AlertPost,
    alert_posts_of,
    record_client_message,
    record_team_reply,
    set_alert,
)
from tests.factories import NOW, new_project

pytestmark = pytest.mark.db


def message(session: Session, project: Project, ts: str) -> int | None:
    return record_client_message(
        session=session,
        project=project,
        channel_id=project.client_channel_id,
        ts=ts,
        thread_ts=None,
        author_id="U0DANA",
        received_at=NOW,
        working_seconds=lambda start, end: int((end - start).total_seconds()),
    )


def test_a_message_delivered_twice_is_recorded_once(engine: Engine) -> None:
    with session_scope(engine) as session:
        project = new_project(session)
    with session_scope(engine) as session:
        first = message(session, project, "1.0")
    with session_scope(engine) as session:
        assert first is not None
        assert message(session, project, "1.0") is None  # the first statement of its transaction
        assert message(session, project, "2.0") is not None
    with session_scope(engine) as session:
        assert sorted(session.exec(select(ClientMessage.ts))) == ["1.0", "2.0"]


def test_a_repeat_leaves_the_transaction_whole_to_commit_or_undo(engine: Engine) -> None:
    with session_scope(engine) as session:
        project = new_project(session)
    with Session(engine) as session:
        assert message(session, project, "1.0") is not None
        assert message(session, project, "1.0") is None
        assert record_team_reply(
            session=session,
            channel_id="C0CLIENT",
            ts="3.0",
            thread_ts=None,
            user_id="U0BEN",
            at=NOW,
        )
        session.rollback()  # the request failed after the repeat: nothing of it stays
    with session_scope(engine) as session:
        assert list(session.exec(select(ClientMessage))) == []
        assert list(session.exec(select(TeamReply))) == []


def test_a_reply_delivered_twice_is_recorded_once_and_stops_a_later_question(
    engine: Engine,
) -> None:
    with session_scope(engine) as session:
        project = new_project(session)
    later = NOW + timedelta(minutes=20)
    with session_scope(engine) as session:
        for _delivery in range(2):
            recorded = record_team_reply(
                session=session,
                channel_id="C0CLIENT",
                ts="5.0",
                thread_ts="1.0",
                user_id="U0BEN",
                at=later,
            )
        assert recorded is False  # the second
        message_id = record_client_message(
            session=session,
            project=project,
            channel_id="C0CLIENT",
            ts="1.0",
            thread_ts=None,
            author_id="U0DANA",
            received_at=NOW,
            working_seconds=lambda start, end: int((end - start).total_seconds()),
        )
    with session_scope(engine) as session:
        stored = session.get(ClientMessage, message_id)
        assert stored is not None
        assert (stored.answered_by, stored.answer_ts, stored.response_seconds) == (
            "U0BEN",
            "5.0",
            20 * 60,
        )


def test_every_post_of_an_alert_is_kept_with_its_reader(engine: Engine) -> None:
    with session_scope(engine) as session:
        project = new_project(session)
        message_id = message(session, project, "1.0")
        assert message_id is not None
    posts = [AlertPost("D0ANA", "10.0", "U0ANA"), AlertPost("D0CHEN", "10.1", "U0CHEN")]
    with session_scope(engine) as session:
        set_alert(session=session, message_id=message_id, posts=posts)
    with session_scope(engine) as session:
        stored = session.get(ClientMessage, message_id)
        assert stored is not None
        assert alert_posts_of(stored) == posts
        internal = AlertPost("G0TEAM", "11.0")
        set_alert(session=session, message_id=message_id, posts=[internal])
    with session_scope(engine) as session:
        stored = session.get(ClientMessage, message_id)
        assert stored is not None and alert_posts_of(stored) == [internal]
