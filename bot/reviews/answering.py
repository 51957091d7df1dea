"""A review's answers and the owners' improvement note, each kept in the session of the request
that gives it (bot/platform/unit_of_work.py); what Slack hears of them follows the commit."""

from __future__ import annotations

from datetime import datetime
from functools import partial

from slack_sdk import WebClient
from sqlmodel import Session

from bot.platform.answers import beside
from bot.platform.asking import Asking, about
from bot.platform.blocks import Block, keep_it_to
from bot.platform.deps import Deps
from bot.platform.i18n import _
from bot.platform.roles import Act
from bot.reviews.answers import CADENCE, CHANGE_LIMIT, USEFUL, summarize
from bot.reviews.blocks import build_review_report
from bot.reviews.forms import NOTE_LIMIT, build_answer_modal, build_note_modal
from bot.reviews.service import refresh_review_message
from storage import reviews as store
from storage.models import Project, Review


def review_with_asker(
    session: Session, asking: Asking, review_id: int
) -> tuple[Review, Asking] | None:
    """The review, and whoever acted as they are on its project; None when either is gone."""
    review = store.get_review(session=session, review_id=review_id)
    if review is None:
        return None
    on_project = about(session, asking, review.project_id)
    return (review, on_project) if on_project.project is not None else None


def answer_form(session: Session, asking: Asking, review_id: int) -> dict[str, object] | str:
    """The Answer button: the three questions, while the review is open."""
    found = review_with_asker(session, asking, review_id)
    if found is None or found[0].closed_at is not None:
        return _("This review is closed. `/feedback` reaches the team any time.")
    if not found[1].may(Act.ANSWER_REVIEW):
        return _("This review asks the people of the project.")
    return build_answer_modal(found[0], channel_id=found[0].channel_id)


def answer(
    deps: Deps,
    session: Session,
    found: tuple[Review, Asking] | None,
    *,
    cadence: str,
    useful: str,
    change: str,
) -> tuple[str, str] | partial[None]:
    """Keep someone's answer (a second replaces the first); what follows the commit, or
    (field, what to tell them) when nothing was kept."""
    if cadence not in CADENCE:
        return "cadence", _("Pick one.")
    if useful not in USEFUL:
        return "useful", _("Pick one.")
    if len(change) > CHANGE_LIMIT:
        return "change", keep_it_to(CHANGE_LIMIT)
    if found is None or found[0].closed_at is not None:
        return "cadence", _("This review is closed. Thank you all the same!")
    review, person = found
    if not person.may(Act.ANSWER_REVIEW) or person.project is None:
        return "cadence", _("This review asks the people of the project.")
    outcome = store.record_answer(
        session=session,
        review=review,
        user_id=person.user_id,
        side="client" if person.role == "client" else "team",
        cadence=cadence,
        useful=useful,
        change=change or None,
        now=deps.clock(),
    )
    thanks = (
        _("Thank you — your answer is recorded. It stays anonymous.")
        if outcome == "new"
        else _("Thank you — your answer is changed. It stays anonymous.")
    )
    return partial(_after_answer, deps, person.project, review, person.user_id, thanks)


def _after_answer(
    deps: Deps, project: Project, review: Review, user_id: str, thanks: str, client: WebClient
) -> None:
    refresh_review_message(deps, client, project, review)
    beside(client, review.channel_id, user_id, thanks)


def note_form(session: Session, asking: Asking, review_id: int) -> dict[str, object] | str:
    """The owners' Write the improvement note button: the form, with the note so far."""
    found = review_with_asker(session, asking, review_id)
    if found is None or not found[1].may(Act.WRITE_REVIEW_NOTE):
        return _("The improvement note is written by the project's owners.")
    return build_note_modal(found[0], channel_id=asking.channel_id)


def write_note(
    deps: Deps, session: Session, found: tuple[Review, Asking] | None, note: str
) -> str | None:
    """Keep the owners' note in the request's session; what to tell them when it is not kept."""
    if not note:
        return _("Say what you will change.")
    if len(note) > NOTE_LIMIT:
        return keep_it_to(NOTE_LIMIT)
    if found is None or not found[1].may(Act.WRITE_REVIEW_NOTE):
        return _("The improvement note is written by the project's owners.")
    store.write_note(
        session=session, review=found[0], user_id=found[1].user_id, note=note, now=deps.clock()
    )
    return None


def review_in_report(session: Session, project: Project, since: datetime) -> list[Block]:
    """The latest review closed in the report's period, for `/project report quarter`."""
    review = store.latest_closed_review(session=session, project=project)
    if review is None or review.closed_at is None or review.closed_at < since:
        return []
    results = summarize(review, store.answers(session=session, review=review))
    return build_review_report(results, project.timezone)
