"""The demo's email moment: a local SMTP sink receives Friday's digest for Acme's CFO, and the
transcript shows its subject and first lines."""

from __future__ import annotations

from bot.sandbox.smtp_sink import SmtpSink

CFO = "cfo@acme.example"
EMAIL_LINES = 24


def smtp_sink() -> SmtpSink | None:
    """A local SMTP server for the email moment; aiosmtpd comes with the dev tools only."""
    try:
        return SmtpSink().start()
    except ImportError:
        print("(No email this time: the local SMTP sink needs aiosmtpd, a dev dependency.)\n")
        return None


def print_emails(sink: SmtpSink) -> None:
    for received in sink.received:
        message = received.message
        part = message.get_body(preferencelist=("plain",))
        assert part is not None
        lines = str(part.get_content()).replace("\r\n", "\n").splitlines()
        heading = f"Email to {message['To']}, from the local SMTP sink"
        print(f"━━━ {heading} " + "━" * max(0, 90 - len(heading)))
        print(f"  Subject: {message['Subject']}")
        print("    │ " + "\n    │ ".join(lines[:EMAIL_LINES]).replace("│ \n", "│\n"))
        print(f"    ⋮ ({len(lines) - EMAIL_LINES} more lines, then the unsubscribe link)\n")
