"""What did not go out, said to the team: the internal digest's lines for scheduled posts and
emails given up on, and the answer to `/status digest post` when a variant could not be posted.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.digest.contents import NotPosted
from bot.platform import i18n
from bot.platform.i18n import N_, _
from bot.platform.text import escape
from bot.scheduling.publishing import NO_ANSWER, NOT_BUILT, UNCHECKED, Posted

# Why a scheduled post did not go out (JobRun.state), for the team's digest.
REASONS = {
    "missed": N_("Rapport was down past the catch-up window"),
    "unverified": N_(
        "after a crash I could not read the channel to check it was not posted already; look, "
        "and post it with `/status digest post` if it is missing"
    ),
    "refused": N_("Slack refused it"),
    "error": N_("it failed on every attempt; see the logs"),
}


def not_posted_line(problem: NotPosted, zone: ZoneInfo) -> str:
    if problem.kind.startswith("email:"):
        return email_not_sent(problem, zone)
    if problem.state == "refused" and problem.note:
        reason = _("Slack refused it (`{code}`)").format(code=escape(problem.note))
    elif problem.state in REASONS:
        reason = _(REASONS[problem.state])
    else:
        reason = problem.state
    at = problem.at.astimezone(zone)
    if problem.kind == "digest":
        return _("the digest of {when}: {reason}").format(when=i18n.moment(at), reason=reason)
    return _("the monthly report of {when}: {reason}").format(
        when=i18n.short_day(at), reason=reason
    )


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


# What went wrong when Slack gave no code of its own (see `Posted.error`).
NOT_POSTED_REASONS = {
    UNCHECKED: N_("I could not read the channel to check for an earlier attempt"),
    NOT_BUILT: N_("it could not be put together; see the logs"),
    NO_ANSWER: N_("Slack did not answer; look in the channel before posting it again"),
}


def describe_posting(posted: list[Posted]) -> str:
    """What happened to each variant, for the person who asked for the digest (in their
    language)."""
    lines = []
    for post in posted:
        where = f"<#{post.channel_id}>"
        internal = post.audience == "internal"
        reason = NOT_POSTED_REASONS.get(post.error or "")
        if post.error is None:
            lines.append(
                _("✅ The internal digest is posted in {channel}.").format(channel=where)
                if internal
                else _("✅ The client digest is posted in {channel}.").format(channel=where)
            )
        elif reason is not None:
            lines.append(
                _("⚠️ The internal digest could not be posted in {channel}: {reason}.").format(
                    channel=where, reason=_(reason)
                )
                if internal
                else _("⚠️ The client digest could not be posted in {channel}: {reason}.").format(
                    channel=where, reason=_(reason)
                )
            )
        elif internal:
            lines.append(
                _(
                    "⚠️ The internal digest could not be posted in {channel} (Slack said "
                    "`{error}`). Invite me there with `/invite @Rapport`; the next digest will "
                    "reach it."
                ).format(channel=where, error=post.error)
            )
        else:
            lines.append(
                _(
                    "⚠️ The client digest could not be posted in {channel} (Slack said "
                    "`{error}`). Invite me there with `/invite @Rapport`; the next digest will "
                    "reach it."
                ).format(channel=where, error=post.error)
            )
    return "\n".join(lines)
