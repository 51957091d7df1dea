"""Feedback from arrival to resolution: record it, put it in front of the owners, close the loop
with the client. Each step commits before it talks to Slack, so a Slack failure loses nothing."""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.blocks.feedback import (
    build_acknowledged_notice,
    build_feedback_card,
    build_resolution_notice,
    card_text,
)
from bot.blocks.labels import user
from bot.deps import Deps
from bot.plan import response_due
from bot.text import escape
from storage import feedback as feedback_store
from storage.db import session_scope
from storage.models import Feedback, Project
from storage.projects import members

logger = logging.getLogger(__name__)
ALERT_KINDS = ("problem",)


def record_feedback(
    deps: Deps,
    *,
    project: Project,
    author_id: str | None,
    kind: str,
    urgency: str,
    text: str,
) -> tuple[Feedback, list[str]]:
    """Store it; returns the feedback and the owners who answer it."""
    now = deps.clock()
    with session_scope(deps.engine) as session:
        feedback = feedback_store.add_feedback(
            session=session,
            project=project,
            author_id=author_id,
            kind=kind,
            urgency=urgency,
            text=text,
            due_at=response_due(now, project.response_target, project.timezone),
            now=now,
        )
        owner_ids = [m.user_id for m in members(session=session, project=project, role="owner")]
    return feedback, owner_ids


def post_card(
    deps: Deps, client: WebClient, *, project: Project, feedback: Feedback, owner_ids: list[str]
) -> None:
    """The triage card goes to the internal channel, or to each owner directly without one."""
    blocks = build_feedback_card(feedback, project_name=project.name, timezone=project.timezone)
    text = f"New feedback {card_text(feedback)} on {escape(project.name)}"
    if feedback.urgency == "urgent" or feedback.kind in ALERT_KINDS:
        # Mentions in the fallback text notify the owners even in a muted channel.
        text = f"{' '.join(user(o) for o in owner_ids)} {text}".strip()
    channel = project.internal_channel_id
    if channel is None:
        for owner_id in owner_ids:
            client.chat_postMessage(channel=owner_id, text=text, blocks=blocks)
        return
    response = client.chat_postMessage(channel=channel, text=text, blocks=blocks)
    with session_scope(deps.engine) as session:
        stored = feedback_store.get_feedback(session=session, feedback_id=_id(feedback))
        assert stored is not None
        feedback_store.set_card(
            session=session,
            feedback=stored,
            channel_id=str(response["channel"]),
            ts=str(response["ts"]),
        )


def acknowledge(
    deps: Deps, client: WebClient, *, project: Project, feedback_id: int, user_id: str
) -> Feedback | None:
    """None when someone else got there first: nothing changes then."""
    with session_scope(deps.engine) as session:
        feedback = feedback_store.get_feedback(session=session, feedback_id=feedback_id)
        if feedback is None or not feedback_store.acknowledge_feedback(
            session=session, feedback=feedback, user_id=user_id, now=deps.clock()
        ):
            return None
    _refresh_card(client, project, feedback)
    if feedback.author_id:
        _tell_sender(client, project, feedback.author_id, build_acknowledged_notice(feedback))
    return feedback


def resolve(
    deps: Deps,
    client: WebClient,
    *,
    project: Project,
    feedback_id: int,
    user_id: str,
    resolution: str,
) -> Feedback | None:
    with session_scope(deps.engine) as session:
        feedback = feedback_store.get_feedback(session=session, feedback_id=feedback_id)
        if feedback is None or not feedback_store.resolve_feedback(
            session=session,
            feedback=feedback,
            user_id=user_id,
            resolution=resolution,
            now=deps.clock(),
        ):
            return None
    _refresh_card(client, project, feedback)
    text, blocks = build_resolution_notice(feedback)
    client.chat_postMessage(channel=project.client_channel_id, text=text, blocks=blocks)
    return feedback


def _refresh_card(client: WebClient, project: Project, feedback: Feedback) -> None:
    if feedback.card_channel_id is None or feedback.card_ts is None:
        return
    client.chat_update(
        channel=feedback.card_channel_id,
        ts=feedback.card_ts,
        text=card_text(feedback),
        blocks=build_feedback_card(feedback, project_name=project.name, timezone=project.timezone),
    )


def _tell_sender(client: WebClient, project: Project, user_id: str, text: str) -> None:
    try:
        client.chat_postEphemeral(channel=project.client_channel_id, user=user_id, text=text)
    except SlackApiError as error:
        # The sender may have left the channel; the card and the digest still show the state.
        logger.info("could not notify feedback sender: %s", error.response.get("error"))


def _id(feedback: Feedback) -> int:
    assert feedback.id is not None
    return feedback.id
