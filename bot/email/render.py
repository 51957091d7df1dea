"""A document (bot/email/document.py) as the two parts of an email: plain text, read like the
Slack post it comes from, and HTML, with every text escaped and styles inline (mail clients
drop style sheets), the charts shown from the message itself (`cid:`), nothing loaded from
elsewhere. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from bot.email.document import Document

SEPARATOR = "-- "  # the signature separator (RFC 3676): clients fold the footer away

_PAGE = (
    '<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width">'
    "<title>{title}</title></head>"
    '<body style="margin:0;padding:24px;background:#f4f5f7;'
    'font-family:Helvetica,Arial,sans-serif;color:#1d1c1d;line-height:1.45">'
    '<div style="max-width:640px;margin:0 auto;background:#ffffff;padding:24px;'
    'border-radius:8px">{body}</div></body></html>'
)


@dataclass(frozen=True)
class Footer:
    """Whom the email is for, and the way out: per recipient, in the project's language."""

    why: str  # why this address receives it
    unsubscribe_label: str
    unsubscribe_url: str


def as_text(document: Document, footer: Footer) -> str:
    lines = [document.title, document.subtitle, ""]
    lines += [f"{label}: {value}" for label, value in document.facts]
    for section in document.sections:
        lines += ["", section.heading]
        if section.text:
            lines.append(section.text)
        lines += [f"• {item}" for item in section.items]
    lines += [
        "",
        SEPARATOR,
        footer.why,
        f"{footer.unsubscribe_label}: {footer.unsubscribe_url}",
    ]
    return "\n".join(lines) + "\n"


def as_html(
    document: Document, footer: Footer, *, language: str, chart_ids: tuple[str, ...] = ()
) -> str:
    """`chart_ids`: the Content-IDs (without brackets) of the images shown after the facts."""
    parts = [
        f'<h1 style="font-size:22px;margin:0 0 4px">{escape(document.title)}</h1>',
        f'<p style="color:#616061;margin:0 0 16px;font-size:13px">{escape(document.subtitle)}</p>',
        _facts(document.facts),
    ]
    parts += [
        f'<p style="margin:16px 0"><img src="cid:{escape(cid)}" alt="" '
        'style="max-width:100%;height:auto"></p>'
        for cid in chart_ids
    ]
    for section in document.sections:
        parts.append(f'<h2 style="font-size:16px;margin:20px 0 6px">{escape(section.heading)}</h2>')
        if section.text:
            parts.append(f'<p style="margin:0 0 6px">{escape(section.text)}</p>')
        if section.items:
            items = "".join(f"<li>{escape(item)}</li>" for item in section.items)
            parts.append(f'<ul style="margin:0;padding-left:20px">{items}</ul>')
    parts.append(
        '<hr style="border:none;border-top:1px solid #dddddd;margin:24px 0 12px">'
        f'<p style="color:#616061;font-size:12px;margin:0">{escape(footer.why)} '
        f'<a href="{escape(footer.unsubscribe_url)}" style="color:#1264a3">'
        f"{escape(footer.unsubscribe_label)}</a></p>"
    )
    return _PAGE.format(
        lang=escape(language.replace("_", "-")), title=escape(document.title), body="".join(parts)
    )


def _facts(facts: tuple[tuple[str, str], ...]) -> str:
    cells = "".join(
        '<td style="padding:0 24px 8px 0;vertical-align:top">'
        f'<div style="font-size:12px;color:#616061">{escape(label)}</div>'
        f'<div style="font-size:15px;font-weight:bold">{escape(value)}</div></td>'
        for label, value in facts
    )
    return f'<table role="presentation" style="border-collapse:collapse"><tr>{cells}</tr></table>'
