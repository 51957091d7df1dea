"""The forms of a poll: a client's comment on their score, and the team's follow-up of a low one."""

from __future__ import annotations

from typing import Any

from bot.platform.blocks import (
    context,
    input_block,
    modal,
    text_input,
)
from bot.platform.i18n import _
from bot.polls.blocks import anonymity_note
from storage.models import Poll

POLL_COMMENT_MODAL = "poll_comment_modal"
POLL_FOLLOW_UP_MODAL = "poll_follow_up_modal"


def build_comment_modal(poll: Poll) -> dict[str, Any]:
    assert poll.id is not None
    return modal(
        POLL_COMMENT_MODAL,
        title=_("Add a comment"),
        submit=_("Send"),
        metadata={"poll_id": poll.id},
        blocks=[
            context(anonymity_note(poll.anonymity)),
            input_block("comment", _("Your comment"), text_input("comment", max_length=1000)),
        ],
    )


def build_follow_up_modal(poll: Poll) -> dict[str, Any]:
    assert poll.id is not None
    return modal(
        POLL_FOLLOW_UP_MODAL,
        title=_("Follow up"),
        submit=_("Save"),
        metadata={"poll_id": poll.id},
        blocks=[
            input_block(
                "note",
                _("What you will do or did (the client reads this in the digest)"),
                text_input("note", max_length=1000),
            ),
        ],
    )
