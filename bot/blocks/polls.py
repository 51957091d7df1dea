"""Block Kit for satisfaction polls: the question with its buttons, and the results."""

from __future__ import annotations

import json
from typing import Any

from bot.blocks.common import (
    Block,
    actions,
    button,
    context,
    header,
    input_block,
    plain,
    section,
    text_input,
)
from bot.blocks.labels import user
from bot.polls import SCALES, Summary
from bot.text import clip, escape
from storage.models import Poll

VOTE_PREFIX = "poll_vote_"  # one action id per score: Slack wants them unique in a block
POLL_COMMENT = "poll_comment"
POLL_COMMENT_MODAL = "poll_comment_modal"
POLL_FOLLOW_UP = "poll_follow_up"
POLL_FOLLOW_UP_MODAL = "poll_follow_up_modal"
ANONYMITY_NOTE = {
    "anonymous": "🔒 Anonymous: nobody, the team and Rapport's operators included, can see who "
    "gave which score.",
    "named": "👤 Named: the team sees who gave which score.",
}


def build_poll_message(poll: Poll, answers: int) -> tuple[str, list[Block]]:
    assert poll.id is not None
    if poll.closed_at is not None:
        text = f"📊 This poll is closed: {answers} answered. Thank you!"
        return text, [section(f"*{escape(poll.question)}*"), context(text)]
    labels = {"csat": {1: "1 😞", 2: "2", 3: "3", 4: "4", 5: "5 😀"}}.get(poll.kind, {})
    buttons = [
        button(labels.get(score, str(score)), f"{VOTE_PREFIX}{score}", f"{poll.id}:{score}")
        for score in SCALES[poll.kind]
    ]
    scale = "1 (not at all) to 5 (very)" if poll.kind == "csat" else "0 (not at all) to 10"
    return f"📊 {poll.question}", [
        header("📊 Quick check-in"),
        section(f"*{escape(poll.question)}*\nFrom {scale}."),
        actions(*buttons, block_id=f"poll-{poll.id}"),
        actions(button("Add a comment", POLL_COMMENT, str(poll.id)), block_id=f"poll-c-{poll.id}"),
        context(
            f"{ANONYMITY_NOTE[poll.anonymity]} · {answers} answered so far · "
            "you can change your answer until it closes"
        ),
    ]


def build_poll_results(
    poll: Poll, summary: Summary, previous: Summary | None
) -> tuple[str, list[Block]]:
    lines = [
        f"*{escape(poll.question)}*",
        f"Result: *{summary.headline}* from "
        f"{summary.answers} answer{'s' if summary.answers != 1 else ''}",
    ]
    if summary.response_rate is not None:
        lines[-1] += f" ({summary.response_rate:.0%} of the client members asked)"
    if previous is not None and previous.answers and summary.answers:
        if poll.kind == "nps" and previous.nps is not None and summary.nps is not None:
            lines.append(f"Change since the last poll: {summary.nps - previous.nps:+d}")
        elif previous.average is not None and summary.average is not None:
            lines.append(f"Change since the last poll: {summary.average - previous.average:+.1f}")
    bars = [
        f"`{score:>2}` {'█' * count}{' ' if count else ''}{count}"
        for score, count in summary.distribution.items()
    ]
    text = f"📊 Poll results: {summary.headline}"
    return text, [
        header("📊 Poll results"),
        section("\n".join(lines)),
        section("\n".join(bars)),
        context("Thank you for answering. Anything to add? `/feedback` any time."),
    ]


def build_comment_modal(poll: Poll) -> dict[str, Any]:
    assert poll.id is not None
    return {
        "type": "modal",
        "callback_id": POLL_COMMENT_MODAL,
        "private_metadata": json.dumps({"poll_id": poll.id}),
        "title": plain("Add a comment"),
        "submit": plain("Send"),
        "close": plain("Cancel"),
        "blocks": [
            context(ANONYMITY_NOTE[poll.anonymity]),
            input_block("comment", "Your comment", text_input("comment", max_length=1000)),
        ],
    }


def build_low_score_alert(
    poll: Poll,
    project_name: str,
    score: int,
    owners: list[str],
    voter: str | None,
    comment: str | None,
) -> tuple[str, list[Block]]:
    assert poll.id is not None
    who = f" from {user(voter)}" if voter else ""
    text = f"⚠️ A low score ({score}) in the poll of {escape(project_name)}"
    said = f"\n>{escape(clip(comment, 1500))}" if comment else ""
    return text, [
        section(
            f"⚠️ {' '.join(user(o) for o in owners)} a low score (*{score}*) in the poll of "
            f"*{escape(project_name)}*{who}.{said}"
        ),
        actions(button("Follow up…", POLL_FOLLOW_UP, str(poll.id), style="primary")),
    ]


def build_follow_up_modal(poll: Poll) -> dict[str, Any]:
    assert poll.id is not None
    return {
        "type": "modal",
        "callback_id": POLL_FOLLOW_UP_MODAL,
        "private_metadata": json.dumps({"poll_id": poll.id}),
        "title": plain("Follow up"),
        "submit": plain("Save"),
        "close": plain("Cancel"),
        "blocks": [
            input_block(
                "note",
                "What you will do or did (the client reads this in the digest)",
                text_input("note", max_length=1000),
            ),
        ],
    }
