"""The communication review: `/project review` (a review now), the Answer button and its form,
and the owners' improvement note. (The scheduled review is bot/reviews/service.py.)"""

from __future__ import annotations

from functools import partial
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from sqlmodel import Session

from bot.plandoc.publishing import keep_current
from bot.platform.answers import beside
from bot.platform.asking import Asking, Later, metadata
from bot.platform.blocks import state_value
from bot.platform.deps import Deps
from bot.platform.i18n import _
from bot.platform.listeners import opens_a_form
from bot.platform.roles import Act
from bot.reviews.answering import answer, answer_form, note_form, review_with_asker, write_note
from bot.reviews.blocks import REVIEW_ANSWER, REVIEW_NOTE
from bot.reviews.forms import REVIEW_ANSWER_MODAL, REVIEW_NOTE_MODAL
from bot.reviews.service import start_review
from storage.models import Project


def register(app: App) -> None:
    app.action(REVIEW_ANSWER)(opens_a_form(answer_form))
    app.view(REVIEW_ANSWER_MODAL)(handle_answer_form)
    app.action(REVIEW_NOTE)(opens_a_form(note_form))
    app.view(REVIEW_NOTE_MODAL)(handle_note_form)


def open_review_now(
    ack: Ack, deps: Deps, client: WebClient, respond: Respond, asking: Asking, later: Later
) -> None:
    """`/project review`: a communication review in the client channel now, for the team."""
    project = asking.project
    assert project is not None
    if not asking.may(Act.OPEN_REVIEW):
        ack(
            text=_(
                "Reviews are opened by the project team. To tell the team something, `/feedback`."
            )
        )
        return
    ack()
    later(partial(_start, deps, client, respond, project))


def _start(deps: Deps, client: WebClient, respond: Respond, project: Project) -> None:
    respond(text=start_review(deps, client, project), response_type="ephemeral")


def handle_answer_form(
    ack: Ack,
    view: dict[str, Any],
    client: WebClient,
    asking: Asking,
    deps: Deps,
    session: Session,
    later: Later,
) -> None:
    values = view["state"]["values"]
    found = review_with_asker(session, asking, int(metadata(view).get("review_id", 0)))
    given = answer(
        deps,
        session,
        found,
        cadence=state_value(values, "cadence"),
        useful=state_value(values, "useful"),
        change=state_value(values, "change"),
    )
    if isinstance(given, tuple):
        ack(response_action="errors", errors={given[0]: given[1]})
        return
    ack()
    later(partial(given, client))


def handle_note_form(
    ack: Ack,
    view: dict[str, Any],
    client: WebClient,
    asking: Asking,
    deps: Deps,
    session: Session,
    later: Later,
) -> None:
    note = state_value(view["state"]["values"], "note")
    found = review_with_asker(session, asking, int(metadata(view).get("review_id", 0)))
    refused = write_note(deps, session, found, note)
    if refused is not None:
        ack(response_action="errors", errors={"note": refused})
        return
    ack()
    assert found is not None and found[1].project is not None
    project = found[1].project
    saved = _(
        "✅ The improvement note is saved: it is in `/project report quarter` and in the plan "
        "document's evaluation."
    )
    channel = asking.channel_id or project.internal_channel_id or project.client_channel_id
    later(partial(beside, client, channel, asking.user_id, saved))
    if project.id is not None:
        later(partial(keep_current, deps, client, project.id, asking.user_id))
