"""The buttons and forms that follow an incident's declaration: Post an update and Resolve on
the notice (and the owner's reminder), Write the review after a SEV1 or SEV2."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient
from sqlmodel import Session

from bot.incidents.forms import (
    TEXT_LIMIT,
    build_resolve_modal,
    build_review_modal,
    build_update_modal,
)
from bot.incidents.service import (
    managed_by,
    post_update,
    resolve,
    review,
    tell_resolved,
    tell_reviewed,
    tell_update,
)
from bot.platform.asking import Asking, Later, metadata
from bot.platform.blocks import keep_it_to, state_value
from bot.platform.deps import Deps
from bot.platform.i18n import _
from bot.platform.listeners import View
from storage.models import Incident, Project
from storage.refs import incident_ref


def not_team() -> str:
    return _("Incidents are declared and updated by the project team.")


def already_resolved(incident: Incident) -> str:
    return _("{ref} is resolved already.").format(ref=incident_ref(incident.number))


def _form_for(
    build: Callable[[Incident], View], *, open_only: bool = True
) -> Callable[[Session, Asking, int], View | str]:
    """A button's form for its incident, for the team, while the incident allows it."""

    def choose(session: Session, asking: Asking, incident_id: int) -> View | str:
        found = managed_by(session, asking, incident_id)
        if found is None:
            return not_team()
        incident = found[1]
        if open_only and incident.state != "open":
            return already_resolved(incident)
        if not open_only and incident.reviewed_at is not None:
            return _("The review of {ref} is written already.").format(
                ref=incident_ref(incident.number)
            )
        return build(incident)

    choose.__name__ = choose.__qualname__ = f"{build.__name__}_form"
    return choose


update_form = _form_for(build_update_modal)
resolve_form = _form_for(build_resolve_modal)
review_form = _form_for(build_review_modal, open_only=False)


def _submitted(
    ack: Ack, session: Session, asking: Asking, view: dict[str, Any], field: str
) -> tuple[Project, Incident, str] | None:
    """The form's incident, its project and the text of `field`, or None once answered."""
    text = state_value(view["state"]["values"], field)
    if not text or len(text) > TEXT_LIMIT:
        ack(response_action="errors", errors={field: keep_it_to(TEXT_LIMIT)})
        return None
    found = managed_by(session, asking, int(metadata(view).get("incident_id", 0)))
    if found is None:
        ack(response_action="errors", errors={field: not_team()})
        return None
    return found[0], found[1], text


def handle_update_form(
    ack: Ack,
    view: dict[str, Any],
    client: WebClient,
    asking: Asking,
    deps: Deps,
    session: Session,
    later: Later,
) -> None:
    submitted = _submitted(ack, session, asking, view, "text")
    if submitted is None:
        return
    project, incident, text = submitted
    severity = state_value(view["state"]["values"], "severity") or None
    done = post_update(
        session,
        project=project,
        incident=incident,
        author_id=asking.user_id,
        text=text,
        severity=severity,
        now=deps.clock(),
    )
    if done is None:
        ack(response_action="errors", errors={"text": already_resolved(incident)})
        return
    ack()
    later(partial(tell_update, deps, project, incident, *done, client))


def handle_resolve_form(
    ack: Ack,
    view: dict[str, Any],
    client: WebClient,
    asking: Asking,
    deps: Deps,
    session: Session,
    later: Later,
) -> None:
    submitted = _submitted(ack, session, asking, view, "summary")
    if submitted is None:
        return
    project, incident, summary = submitted
    if not resolve(
        session, incident=incident, user_id=asking.user_id, summary=summary, now=deps.clock()
    ):
        ack(response_action="errors", errors={"summary": already_resolved(incident)})
        return
    ack()
    later(partial(tell_resolved, deps, project, incident, client))


def handle_review_form(
    ack: Ack,
    view: dict[str, Any],
    client: WebClient,
    asking: Asking,
    deps: Deps,
    session: Session,
    later: Later,
) -> None:
    submitted = _submitted(ack, session, asking, view, "cause")
    if submitted is None:
        return
    project, incident, cause = submitted
    values = view["state"]["values"]
    fix, prevention = state_value(values, "fix"), state_value(values, "prevention")
    if not review(
        session,
        incident=incident,
        user_id=asking.user_id,
        cause=cause,
        fix=fix,
        prevention=prevention,
        now=deps.clock(),
    ):
        ack(response_action="errors", errors={"cause": _("This review is written already.")})
        return
    ack()
    later(partial(tell_reviewed, deps, project, incident, client))
