"""`/feedback`: anyone tells the team something; the team acknowledges and resolves it."""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from sqlmodel import Session

from bot.capture.service import answer_in_thread, author_of_logged, remember
from bot.capture.source import source_of
from bot.feedback.blocks import (
    FEEDBACK_ACK,
    FEEDBACK_RESOLVE,
    NOT_TEAM,
    build_feedback_help,
    build_feedback_list,
    build_feedback_receipt,
)
from bot.feedback.forms import (
    FEEDBACK_LIMIT,
    FEEDBACK_MODAL,
    RESOLUTION_LIMIT,
    RESOLVE_MODAL,
    build_feedback_modal,
    build_resolve_modal,
    read_feedback_modal,
)
from bot.feedback.labels import KIND_LABELS
from bot.feedback.quick_form import guess_kind
from bot.feedback.service import (
    acknowledge,
    post_card,
    record_feedback,
    refresh_card,
    resolve,
    still_open,
    tell_acknowledged,
    tell_resolved,
    triaged_by,
    unresolved,
    withdraw,
)
from bot.platform import i18n
from bot.platform.answers import beside
from bot.platform.asking import Asking, Later, metadata
from bot.platform.blocks import keep_it_to, state_value
from bot.platform.deps import Deps
from bot.platform.i18n import _
from bot.platform.listeners import Outcome, View, answers_privately, opens_a_form
from bot.platform.roles import Act
from bot.platform.text import (
    command_text,
    escape,
    half_width,
    reference_number,
    split_command,
)
from bot.projects.blocks import no_project
from storage.models import Feedback, Project
from storage.refs import FEEDBACK, feedback_ref


def register(app: App) -> None:
    app.command("/feedback")(handle_feedback_command)
    app.view(FEEDBACK_MODAL)(handle_feedback_form)
    app.action(FEEDBACK_ACK)(answers_privately(acknowledge_feedback))
    app.action(FEEDBACK_RESOLVE)(opens_a_form(resolution_form))
    app.view(RESOLVE_MODAL)(handle_resolution_form)


def handle_feedback_command(
    ack: Ack,
    command: dict[str, Any],
    client: WebClient,
    asking: Asking,
    deps: Deps,
    session: Session,
    later: Later,
) -> None:
    text = command_text(command).strip()
    project = asking.project
    if project is None:
        ack(text=no_project())
    elif text == "":
        ack()
        form = build_feedback_modal(
            project_id=_id(project), project_name=project.name, channel_id=command["channel_id"]
        )
        later(partial(client.views_open, trigger_id=command["trigger_id"], view=form))
    elif text.lower() == "help":
        ack(text=build_feedback_help())
    elif (withdrawn := _withdrawal(text)) is not None:
        answer, done = _withdraw(session, project, asking, command, withdrawn, deps.clock())
        ack(text=answer)
        if done is not None:  # the card shows it once the withdrawal has committed
            later(partial(refresh_card, deps, project, done, client))
    elif text.lower() == "list":
        _list(ack, session, asking, project, deps.clock())
    elif len(text) > FEEDBACK_LIMIT:
        ack(
            text=_(
                "Your feedback is {length} characters; the limit is {limit}. Shorten it, or "
                "type `/feedback` for the form and send it in parts."
            ).format(length=i18n.number(len(text)), limit=i18n.number(FEEDBACK_LIMIT))
        )
    else:
        kind, urgency = guess_kind(text)
        feedback, owners = record_feedback(
            session,
            project=project,
            author_id=asking.user_id,
            kind=kind,
            urgency=urgency,
            text=text,
            origin_channel_id=command["channel_id"],
            now=deps.clock(),
        )
        receipt = build_feedback_receipt(feedback, owner_ids=owners, timezone=project.timezone)
        ack(text=_("Feedback logged"), blocks=receipt)
        later(
            partial(post_card, deps, client, project=project, feedback=feedback, owner_ids=owners)
        )


def _withdrawal(text: str) -> int | None:
    """`withdraw FB-12` → 12."""
    verb, rest = split_command(half_width(text))
    return reference_number(FEEDBACK, rest) if verb == "withdraw" else None


def _withdraw(
    session: Session,
    project: Project,
    asking: Asking,
    command: dict[str, Any],
    number: int,
    now: datetime,
) -> tuple[str, Feedback | None]:
    """`/feedback withdraw FB-n`: the answer, and the feedback withdrawn (None: not withdrawn)."""
    done = withdraw(session, project=project, number=number, user_id=asking.user_id, now=now)
    if done is not None:
        answer = _("↩️ {ref} is withdrawn. Thank you for letting us know.")
    else:
        answer = _(
            "{ref} is not yours to withdraw, or it is already closed. Only whoever sent "
            "feedback under their name can withdraw it, before it is resolved."
        )
    return answer.format(ref=feedback_ref(number)), done


