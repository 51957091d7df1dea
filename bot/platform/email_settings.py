"""How Rapport sends email: the SMTP server, the sender, and the secret that signs unsubscribe
links. Read with the other settings (bot/platform/settings.py); off while SMTP_HOST is unset.

The link secret is EMAIL_LINK_SECRET when set; otherwise it is derived from
SLACK_SIGNING_SECRET with HKDF-SHA256 (RFC 5869), under a label of its own, so no other use of
the signing secret can produce or check a link, and an operator has nothing more to set. Rotating
the signing secret then invalidates the links of emails already sent: set EMAIL_LINK_SECRET to
keep them working across a rotation (or under Socket Mode without a signing secret).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email.utils import formataddr, parseaddr

from email_validator import EmailNotValidError, validate_email

SECURITY_PORTS = {"starttls": 587, "ssl": 465, "none": 25}
HKDF_SALT = b"rapport"  # i18n: not shown
HKDF_INFO = b"rapport email unsubscribe links v1"  # i18n: not shown
TIMEOUT_DEFAULT = 20


@dataclass(frozen=True)
class EmailSettings:
    smtp_host: str | None = None  # None: email is off
    smtp_port: int = 587
    smtp_security: str = "starttls"  # starttls | ssl | none
    smtp_username: str | None = None
    smtp_password: str | None = field(default=None, repr=False)
    email_from: str = ""  # `Rapport <rapport@agency.example>`
    # Signs unsubscribe links (HMAC-SHA256); never logged.
    link_secret: bytes = field(default=b"", repr=False)
    # How long the SMTP server may take to answer any one command before the attempt fails.
    smtp_timeout_seconds: int = TIMEOUT_DEFAULT

    @property
    def enabled(self) -> bool:
        return self.smtp_host is not None

    @property
    def sender_address(self) -> str:
        return parseaddr(self.email_from)[1]


def hkdf_sha256(key: bytes, *, salt: bytes, info: bytes, length: int = 32) -> bytes:
    """RFC 5869's extract-then-expand, for up to 32 bytes (one block is all a link key needs)."""
    if not 0 < length <= 32:
        raise ValueError("one SHA-256 block at most")  # i18n: not shown
    pseudo_random = hmac.new(salt, key, hashlib.sha256).digest()
    return hmac.new(pseudo_random, info + b"\x01", hashlib.sha256).digest()[:length]


def email_settings_from_env(
    env: Mapping[str, str],
    signing_secret: str | None,
    public_url: str | None,
    fail: Callable[[str, str], Exception],
) -> EmailSettings:
    """EmailSettings from the environment; `fail(key, problem)` makes the error that names a
    setting. With SMTP_HOST set, EMAIL_FROM, PUBLIC_URL and a link secret are required."""
    host = env.get("SMTP_HOST", "").strip() or None
    if host is None:
        return EmailSettings()
    security = (env.get("SMTP_SECURITY", "").strip() or "starttls").lower()
    if security not in SECURITY_PORTS:
        raise fail("SMTP_SECURITY", "is malformed: use starttls, ssl or none")
    port_text = env.get("SMTP_PORT", "").strip()
    if port_text and (not port_text.isdigit() or not 0 < int(port_text) < 65536):
        raise fail("SMTP_PORT", f"is malformed: '{port_text}' is not a port number")
    username = env.get("SMTP_USERNAME", "").strip() or None
    password = env.get("SMTP_PASSWORD", "") or None
    if (username is None) != (password is None):
        raise fail(
            "SMTP_USERNAME" if username is None else "SMTP_PASSWORD", "is missing: give both"
        )
    if public_url is None:
        raise fail("PUBLIC_URL", "is missing: unsubscribe links need Rapport's public address")
    timeout_text = env.get("SMTP_TIMEOUT_SECONDS", "").strip()
    if timeout_text and (not timeout_text.isdigit() or int(timeout_text) < 1):
        raise fail("SMTP_TIMEOUT_SECONDS", "is malformed: give a whole number of seconds")
    return EmailSettings(
        smtp_host=host,
        smtp_port=int(port_text) if port_text else SECURITY_PORTS[security],
        smtp_security=security,
        smtp_username=username,
        smtp_password=password,
        email_from=_sender(env.get("EMAIL_FROM", "").strip(), fail),
        link_secret=_link_secret(env.get("EMAIL_LINK_SECRET", "").strip(), signing_secret, fail),
        smtp_timeout_seconds=int(timeout_text) if timeout_text else TIMEOUT_DEFAULT,
    )


def _sender(raw: str, fail: Callable[[str, str], Exception]) -> str:
    if not raw:
        raise fail("EMAIL_FROM", "is missing: give the sender, e.g. Rapport <rapport@example.com>")
    name, address = parseaddr(raw)
    try:
        checked = validate_email(address, check_deliverability=False).normalized
    except EmailNotValidError:
        raise fail("EMAIL_FROM", f"is malformed: '{raw}' is not an email address") from None
    return formataddr((name, checked)) if name else checked


def _link_secret(
    raw: str, signing_secret: str | None, fail: Callable[[str, str], Exception]
) -> bytes:
    if raw:
        if len(raw) < 16:
            raise fail("EMAIL_LINK_SECRET", "is too short: give at least 16 characters")
        return raw.encode()
    if signing_secret is None:
        raise fail(
            "EMAIL_LINK_SECRET",
            "is missing: without SLACK_SIGNING_SECRET to derive it from, set it (16+ characters)",
        )
    return hkdf_sha256(signing_secret.encode(), salt=HKDF_SALT, info=HKDF_INFO)


def public_url_from_env(
    env: Mapping[str, str], fail: Callable[[str, str], Exception]
) -> str | None:
    raw = env.get("PUBLIC_URL", "").strip()
    if not raw:
        return None
    if not raw.startswith(("http://", "https://")) or " " in raw:
        raise fail(
            "PUBLIC_URL", "is malformed: give the http(s) address, e.g. https://rapport.example.com"
        )
    return raw.rstrip("/")
