"""Satisfaction polls: the vote buttons. (`/project poll` opens one: handlers/project.py.)"""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot.blocks.polls import VOTE_PREFIX
from bot.deps import Deps
from bot.errors import after_ack
from bot.poll_flow import vote
from bot.roles import project_and_role
from handlers.context import home_team_id, interaction_caller
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
        with after_ack(deps.metrics, body, respond, client):
            poll_id, score = (int(part) for part in str(action["value"]).split(":"))
            with session_scope(deps.engine) as session:
                poll = get_poll(session=session, poll_id=poll_id)
                role = None
                if poll is not None:
                    _project, role = project_and_role(
                        session=session,
                        project_id=poll.project_id,
                        caller=interaction_caller(deps, body),
                        home_team_id=home_team_id(context),
                    )
            answer = vote(
                deps,
                client,
                poll_id=poll_id,
                score=score,
                user_id=body["user"]["id"],
                counted=role == "client",
            )
            respond(text=answer, response_type="ephemeral", replace_original=False)

    app.action(re.compile(rf"^{VOTE_PREFIX}\d+$"))(handle_vote)
