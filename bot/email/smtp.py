"""Handing one email to the SMTP server with the standard library's smtplib (maintained with
Python itself; nothing here needs more), with a timeout on every command.

The steps are taken one by one so that what is known stays known: a failure before DATA means
the server has not got the message, so trying again cannot double it; the server's answer to
the message itself decides; only a connection lost after the whole message was written, before
the answer, leaves it unknown whether the server took it (RFC 1047's problem). `ready` is asked
just before DATA: it records that the message is being handed over, and says no when the claim
was taken over meanwhile (then nothing is sent)."""

from __future__ import annotations

import logging
import smtplib
import socket
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage

from bot.platform.email_settings import EmailSettings

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Handed:
    """What became of one email: `sent`, `refused` (for good: 5xx), `failed` (try again), or
    `abandoned` (the claim was lost before DATA: another process has it)."""

    state: str
    note: str = ""
    unknown: bool = False  # failed after the whole message was written: it may have arrived


def _reply(code: int, text: bytes | str) -> str:
    said = text.decode(errors="replace") if isinstance(text, bytes) else str(text)
    return f"{code} {' '.join(said.split())}"[:200]


def _refusal(code: int, text: bytes | str) -> Handed:
    return Handed("refused" if 500 <= code < 600 else "failed", _reply(code, text))


def connect(settings: EmailSettings) -> smtplib.SMTP:
    """Connected, secured as configured, and logged in."""
    assert settings.smtp_host is not None
    timeout = settings.smtp_timeout_seconds
    if settings.smtp_security == "ssl":
        server: smtplib.SMTP = smtplib.SMTP_SSL(
            settings.smtp_host,
            settings.smtp_port,
            timeout=timeout,
            context=ssl.create_default_context(),
        )
    else:
        server = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=timeout)
    try:
        server.ehlo()
        if settings.smtp_security == "starttls":
            server.starttls(context=ssl.create_default_context())
            server.ehlo()
        if settings.smtp_username is not None and settings.smtp_password is not None:
            server.login(settings.smtp_username, settings.smtp_password)
    except BaseException:
        _close(server)
        raise
    return server


def hand_over(settings: EmailSettings, message: EmailMessage, ready: Callable[[], bool]) -> Handed:
    """Send `message` to its one recipient (its To) from the sender's address."""
    recipient = str(message["To"])
    try:
        server = connect(settings)
    except smtplib.SMTPAuthenticationError as error:
        return Handed("failed", _reply(error.smtp_code, error.smtp_error))
    except (OSError, smtplib.SMTPException, ssl.SSLError) as error:
        return Handed("failed", _what(error))
    try:
        return _transaction(server, settings.sender_address, recipient, message, ready)
    finally:
        _close(server)


def _transaction(
    server: smtplib.SMTP,
    sender: str,
    recipient: str,
    message: EmailMessage,
    ready: Callable[[], bool],
) -> Handed:
    try:
        code, text = server.mail(sender)
        if code != 250:
            return _refusal(code, text)
        code, text = server.rcpt(recipient)
        if code not in (250, 251):
            return _refusal(code, text)
    except (OSError, smtplib.SMTPException) as error:
        return Handed("failed", _what(error))
    if not ready():
        return Handed("abandoned", "the claim was taken over before DATA")  # i18n: not shown
    try:
        code, text = server.data(message.as_bytes())
    except smtplib.SMTPDataError as error:  # refused DATA, or the message after it
        return _refusal(error.smtp_code, error.smtp_error)
    except (OSError, smtplib.SMTPException) as error:
        return Handed("failed", _what(error), unknown=True)
    if code != 250:
        return _refusal(code, text)
    return Handed("sent", _reply(code, text))


def _what(error: BaseException) -> str:
    timed_out = "timed out" in str(error)  # i18n: not shown (smtplib's words for it)
    if isinstance(error, socket.timeout | TimeoutError) or timed_out:
        return "the server did not answer in time"  # i18n: not shown
    if isinstance(error, smtplib.SMTPServerDisconnected):
        return "the server closed the connection"  # i18n: not shown
    if isinstance(error, smtplib.SMTPResponseException):
        return _reply(error.smtp_code, error.smtp_error)
    return f"{type(error).__name__}: {error}"[:200]


def _close(server: smtplib.SMTP) -> None:
    try:
        server.quit()
    except (OSError, smtplib.SMTPException):
        server.close()
