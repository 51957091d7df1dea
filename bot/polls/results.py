"""A poll's end: closing it when its window ends (also after a restart) and posting its results
once to each audience."""

from __future__ import annotations

from datetime import timedelta
from functools import partial

from bot.platform.blocks import Block
from bot.platform.deps import Deps
from bot.platform.i18n import speaking
from bot.platform.language import of_project
from bot.platform.workspaces import ClientFor
from bot.polls.blocks import build_poll_results
from bot.polls.scores import summarize
from bot.polls.service import refresh_poll_message
from bot.scheduling.publishing import Publication, publish_once
from bot.scheduling.triggers import Due
from storage import polls as poll_store
from storage.db import session_scope
from storage.projects import project_by_id

POLL_RESULTS_EVENT = "rapport_poll_results"
ANNOUNCE_WITHIN = timedelta(days=2)  # how long after closing unposted results are still sent


def close_due_polls(deps: Deps, client_for: ClientFor) -> list[int]:
    """Close every poll past its window (also after a restart) and post its results once to
    each audience: the posts are claimed like digests, so a process killed between closing and
    posting leaves them to the next sweep, which looks in the channel before posting again."""
    now = deps.clock()
    with session_scope(deps.engine) as session:
        due = poll_store.to_announce(session=session, now=now, since=now - ANNOUNCE_WITHIN)
    closed = []
    for poll in due:
        with session_scope(deps.engine) as session:
            current = poll_store.get_poll(session=session, poll_id=poll.id or 0)
            project = project_by_id(session=session, project_id=poll.project_id)
            if current is None or project is None:
                continue
            newly_closed = current.closed_at is None
            if newly_closed:
                poll_store.close_poll(session=session, poll=current, now=now)
            summary = summarize(
                current.kind, poll_store.scores(session=session, poll=current), current.asked
            )
            previous_poll = poll_store.previous_poll(session=session, poll=current)
            previous = (
                summarize(
                    previous_poll.kind, poll_store.scores(session=session, poll=previous_poll), None
                )
                if previous_poll
                else None
            )
        client = client_for(project)  # its workspace's (None: it uninstalled Rapport)
        if client is None:
            continue
        language = of_project(project, deps.settings.default_language)
        with speaking(language):
            text, blocks = build_poll_results(current, summary, previous)
        message: tuple[str, list[Block], dict[str, object]] = (text, blocks, {"poll": current.id})
        results = Publication("poll", POLL_RESULTS_EVENT, partial(_same, message))
        announced = Due("poll", current.closes_at, f"poll-{current.id}")
        posted = publish_once(deps, client, project, results, announced, False)
        if newly_closed or any(p.ts for p in posted):
            refresh_poll_message(client, current, summary.answers, language)
        if newly_closed:
            closed.append(current.id or 0)
    return closed


def _same(
    message: tuple[str, list[Block], dict[str, object]], _audience: str
) -> tuple[str, list[Block], dict[str, object]]:
    """Poll results read the same in the client and the internal channel."""
    return message
