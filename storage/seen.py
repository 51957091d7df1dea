"""Slack delivers some requests more than once; the first delivery claims its key here."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import bindparam, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col

from storage.models import SeenRequest, table_of


def claim_request(*, session: Session, key: str, now: datetime) -> bool:
    """True for the first delivery of `key`, False for every repeat: one INSERT … ON CONFLICT
    DO NOTHING RETURNING, no savepoint, no exception. It commits with the request's own work
    (bot/platform/unit_of_work.py), so a claim never outlives an effect that failed; on
    PostgreSQL a second delivery arriving meanwhile waits for the first's commit here."""
    connection = session.connection()
    claim = _CLAIM[connection.dialect.name]
    return connection.execute(claim, {"key": key[:255], "seen_at": now}).first() is not None


def acted_on(*, session: Session, key: str | None) -> bool:
    """Whether a delivery of `key` was acted on (and committed) already. A request whose effect
    is "done already" changes nothing, so the unit of work would answer Slack's retry of the
    delivery that did it as a new request ("closed already, by you"): a listener asks this
    first, on that path only, and answers the repeat with nothing."""
    if key is None:
        return False
    return session.connection().execute(_CLAIMED, {"key": key[:255]}).first() is not None


def forget_requests_before(*, session: Session, cutoff: datetime) -> int:
    """Retries come within minutes; older keys only take space."""
    result = session.execute(delete(SeenRequest).where(col(SeenRequest.seen_at) < cutoff))
    return int(getattr(result, "rowcount", 0) or 0)


RETENTION = timedelta(days=2)

# Built once per dialect, on the table: the ORM's insert machinery costs more than the insert.
_TABLE = table_of(SeenRequest)
_CLAIM = {
    name: dialect.insert(_TABLE)
    .on_conflict_do_nothing(index_elements=["key"])
    .returning(_TABLE.c.key)
    for name, dialect in (("postgresql", postgresql), ("sqlite", sqlite))
}
_CLAIMED = select(_TABLE.c.key).where(_TABLE.c.key == bindparam("key"))
