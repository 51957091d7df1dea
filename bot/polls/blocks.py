"""Block Kit for satisfaction polls: the question with its buttons, and the results.

The poll and its results are channel posts: build them in the project's language."""

from __future__ import annotations

from bot.platform import i18n
from bot.platform.blocks import (
    Block,
    actions,
    button,
    context,
    header,
    section,
    user,
)
from bot.platform.i18n import N_, _, ngettext
from bot.platform.text import clip, escape
from bot.polls.scores import SCALES, Summary, signed
from storage.models import Poll

VOTE_PREFIX = "poll_vote_"  # one action id per score: Slack wants them unique in a block
POLL_COMMENT = "poll_comment"
POLL_FOLLOW_UP = "poll_follow_up"
ANONYMITY_NOTE = {
    "anonymous": N_(
        "🔒 Anonymous: nobody, the team and Rapport's operators included, can see who "
        "gave which score."
    ),
    "named": N_("👤 Named: the team sees who gave which score."),
}


def anonymity_note(anonymity: str) -> str:
    return _(ANONYMITY_NOTE[anonymity])


def build_poll_message(poll: Poll, answers: int) -> tuple[str, list[Block]]:
    assert poll.id is not None
    if poll.closed_at is not None:
        text = ngettext(
            "📊 This poll is closed: {count} answered. Thank you!",
            "📊 This poll is closed: {count} answered. Thank you!",
            answers,
        ).format(count=i18n.number(answers))
        return text, [section(f"*{escape(poll.question)}*"), context(text)]
    labels = {"csat": {1: "1 😞", 5: "5 😀"}}.get(poll.kind, {})
    buttons = [
        button(labels.get(score, str(score)), f"{VOTE_PREFIX}{score}", f"{poll.id}:{score}")
        for score in SCALES[poll.kind]
    ]
    scale = (
        _("From 1 (not at all) to 5 (very).")
        if poll.kind == "csat"
        else _("From 0 (not at all) to 10.")
    )
    so_far = ngettext(
        "{note} · {count} answered so far · you can change your answer until it closes",
        "{note} · {count} answered so far · you can change your answer until it closes",
        answers,
    ).format(note=anonymity_note(poll.anonymity), count=i18n.number(answers))
    return f"📊 {poll.question}", [
        header(_("📊 Quick check-in")),
        section(f"*{escape(poll.question)}*\n{scale}"),
        actions(*buttons, block_id=f"poll-{poll.id}"),
        actions(
            button(_("Add a comment"), POLL_COMMENT, str(poll.id)), block_id=f"poll-c-{poll.id}"
        ),
        context(so_far),
    ]


def build_poll_results(
    poll: Poll, summary: Summary, previous: Summary | None
) -> tuple[str, list[Block]]:
    count = i18n.number(summary.answers)
    if summary.response_rate is None:
        result = ngettext(
            "Result: *{headline}* from {count} answer",
            "Result: *{headline}* from {count} answers",
            summary.answers,
        ).format(headline=summary.headline, count=count)
    else:
        result = ngettext(
            "Result: *{headline}* from {count} answer ({share} of the client members asked)",
            "Result: *{headline}* from {count} answers ({share} of the client members asked)",
            summary.answers,
        ).format(headline=summary.headline, count=count, share=i18n.percent(summary.response_rate))
    lines = [f"*{escape(poll.question)}*", result]
    if previous is not None and previous.answers and summary.answers:
        change = None
        if poll.kind == "nps" and previous.nps is not None and summary.nps is not None:
            change = signed(summary.nps - previous.nps, decimals=0)
        elif previous.average is not None and summary.average is not None:
            change = signed(summary.average - previous.average)
        if change is not None:
            lines.append(_("Change since the last poll: {change}").format(change=change))
    bars = [
        f"`{score:>2}` {'█' * count}{' ' if count else ''}{i18n.number(count)}"
        for score, count in summary.distribution.items()
    ]
    text = _("📊 Poll results: {headline}").format(headline=summary.headline)
    return text, [
        header(_("📊 Poll results")),
        section("\n".join(lines)),
        section("\n".join(bars)),
        context(_("Thank you for answering. Anything to add? `/feedback` any time.")),
    ]


def build_low_score_alert(
    poll: Poll,
    project_name: str,
    score: int,
    owners: list[str],
    voter: str | None,
    comment: str | None,
) -> tuple[str, list[Block]]:
    assert poll.id is not None
    text = _("⚠️ A low score ({score}) in the poll of {project}").format(
        score=score, project=escape(project_name)
    )
    mentions = " ".join(user(o) for o in owners)
    if voter:
        alert = _("⚠️ {owners} a low score (*{score}*) in the poll of *{project}* from {voter}.")
    else:
        alert = _("⚠️ {owners} a low score (*{score}*) in the poll of *{project}*.")
    alert = alert.format(
        owners=mentions, score=score, project=escape(project_name), voter=user(voter)
    )
    said = f"\n>{escape(clip(comment, 1500))}" if comment else ""
    return text, [
        section(f"{alert}{said}"),
        actions(button(_("Follow up…"), POLL_FOLLOW_UP, str(poll.id), style="primary")),
    ]
