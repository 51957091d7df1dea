"""Slack delivers some requests more than once; the first delivery claims its key here."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from storage.models import SeenRequest


def claim_request(*, session: Session, key: str, now: datetime) -> bool:
    """True for the first delivery of `key`, False for every repeat."""
    try:
        with session.begin_nested():
            session.add(SeenRequest(key=key[:255], seen_at=now))
    except IntegrityError:
        return False
    return True


def forget_requests_before(*, session: Session, cutoff: datetime) -> int:
    """Retries come within minutes; older keys only take space."""
    result = session.execute(delete(SeenRequest).where(col(SeenRequest.seen_at) < cutoff))
    return int(getattr(result, "rowcount", 0) or 0)


RETENTION = timedelta(days=2)
