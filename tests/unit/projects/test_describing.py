"""The goal and background: written by owners through `/project set goal|background`, kept
within their limits, cleared with `none`, each change a line in the decision log."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine

from bot.platform.i18n import speaking
from bot.projects.settings import apply_setting
from bot.projects.timing import PlanError
from storage.db import session_scope
from storage.events import latest_events
from tests.factories import new_project

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def test_goal_and_background_are_written_cleared_and_logged(engine: Engine) -> None:
    with session_scope(engine) as session:
        project = new_project(session)

        def write(key: str, value: str) -> str:
            return apply_setting(
                session=session, project=project, key=key, value=value, now=NOW, actor_id="U0ANA"
            )

        said = write("goal", "Launch by March")
        assert said == "Goal set. It opens `/project plan` and the plan document."
        assert (
            write("goal", "Launch by March")
            == "Nothing changed: that is what the plan says already."
        )
        with speaking("zh_CN"):
            assert write("background", "无") == "没有变化：计划中已经是这样写的。"  # none to clear
        write("goal", "none")
        with pytest.raises(PlanError, match="Keep it to 2000 characters"):
            write("background", "x" * 2001)
        events = latest_events(session=session, project=project, limit=10)
    assert project.goal is None
    assert [(e.ref, e.action, e.from_state, e.to_state, e.note, e.actor_id) for e in events] == [
        ("PLAN", "goal", "set", "cleared", None, "U0ANA"),
        ("PLAN", "goal", None, "set", "Launch by March", "U0ANA"),
    ]
