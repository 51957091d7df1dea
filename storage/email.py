"""Email recipients of a project, and the claims that send each email once: a row per (project,
address, job, period), claimed before sending and finished after, like storage/runs.py's for
Slack posts; a claim whose process died is taken over after a timeout, a failure tried again
after a backoff that grows with each attempt."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy import update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from storage.driver_rows import DriverRows
from storage.driver_sql import stored_time
from storage.models import EmailRecipient, EmailSend, Project, table_of
from storage.runs import RunRow

MAX_ATTEMPTS = 5
FIRST_RETRY = timedelta(minutes=5)  # then 15 min, 45 min, 2 h 15 min: four retries in ~3.3 h
BACKOFF_FACTOR = 3
UNFINISHED = ("claimed", "sending")


# -- recipients ---------------------------------------------------------------------------


def find_recipient(*, session: Session, project_id: int, address: str) -> EmailRecipient | None:
    return session.exec(
        select(EmailRecipient).where(
            EmailRecipient.project_id == project_id, EmailRecipient.address == address
        )
    ).first()


def add_recipient(
    *, session: Session, project_id: int, address: str, added_by: str, now: datetime
) -> tuple[EmailRecipient, bool]:
    """The address's row, and whether this call created it (two owners adding the same address
    at once make one row: INSERT … ON CONFLICT DO NOTHING)."""
    connection = session.connection()
    values = {"project_id": project_id, "address": address, "added_by": added_by, "added_at": now}
    created = connection.execute(_ADD[connection.dialect.name], values).first() is not None
    found = find_recipient(session=session, project_id=project_id, address=address)
    assert found is not None
    return found, created


def listed_recipients(*, session: Session, project: Project) -> list[EmailRecipient]:
    """Every address owners see in `/project set email list`: active and unsubscribed, in the
    order they were added; removed ones are left out."""
    return list(
        session.exec(
            select(EmailRecipient)
            .where(
                EmailRecipient.project_id == project.id,
                col(EmailRecipient.removed_at).is_(None),
            )
            .order_by(col(EmailRecipient.id))
        )
    )


def active_addresses(*, session: Session, project_id: int, added_by: datetime) -> list[str]:
    """Who receives a period's email: listed, not unsubscribed, added before it was due."""
    return list(
        session.exec(
            select(EmailRecipient.address)
            .where(
                EmailRecipient.project_id == project_id,
                col(EmailRecipient.removed_at).is_(None),
                col(EmailRecipient.unsubscribed_at).is_(None),
                col(EmailRecipient.added_at) <= added_by,
            )
            .order_by(col(EmailRecipient.id))
        )
    )


def projects_with_recipients(*, session: Session) -> list[int]:
    return list(
        session.exec(
            select(EmailRecipient.project_id)
            .where(
                col(EmailRecipient.removed_at).is_(None),
                col(EmailRecipient.unsubscribed_at).is_(None),
            )
            .distinct()
        )
    )


def set_unsubscribed(
    *, session: Session, project_id: int, address: str, at: datetime | None
) -> bool:
    """Unsubscribe (`at`) or subscribe again (None); False when the address is not listed."""
    changed = session.execute(
        update(EmailRecipient)
        .where(
            col(EmailRecipient.project_id) == project_id,
            col(EmailRecipient.address) == address,
            col(EmailRecipient.removed_at).is_(None),
        )
        .values(unsubscribed_at=at)
    )
    return getattr(changed, "rowcount", 0) == 1


# -- claims -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SendClaim:
    send: EmailSend
    again: bool  # taken over from `sending`: the server may have it already


def claim_send(
    *,
    session: Session,
    project_id: int,
    address: str,
    job: str,
    period_key: str,
    scheduled_for: datetime,
    message_id: str,
    worker: str,
    now: datetime,
    timeout: timedelta,
) -> SendClaim | None:
    """This worker's claim on one email, or None when it is someone else's, done, or not due
    for another attempt. One INSERT … ON CONFLICT DO NOTHING RETURNING; a row already there is
    taken over by compare-and-set when its process died or its retry is due."""
    values = {
        "project_id": project_id,
        "address": address,
        "job": job,
        "period_key": period_key,
        "scheduled_for": scheduled_for,
        "state": "claimed",
        "claimed_by": worker,
        "claimed_at": now,
        "attempts": 1,
        "message_id": message_id,
    }
    connection = session.connection()
    inserted = connection.execute(_CLAIM[connection.dialect.name], values).first()
    found = session.exec(
        select(EmailSend).where(
            EmailSend.project_id == project_id,
            EmailSend.address == address,
            EmailSend.job == job,
            EmailSend.period_key == period_key,
        )
    ).one()
    if inserted is not None:
        return SendClaim(found, again=False)
    return _take_over(session, found, worker=worker, now=now, timeout=timeout)


