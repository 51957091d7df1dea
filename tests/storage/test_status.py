"""Status updates: written by the team, read back newest first for lists and digests."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Engine

from storage.db import session_scope
from storage.models import Project, StatusUpdate
from storage.status import delete_status, edit_status, get_status, statuses_since
from tests.factories import NOW, new_project, new_status

pytestmark = pytest.mark.db

WEEK_AGO = NOW - timedelta(days=7)


def project(engine: Engine, name: str = "Acme", channel_id: str = "C0A") -> Project:
    with session_scope(engine) as session:
        return new_project(session, name=name, channel_id=channel_id)


def texts(engine: Engine, acme: Project, include_internal: bool) -> list[str]:
    with session_scope(engine) as session:
        found = statuses_since(
            session=session, project=acme, since=WEEK_AGO, include_internal=include_internal
        )
        return [u.text for u in found]


def test_updates_come_back_newest_first_within_the_period(engine: Engine) -> None:
    acme = project(engine)
    with session_scope(engine) as session:
        new_status(session, acme, "Tuesday", at=NOW - timedelta(days=3))
        new_status(session, acme, "Too old", at=WEEK_AGO - timedelta(seconds=1))
        new_status(session, acme, "Thursday", at=NOW - timedelta(days=1))
        new_status(session, acme, "Exactly a week ago", at=WEEK_AGO)
        new_status(session, acme, "Wednesday", at=NOW - timedelta(days=2))

    assert texts(engine, acme, include_internal=True) == [
        "Thursday",
        "Wednesday",
        "Tuesday",
        "Exactly a week ago",
    ]


def test_updates_at_the_same_moment_keep_the_order_they_were_posted(engine: Engine) -> None:
    acme = project(engine)
    with session_scope(engine) as session:
        for text in ("first", "second", "third"):
            new_status(session, acme, text, at=NOW)

    assert texts(engine, acme, include_internal=True) == ["third", "second", "first"]


def test_internal_updates_are_left_out_for_the_client(engine: Engine) -> None:
    acme = project(engine)
    with session_scope(engine) as session:
        new_status(session, acme, "For everyone", at=NOW - timedelta(hours=2))
        new_status(session, acme, "Team only", at=NOW - timedelta(hours=1), visibility="internal")

    assert texts(engine, acme, include_internal=False) == ["For everyone"]
    assert texts(engine, acme, include_internal=True) == ["Team only", "For everyone"]


def test_deleted_updates_leave_every_list_but_stay_stored(engine: Engine) -> None:
    acme = project(engine)
    with session_scope(engine) as session:
        kept = new_status(session, acme, "Kept", at=NOW - timedelta(hours=2))
        gone = new_status(session, acme, "Posted by mistake", at=NOW - timedelta(hours=1))
    with session_scope(engine) as session:
        delete_status(session=session, update=gone, now=NOW)

    assert texts(engine, acme, include_internal=True) == ["Kept"]
    assert texts(engine, acme, include_internal=False) == ["Kept"]
    with session_scope(engine) as session:
        assert get_status(session=session, status_id=gone.id or 0) is None
        assert get_status(session=session, status_id=kept.id or 0) is not None
        row = session.get(StatusUpdate, gone.id)
        assert row is not None and row.deleted_at == NOW


def test_other_projects_updates_are_not_mixed_in(engine: Engine) -> None:
    acme = project(engine)
    globex = project(engine, "Globex", "C0G")
    with session_scope(engine) as session:
        new_status(session, acme, "Acme news")
        new_status(session, globex, "Globex news")

    assert texts(engine, acme, include_internal=True) == ["Acme news"]


def test_the_limit_keeps_the_newest(engine: Engine) -> None:
    acme = project(engine)
    with session_scope(engine) as session:
        for hours in range(5):
            new_status(session, acme, f"{hours}h ago", at=NOW - timedelta(hours=hours))

    with session_scope(engine) as session:
        found = statuses_since(
            session=session, project=acme, since=WEEK_AGO, include_internal=True, limit=2
        )
        assert [u.text for u in found] == ["0h ago", "1h ago"]


def test_editing_changes_every_field_and_records_when(engine: Engine) -> None:
    acme = project(engine)
    edited_at = NOW + timedelta(minutes=10)
    with session_scope(engine) as session:
        update = new_status(session, acme, "Login page buitl")
        assert update.edited_at is None
    with session_scope(engine) as session:
        edit_status(
            session=session,
            update=update,
            text="Login page built",
            health="at-risk",
            progress=45,
            next_steps="Password reset",
            blockers="SSO metadata",
            visibility="internal",
            now=edited_at,
        )

    with session_scope(engine) as session:
        stored = get_status(session=session, status_id=update.id or 0)
        assert stored is not None
        assert (stored.text, stored.health, stored.progress) == ("Login page built", "at-risk", 45)
        assert (stored.next_steps, stored.blockers) == ("Password reset", "SSO metadata")
        assert stored.visibility == "internal"
        assert stored.created_at == NOW
        assert stored.edited_at == edited_at
    assert texts(engine, acme, include_internal=False) == []
