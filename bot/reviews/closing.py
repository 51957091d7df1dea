"""A review's end: closed when its window ends (also after a restart), its key wiped so that
no answer can be tied to anyone any more, and its results told to the owners once, with the
button for their improvement note (bot/platform/telling.py: the internal channel, else each
owner directly)."""

from __future__ import annotations

import logging
from datetime import timedelta

from slack_sdk import WebClient

from bot.platform.deps import Deps
from bot.platform.telling import tell_team
from bot.platform.workspaces import ClientFor
from bot.report.figures import load_figures
from bot.report.summary import figures_line
from bot.reviews.answers import ReviewResults, summarize
from bot.reviews.blocks import build_review_results
from bot.reviews.service import refresh_review_message
from bot.scheduling.publishing import claim_once, finish_claim
from storage import reviews as store
from storage.db import session_scope
from storage.models import Project, Review
from storage.projects import owners_of, project_by_id

logger = logging.getLogger(__name__)

TELL_WITHIN = timedelta(days=2)  # how long after closing untold results are still told


def close_due_reviews(deps: Deps, client_for: ClientFor) -> list[int]:
    """Close every review past its window and tell its results once: the telling is claimed
    like a scheduled post, so a process killed between closing and telling leaves it to the
    next sweep. Slack is asked with the project's workspace's client. Returns the reviews
    closed now."""
    now = deps.clock()
    with session_scope(deps.engine) as session:
        due = store.to_close(session=session, now=now, since=now - TELL_WITHIN)
    closed = []
    for review in due:
        with session_scope(deps.engine) as session:
            current = store.get_review(session=session, review_id=review.id or 0)
            project = project_by_id(session=session, project_id=review.project_id)
            if current is None or project is None:
                continue
            if current.closed_at is None:
                store.close_review(session=session, review=current, now=now)
                closed.append(current.id or 0)
            results = summarize(current, store.answers(session=session, review=current))
            owners = owners_of(session=session, project=project)
        client = client_for(project)
        if client is None:
            continue  # its workspace uninstalled Rapport: nobody there to tell
        if current.id in closed:
            refresh_review_message(deps, client, project, current)
        _tell_results(deps, client, project, current, results, owners)
    return closed


def _tell_results(
    deps: Deps,
    client: WebClient,
    project: Project,
    review: Review,
    results: ReviewResults,
    owners: list[str],
) -> None:
    now = deps.clock()
    claim = claim_once(deps, "review-results", project, f"review-{review.id}", review.closes_at)
    if claim is None:
        return
    with session_scope(deps.engine) as session:
        figures = load_figures(session=session, project=project, period="quarter", now=now)

    def build() -> tuple[str, list[dict[str, object]] | None]:
        text, blocks = build_review_results(
            results, project_name=project.name, figures=figures_line(figures), owners=owners
        )
        return text, list(blocks)

    told = tell_team(deps, client, project, owners, build, what="review results")  # i18n: not shown
    finish_claim(deps, claim, "posted" if told.anyone else "error", None, None)
