"""`python -m bot export` as an operator runs it: the files land in a folder, unknown projects
are one clear line."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from storage.db import session_scope
from tests.conftest import Database
from tests.e2e.test_cli import SECRET, TOKEN, base_env, bot
from tests.factories import new_feedback, new_project, new_status

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def env(database: Database) -> dict[str, str]:
    """Logs at WARNING: the migration's INFO lines on stderr are not what is tested here."""
    return base_env(
        SLACK_BOT_TOKEN=TOKEN,
        SLACK_SIGNING_SECRET=SECRET,
        DATABASE_URL=database.url,
        LOG_LEVEL="WARNING",
    )


def test_export_writes_every_file_into_a_new_folder(tmp_path: Path, database: Database) -> None:
    with session_scope(database.engine) as session:
        project = new_project(session)
        new_status(session, project, "Homepage is live")
        new_status(session, project, "@channel look", author_id="U0CHEN")
        new_feedback(session, project, "Invoices come late", author_id=None)
    out = tmp_path / "exports" / "acme"

    args = ["export", "--project", "Acme Website", "--out", str(out)]
    result = bot(args, env(database), tmp_path)

    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    written = sorted(p.name for p in out.iterdir())
    assert written == sorted(
        [
            "README.txt",
            "changes.csv",
            "communication_plan.md",
            "decision_log.csv",
            "feedback.csv",
            "incidents.csv",
            "meetings.csv",
            "poll_results.csv",
            "poll_votes.csv",
            "response_times.csv",
            "risks.csv",
            "status_updates.csv",
        ]
    )
    lines = result.stdout.splitlines()
    assert "Acme Website" in lines[0] and str(out) in lines[0]
    assert any("status_updates.csv" in line and "2 rows" in line for line in lines)
    assert any("feedback.csv" in line and "1 row" in line for line in lines)
    assert any("risks.csv" in line and "0 rows" in line for line in lines)
    with (out / "status_updates.csv").open(encoding="utf-8", newline="") as handle:
        statuses = list(csv.DictReader(handle))
    assert [s["text"] for s in statuses] == ["Homepage is live", "'@channel look"]
    with (out / "feedback.csv").open(encoding="utf-8", newline="") as handle:
        [feedback] = list(csv.DictReader(handle))
    assert feedback["anonymous"] == "true" and feedback["author"] == ""


def test_an_unknown_project_is_one_clear_line_and_exit_2(
    tmp_path: Path, database: Database
) -> None:
    out = tmp_path / "nothing"
    result = bot(["export", "--project", "Nope", "--out", str(out)], env(database), tmp_path)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "no project named 'Nope'" in result.stderr
    assert "project list" in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == "" and not out.exists()
