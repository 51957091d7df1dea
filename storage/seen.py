"""Slack delivers some requests more than once; the first delivery claims its key here."""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sql
from sqlalchemy import bindparam, delete
from sqlmodel import Session, col

from storage.driver_sql import DriverSQL, stored_time
from storage.models import SeenRequest, table_of


def claim_request(*, session: Session, key: str, now: datetime) -> bool:
    """True for the first delivery of `key`, False for every repeat: one INSERT … ON CONFLICT
    DO NOTHING, told apart by the rows it inserted; no savepoint, no exception. It commits
    with the request's own work (bot/platform/unit_of_work.py), so a claim never outlives an
    effect that failed; on PostgreSQL a second delivery arriving meanwhile waits for the
    first's commit here."""
    seen_at = stored_time(session, now)
    return _CLAIM.count(session, {"key": key[:255], "seen_at": seen_at}) == 1


def was_claimed(*, session: Session, key: str) -> bool:
    """Whether a delivery of `key` was acted on (and committed) already."""
    return session.connection().execute(_CLAIMED, {"key": key[:255]}).first() is not None


def forget_requests_before(*, session: Session, cutoff: datetime) -> int:
    """Retries come within minutes; older keys only take space."""
    result = session.execute(delete(SeenRequest).where(col(SeenRequest.seen_at) < cutoff))
    return int(getattr(result, "rowcount", 0) or 0)


RETENTION = timedelta(days=2)

_TABLE = table_of(SeenRequest)
_CLAIM = DriverSQL(
    "INSERT INTO seenrequest (key, seen_at) VALUES (:key, :seen_at) ON CONFLICT (key) DO NOTHING"
)
_CLAIMED = sql.select(_TABLE.c.key).where(_TABLE.c.key == bindparam("key"))
