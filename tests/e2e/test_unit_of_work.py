"""One request, one transaction (bot/platform/unit_of_work.py), through the real server: the
thread that answers Slack opens one transaction however much the request does, and what talks
to Slack afterwards runs apart, after the commit."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event

from bot.sandbox.stack import Stack
from bot.sandbox.workspace import CLIENT, CLIENT_CHANNEL, DEV
from storage.db import WriteTrackingSession
from tests.e2e.conftest import setup_project, wait_ephemeral
from tests.e2e.test_changes import propose

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]


@contextmanager
def transactions_by_thread(stack: Stack, monkeypatch: pytest.MonkeyPatch) -> Iterator[Counter[str]]:
    """How many transactions each kind of thread committed meanwhile: the server's threads
    that answer Slack, and the after-ack pool's. SQLAlchemy's, and the driver's own that the
    hot path's statements run in when nothing else does (storage/driver_sql.py)."""
    committed: Counter[str] = Counter()

    def count(*_args: object) -> None:
        name = threading.current_thread().name
        committed["after the ack" if name.startswith("after-ack") else "answering"] += 1

    end_driver_transaction = WriteTrackingSession._end_driver_transaction

    def end(session: WriteTrackingSession, how: str) -> None:
        end_driver_transaction(session, how)
        if how == "COMMIT":
            count()

    monkeypatch.setattr(WriteTrackingSession, "_end_driver_transaction", end)
    event.listen(stack.deps.engine, "commit", count)
    try:
        yield committed
    finally:
        event.remove(stack.deps.engine, "commit", count)


def test_a_status_update_is_one_transaction(stack: Stack, monkeypatch: pytest.MonkeyPatch) -> None:
    setup_project(stack)
    assert stack.deps.background.wait_idle(10)  # the setup's own follow-ups are not counted
    with transactions_by_thread(stack, monkeypatch) as begun:
        for number in range(3):
            posted = stack.sender.command(DEV, CLIENT_CHANNEL, "/status", f"on-track Step {number}")
            assert "Update posted" in posted.text
        assert stack.deps.background.wait_idle(10)  # nor missed if they come late
    assert begun == Counter({"answering": 3})


def test_a_decision_opens_one_transaction_before_its_answer_and_tells_slack_after(
    stack: Stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Approving a change request finds it, its project and the clicker's role, decides and
    logs the decision in the request's one transaction; updating the message, telling the team
    and answering the clicker come after, on the pool."""
    setup_project(stack)
    request = propose(stack, DEV)
    stack.fake.wait_quiet()
    with transactions_by_thread(stack, monkeypatch) as begun:
        stack.sender.click(CLIENT, request, "change_approve")
        wait_ephemeral(stack, CLIENT, "You approved CR-1")
        stack.fake.wait_quiet()
    assert begun["answering"] == 1