def _list(ack: Ack, session: Session, asking: Asking, project: Project, now: datetime) -> None:
    if not asking.may(Act.TRIAGE_FEEDBACK):
        ack(
            text=_(
                "The list of open feedback is for the project team. To add yours, type "
                "`/feedback` and your words."
            )
        )
        return
    blocks = build_feedback_list(
        still_open(session, project),
        project_name=project.name,
        timezone=project.timezone,
        now=now,
    )
    ack(text=_("Open feedback on {project}").format(project=escape(project.name)), blocks=blocks)


def handle_feedback_form(
    ack: Ack,
    view: dict[str, Any],
    client: WebClient,
    asking: Asking,
    deps: Deps,
    session: Session,
    later: Later,
) -> None:
    kind, urgency, text, anonymous = read_feedback_modal(view["state"]["values"])
    if not text:
        ack(response_action="errors", errors={"text": _("Write a few words of feedback.")})
        return
    if len(text) > FEEDBACK_LIMIT or kind not in KIND_LABELS:
        ack(response_action="errors", errors={"text": keep_it_to(FEEDBACK_LIMIT)})
        return
    project = asking.project
    if project is None:
        ack(response_action="errors", errors={"text": _("This project no longer exists.")})
        return
    source = source_of(metadata(view))  # logged from a message ("Log this")
    author = author_of_logged(source, asking.user_id, anonymous)
    feedback, owners = record_feedback(
        session,
        project=project,
        author_id=author,
        kind=kind,
        urgency=urgency,
        text=text,
        origin_channel_id=asking.channel_id or project.client_channel_id,
        now=deps.clock(),
    )
    if source is not None:
        logged_by = asking.user_id if author not in (None, asking.user_id) else None
        remember(session, feedback, source, logged_by=logged_by)
        ref = feedback_ref(feedback.number)
        answer = partial(answer_in_thread, anonymous=author is None)
        later(partial(answer, deps, project, source, ref, asking.user_id, "feedback", client))
    ack()
    receipt = build_feedback_receipt(feedback, owner_ids=owners, timezone=project.timezone)
    channel = feedback.origin_channel_id or project.client_channel_id
    if source is None:  # from a message, the reference is answered in its thread instead
        # Apart: a refused receipt must not keep the card from the owners.
        later(partial(beside, client, channel, asking.user_id, _("Feedback logged"), receipt))
    later(partial(post_card, deps, client, project=project, feedback=feedback, owner_ids=owners))


def acknowledge_feedback(deps: Deps, session: Session, asking: Asking, feedback_id: int) -> Outcome:
    """The Acknowledge button on a card, for the team: once, whoever clicks first. The sender
    hears of it and the card shows it once the acknowledgement has committed."""
    project = triaged_by(session, asking, feedback_id)
    if project is None:
        return Outcome(answer=_(NOT_TEAM))
    done = acknowledge(session, feedback_id=feedback_id, user_id=asking.user_id, now=deps.clock())
    if done is None:
        return Outcome(answer=_("Someone already picked this one up."))
    return Outcome(then=partial(tell_acknowledged, deps, project, done))


def resolution_form(session: Session, asking: Asking, feedback_id: int) -> View | str:
    """The Resolve button on a card: a form for what was done."""
    if triaged_by(session, asking, feedback_id) is None:
        return _(NOT_TEAM)
    feedback = unresolved(session, feedback_id)
    if feedback is None:
        return _("This feedback is resolved already.")
    return build_resolve_modal(feedback)


def handle_resolution_form(
    ack: Ack,
    body: dict[str, Any],
    view: dict[str, Any],
    client: WebClient,
    asking: Asking,
    deps: Deps,
    session: Session,
    later: Later,
) -> None:
    note = state_value(view["state"]["values"], "note")
    if not note or len(note) > RESOLUTION_LIMIT:
        error = _("Say what was done, in at most {limit} characters.").format(
            limit=i18n.number(RESOLUTION_LIMIT)
        )
        ack(response_action="errors", errors={"note": error})
        return
    feedback_id = int(metadata(view).get("feedback_id", 0))
    project = triaged_by(session, asking, feedback_id)
    if project is None:
        ack(response_action="errors", errors={"note": _(NOT_TEAM)})
        return
    # Resolved before the acknowledgement: a form sent after someone else resolved it is told
    # so under the field; a repeat of the one that resolved it (Slack's retry, Submit pressed
    # twice) closes the form, as the first did.
    resolved = resolve(
        session,
        feedback_id=feedback_id,
        user_id=asking.user_id,
        resolution=note,
        now=deps.clock(),
    )
    if resolved is None:
        ack(response_action="errors", errors={"note": _("This feedback is resolved already.")})
        return
    ack()
    later(partial(tell_resolved, deps, project, resolved, client))


def _id(project: Project) -> int:
    assert project.id is not None
    return project.id
