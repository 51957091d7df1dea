"""The export of a whole project: every CSV reads back to the rows written, anonymity holds in
every byte, and nothing a person typed can run as a spreadsheet formula."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine
from sqlmodel import select

from bot.export.files import export_project
from storage.changes import add_change, decide_change
from storage.db import session_scope
from storage.feedback import acknowledge_feedback, resolve_feedback
from storage.models import PollVote
from storage.polls import add_comment, close_poll, open_poll, record_vote
from storage.responses import answer_waiting, record_client_message, withdraw_client_message
from storage.risks import close_risk
from storage.status import delete_status
from tests.factories import NOW, new_feedback, new_project, new_risk, new_status

pytestmark = pytest.mark.db

FILES = {
    "README.txt",
    "status_updates.csv",
    "feedback.csv",
    "decision_log.csv",
    "poll_results.csv",
    "poll_votes.csv",
    "risks.csv",
    "changes.csv",
    "response_times.csv",
    "communication_plan.md",
    "incidents.csv",
    "meetings.csv",
}
# People who only ever answered an anonymous poll: their ids must appear in no file at all.
SECRET_VOTERS = ("U0GIA", "U0HAL")
FORMULA = '=HYPERLINK("http://evil.example","click")'


@dataclass
class Exported:
    files: dict[str, bytes]
    voter_keys: list[str]
    voter_secret: str

    def rows(self, name: str) -> list[dict[str, str]]:
        return list(csv.DictReader(io.StringIO(self.files[name].decode("utf-8"))))


def t(minutes: int) -> str:
    return (NOW + timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M:%SZ")


def day(minutes: int) -> str:
    return (NOW + timedelta(minutes=minutes)).astimezone(UTC).strftime("%Y-%m-%d")


@pytest.fixture
def exported(engine: Engine) -> Exported:
    def at(minutes: int) -> datetime:
        return NOW + timedelta(minutes=minutes)

    with session_scope(engine) as s:
        project = new_project(s)
        new_status(s, project, "Homepage is live", at=at(1))
        new_status(s, project, FORMULA, at=at(2), visibility="internal", author_id="U0CHEN")
        gone = new_status(s, project, "Posted by mistake", at=at(3))
        delete_status(session=s, update=gone, now=at(4))

        named = new_feedback(s, project, "Staging logs me out", author_id="U0DANA", at=at(10))
        acknowledge_feedback(session=s, feedback=named, user_id="U0BEN", now=at(11))
        anonymous = new_feedback(s, project, "Invoices come late", author_id=None, at=at(12))
        resolve_feedback(
            session=s, feedback=anonymous, user_id="U0ANA", resolution="Fixed", now=at(13)
        )

        csat = open_poll(
            session=s,
            project=project,
            kind="csat",
            question="How satisfied are you?",
            anonymity="named",
            now=at(20),
            closes_at=at(60),
            asked=3,
        )
        record_vote(session=s, poll=csat, user_id="U0DANA", score=4, now=at(21))
        record_vote(session=s, poll=csat, user_id="U0ELI", score=2, now=at(22))
        add_comment(session=s, poll=csat, user_id="U0ELI", comment="-- too slow")
        close_poll(session=s, poll=csat, now=at(60))

        nps = open_poll(
            session=s,
            project=project,
            kind="nps",
            question="Would you recommend us?",
            anonymity="anonymous",
            now=at(70),
            closes_at=at(100),
            asked=2,
        )
        assert nps.voter_secret is not None
        secret = nps.voter_secret
        record_vote(session=s, poll=nps, user_id=SECRET_VOTERS[0], score=3, now=at(71))
        record_vote(session=s, poll=nps, user_id=SECRET_VOTERS[1], score=5, now=at(72))
        add_comment(session=s, poll=nps, user_id=SECRET_VOTERS[0], comment="Too many meetings")
        close_poll(session=s, poll=nps, now=at(100))
        keys = list(s.exec(select(PollVote.voter_key).where(PollVote.poll_id == nps.id)))

        risk = new_risk(s, project, "Payment API may slip", at=at(110))
        close_risk(session=s, risk=risk, user_id="U0BEN", note="Shipped", now=at(111))

        for title, cents in (("Add SSO", 200000), ("Drop the blog", -30000)):
            change = add_change(
                session=s,
                project=project,
                title=title,
                reason="",
                scope_impact="",
                schedule_days=5 if cents > 0 else -2,
                cost_cents=cents,
                requested_by="U0DANA",
                proposed_by="U0BEN",
                now=at(120),
            )
        decide_change(
            session=s, change=change, decision="approved", user_id="U0DANA", note=None, now=at(121)
        )

        for ts, minutes in (("1.1", 130), ("2.2", 131)):
            record_client_message(
                session=s,
                project=project,
                channel_id="C0CLIENT",
                ts=ts,
                thread_ts=None,
                author_id="U0DANA",
                received_at=at(minutes),
                working_seconds=lambda _start, _end: 5400,
            )
        withdraw_client_message(session=s, channel_id="C0CLIENT", ts="2.2")
        answer_waiting(
            session=s,
            channel_id="C0CLIENT",
            thread_ts=None,
            answer_ts="3.3",
            answered_by="U0BEN",
            answered_at=at(220),
            working_seconds=lambda _start, _end: 5400,
        )
        files = export_project(s, project, now=at(300))
    return Exported(files, keys, secret)


def test_the_export_holds_every_file_as_utf8_csv_without_a_byte_order_mark(
    exported: Exported,
) -> None:
    assert set(exported.files) == FILES
    for name, data in exported.files.items():
        assert not data.startswith(b"\xef\xbb\xbf"), name
        data.decode("utf-8")
    readme = exported.files["README.txt"].decode()
    assert "Acme Website" in readme and "Europe/Berlin" in readme and "UTC" in readme
    assert "everything, all time" in readme and "1 deleted" in readme


def test_status_updates_read_back_without_the_deleted_one(exported: Exported) -> None:
    rows = exported.rows("status_updates.csv")
    assert [(r["created_at"], r["author"], r["text"], r["visibility"]) for r in rows] == [
        (t(1), "U0BEN", "Homepage is live", "client"),
        (t(2), "U0CHEN", "'" + FORMULA, "internal"),
    ]
    assert rows[0]["health"] == "on-track" and rows[0]["progress_percent"] == "50"
    assert rows[0]["edited_at"] == ""


def test_feedback_reads_back_and_anonymous_feedback_names_nobody(exported: Exported) -> None:
    rows = exported.rows("feedback.csv")
    assert [(r["ref"], r["anonymous"], r["author"], r["state"]) for r in rows] == [
        ("FB-1", "false", "U0DANA", "acknowledged"),
        ("FB-2", "true", "", "resolved"),
    ]
    assert rows[0]["acknowledged_by"] == "U0BEN" and rows[0]["acknowledged_at"] == t(11)
    assert rows[1]["resolved_by"] == "U0ANA" and rows[1]["resolution"] == "Fixed"
    assert rows[1]["created_at"] == t(12) and rows[1]["due_at"] == t(12 + 24 * 60)
    log = exported.rows("decision_log.csv")
    created = [r for r in log if r["ref"] == "FB-2" and r["action"] == "created"]
    assert created == [
        {
            "at": t(12),
            "ref": "FB-2",
            "subject": "feedback",
            "action": "created",
            "from_state": "",
            "to_state": "open",
            "actor": "",
            "note": "",
        }
    ]
    assert {r["ref"] for r in log} == {"FB-1", "FB-2", "R-1", "CR-1", "CR-2"}


def test_poll_results_use_the_poll_arithmetic(exported: Exported) -> None:
    rows = exported.rows("poll_results.csv")
    assert [
        (r["kind"], r["anonymity"], r["state"], r["asked"], r["answers"], r["average"], r["nps"])
        for r in rows
    ] == [
        ("csat", "named", "closed", "3", "2", "3.00", ""),
        ("nps", "anonymous", "closed", "2", "2", "4.00", "-100"),
    ]
    assert rows[0]["opened_at"] == t(20) and rows[0]["closed_at"] == t(60)
    assert rows[0]["response_rate"] == "0.67"


def test_poll_votes_name_voters_of_named_polls_only(exported: Exported) -> None:
    named, anonymous = (r["poll_id"] for r in exported.rows("poll_results.csv"))
    rows = exported.rows("poll_votes.csv")
    assert rows == [
        {"poll_id": named, "voter": "U0DANA", "score": "4", "comment": "", "voted_at": t(21)},
        {
            "poll_id": named,
            "voter": "U0ELI",
            "score": "2",
            "comment": "'-- too slow",
            "voted_at": t(22),
        },
        {
            "poll_id": anonymous,
            "voter": "",
            "score": "3",
            "comment": "Too many meetings",
            "voted_at": day(71),  # an anonymous vote keeps its day, not the minute
        },
        {"poll_id": anonymous, "voter": "", "score": "5", "comment": "", "voted_at": day(72)},
    ]


def test_no_file_holds_an_anonymous_voter_or_the_hashes_that_told_them_apart(
    exported: Exported,
) -> None:
    assert len(exported.voter_keys) == 2
    secrets = [*SECRET_VOTERS, *exported.voter_keys, exported.voter_secret]
    for name, data in exported.files.items():
        for secret in secrets:
            assert secret.encode() not in data, (name, secret)


def test_risks_changes_and_response_times_read_back(exported: Exported) -> None:
    risk = exported.rows("risks.csv")
    assert [(r["ref"], r["state"], r["closed_by"], r["close_note"]) for r in risk] == [
        ("R-1", "closed", "U0BEN", "Shipped")
    ]
    changes = exported.rows("changes.csv")
    assert [(c["ref"], c["schedule_days"], c["cost"], c["state"]) for c in changes] == [
        ("CR-1", "5", "2000.00", "pending"),
        ("CR-2", "-2", "-300.00", "approved"),
    ]
    assert changes[1]["decided_by"] == "U0DANA" and changes[1]["decided_at"] == t(121)
    times = exported.rows("response_times.csv")
    assert times == [
        {
            "received_at": t(130),
            "author": "U0DANA",
            "in_thread": "false",
            "answered_at": t(220),
            "answered_by": "U0BEN",
            "response_working_hours": "1.50",
            "withdrawn": "false",
        },
        {
            "received_at": t(131),
            "author": "U0DANA",
            "in_thread": "false",
            "answered_at": "",
            "answered_by": "",
            "response_working_hours": "",
            "withdrawn": "true",
        },
    ]
