"""`/incident`: the team tells the client at once when production breaks, and keeps them posted
on time until it is resolved and reviewed."""

from __future__ import annotations

from functools import partial
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from sqlmodel import Session

from bot.incidents.blocks import (
    INCIDENT_RESOLVE,
    INCIDENT_REVIEW,
    INCIDENT_UPDATE,
    build_declared_receipt,
    build_incident_help,
    build_incident_list,
    build_updated_receipt,
)
from bot.incidents.forms import (
    DECLARE_MODAL,
    RESOLVE_MODAL,
    REVIEW_MODAL,
    TEXT_LIMIT,
    TITLE_LIMIT,
    UPDATE_MODAL,
    Declared,
    build_declare_modal,
    read_declare_modal,
)
from bot.incidents.quick_form import IncidentCommand, parse_incident_command
from bot.incidents.service import (
    announce,
    declare,
    incident_named,
    open_on,
    post_update,
    resolve,
    tell_resolved,
    tell_update,
)
from bot.incidents.summary import REVIEWED_SEVERITIES
from bot.platform.asking import Asking, Later
from bot.platform.blocks import keep_it_to
from bot.platform.deps import Deps
from bot.platform.i18n import _
from bot.platform.listeners import opens_a_form
from bot.platform.roles import Act
from bot.platform.text import command_text
from bot.projects.blocks import no_project
from handlers.incident_followups import (
    already_resolved,
    handle_resolve_form,
    handle_review_form,
    handle_update_form,
    not_team,
    resolve_form,
    review_form,
    update_form,
)
from storage.models import Incident, Project
from storage.refs import incident_ref


def register(app: App) -> None:
    app.command("/incident")(handle_incident_command)
    app.view(DECLARE_MODAL)(handle_declare_form)
    app.action(INCIDENT_UPDATE)(opens_a_form(update_form))
    app.view(UPDATE_MODAL)(handle_update_form)
    app.action(INCIDENT_RESOLVE)(opens_a_form(resolve_form))
    app.view(RESOLVE_MODAL)(handle_resolve_form)
    app.action(INCIDENT_REVIEW)(opens_a_form(review_form))
    app.view(REVIEW_MODAL)(handle_review_form)


def handle_incident_command(
    ack: Ack,
    command: dict[str, Any],
    client: WebClient,
    asking: Asking,
    deps: Deps,
    session: Session,
    later: Later,
) -> None:
    project = asking.project
    parsed = parse_incident_command(command_text(command))
    if project is None:
        ack(text=no_project())
    elif parsed.verb == "help":
        ack(text=build_incident_help())
    elif not asking.may(Act.MANAGE_INCIDENT):
        ack(text=not_team())
    elif parsed.verb == "form":
        ack()
        form = build_declare_modal(
            project_id=project.id or 0,
            project_name=project.name,
            channel_id=command["channel_id"],
            owner_id=asking.user_id,
        )
        later(partial(client.views_open, trigger_id=command["trigger_id"], view=form))
    elif parsed.verb == "list":
        now = deps.clock()
        incidents = open_on(session, project)
        blocks = build_incident_list(
            incidents, project_name=project.name, timezone=project.timezone, now=now
        )
        ack(text=_("Open incidents"), blocks=blocks)
    elif parsed.verb == "declare":
        ack(text=_declare_typed(session, deps, asking, project, parsed, later, client))
    else:
        ack(text=_update_or_resolve(session, deps, asking, project, parsed, later, client))


def _declare_typed(
    session: Session,
    deps: Deps,
    asking: Asking,
    project: Project,
    parsed: IncidentCommand,
    later: Later,
    client: WebClient,
) -> str:
    if not parsed.text or len(parsed.text) > TITLE_LIMIT:
        return _(
            "Say what is affected in at most {limit} characters: "
            "`/incident sev1 Checkout fails for card payments`."
        ).format(limit=TITLE_LIMIT)
    declared = Declared(parsed.severity or "sev2", parsed.text, "", asking.user_id)
    incident = _declare(session, deps, asking, project, declared, later, client)
    return build_declared_receipt(incident, timezone=project.timezone, now=deps.clock())


def _declare(
    session: Session,
    deps: Deps,
    asking: Asking,
    project: Project,
    declared: Declared,
    later: Later,
    client: WebClient,
) -> Incident:
    """In the request's session; the notice and the alert once it has committed."""
    incident = declare(
        session,
        project=project,
        severity=declared.severity,
        title=declared.title,
        known=declared.known,
        owner_id=declared.owner_id,
        declared_by=asking.user_id,
        now=deps.clock(),
    )
    later(partial(announce, deps, project, incident, client))
    return incident


def _update_or_resolve(
    session: Session,
    deps: Deps,
    asking: Asking,
    project: Project,
    parsed: IncidentCommand,
    later: Later,
    client: WebClient,
) -> str:
    incident = incident_named(session, project, parsed.number)
    if isinstance(incident, str):
        return incident
    if not parsed.text or len(parsed.text) > TEXT_LIMIT:
        return _("Say what changed, in at most {limit} characters.").format(limit=TEXT_LIMIT)
    now = deps.clock()
    if parsed.verb == "resolve":
        if not resolve(
            session, incident=incident, user_id=asking.user_id, summary=parsed.text, now=now
        ):
            return already_resolved(incident)
        later(partial(tell_resolved, deps, project, incident, client))
        return _resolved_receipt(incident)
    done = post_update(
        session,
        project=project,
        incident=incident,
        author_id=asking.user_id,
        text=parsed.text,
        severity=parsed.severity,
        now=now,
    )
    if done is None:
        return already_resolved(incident)
    later(partial(tell_update, deps, project, incident, *done, client))
    return build_updated_receipt(incident, timezone=project.timezone, now=now)


def _resolved_receipt(incident: Incident) -> str:
    if incident.severity in REVIEWED_SEVERITIES:
        return _(
            "✅ {ref} is resolved: the client gets the summary and its timeline, and {owner} is "
            "asked for the post-incident review."
        ).format(ref=incident_ref(incident.number), owner=f"<@{incident.owner_id}>")
    return _("✅ {ref} is resolved: the client gets the summary and its timeline.").format(
        ref=incident_ref(incident.number)
    )


def handle_declare_form(
    ack: Ack,
    view: dict[str, Any],
    client: WebClient,
    asking: Asking,
    deps: Deps,
    session: Session,
    later: Later,
) -> None:
    declared = read_declare_modal(view["state"]["values"], asking.user_id)
    project = asking.project
    if not declared.title or len(declared.title) > TITLE_LIMIT:
        ack(response_action="errors", errors={"title": keep_it_to(TITLE_LIMIT)})
        return
    if project is None or not asking.may(Act.MANAGE_INCIDENT):
        ack(response_action="errors", errors={"title": not_team()})
        return
    _declare(session, deps, asking, project, declared, later, client)
    ack()
