"""Unsubscribe links: a signed, expiring token naming the project and the address, so that the
link works without logging in, and nobody can make one for an address or project of their
choosing. The token is HMAC-SHA256 over (project, address, expiry) with the link secret
(bot/platform/email_settings.py); it is never logged (bot/platform/web.py logs paths only)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import quote

UNSUBSCRIBE_PATH = "/email/unsubscribe"
# Long enough for an email read weeks later (CAN-SPAM asks for 30 days at least); every email
# carries a fresh link.
LINK_LIFETIME = timedelta(days=90)
_PURPOSE = b"unsubscribe\x00"


class LinkError(ValueError):
    """A token that is malformed or forged: nothing in it can be believed."""


@dataclass(frozen=True)
class Link:
    project_id: int
    address: str
    expires_at: datetime

    def expired(self, now: datetime) -> bool:
        return now >= self.expires_at


def make_token(secret: bytes, project_id: int, address: str, expires_at: datetime) -> str:
    payload = f"{project_id}:{int(expires_at.timestamp())}:{address}".encode()
    return f"{_encode(payload)}.{_encode(_signature(secret, payload))}"


def unsubscribe_url(
    public_url: str, secret: bytes, project_id: int, address: str, now: datetime
) -> str:
    token = make_token(secret, project_id, address, now + LINK_LIFETIME)
    return f"{public_url}{UNSUBSCRIBE_PATH}?t={quote(token, safe='')}"


def read_token(secret: bytes, token: str) -> Link:
    """The link a token stands for (expired or not), or LinkError: the signature is checked,
    in constant time, before anything in the token is believed."""
    encoded_payload, dot, encoded_signature = token.partition(".")
    if not dot:
        raise LinkError("invalid")  # i18n: not shown
    try:
        payload = _decode(encoded_payload)
        signature = _decode(encoded_signature)
    except (binascii.Error, ValueError):
        raise LinkError("invalid") from None  # i18n: not shown
    if not hmac.compare_digest(signature, _signature(secret, payload)):
        raise LinkError("invalid")  # i18n: not shown
    project, expiry, address = payload.decode().split(":", 2)
    return Link(int(project), address, datetime.fromtimestamp(int(expiry), UTC))


def _signature(secret: bytes, payload: bytes) -> bytes:
    return hmac.new(secret, _PURPOSE + payload, hashlib.sha256).digest()


def _encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
