"""Slack's retries: the first delivery of a request claims its key, every repeat is dropped."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Engine
from sqlmodel import select

from storage.db import session_scope
from storage.models import SeenRequest
from storage.seen import RETENTION, claim_request, forget_requests_before
from tests.factories import NOW

pytestmark = pytest.mark.db


def test_a_key_is_claimed_once(engine: Engine) -> None:
    with session_scope(engine) as session:
        assert claim_request(session=session, key="Ev1:team", now=NOW)
    with session_scope(engine) as session:
        assert not claim_request(session=session, key="Ev1:team", now=NOW)
        assert claim_request(session=session, key="Ev2:team", now=NOW)


def test_a_repeat_in_the_same_session_is_refused_without_spoiling_it(engine: Engine) -> None:
    with session_scope(engine) as session:
        assert claim_request(session=session, key="cmd-1", now=NOW)
        assert not claim_request(session=session, key="cmd-1", now=NOW)
        assert claim_request(session=session, key="cmd-2", now=NOW)

    with session_scope(engine) as session:
        assert sorted(session.exec(select(SeenRequest.key))) == ["cmd-1", "cmd-2"]


def test_very_long_keys_are_cut_and_still_deduplicated(engine: Engine) -> None:
    key = "k" * 1000
    with session_scope(engine) as session:
        assert claim_request(session=session, key=key, now=NOW)
    with session_scope(engine) as session:
        assert not claim_request(session=session, key=key, now=NOW)


def test_forgetting_removes_only_keys_older_than_the_cutoff(engine: Engine) -> None:
    cutoff = NOW - RETENTION
    with session_scope(engine) as session:
        claim_request(session=session, key="ancient", now=cutoff - timedelta(days=5))
        claim_request(session=session, key="just-old", now=cutoff - timedelta(seconds=1))
        claim_request(session=session, key="at-cutoff", now=cutoff)
        claim_request(session=session, key="recent", now=NOW)

    with session_scope(engine) as session:
        assert forget_requests_before(session=session, cutoff=cutoff) == 2

    with session_scope(engine) as session:
        assert sorted(session.exec(select(SeenRequest.key))) == ["at-cutoff", "recent"]
        assert claim_request(session=session, key="ancient", now=NOW)
        assert not claim_request(session=session, key="recent", now=NOW)


def test_forgetting_with_nothing_old_removes_nothing(engine: Engine) -> None:
    with session_scope(engine) as session:
        claim_request(session=session, key="recent", now=NOW)
        assert forget_requests_before(session=session, cutoff=NOW - RETENTION) == 0
