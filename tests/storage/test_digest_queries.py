"""A project's digests cost the same few queries however many rows the week holds (a count,
not a timing: bench/digests_at_scale.py measures the time), and read no other project's rows."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any
from unittest.mock import patch

import pytest
from sqlalchemy import Engine, event
from sqlmodel import Session

from bot.digest.contents import ProjectDigests, load_digest
from storage.db import session_scope
from storage.driver_sql import DriverSQL
from storage.feedback import resolve_feedback
from storage.models import Project
from tests.factories import NOW, new_feedback, new_project, new_risk, new_status

pytestmark = pytest.mark.db


@contextmanager
def counted(engine: Engine) -> Iterator[list[str]]:
    """Every statement sent: through SQLAlchemy, and straight to the driver
    (storage/driver_sql.py), which SQLAlchemy's events do not see."""
    statements: list[str] = []

    def seen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    run = DriverSQL._run

    def run_seen(self: DriverSQL, session: Session, params: Any, read: Any) -> Any:
        statements.append(self.sql[engine.dialect.name])
        return run(self, session, params, read)

    event.listen(engine, "before_cursor_execute", seen)
    try:
        with patch.object(DriverSQL, "_run", run_seen):
            yield statements
    finally:
        event.remove(engine, "before_cursor_execute", seen)


def busy_project(engine: Engine, name: str, channel: str, updates: int) -> Project:
    with session_scope(engine) as session:
        project = new_project(session, name=name, channel_id=channel)
        for number in range(updates):
            new_status(
                session,
                project,
                f"Update {number}",
                at=NOW - timedelta(hours=number + 1),
                visibility="internal" if number % 3 == 0 else "client",
            )
        for number in range(3):
            feedback = new_feedback(session, project, f"Feedback {number}", at=NOW)
            if number == 0:
                resolve_feedback(
                    session=session, feedback=feedback, user_id="U0BEN", resolution="Done", now=NOW
                )
        new_risk(session, project, at=NOW - timedelta(days=1))
    return project


def digest_queries(engine: Engine, project: Project) -> tuple[int, int]:
    """(statements for both scheduled digests, for the `/status digest` preview)."""
    digests = ProjectDigests(engine, project, now=NOW, late=False)
    with counted(engine) as scheduled:
        client, internal = digests.digest("client"), digests.digest("internal")
    assert len(internal.highlights) > len(client.highlights) > 0
    with counted(engine) as preview, session_scope(engine) as session:
        load_digest(session=session, project=project, audience="client", now=NOW)
    return len(scheduled), len(preview)


def test_the_digest_queries_do_not_grow_with_the_updates(engine: Engine) -> None:
    few = busy_project(engine, "Few", "C0FEW", updates=5)
    many = busy_project(engine, "Many", "C0MANY", updates=50)

    # Eight reads for the rows of both scheduled digests (the action items of the meetings'
    # minutes and the incidents among them), two for the internal variant's record of posts
    # and emails not made; the preview reads the same rows.
    assert digest_queries(engine, few) == digest_queries(engine, many) == (10, 8)


def test_each_query_is_for_the_one_project(engine: Engine) -> None:
    acme = busy_project(engine, "Acme", "C0ACME", updates=5)
    busy_project(engine, "Globex", "C0GLOBEX", updates=5)
    digests = ProjectDigests(engine, acme, now=NOW, late=False)
    with counted(engine) as statements:
        digests.digest("client")
        digests.digest("internal")

    reads = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(reads) == 10
    assert all("project_id = " in " ".join(s.split()) for s in reads), reads
