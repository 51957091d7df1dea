"""Satisfaction polls: the vote buttons. (`/project poll` opens one: handlers/project.py.)"""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot.platform.asking import clicker_on_project, metadata
from bot.platform.blocks import state_value
from bot.platform.deps import Deps
from bot.platform.i18n import _
from bot.platform.roles import Act, allowed
from bot.polls.blocks import (
    POLL_COMMENT,
    POLL_COMMENT_MODAL,
    POLL_FOLLOW_UP,
    POLL_FOLLOW_UP_MODAL,
    VOTE_PREFIX,
    build_comment_modal,
    build_follow_up_modal,
)
from bot.polls.service import comment, follow_up, vote
from storage.db import session_scope
from storage.polls import get_poll


def register(app: App, deps: Deps) -> None:
    def handle_vote(
        ack: Ack,
        body: dict[str, Any],
        action: dict[str, Any],
        client: WebClient,
        context: BoltContext,
        respond: Respond,
    ) -> None:
        ack()

        @deps.later(body, respond, client)
        def finish() -> None:
            poll_id, score = (int(part) for part in str(action["value"]).split(":"))
            role = _role(deps, body, context, poll_id)
            answer = vote(
                deps,
                client,
                poll_id=poll_id,
                score=score,
                user_id=body["user"]["id"],
                counted=allowed(Act.VOTE, role),
            )
            respond(text=answer, response_type="ephemeral", replace_original=False)

    def handle_comment(
        ack: Ack,
        body: dict[str, Any],
        action: dict[str, Any],
        client: WebClient,
        respond: Respond,
    ) -> None:
        ack()

        @deps.later(body, respond, client)
        def finish() -> None:
            with session_scope(deps.engine) as session:
                poll = get_poll(session=session, poll_id=int(action["value"]))
            if poll is None or poll.closed_at is not None:
                respond(text=_("This poll is closed."), replace_original=False)
                return
            client.views_open(trigger_id=body["trigger_id"], view=build_comment_modal(poll))

    def handle_comment_submission(
        ack: Ack,
        body: dict[str, Any],
        view: dict[str, Any],
        client: WebClient,
        context: BoltContext,
    ) -> None:
        poll_id = int(metadata(view).get("poll_id", 0))
        text = state_value(view["state"]["values"], "comment")
        role = _role(deps, body, context, poll_id)
        problem = (
            comment(
                deps,
                client,
                poll_id=poll_id,
                user_id=body["user"]["id"],
                text=text,
                counted=allowed(Act.VOTE, role),
            )
            if text
            else _("Write a few words.")
        )
        if problem is not None:
            ack(response_action="errors", errors={"comment": problem})
            return
        ack()

    def handle_follow_up(
        ack: Ack,
        body: dict[str, Any],
        action: dict[str, Any],
        client: WebClient,
        context: BoltContext,
        respond: Respond,
    ) -> None:
        ack()

        @deps.later(body, respond, client)
        def finish() -> None:
            role = _role(deps, body, context, int(action["value"]))
            if not allowed(Act.FOLLOW_UP_POLL, role):
                respond(text=_("Only the project team can follow up."), replace_original=False)
                return
            with session_scope(deps.engine) as session:
                poll = get_poll(session=session, poll_id=int(action["value"]))
            if poll is not None:
                client.views_open(trigger_id=body["trigger_id"], view=build_follow_up_modal(poll))

    def handle_follow_up_submission(
        ack: Ack,
        body: dict[str, Any],
        view: dict[str, Any],
        client: WebClient,
        context: BoltContext,
    ) -> None:
        poll_id = int(metadata(view).get("poll_id", 0))
        note = state_value(view["state"]["values"], "note")
        if not note:
            ack(response_action="errors", errors={"note": _("Say what you will do or did.")})
            return
        if not allowed(Act.FOLLOW_UP_POLL, _role(deps, body, context, poll_id)):
            ack(
                response_action="errors",
                errors={"note": _("Only the project team can follow up.")},
            )
            return
        ack()

        @deps.later(body, None, client)
        def finish() -> None:
            follow_up(deps, client, poll_id=poll_id, user_id=body["user"]["id"], note=note)

    app.action(re.compile(rf"^{VOTE_PREFIX}\d+$"))(handle_vote)
    app.action(POLL_COMMENT)(handle_comment)
    app.view(POLL_COMMENT_MODAL)(handle_comment_submission)
    app.action(POLL_FOLLOW_UP)(handle_follow_up)
    app.view(POLL_FOLLOW_UP_MODAL)(handle_follow_up_submission)


def _role(deps: Deps, body: dict[str, Any], context: BoltContext, poll_id: int) -> str | None:
    with session_scope(deps.engine) as session:
        poll = get_poll(session=session, poll_id=poll_id)
    if poll is None:
        return None
    return clicker_on_project(deps, body, context, poll.project_id)[1]
