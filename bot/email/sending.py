"""Each recipient's email of a period, exactly once: claimed in the database before anything is
built (storage/email.py), marked `sending` just before the server is given the message, and
finished with what the server said.

Once is kept across retries, replicas and restarts by the claim: a period's email to an
address is sent by whoever claims it, and nobody else. SMTP has no way to ask a server whether
it took a message, so one window stays open: the answer to the message itself, lost (the
connection dropped, the process died) after the server got it. Rapport then sends it again
after a backoff, with the same Message-ID (bot/email/message.py): a copy is the same email by
RFC 5322, and mail providers and clients that de-duplicate show it once. Not sending it again
would lose every email whose connection dropped mid-message, which is far more common than a
server that took the message and then lost the answer. Everything before DATA is certain: a
failure there never sent anything and is simply tried again."""

from __future__ import annotations

import logging
from datetime import timedelta

from slack_sdk import WebClient

from bot.email.contents import Period, build_contents
from bot.email.links import unsubscribe_url
from bot.email.message import Contents, compose, list_id_for, message_id_for
from bot.email.render import Footer
from bot.email.smtp import hand_over
from bot.platform import i18n
from bot.platform.deps import Deps
from bot.platform.i18n import _
from bot.scheduling.publishing import WORKER
from storage.db import session_scope
from storage.email import SendClaim, active_addresses, claim_send, move_send

logger = logging.getLogger(__name__)


def send_period(deps: Deps, client: WebClient, period: Period) -> dict[str, str]:
    """address → what became of its email, for those this call claimed (none when email is
    off, nobody is listed, or every email of the period is done or in other hands)."""
    if not deps.settings.email.enabled:
        return {}
    claims = _claim(deps, period)
    if not claims:
        return {}
    try:
        contents = build_contents(deps, client, period)
    except Exception:
        logger.exception(
            "the %s email of project %s could not be built", period.job, period.project.id
        )
        for claim in claims:
            _record(deps, claim, "failed", "could not build the email")  # i18n: not shown
        return {claim.send.address: "failed" for claim in claims}
    return {claim.send.address: _send(deps, period, contents, claim) for claim in claims}


def _claim(deps: Deps, period: Period) -> list[SendClaim]:
    project_id = period.project.id
    assert project_id is not None
    sender = deps.settings.email.sender_address
    now = deps.clock()
    timeout = timedelta(seconds=deps.settings.claim_timeout_seconds)
    with session_scope(deps.engine) as session:
        addresses = active_addresses(
            session=session, project_id=project_id, added_by=period.scheduled_for
        )
        claims = [
            claim_send(
                session=session,
                project_id=project_id,
                address=address,
                job=period.job,
                period_key=period.period_key,
                scheduled_for=period.scheduled_for,
                message_id=message_id_for(
                    project_id, address, period.job, period.period_key, sender
                ),
                worker=WORKER,
                now=now,
                timeout=timeout,
            )
            for address in addresses
        ]
    return [claim for claim in claims if claim is not None]


def _send(deps: Deps, period: Period, contents: Contents, claim: SendClaim) -> str:
    settings, send, project = deps.settings.email, claim.send, period.project
    assert project.id is not None and deps.settings.public_url is not None
    now = deps.clock()
    with i18n.speaking(project.language):
        footer = Footer(
            why=_(
                "You receive this email because the owners of {project} added {address} to "
                "its updates."
            ).format(project=project.name, address=send.address),
            unsubscribe_label=_("Unsubscribe"),
            unsubscribe_url=unsubscribe_url(
                deps.settings.public_url, settings.link_secret, project.id, send.address, now
            ),
        )
    message = compose(
        contents,
        sender=settings.email_from,
        to=send.address,
        message_id=send.message_id,
        footer=footer,
        list_id=list_id_for(project.id, project.name, settings.sender_address),
        date=now,
    )
    if claim.again:
        logger.info("sending %s again after a takeover, with the same Message-ID", send.job)
    handed = hand_over(settings, message, lambda: _record(deps, claim, "sending"))
    if handed.state == "abandoned":
        return "claimed-elsewhere"
    if handed.state != "sent":
        logger.warning(
            "the %s email of project %s (attempt %d) %s: %s",
            send.job,
            project.id,
            send.attempts,
            handed.state,
            handed.note,
        )
    _record(deps, claim, handed.state, handed.note)
    return handed.state


def _record(deps: Deps, claim: SendClaim, state: str, note: str = "") -> bool:
    with session_scope(deps.engine) as session:
        moved = move_send(
            session=session, send=claim.send, state=state, now=deps.clock(), note=note or None
        )
    if not moved:
        logger.warning("an email's claim was taken over meanwhile; %s not recorded", state)
    return moved
