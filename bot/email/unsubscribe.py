"""The unsubscribe page, served by Rapport's own HTTP server at /email/unsubscribe?t=TOKEN
(bot/platform/web.py), working without logging in: the signed token is the authority.

GET shows a confirmation page with a button: it changes nothing, because mail scanners and
link previews open links by themselves. POST unsubscribes, from that button or from the mail
provider's one click (RFC 8058: a POST whose body is `List-Unsubscribe=One-Click`, with no
cookie and no redirect). The page after it offers to subscribe again, with the same link; an
owner can never add back an address that unsubscribed (bot/email/recipients.py). Pages are in
the project's language; the token never reaches a log, nor another site (no referrer)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from html import escape
from typing import Any
from urllib.parse import parse_qs

from bot.email.links import Link, LinkError, read_token
from bot.platform import i18n
from bot.platform.deps import Deps
from bot.platform.i18n import _
from storage.db import session_scope
from storage.email import find_recipient, set_unsubscribed
from storage.projects import project_by_id

logger = logging.getLogger(__name__)

MAX_BODY = 4096
HEADERS = [
    ("Content-Type", "text/html; charset=utf-8"),  # i18n: not shown
    ("Cache-Control", "no-store"),
    ("Referrer-Policy", "no-referrer"),
    ("X-Frame-Options", "DENY"),
    ("X-Content-Type-Options", "nosniff"),
    (
        "Content-Security-Policy",
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",  # i18n: not shown
    ),
]
_PAGE = (
    '<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'  # i18n: not shown
    '<meta name="viewport" content="width=device-width"><title>{title}</title></head>'
    '<body style="font-family:Helvetica,Arial,sans-serif;max-width:560px;margin:48px auto;'
    'padding:0 16px;color:#1d1c1d;line-height:1.5"><h1 style="font-size:22px">{title}</h1>'
    "{body}</body></html>"
)
_BUTTON = (
    '<form method="post"><input type="hidden" name="action" value="{action}">'  # i18n: not shown
    '<button type="submit" style="font-size:16px;padding:8px 16px">{label}</button></form>'
)

Page = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def unsubscribe_page(deps: Deps) -> Page:
    def page(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD", "GET")
        if method not in ("GET", "HEAD", "POST"):
            return _answer(start_response, "405 Method Not Allowed", "", "")  # i18n: not shown
        token = (parse_qs(environ.get("QUERY_STRING", "")).get("t") or [""])[0]
        try:
            link = read_token(deps.settings.email.link_secret, token)
        except LinkError:
            with i18n.speaking(deps.settings.default_language):
                return _answer(
                    start_response,
                    "400 Bad Request",  # i18n: not shown
                    _("This link does not work"),
                    _p(_("The link is incomplete or was changed. Open it again from the email.")),
                )
        status, title, body = _act(deps, link, method, _form(environ) if method == "POST" else {})
        return _answer(start_response, status, title, body, language=i18n.current())

    return page


def _act(deps: Deps, link: Link, method: str, form: dict[str, str]) -> tuple[str, str, str]:
    """(status, title, body) in the project's language, having done what was asked."""
    now = deps.clock()
    action = "subscribe" if form.get("action") == "subscribe" else "unsubscribe"
    with session_scope(deps.engine) as session:
        project = project_by_id(session=session, project_id=link.project_id)
        listed = find_recipient(session=session, project_id=link.project_id, address=link.address)
        i18n.set_current(project.language if project else deps.settings.default_language)
        if project is None or listed is None or listed.removed_at is not None:
            return _not_listed(link)
        names = {"address": link.address, "project": project.name}
        if link.expired(now):
            return _expired(names)
        unsubscribed = listed.unsubscribed_at is not None
        if method == "POST":
            unsubscribed = action == "unsubscribe"
            set_unsubscribed(
                session=session,
                project_id=link.project_id,
                address=link.address,
                at=now if unsubscribed else None,
            )
            logger.info("the unsubscribe page: %s, on project %s", action, project.id)
    if unsubscribed:
        return (
            "200 OK",
            _("You are unsubscribed"),
            _p(_("{address} no longer receives the updates of {project}.").format(**names))
            + _p(_("Changed your mind?"))
            + _BUTTON.format(action="subscribe", label=escape(_("Subscribe again"))),
        )
    if method == "POST":
        said = _("{address} receives the updates of {project} again.").format(**names)
        return "200 OK", _("You are subscribed again"), _p(said)
    asked = _(
        "{address} will no longer receive the weekly digest and the monthly report of {project}."
    ).format(**names)
    return (
        "200 OK",
        _("Unsubscribe from {project}?").format(project=project.name),
        _p(asked) + _BUTTON.format(action="unsubscribe", label=escape(_("Unsubscribe"))),
    )


def _not_listed(link: Link) -> tuple[str, str, str]:
    said = _("{address} is not on the list of this project's updates.").format(address=link.address)
    return "200 OK", _("This address receives nothing"), _p(said)


def _expired(names: dict[str, str]) -> tuple[str, str, str]:
    said = _(
        "Every email carries a fresh link: use the one in the latest email from {project}."
    ).format(**names)
    return "410 Gone", _("This link has expired"), _p(said)


def _form(environ: dict[str, Any]) -> dict[str, str]:
    """The POSTed form: ours (`action`), or a mail provider's one click, which unsubscribes."""
    try:
        length = min(int(environ.get("CONTENT_LENGTH") or 0), MAX_BODY)
    except ValueError:
        length = 0
    raw = environ["wsgi.input"].read(length).decode("utf-8", "replace") if length else ""
    fields = {key: values[0] for key, values in parse_qs(raw).items()}
    if fields.get("List-Unsubscribe") == "One-Click":
        return {"action": "unsubscribe"}
    return fields


def _p(text: str) -> str:
    return f"<p>{escape(text)}</p>"


def _answer(
    start_response: Callable[..., Any],
    status: str,
    title: str,
    body: str,
    *,
    language: str = "en",
) -> list[bytes]:
    page = _PAGE.format(lang=escape(language.replace("_", "-")), title=escape(title), body=body)
    content = page.encode()
    start_response(status, [*HEADERS, ("Content-Length", str(len(content)))])
    return [content]
