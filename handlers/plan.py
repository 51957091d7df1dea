"""The plan as a document: `/project describe` (the goal and background, in a form),
`/project plan document` (published as the channel's canvas, else as files), and the document
kept current after every change of the plan. (`/project` itself is handlers/project.py.)"""

from __future__ import annotations

from functools import partial
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from sqlmodel import Session

from bot.plandoc.answers import publication_answer
from bot.plandoc.publishing import keep_current, publish_plan_document
from bot.platform.answers import beside
from bot.platform.asking import Asking, Later
from bot.platform.blocks import state_value
from bot.platform.deps import Deps
from bot.platform.i18n import _
from bot.platform.roles import Act
from bot.projects.describing import describe, too_long, written
from bot.projects.forms import DESCRIBE_MODAL, build_describe_modal
from bot.projects.service import ask_owners, change_plan
from storage.db import saved_in_this_transaction
from storage.models import Project

PARTS = ("goal", "background")


def register(app: App) -> None:
    app.view(DESCRIBE_MODAL)(handle_describe_form)


def open_describe_form(
    ack: Ack,
    command: dict[str, Any],
    client: WebClient,
    asking: Asking,
    session: Session,
    later: Later,
) -> None:
    """`/project describe`: the form with the goal and background as they stand, for owners."""
    project = asking.project
    assert project is not None
    if not asking.may(Act.CHANGE_PLAN):
        refused = _("Only the project's owners can change the plan: ask {owners}.")
        ack(text=refused.format(owners=ask_owners(session, project)))
        return
    ack()
    form = build_describe_modal(project, channel_id=command["channel_id"])
    later(partial(client.views_open, trigger_id=command["trigger_id"], view=form))


def handle_describe_form(
    ack: Ack,
    view: dict[str, Any],
    client: WebClient,
    asking: Asking,
    deps: Deps,
    session: Session,
    later: Later,
) -> None:
    values = view["state"]["values"]
    typed = {part: written(state_value(values, part)) for part in PARTS}
    errors = {part: why for part in PARTS if (why := too_long(part, typed[part])) is not None}
    if errors:
        ack(response_action="errors", errors=errors)
        return
    changed: list[str] = []

    def apply(session: Session, project: Project) -> str:
        for part in PARTS:
            if describe(
                session,
                project,
                part=part,
                text=typed[part],
                actor_id=asking.user_id,
                now=deps.clock(),
            ):
                changed.append(part)
        return _("The goal and background are saved: `/project plan` shows them.")

    answer = change_plan(session, deps, asking, later, apply)
    if not changed and asking.may(Act.CHANGE_PLAN):
        answer = _("Nothing changed: that is what the plan says already.")
    if asking.project is None or not asking.may(Act.CHANGE_PLAN):
        ack(response_action="errors", errors={"goal": answer})
        return
    ack()
    channel = asking.channel_id or asking.project.client_channel_id
    later(partial(beside, client, channel, asking.user_id, answer))
    after_plan_change(session, deps, client, asking, later)


def publish_document(
    ack: Ack,
    deps: Deps,
    client: WebClient,
    respond: Respond,
    asking: Asking,
    session: Session,
    later: Later,
) -> None:
    """`/project plan document`: owners publish the whole plan in the channel."""
    project = asking.project
    assert project is not None and project.id is not None
    if not asking.may(Act.CHANGE_PLAN):
        refused = _(
            "Only the project's owners publish the plan document: ask {owners}. `/project plan` "
            "shows the plan to you."
        )
        ack(text=refused.format(owners=ask_owners(session, project)))
        return
    ack(text=_("📄 Publishing the plan document…"))
    later(partial(_publish, deps, client, respond, project.id, asking.user_id))


def _publish(
    deps: Deps, client: WebClient, respond: Respond, project_id: int, user_id: str
) -> None:
    published = publish_plan_document(deps, client, project_id, user_id)
    respond(text=publication_answer(published), response_type="ephemeral", replace_original=False)


def after_plan_change(
    session: Session, deps: Deps, client: WebClient, asking: Asking, later: Later
) -> None:
    """When the request changed the plan, the document follows after the commit: a new version
    of the canvas, where one was published. Only this request's change counts: a version moved
    meanwhile by another (the last publication recording itself) is not one."""
    project = asking.project
    if project is None or project.id is None:
        return
    if saved_in_this_transaction(session=session, project_id=project.id):
        later(partial(keep_current, deps, client, project.id, asking.user_id))
