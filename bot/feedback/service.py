"""Feedback from arrival to resolution: record it, put it in front of the owners, close the loop
with whoever gave it.

Each change (recording, acknowledging, resolving, withdrawing) is made in the session it is
given (a request's, bot/platform/unit_of_work.py), which commits it; what tells Slack of it (the
triage card, its refresh, the notices) is separate work that the request hands to `later`, so it
runs once the change has committed. What Slack refuses then is logged and worked around, never
raised: the sender already has a reference, and a retry would log it twice.

Who reads what: the triage card (and its updates after any click), the overdue reminder and the
resolution notice are channel posts, in the project's language; the private words to the sender
are in the sender's language, and an owner who gets the card directly reads their own.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from slack_sdk import WebClient
from sqlmodel import Session

from bot.feedback.blocks import (
    build_acknowledged_notice,
    build_feedback_card,
    build_resolution_notice,
    build_resolved_for_sender,
    card_text,
)
from bot.feedback.praise import share_praise
from bot.platform.asking import Asking, about
from bot.platform.blocks import Block, user
from bot.platform.calendar import calendar_of
from bot.platform.deps import Deps
from bot.platform.i18n import _, speaking
from bot.platform.language import of_project, of_user
from bot.platform.roles import Act
from bot.platform.slack_client import best_effort
from bot.platform.telling import edit_post, tell_team
from bot.platform.text import escape
from bot.projects.timing import response_due
from bot.status.away import who_answers
from storage import feedback as feedback_store
from storage.db import session_scope
from storage.models import Feedback, Project

logger = logging.getLogger(__name__)

ALERT_KINDS = ("problem",)


def record_feedback(
    session: Session,
    *,
    project: Project,
    author_id: str | None,
    kind: str,
    urgency: str,
    text: str,
    origin_channel_id: str,
    now: datetime,
) -> tuple[Feedback, list[str]]:
    """Store it; returns the feedback and who answers it: the owners who are not away when it
    is due (bot/status/away.py)."""
    due = response_due(now, project.response_target, calendar_of(project))
    feedback = feedback_store.add_feedback(
        session=session,
        project=project,
        author_id=author_id,
        kind=kind,
        urgency=urgency,
        text=text,
        origin_channel_id=origin_channel_id,
        due_at=due,
        now=now,
    )
    return feedback, who_answers(session, project, due)


def post_card(
    deps: Deps, client: WebClient, *, project: Project, feedback: Feedback, owner_ids: list[str]
) -> None:
    """After the feedback has committed: the triage card goes to the team
    (bot/platform/telling.py). Once the internal channel holds it, every change of state
    updates it there."""
    told = tell_team(
        deps,
        client,
        project,
        owner_ids,
        lambda: _card_message(project, feedback, owner_ids),
        what="feedback card",  # i18n: not shown (logs)
    )
    if feedback.kind == "praise":
        share_praise(deps, client, project, feedback)
    if told.channel_id is None or not told.posts:
        return
    with session_scope(deps.engine) as session:
        stored = feedback_store.get_feedback(session=session, feedback_id=_id(feedback))
        assert stored is not None
        card = told.posts[0]
        feedback_store.set_card(
            session=session, feedback=stored, channel_id=card.channel_id, ts=card.ts
        )
        # Read after the write: a click that changed the state before the card's place was
        # stored found no card to refresh (one after it waited for this write, and finds it).
        session.refresh(stored)
    if stored.state != feedback.state:
        refresh_card(deps, project, stored, client)


def _card_message(
    project: Project, feedback: Feedback, owner_ids: list[str]
) -> tuple[str, list[Block]]:
    """The new card and its notification text, in the current language."""
    blocks = build_feedback_card(feedback, project_name=project.name, timezone=project.timezone)
    text = _("New feedback {card} on {project}").format(
        card=card_text(feedback), project=escape(project.name)
    )
    if feedback.urgency == "urgent" or feedback.kind in ALERT_KINDS:
        # Mentions in the notification text reach the owners even in a muted channel.
        text = f"{' '.join(user(o) for o in owner_ids)} {text}".strip()
    return text, blocks


def acknowledge(
    session: Session, *, feedback_id: int, user_id: str, now: datetime
) -> Feedback | None:
    """None when someone else got there first: nothing changes then."""
    feedback = feedback_store.get_feedback(session=session, feedback_id=feedback_id)
    if feedback is None or not feedback_store.acknowledge_feedback(
        session=session, feedback=feedback, user_id=user_id, now=now
    ):
        return None
    return feedback


def tell_acknowledged(deps: Deps, project: Project, feedback: Feedback, client: WebClient) -> None:
    """After an acknowledgement has committed: the sender hears who picked it up, the card
    shows it."""
    _tell_sender(
        deps,
        client,
        project,
        feedback,
        build_acknowledged_notice,
        what="acknowledgement to the sender",  # i18n: not shown (logs)
    )
    refresh_card(deps, project, feedback, client)


def resolve(
    session: Session, *, feedback_id: int, user_id: str, resolution: str, now: datetime
) -> Feedback | None:
    """None when it was resolved already."""
    feedback = feedback_store.get_feedback(session=session, feedback_id=feedback_id)
    if feedback is None or not feedback_store.resolve_feedback(
        session=session, feedback=feedback, user_id=user_id, resolution=resolution, now=now
    ):
        return None
    return feedback


def tell_resolved(deps: Deps, project: Project, feedback: Feedback, client: WebClient) -> None:
    """After a resolution has committed, the loop closes where the feedback was given: a notice
    in that channel (naming nobody) and a private word to the sender; the card shows it."""
    with speaking(of_project(project, deps.settings.default_language)):
        text, blocks = build_resolution_notice(feedback)
    best_effort(
        "resolution notice",  # i18n: not shown (logs)
        client.chat_postMessage,
        channel=_origin(feedback, project),
        text=text,
        blocks=blocks,
    )
    _tell_sender(
        deps,
        client,
        project,
        feedback,
        build_resolved_for_sender,
        what="resolution to the sender",  # i18n: not shown (logs)
    )
    refresh_card(deps, project, feedback, client)


def _tell_sender(
    deps: Deps,
    client: WebClient,
    project: Project,
    feedback: Feedback,
    build: Callable[[Feedback], str],
    *,
    what: str,
) -> None:
    """A private word to whoever gave the feedback, in their language, where they gave it;
    nobody hears it when the feedback is anonymous. `what` names it in the logs."""
    if not feedback.author_id:
        return
    with speaking(of_user(deps, feedback.author_id, project)):
        text = build(feedback)
    best_effort(
        what,
        client.chat_postEphemeral,
        channel=_origin(feedback, project),
        user=feedback.author_id,
        text=text,
    )


def withdraw(
    session: Session, *, project: Project, number: int, user_id: str, now: datetime
) -> Feedback | None:
    """The sender takes their feedback back; None when it is not theirs or is closed."""
    feedback = feedback_store.feedback_by_number(session=session, project=project, number=number)
    if feedback is None or not feedback_store.withdraw_feedback(
        session=session, feedback=feedback, user_id=user_id, now=now
    ):
        return None
    return feedback


def refresh_card(deps: Deps, project: Project, feedback: Feedback, client: WebClient) -> None:
    """After a change of state has committed: the card updated in place, in the project's
    language, whoever acted."""
    if feedback.card_channel_id is None or feedback.card_ts is None:
        return
    edit_post(
        client,
        feedback.card_channel_id,
        feedback.card_ts,
        of_project(project, deps.settings.default_language),
        lambda: (
            card_text(feedback),
            build_feedback_card(feedback, project_name=project.name, timezone=project.timezone),
        ),
        what="triage card refresh",  # i18n: not shown (logs)
    )


def _origin(feedback: Feedback, project: Project) -> str:
    return feedback.origin_channel_id or project.client_channel_id


def _id(feedback: Feedback) -> int:
    assert feedback.id is not None
    return feedback.id


def triaged_by(session: Session, asking: Asking, feedback_id: int) -> Project | None:
    """The feedback's project, when whoever clicked may triage it there (its team)."""
    feedback = feedback_store.get_feedback(session=session, feedback_id=feedback_id)
    if feedback is None:
        return None
    on_project = about(session, asking, feedback.project_id)
    return on_project.project if on_project.may(Act.TRIAGE_FEEDBACK) else None


def unresolved(session: Session, feedback_id: int) -> Feedback | None:
    """The feedback, if it still waits for its resolution."""
    feedback = feedback_store.get_feedback(session=session, feedback_id=feedback_id)
    return feedback if feedback is not None and feedback.state != "resolved" else None


def still_open(session: Session, project: Project) -> list[Feedback]:
    """What waits for its resolution, oldest first (`/feedback list`)."""
    return feedback_store.open_feedback(session=session, project=project)
