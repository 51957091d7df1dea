"""The internal digest's line for an email to someone outside Slack (bot/email/) that was given
up on: refused for good by the mail server, or failed on every attempt."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.digest.contents import NotPosted
from bot.platform import i18n
from bot.platform.i18n import _
from bot.platform.text import escape


def email_not_sent(problem: NotPosted, zone: ZoneInfo) -> str:
    answer = escape(problem.note)
    reason = (
        _("the mail server refused it (`{answer}`)").format(answer=answer)
        if problem.state == "refused"
        else _("it failed on every attempt (`{answer}`)").format(answer=answer)
    )
    at, to = problem.at.astimezone(zone), escape(problem.to)
    if problem.kind == "email:digest":
        said = _("the email of the digest of {when} to {address}: {reason}")
        return said.format(when=i18n.moment(at), address=to, reason=reason)
    said = _("the email of the monthly report of {when} to {address}: {reason}")
    return said.format(when=i18n.short_day(at), address=to, reason=reason)
