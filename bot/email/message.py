"""One recipient's email: multipart/alternative (text, then HTML with the charts inline as
multipart/related), inside multipart/mixed when a PDF is attached; addressed to that
recipient alone; with the unsubscribe headers of RFC 2369 and RFC 8058 (one click: mail
providers POST `List-Unsubscribe=One-Click` to the link) and a Message-ID that is the same on
every attempt, so a copy sent again is recognisable as the same email. Pure: stdlib `email`."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime

from bot.email.document import Document
from bot.email.render import Footer, as_html, as_text


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes


@dataclass(frozen=True)
class Contents:
    """What every recipient of one period's email shares: the document, in the project's
    language, its charts (PNG) and its PDF."""

    document: Document
    language: str
    project_name: str
    charts: tuple[bytes, ...] = ()
    pdf: Attachment | None = None


def message_id_for(project_id: int, address: str, job: str, period_key: str, sender: str) -> str:
    """The same (project, address, job, period) always gets the same Message-ID."""
    key = f"{project_id}\x00{address}\x00{job}\x00{period_key}".encode()
    digest = hashlib.sha256(key).hexdigest()[:24]  # 96 bits: the header stays on one line
    domain = sender.rpartition("@")[2] or "rapport.invalid"
    return f"<rapport.{job}.{digest}@{domain}>"


def compose(
    contents: Contents,
    *,
    sender: str,
    to: str,
    message_id: str,
    footer: Footer,
    list_id: str,
    date: datetime,
) -> EmailMessage:
    message = EmailMessage(policy=SMTP)
    message["From"] = sender
    message["To"] = Address(addr_spec=to)
    message["Subject"] = contents.document.subject
    message["Date"] = format_datetime(date)
    message["Message-ID"] = message_id
    message["List-Id"] = list_id
    message["List-Unsubscribe"] = f"<{footer.unsubscribe_url}>"
    message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies to it
    message.set_content(as_text(contents.document, footer))
    chart_ids = tuple(
        f"chart{index}.{message_id.strip('<>')}" for index in range(len(contents.charts))
    )
    html = as_html(contents.document, footer, language=contents.language, chart_ids=chart_ids)
    message.add_alternative(html, subtype="html")
    if contents.charts:
        html_part = list(message.iter_parts())[1]  # after the text part
        assert isinstance(html_part, EmailMessage)
        for cid, png in zip(chart_ids, contents.charts, strict=True):
            html_part.add_related(png, "image", "png", cid=f"<{cid}>", disposition="inline")
    if contents.pdf is not None:
        message.add_attachment(
            contents.pdf.content, "application", "pdf", filename=contents.pdf.filename
        )
    # After the parts: setting the content clears every Content- header.
    message["Content-Language"] = contents.language.replace("_", "-")
    return message


def list_id_for(project_id: int, project_name: str, sender: str) -> str:
    """RFC 2919: mail clients group and filter a project's emails by it."""
    domain = sender.rpartition("@")[2] or "rapport.invalid"
    label = project_name.replace('"', "'").replace("\\", "/")
    return f'"{label}" <project-{project_id}.rapport.{domain}>'
