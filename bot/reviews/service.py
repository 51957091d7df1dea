"""Communication reviews opened: at once (`/project review`, after its acknowledgement) or by the
plan (the scheduler, in the first week of every quarter by default), one open review per
project, in the client channel, where the client members and the team answer it. Both talk to
Slack and keep their own units of work; the answers are in bot/reviews/answering.py, the
closing in bot/reviews/closing.py.

The message is in the project's language whoever opened it; the answer to the person who
opened it is in theirs."""

from __future__ import annotations

import logging
from datetime import timedelta

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.platform.deps import Deps
from bot.platform.i18n import _, speaking
from bot.platform.language import of_project
from bot.report.figures import load_figures
from bot.report.summary import figures_line
from bot.reviews.answers import WINDOW_DAYS
from bot.reviews.blocks import build_review_message
from bot.scheduling.publishing import claim_period
from bot.scheduling.triggers import Due
from storage import reviews as store
from storage.db import session_scope
from storage.models import Project, Review
from storage.runs import finish_run

logger = logging.getLogger(__name__)


def start_review(deps: Deps, client: WebClient, project: Project) -> str:
    """Open a review in the client channel now; the answer says what happened."""
    return _start_review(deps, client, project)[1]


def _start_review(deps: Deps, client: WebClient, project: Project) -> tuple[str, str]:
    """(run state, answer): "posted", "error" (tried again at the next sweep) or "skipped"."""
    now = deps.clock()
    with session_scope(deps.engine) as session:
        if store.current_review(session=session, project=project) is not None:
            return "skipped", _("A review is open already: one at a time. It closes by itself.")
        review = store.open_review(
            session=session, project=project, now=now, closes_at=now + timedelta(days=WINDOW_DAYS)
        )
    try:
        ts = _post(deps, client, project, review)
    except (SlackApiError, OSError) as error:
        with session_scope(deps.engine) as session:
            store.discard_unposted_review(session=session, review_id=review.id or 0)
        reason = str(error.response.get("error")) if isinstance(error, SlackApiError) else "—"
        logger.warning("review not posted in %s: %s", review.channel_id, reason)
        return "error", _(
            "⚠️ The review could not be posted in {channel} ({reason}). Nothing was opened; try "
            "again in a few minutes."
        ).format(channel=f"<#{review.channel_id}>", reason=reason)
    with session_scope(deps.engine) as session:
        stored = store.get_review(session=session, review_id=review.id or 0)
        assert stored is not None
        store.set_review_message(session=session, review=stored, ts=ts)
    return "posted", _(
        "🗣️ Communication review posted in {channel}; it closes in {days} days and the owners "
        "get the results."
    ).format(channel=f"<#{review.channel_id}>", days=WINDOW_DAYS)


def _post(deps: Deps, client: WebClient, project: Project, review: Review) -> str:
    with speaking(of_project(project, deps.settings.default_language)):
        text, blocks = review_message(deps, project, review, answers=0)
    return str(client.chat_postMessage(channel=review.channel_id, text=text, blocks=blocks)["ts"])


def review_message(
    deps: Deps, project: Project, review: Review, *, answers: int
) -> tuple[str, list[dict[str, object]]]:
    """The review's message with the last 13 weeks' figures, in the current language."""
    with session_scope(deps.engine) as session:
        figures = load_figures(session=session, project=project, period="quarter", now=deps.clock())
    return build_review_message(
        review, answers=answers, figures=figures_line(figures), timezone=project.timezone
    )


def open_scheduled_review(
    deps: Deps, client: WebClient, project: Project, *, due: Due, late: bool = False
) -> None:
    """The plan's review: once per period, never two at once."""
    now = deps.clock()
    claim = claim_period(deps, "review", project, due, late)
    if claim is None:
        return
    state, answer = _start_review(deps, client, project)
    with session_scope(deps.engine) as session:
        finish_run(session=session, run=claim.run, state=state, now=now, note=answer[:200])


def refresh_review_message(deps: Deps, client: WebClient, project: Project, review: Review) -> None:
    """The count on the review's message, in the project's language, whoever answered."""
    if review.ts is None:
        return
    with session_scope(deps.engine) as session:
        answers = store.count_answers(session=session, review=review)
    with speaking(of_project(project, deps.settings.default_language)):
        text, blocks = review_message(deps, project, review, answers=answers)
    try:
        client.chat_update(channel=review.channel_id, ts=review.ts, text=text, blocks=blocks)
    except (SlackApiError, OSError) as error:  # the answer stands; the count shows next time
        logger.warning("review message not refreshed: %s", error)
