"""Satisfaction polls: the vote buttons, comments and the team's follow-up. (`/project poll`
opens one: handlers/project.py.)"""

from __future__ import annotations

import re
from functools import partial
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from sqlmodel import Session

from bot.platform.asking import Asking, Later, metadata
from bot.platform.blocks import state_value
from bot.platform.deps import Deps
from bot.platform.i18n import _
from bot.platform.listeners import View, follow_up, opens_a_form
from bot.platform.roles import Act
from bot.polls.blocks import POLL_COMMENT, POLL_FOLLOW_UP, VOTE_PREFIX
from bot.polls.forms import (
    POLL_COMMENT_MODAL,
    POLL_FOLLOW_UP_MODAL,
    build_comment_modal,
    build_follow_up_modal,
)
from bot.polls.votes import comment, follow_up_poll, poll_with_asker, vote


def register(app: App) -> None:
    app.action(re.compile(rf"^{VOTE_PREFIX}\d+$"))(handle_vote)
    app.action(POLL_COMMENT)(opens_a_form(comment_form))
    app.view(POLL_COMMENT_MODAL)(handle_comment_form)
    app.action(POLL_FOLLOW_UP)(opens_a_form(follow_up_form))
    app.view(POLL_FOLLOW_UP_MODAL)(handle_follow_up_form)


def handle_vote(
    ack: Ack,
    action: dict[str, Any],
    client: WebClient,
    respond: Respond,
    asking: Asking,
    deps: Deps,
    session: Session,
    later: Later,
) -> None:
    ack()
    poll_id, score = (int(part) for part in str(action["value"]).split(":"))
    found = poll_with_asker(session, asking, poll_id)
    counted = found is not None and found[1].may(Act.VOTE)
    outcome = vote(deps, session, found, score=score, counted=counted)
    later(partial(follow_up, outcome, client, respond))


def comment_form(session: Session, asking: Asking, poll_id: int) -> View | str:
    """The Add a comment button: a form, while the poll is open."""
    found = poll_with_asker(session, asking, poll_id)
    if found is None or found[0].closed_at is not None:
        return _("This poll is closed.")
    return build_comment_modal(found[0])


def handle_comment_form(
    ack: Ack,
    view: dict[str, Any],
    client: WebClient,
    asking: Asking,
    deps: Deps,
    session: Session,
    later: Later,
) -> None:
    poll_id = int(metadata(view).get("poll_id", 0))
    text = state_value(view["state"]["values"], "comment")
    if not text:
        ack(response_action="errors", errors={"comment": _("Write a few words.")})
        return
    found = poll_with_asker(session, asking, poll_id)
    counted = found is not None and found[1].may(Act.VOTE)
    commented = comment(deps, session, found, text=text, counted=counted)
    if isinstance(commented, str):
        ack(response_action="errors", errors={"comment": commented})
        return
    ack()
    if commented.then is not None:  # a low score's comment: the team hears of it
        later(partial(commented.then, client))


def follow_up_form(session: Session, asking: Asking, poll_id: int) -> View | str:
    """The Follow up button on a low-score alert: a form, for the team."""
    found = poll_with_asker(session, asking, poll_id)
    if found is None or not found[1].may(Act.FOLLOW_UP_POLL):
        return _("Only the project team can follow up.")
    return build_follow_up_modal(found[0])


def handle_follow_up_form(
    ack: Ack,
    view: dict[str, Any],
    client: WebClient,
    asking: Asking,
    deps: Deps,
    session: Session,
    later: Later,
) -> None:
    poll_id = int(metadata(view).get("poll_id", 0))
    note = state_value(view["state"]["values"], "note")
    if not note:
        ack(response_action="errors", errors={"note": _("Say what you will do or did.")})
        return
    found = poll_with_asker(session, asking, poll_id)
    if found is None or not found[1].may(Act.FOLLOW_UP_POLL):
        ack(response_action="errors", errors={"note": _("Only the project team can follow up.")})
        return
    tell_the_team = follow_up_poll(deps, session, found[0], found[1], note)
    ack()
    later(partial(tell_the_team, client))
