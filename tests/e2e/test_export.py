"""/project export through the real server: owners get the files by DM, others are refused,
Slack refusing the upload is said plainly."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.export.service import send_export
from bot.platform.slack_client import make_web_client
from bot.sandbox.fake_types import Entry
from bot.sandbox.stack import Stack
from bot.sandbox.workspace import CLIENT, CLIENT2, CLIENT_CHANNEL, DEV, OWNER
from storage.db import session_scope
from storage.models import Project
from storage.projects import project_by_name
from tests.e2e.conftest import open_modal, setup_project, visible, wait_ephemeral, wait_post

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]  # every table, read back as stored

OWNER_DM = f"D{OWNER[1:]}"
CSV_FILES = {
    "status_updates.csv",
    "feedback.csv",
    "decision_log.csv",
    "poll_results.csv",
    "poll_votes.csv",
    "risks.csv",
    "changes.csv",
    "response_times.csv",
    "incidents.csv",
    "meetings.csv",
}
PLAN_FILES = {"communication_plan.md"}


def shared_files(stack: Stack) -> list[Entry]:
    return [e for e in stack.fake.timeline if e.kind == "file"]


def rows(files: list[dict[str, Any]], name: str) -> list[dict[str, str]]:
    data = next(f["data"] for f in files if f["name"] == name)
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def test_an_owner_gets_every_file_by_direct_message(stack: Stack) -> None:
    setup_project(stack)
    stack.sender.command(DEV, CLIENT_CHANNEL, "/status", "on-track 40% =SUM(A1) is live")
    stack.sender.command(CLIENT, CLIENT_CHANNEL, "/feedback", "problem: staging logs me out")
    stack.sender.command(DEV, CLIENT_CHANNEL, "/risk", "add high Vendor slips")
    stack.sender.command(OWNER, CLIENT_CHANNEL, "/project", "set client @dana @eli")
    stack.sender.command(OWNER, CLIENT_CHANNEL, "/project", "poll")
    poll = wait_post(stack, CLIENT_CHANNEL, "Quick check-in")
    stack.sender.click(CLIENT2, poll, "poll_vote_4")  # an anonymous poll: the default
    wait_ephemeral(stack, CLIENT2, "Your answer (4) is recorded")

    reply = stack.sender.command(OWNER, CLIENT_CHANNEL, "/project", "export")
    assert reply.status == 200
    answer = wait_ephemeral(stack, OWNER, "is in your direct messages")
    assert answer.channel == CLIENT_CHANNEL and "Acme Website" in answer.text

    # twelve files: more than Slack shares in one message, so two messages, each saying which
    uploads = stack.fake.wait_for(lambda: len(shared_files(stack)) == 2 and shared_files(stack))
    assert all(u.channel == OWNER_DM and "Acme Website" in u.text for u in uploads)
    assert "everything, all time" in uploads[0].text and "part 2 of 2" in uploads[1].text
    files = [f for u in uploads for f in u.files]
    assert {f["name"] for f in files} == CSV_FILES | {"README.txt"} | PLAN_FILES
    plan = next(f["data"] for f in files if f["name"] == "communication_plan.md").decode()
    assert plan.startswith("# Communication plan — Acme Website") and "@Ana Lopez" in plan
    [status] = rows(files, "status_updates.csv")
    assert status["author"] == DEV and status["text"] == "'=SUM(A1) is live"
    assert status["health"] == "on-track" and status["progress_percent"] == "40"
    [feedback] = rows(files, "feedback.csv")
    assert feedback["ref"] == "FB-1" and feedback["author"] == CLIENT
    assert feedback["anonymous"] == "false"
    assert [r["ref"] for r in rows(files, "risks.csv")] == ["R-1"]
    [vote] = rows(files, "poll_votes.csv")
    assert vote["score"] == "4" and vote["voter"] == ""
    [result] = rows(files, "poll_results.csv")
    assert result["anonymity"] == "anonymous" and result["answers"] == "1"
    for shared in files:  # Eli only ever voted anonymously: named nowhere
        assert CLIENT2.encode() not in shared["data"], shared["name"]
    assert "Europe/Berlin" in next(f["data"].decode() for f in files if f["name"] == "README.txt")


def test_the_meetings_minutes_are_exported_with_what_was_decided_and_who_does_what(
    stack: Stack,
) -> None:
    setup_project(stack)
    due = (datetime.now(UTC).date() + timedelta(days=7)).isoformat()
    stack.sender.command(DEV, CLIENT_CHANNEL, "/project", "minutes")
    modal = open_modal(stack, "meeting_minutes_modal")
    stack.sender.submit(
        DEV,
        modal["id"],
        {
            "decisions": "Launch moves to Monday",
            "item_1_what": "Send the SSO metadata",
            "item_1_who": CLIENT,
            "item_1_due": due,
        },
    )
    wait_post(stack, CLIENT_CHANNEL, "Minutes")
    send_export(stack.deps, make_web_client(stack.deps.settings), the_project(stack), OWNER)
    uploads = stack.fake.wait_for(lambda: len(shared_files(stack)) == 2 and shared_files(stack))
    meeting, decision, item = rows([f for u in uploads for f in u.files], "meetings.csv")
    assert (meeting["kind"], meeting["recorded_by"]) == ("meeting", DEV)
    assert (decision["item"], decision["text"]) == ("D-1", "Launch moves to Monday")
    assert (item["item"], item["text"], item["owner"]) == ("A-1", "Send the SSO metadata", CLIENT)
    assert (item["due_on"], item["state"]) == (due, "open")
    assert meeting["meeting"] == decision["meeting"] == item["meeting"] != ""


@pytest.mark.parametrize("who", [CLIENT, DEV])
def test_clients_and_team_members_are_refused_and_nothing_is_uploaded(
    stack: Stack, who: str
) -> None:
    setup_project(stack)
    reply = stack.sender.command(who, CLIENT_CHANNEL, "/project", "export")
    assert reply.status == 200
    assert "for its owners" in reply.text and f"<@{OWNER}>" in reply.text
    stack.fake.wait_quiet()
    assert shared_files(stack) == []
    assert stack.fake.calls_of("files.getUploadURLExternal") == []


def test_slack_refusing_the_upload_is_said_and_nothing_claimed_sent(stack: Stack) -> None:
    setup_project(stack)
    stack.fake.fail_next(
        "files.completeUploadExternal", status=200, error="file_uploads_disabled", retry_after=None
    )
    stack.sender.command(OWNER, CLIENT_CHANNEL, "/project", "export")
    answer = wait_ephemeral(stack, OWNER, "Slack refused the upload")
    assert "file_uploads_disabled" in answer.text and "nothing was sent" in answer.text
    assert "direct messages" not in visible(answer)
    stack.fake.wait_quiet()
    assert shared_files(stack) == []


def test_an_export_outside_a_project_channel_says_how_to_start(stack: Stack) -> None:
    reply = stack.sender.command(OWNER, CLIENT_CHANNEL, "/project", "export")
    assert "/project setup" in reply.text
    assert shared_files(stack) == []


def the_project(stack: Stack) -> Project:
    with session_scope(stack.deps.engine) as session:
        project = project_by_name(session=session, name="Acme Website")
    assert project is not None
    return project


def test_more_files_than_slack_takes_at_once_go_in_several_uploads(stack: Stack) -> None:
    setup_project(stack)
    client = make_web_client(stack.deps.settings)
    answer = send_export(stack.deps, client, the_project(stack), OWNER, per_upload=4)
    assert "12 files" in answer and "is in your direct messages" in answer
    uploads = stack.fake.wait_for(lambda: len(shared_files(stack)) == 3 and shared_files(stack))
    assert [len(u.files) for u in uploads] == [4, 4, 4]
    assert "part 1 of 3" in uploads[0].text and "part 3 of 3" in uploads[2].text
    assert all(u.channel == OWNER_DM and "Acme Website" in u.text for u in uploads)
    assert {f["name"] for u in uploads for f in u.files} == CSV_FILES | {"README.txt"} | PLAN_FILES


def test_a_file_over_the_export_limit_stops_the_whole_export(stack: Stack) -> None:
    setup_project(stack)
    small = replace(stack.deps, settings=replace(stack.deps.settings, export_max_bytes=100))
    answer = send_export(small, make_web_client(small.settings), the_project(stack), OWNER)
    assert answer.startswith("Nothing was sent") and "EXPORT_MAX_BYTES" in answer
    assert "limit of 100 bytes" in answer and "python -m bot export" in answer
    assert "README.txt" in answer and "poll_votes.csv" not in answer  # a header only: 50 bytes
    stack.fake.wait_quiet()
    assert shared_files(stack) == []
    assert stack.fake.calls_of("files.getUploadURLExternal") == []
