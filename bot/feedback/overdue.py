"""Feedback nobody acknowledged by its answer target: the owners hear of it once."""

from __future__ import annotations

from datetime import timedelta

from slack_sdk import WebClient

from bot.feedback.blocks import (
    build_overdue_notice,
)
from bot.platform.deps import Deps
from bot.platform.i18n import speaking
from bot.platform.language import of_user
from bot.platform.telling import _best_effort
from bot.scheduling.publishing import WORKER
from storage import feedback as feedback_store
from storage.db import session_scope
from storage.models import Project
from storage.projects import members
from storage.runs import claim_run, finish_run


def remind_overdue(deps: Deps, client: WebClient, project: Project) -> list[int]:
    """Feedback nobody acknowledged by its target: the owners hear of it once, in the internal
    channel (or directly without one). Returns the numbers reminded of. Run by every sweep."""
    now = deps.clock()
    with session_scope(deps.engine) as session:
        overdue = [
            f
            for f in feedback_store.open_feedback(session=session, project=project)
            if f.state == "open" and f.due_at <= now
        ]
        owner_ids = [m.user_id for m in members(session=session, project=project, role="owner")]
    reminded = []
    for feedback in overdue:
        with session_scope(deps.engine) as session:
            claim = claim_run(
                session=session,
                job=f"overdue:FB-{feedback.number}",
                project=project,
                period_key="target",
                scheduled_for=feedback.due_at,
                worker=WORKER,
                now=now,
                timeout=timedelta(seconds=deps.settings.claim_timeout_seconds),
            )
        if claim is None:
            continue  # reminded once already, or being reminded
        internal = project.internal_channel_id
        targets = [internal] if internal else owner_ids
        delivered = []
        for target in targets:
            # The internal channel reads the project's language; an owner, their own.
            with speaking(project.language if internal else of_user(deps, target, project)):
                text = build_overdue_notice(feedback, owner_ids, project.timezone)
            delivered.append(
                _best_effort(
                    "overdue feedback reminder",  # i18n: not shown (logs)
                    client.chat_postMessage,
                    channel=target,
                    text=text,
                )
            )
        with session_scope(deps.engine) as session:
            finish_run(
                session=session,
                run=claim.run,
                state="posted" if any(delivered) else "refused",
                now=now,
                channel_id=targets[0] if targets else None,
            )
        reminded.append(feedback.number)
    return reminded
