"""Slack delivers some requests more than once; the first delivery claims its key here."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col

from storage.models import SeenRequest


def claim_request(*, session: Session, key: str, now: datetime) -> bool:
    """True for the first delivery of `key`, False for every repeat (one INSERT … ON CONFLICT
    DO NOTHING RETURNING: no savepoint, no exception)."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        # A claim need not wait for its own flush to disk: the effect that follows commits
        # synchronously, which flushes this claim with it; a claim lost in a crash before that
        # belongs to a delivery with no effect yet, and Slack's retry of it is rightly acted on.
        session.execute(text("SET LOCAL synchronous_commit = off"))
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    claimed = session.execute(
        insert(SeenRequest)
        .values(key=key[:255], seen_at=now)
        .on_conflict_do_nothing(index_elements=["key"])
        .returning(col(SeenRequest.key))
    )
    return claimed.first() is not None


def release_request(*, session: Session, key: str) -> None:
    """The delivery had no effect after all (a form sent back with errors): the same one may
    come again and be acted on."""
    session.execute(delete(SeenRequest).where(col(SeenRequest.key) == key[:255]))


def forget_requests_before(*, session: Session, cutoff: datetime) -> int:
    """Retries come within minutes; older keys only take space."""
    result = session.execute(delete(SeenRequest).where(col(SeenRequest.seen_at) < cutoff))
    return int(getattr(result, "rowcount", 0) or 0)


RETENTION = timedelta(days=2)
