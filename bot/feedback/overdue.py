"""Feedback nobody acknowledged by its answer target: the owners hear of it once."""

from __future__ import annotations

from functools import partial

from slack_sdk import WebClient

from bot.feedback.blocks import (
    build_overdue_notice,
)
from bot.platform.deps import Deps
from bot.platform.telling import Message, tell_team
from bot.scheduling.publishing import claim_once, finish_claim
from bot.status.away import who_answers
from storage import feedback as feedback_store
from storage.db import session_scope
from storage.models import Feedback, Project
from storage.refs import feedback_ref


def remind_overdue(deps: Deps, client: WebClient, project: Project) -> list[int]:
    """Feedback nobody acknowledged by its target: the team hears of it once (the claim makes
    several schedulers remind once). Returns the numbers reminded of. Run by every sweep."""
    now = deps.clock()
    with session_scope(deps.engine) as session:
        overdue = [
            f
            for f in feedback_store.open_feedback(session=session, project=project)
            if f.state == "open" and f.due_at <= now
        ]
        owners = who_answers(session, project, now)  # not those away
    reminded = []
    for feedback in overdue:
        job = f"overdue:{feedback_ref(feedback.number)}"
        claim = claim_once(deps, job, project, "target", feedback.due_at)
        if claim is None:
            continue  # reminded once already, or being reminded
        told = tell_team(
            deps,
            client,
            project,
            owners,
            partial(_notice, feedback, owners, project.timezone),
            what="overdue feedback reminder",  # i18n: not shown (logs)
        )
        channel = told.posts[0].channel_id if told.posts else told.channel_id
        finish_claim(deps, claim, "posted" if told.anyone else "refused", channel, None)
        reminded.append(feedback.number)
    return reminded


def _notice(feedback: Feedback, owners: list[str], timezone: str) -> Message:
    return build_overdue_notice(feedback, owners, timezone), None