def _take_over(
    session: Session, existing: EmailSend, *, worker: str, now: datetime, timeout: timedelta
) -> SendClaim | None:
    if existing.attempts >= MAX_ATTEMPTS:
        return None
    stale = existing.state in UNFINISHED and now - existing.claimed_at >= timeout
    due = (
        existing.state == "failed"
        and existing.next_attempt_at is not None
        and existing.next_attempt_at <= now
    )
    if not (stale or due):
        return None
    again = existing.state == "sending"  # read now: the update below changes `existing` too
    taken = session.execute(
        update(EmailSend)
        .where(
            col(EmailSend.id) == existing.id,
            col(EmailSend.state) == existing.state,
            col(EmailSend.claimed_at) == existing.claimed_at,
        )
        .values(
            state="claimed",
            claimed_by=worker,
            claimed_at=now,
            attempts=EmailSend.attempts + 1,
            next_attempt_at=None,
        )
    )
    if getattr(taken, "rowcount", 0) != 1:
        return None
    session.refresh(existing)
    return SendClaim(existing, again=again)


def move_send(
    *,
    session: Session,
    send: EmailSend,
    state: str,
    now: datetime,
    note: str | None = None,
) -> bool:
    """Record what became of the email, if the claim is still this worker's (False when it was
    taken over meanwhile: then nothing is recorded, and `sending` must not go ahead). A failure
    gets its next attempt after a backoff that triples each time, until MAX_ATTEMPTS."""
    finished = state not in UNFINISHED
    retry_at = None
    if state == "failed" and send.attempts < MAX_ATTEMPTS:
        retry_at = now + FIRST_RETRY * BACKOFF_FACTOR ** (send.attempts - 1)
    moved = session.execute(
        update(EmailSend)
        .where(
            col(EmailSend.id) == send.id,
            col(EmailSend.state).in_(UNFINISHED),
            col(EmailSend.claimed_by) == send.claimed_by,
            col(EmailSend.claimed_at) == send.claimed_at,
        )
        .values(
            state=state,
            finished_at=now if finished else None,
            next_attempt_at=retry_at,
            note=note[:200] if note else None,
        )
    )
    return getattr(moved, "rowcount", 0) == 1


def unsent_addresses(
    *, session: Session, project_id: int, job: str, period_key: str, addresses: list[str]
) -> list[str]:
    """Of `addresses`, those with no claim yet for this period."""
    claimed = set(
        session.exec(
            select(EmailSend.address).where(
                EmailSend.project_id == project_id,
                EmailSend.job == job,
                EmailSend.period_key == period_key,
            )
        )
    )
    return [address for address in addresses if address not in claimed]


def sends_to_resume(*, session: Session, now: datetime, stale_before: datetime) -> list[EmailSend]:
    """Failures whose next attempt is due, and claims left behind by a process that died."""
    return list(
        session.exec(
            select(EmailSend).where(
                col(EmailSend.attempts) < MAX_ATTEMPTS,
                ((col(EmailSend.state) == "failed") & (col(EmailSend.next_attempt_at) <= now))
                | (
                    col(EmailSend.state).in_(UNFINISHED)
                    & (col(EmailSend.claimed_at) <= stale_before)
                ),
            )
        )
    )


class SendRow(RunRow, Protocol):
    """An email's send as the internal digest reads it (storage/driver_rows.py): the record of
    a scheduled post, to one address."""

    @property
    def address(self) -> str: ...
    @property
    def next_attempt_at(self) -> datetime | None: ...


def given_up_sends(*, session: Session, project_id: int, since: datetime) -> list[SendRow]:
    """Emails that will not go out without a person: refused for good, or failed on every
    attempt, scheduled since `since`, oldest first (the internal digest names them)."""
    params = {"project_id": project_id, "since": stored_time(session, since)}
    return _GIVEN_UP.all(session, params)


_GIVEN_UP = DriverRows[SendRow](  # the internal digest's path reads it for every project
    SendRow,
    "FROM emailsend WHERE project_id = :project_id AND scheduled_for >= :since AND (state ="
    f" 'refused' OR (state = 'failed' AND attempts >= {MAX_ATTEMPTS})) ORDER BY scheduled_for, id",
)


_RECIPIENTS = table_of(EmailRecipient)
_ADD = {
    name: dialect.insert(_RECIPIENTS)
    .on_conflict_do_nothing(index_elements=["project_id", "address"])
    .returning(_RECIPIENTS.c.id)
    for name, dialect in (("postgresql", postgresql), ("sqlite", sqlite))
}
_TABLE = table_of(EmailSend)
_CLAIM = {
    name: dialect.insert(_TABLE)
    .on_conflict_do_nothing(index_elements=["project_id", "address", "job", "period_key"])
    .returning(_TABLE.c.id)
    for name, dialect in (("postgresql", postgresql), ("sqlite", sqlite))
}
