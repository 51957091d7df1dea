"""`/project set email add|remove|list`: who outside Slack receives the project's client digest
and monthly report by email. Owners only, in the request's session; the answer says what
changed, or what to type (or, where email is not set up, what the operator must configure)."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from email_validator import EmailNotValidError, validate_email
from sqlmodel import Session

from bot.platform import i18n
from bot.platform.asking import Asking
from bot.platform.blocks import bullet_list, user
from bot.platform.email_settings import EmailSettings
from bot.platform.i18n import _, listing
from bot.platform.roles import Act
from bot.platform.text import escape, split_command
from storage.email import add_recipient, find_recipient, listed_recipients
from storage.models import EmailRecipient, Project
from storage.projects import owners_of

MOST_RECIPIENTS = 25
# Slack sends a typed address as `<mailto:cfo@acme.com|cfo@acme.com>` (links are escaped).
_MAILTO = re.compile(r"<mailto:([^|<>]+)(?:\|[^<>]*)?>")


def not_configured() -> str:
    return _(
        "Email is not set up on this Rapport. Its operator sets `SMTP_HOST` (with `SMTP_PORT`, "
        "`SMTP_SECURITY`, `SMTP_USERNAME` and `SMTP_PASSWORD`), `EMAIL_FROM` and `PUBLIC_URL`, "
        "then restarts it: see the settings in the README."
    )


def set_email(
    session: Session, settings: EmailSettings, asking: Asking, value: str, now: datetime
) -> str:
    """`/project set email …`: the answer, in the caller's language."""
    project = asking.project
    if project is None or project.id is None:
        return _("This channel has no project yet: `/project setup NAME` starts one.")
    if not settings.enabled:
        return not_configured()
    if not asking.may(Act.MANAGE_EMAIL):
        owners = i18n.alternatives(user(o) for o in owners_of(session=session, project=project))
        return _("Who receives emails is for the project's owners: ask {owners}.").format(
            owners=owners
        )
    verb, rest = split_command(value)
    if verb == "list":
        return describe_recipients(listed_recipients(session=session, project=project), project)
    if verb not in ("add", "remove") or not rest:
        return _("Say `/project set email add cfo@acme.com`, `remove cfo@acme.com` or `list`.")
    addresses, wrong = parse_addresses(rest)
    if wrong:
        return _("`{typed}` is not an email address: nothing was changed.").format(
            typed=escape(wrong[0])
        )
    if verb == "add":
        return _add(session, project, addresses, asking.user_id, now)
    return _remove(session, project, addresses, now)


def parse_addresses(text: str) -> tuple[list[str], list[str]]:
    """(addresses normalised, what was typed that is none), from words split by spaces or
    commas, as typed or as Slack links them."""
    found, wrong = [], []
    for word in re.split(r"[\s,;，；、]+", _MAILTO.sub(r" \1 ", text)):
        if not word:
            continue
        try:
            normal = validate_email(word, check_deliverability=False).normalized
        except EmailNotValidError:
            wrong.append(word)
            continue
        if normal not in found:
            found.append(normal)
    return found, wrong


def _add(
    session: Session, project: Project, addresses: list[str], user_id: str, now: datetime
) -> str:
    assert project.id is not None
    active = [
        r for r in listed_recipients(session=session, project=project) if not r.unsubscribed_at
    ]
    added: list[str] = []
    already: list[str] = []
    refused: list[EmailRecipient] = []
    for address in addresses:
        if len(active) + len(added) >= MOST_RECIPIENTS:
            return _(
                "A project sends emails to {most} addresses at most: remove one first."
            ).format(most=i18n.number(MOST_RECIPIENTS))
        recipient, created = add_recipient(
            session=session, project_id=project.id, address=address, added_by=user_id, now=now
        )
        if created:
            added.append(address)
        elif recipient.unsubscribed_at is not None:
            refused.append(recipient)
        elif recipient.removed_at is not None:
            recipient.removed_at, recipient.added_by, recipient.added_at = None, user_id, now
            session.add(recipient)
            added.append(address)
        else:
            already.append(address)
    session.flush()
    lines = []
    if added:
        lines.append(
            _(
                "📧 {addresses} will receive the client digest and the monthly report of "
                "*{project}* by email, from the next one on."
            ).format(addresses=listing(escape(a) for a in added), project=escape(project.name))
        )
    if already:
        lines.append(
            _("{addresses} already receive them.").format(
                addresses=listing(escape(a) for a in already)
            )
        )
    lines += [_unsubscribed(recipient, project) for recipient in refused]
    return "\n".join(lines)


def _unsubscribed(recipient: EmailRecipient, project: Project) -> str:
    assert recipient.unsubscribed_at is not None
    day = i18n.day_and_year(recipient.unsubscribed_at.astimezone(ZoneInfo(project.timezone)))
    return _(
        "{address} unsubscribed on {day}: only they can subscribe again, from the link in "
        "their last email."
    ).format(address=escape(recipient.address), day=day)


def _remove(session: Session, project: Project, addresses: list[str], now: datetime) -> str:
    assert project.id is not None
    lines = []
    for address in addresses:
        recipient = find_recipient(session=session, project_id=project.id, address=address)
        if recipient is None or recipient.removed_at is not None:
            lines.append(_("{address} was not on the list.").format(address=escape(address)))
            continue
        recipient.removed_at = now  # kept, so that an unsubscription is never forgotten
        session.add(recipient)
        lines.append(
            _("{address} no longer receives the emails of *{project}*.").format(
                address=escape(address), project=escape(project.name)
            )
        )
    session.flush()
    return "\n".join(lines)


def describe_recipients(recipients: list[EmailRecipient], project: Project) -> str:
    if not recipients:
        return _(
            "Nobody receives the emails of *{project}* yet: `/project set email add cfo@acme.com`."
        ).format(project=escape(project.name))
    zone = ZoneInfo(project.timezone)
    items = []
    for recipient in recipients:
        if recipient.unsubscribed_at is not None:
            day = i18n.day_and_year(recipient.unsubscribed_at.astimezone(zone))
            items.append(
                _("🚫 {address}: unsubscribed on {day}").format(
                    address=escape(recipient.address), day=day
                )
            )
        else:
            items.append(
                _("{address}: added by {person} on {day}").format(
                    address=escape(recipient.address),
                    person=user(recipient.added_by),
                    day=i18n.day_and_year(recipient.added_at.astimezone(zone)),
                )
            )
    head = _(
        "*Emails of {project}*: the client digest and the monthly report, to each address."
    ).format(project=escape(project.name))
    return head + "\n" + bullet_list(items, limit=2800)
