"""`/risk`: the team keeps a log of risks and issues in the open; clients read what is theirs."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from functools import partial
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from sqlmodel import Session

from bot.capture.service import answer_in_thread, remember
from bot.capture.source import source_of
from bot.platform.answers import beside
from bot.platform.asking import Asking, Later, metadata
from bot.platform.blocks import Block, keep_it_to, state_value
from bot.platform.deps import Deps
from bot.platform.i18n import N_, _
from bot.platform.listeners import View, opens_a_form
from bot.platform.roles import Act
from bot.platform.text import command_text, escape, fold, half_width
from bot.projects.blocks import no_project
from bot.risks.blocks import (
    RISK_CLOSE,
    build_already_closed,
    build_closed_receipt,
    build_risk_list,
    build_risk_receipt,
)
from bot.risks.forms import (
    CLOSE_MODAL,
    NOTE_LIMIT,
    RISK_MODAL,
    RiskForm,
    build_close_modal,
    build_risk_modal,
    form_errors,
    read_risk_modal,
)
from bot.risks.quick_form import RiskFormError, parse_close, parse_quick_risk
from bot.risks.service import alert_team, closable_by, close, open_for, record_risk
from storage.models import Project, Risk
from storage.refs import risk_ref

HELP = N_(
    "*The risk and issue log*\n"
    "• `/risk` — open the form (title, severity, likelihood, owner, mitigation, who sees it)\n"
    "• `/risk add [high|medium|low] [internal] what could go wrong` — log it as it is "
    "(medium unless you say; `internal` keeps it from the client)\n"
    "• `/risk list` — what is open, highest severity first\n"
    "• `/risk close R-3 [how it was dealt with]` — close one\n"
    "A high-severity risk alerts the project owners at once."
)
CLIENT_REFUSAL = N_(
    "The risk log is kept by the project team, so only they can add or close risks. "
    "`/risk list` shows the open ones; if something worries you, tell the team with "
    "`/feedback` and your words."
)
NOT_TEAM = N_("Only the project team can close risks.")


def register(app: App) -> None:
    app.command("/risk")(handle_risk_command)
    app.view(RISK_MODAL)(handle_risk_form)
    app.action(RISK_CLOSE)(opens_a_form(close_form))
    app.view(CLOSE_MODAL)(handle_close_form)


def handle_risk_command(
    ack: Ack,
    command: dict[str, Any],
    client: WebClient,
    respond: Respond,
    asking: Asking,
    deps: Deps,
    session: Session,
    later: Later,
) -> None:
    verb, rest = _verb_and_rest(command_text(command))
    project = asking.project
    if verb == "help":
        ack(text=_(HELP))
    elif project is None:
        ack(text=no_project())
    elif verb == "list":
        _list(ack, session, asking, project, deps.clock())
    elif verb not in ("", "add", "close"):
        ack(text=_(HELP))
    elif not asking.may(Act.CLOSE_RISK if verb == "close" else Act.ADD_RISK):
        ack(text=_(CLIENT_REFUSAL))
    elif verb == "":
        ack()
        form = build_risk_modal(
            project_id=_id(project),
            project_name=project.name,
            channel_id=command["channel_id"],
            user_id=asking.user_id,
        )
        later(partial(client.views_open, trigger_id=command["trigger_id"], view=form))
    elif verb == "add":
        _add(ack, deps, client, respond, session, asking, project, rest, later)
    else:
        ack(text=_close_by_command(session, project, asking.user_id, rest, deps.clock()))


def _verb_and_rest(typed: str) -> tuple[str, str]:
    """`add high …` → ('add', 'high …'): the subcommand read loosely (full-width, as a Chinese
    keyboard types it: `ａｄｄ　高 …`), the rest as typed, since it becomes the risk's title or
    note. half_width folds one character for one, so positions in it are positions in `typed`."""
    typed = typed.strip()
    head, space, _rest = half_width(typed).partition(" ")
    return fold(head), typed[len(head) + len(space) :].strip()


def _list(ack: Ack, session: Session, asking: Asking, project: Project, now: datetime) -> None:
    if not asking.may(Act.LIST_RISKS):
        ack(text=_("The risk log is for the people of this project."))
        return
    team = asking.may(Act.SEE_INTERNAL_RISKS)
    blocks = build_risk_list(
        open_for(session, project, internal_too=team),
        project_name=project.name,
        now=now,
        team=team and asking.may(Act.CLOSE_RISK),
    )
    ack(text=_("Open risks on {project}").format(project=escape(project.name)), blocks=blocks)


def _add(
    ack: Ack,
    deps: Deps,
    client: WebClient,
    respond: Respond,
    session: Session,
    asking: Asking,
    project: Project,
    rest: str,
    later: Later,
) -> None:
    try:
        draft = parse_quick_risk(rest)
    except RiskFormError as error:
        ack(text=str(error))
        return
    # Typed in the internal channel, it is the team's own, as feedback typed there is.
    in_internal = asking.channel_id == project.internal_channel_id
    form = RiskForm(
        title=draft.title,
        severity=draft.severity,
        likelihood="medium",
        owner_id=asking.user_id,
        mitigation="",
        visibility="internal" if in_internal else draft.visibility,
    )
    risk = record_risk(
        session, project=project, form=form, created_by=asking.user_id, now=deps.clock()
    )
    if risk.severity != "high":
        text, blocks = build_risk_receipt(risk, alerted=[], alert_place=None)
        ack(text=text, blocks=blocks)
        return
    # The receipt says who heard of it, so it waits for the alert and comes by response_url.
    ack()
    later(partial(_alert_then_answer, deps, client, project, risk, respond))


def _alert_then_answer(
    deps: Deps, client: WebClient, project: Project, risk: Risk, respond: Respond
) -> None:
    text, blocks = _alerted_receipt(deps, client, project, risk)
    respond(text=text, blocks=blocks, response_type="ephemeral")


def _alerted_receipt(
    deps: Deps, client: WebClient, project: Project, risk: Risk
) -> tuple[str, list[Block]]:
    """A high risk alerts the team first; the receipt then says who heard of it, and where."""
    if risk.severity != "high":
        return build_risk_receipt(risk, alerted=[], alert_place=None)
    told = alert_team(deps, client, project=project, risk=risk)
    return build_risk_receipt(risk, alerted=list(told.owner_ids), alert_place=told.channel_id)


def _close_by_command(
    session: Session,
    project: Project,
    user_id: str,
    rest: str,
    now: datetime,
) -> str:
    """What `/risk close` answers."""
    number, note = parse_close(rest)
    if number is None:
        return _(
            "Say which risk: `/risk close R-3 how it was dealt with` (`/risk list` shows them)."
        )
    try:
        closing = close(
            session, project=project, number=number, user_id=user_id, note=note, now=now
        )
    except RiskFormError as error:
        return str(error)
    if closing.risk is None:
        return _(
            "There is no {ref} on {project}. `/risk list` shows the open risks and their numbers."
        ).format(ref=risk_ref(number), project=escape(project.name))
    if not closing.closed:
        return build_already_closed(closing.risk)
    return build_closed_receipt(closing.risk)


def handle_risk_form(
    ack: Ack,
    view: dict[str, Any],
    client: WebClient,
    asking: Asking,
    deps: Deps,
    session: Session,
    later: Later,
) -> None:
    form = read_risk_modal(view["state"]["values"])
    if errors := form_errors(form):
        ack(response_action="errors", errors=errors)
        return
    project = asking.project
    if project is None or not asking.may(Act.ADD_RISK):
        ack(response_action="errors", errors={"title": _(CLIENT_REFUSAL)})
        return
    if form.owner_id is None:
        form = replace(form, owner_id=asking.user_id)
    risk = record_risk(
        session, project=project, form=form, created_by=asking.user_id, now=deps.clock()
    )
    if (source := source_of(metadata(view))) is not None:  # logged from a message
        remember(session, risk, source)
        ref = risk_ref(risk.number)
        answer = partial(answer_in_thread, internal=risk.visibility == "internal")
        later(partial(answer, deps, project, source, ref, asking.user_id, "risk", client))
    ack()
    channel = asking.channel_id or project.client_channel_id
    later(partial(_alert_then_answer_beside, deps, client, project, risk, channel))


def _alert_then_answer_beside(
    deps: Deps, client: WebClient, project: Project, risk: Risk, channel: str
) -> None:
    text, blocks = _alerted_receipt(deps, client, project, risk)
    beside(client, channel, risk.created_by, text, blocks)


def close_form(session: Session, asking: Asking, risk_id: int) -> View | str:
    """The Close button in `/risk list`: a form for how it was dealt with, for the team."""
    found = closable_by(session, asking, risk_id)
    if found is None:
        return _(NOT_TEAM)
    risk, _project = found
    if risk.state != "open":
        return build_already_closed(risk)
    return build_close_modal(risk, channel_id=asking.channel_id)


def handle_close_form(
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
    if len(note) > NOTE_LIMIT:
        ack(response_action="errors", errors={"note": keep_it_to(NOTE_LIMIT)})
        return
    meta = metadata(view)
    found = closable_by(session, asking, int(meta.get("risk_id", 0)))
    if found is None:
        ack(response_action="errors", errors={"note": _(NOT_TEAM)})
        return
    risk, project = found
    # Closed before the acknowledgement, so a second submission (the other of two forms a
    # double click opened, or other words) is told under the field instead of closing it
    # again; a repeat of the one that closed it (Slack's retry, Submit pressed twice) closes
    # the form, as the first did.
    closing = close(
        session,
        project=project,
        risk_id=risk.id,
        user_id=asking.user_id,
        note=note,
        now=deps.clock(),
    )
    if closing.risk is None or not closing.closed:
        already = build_already_closed(closing.risk or risk).replace("*", "")
        ack(response_action="errors", errors={"note": already})
        return
    ack()
    if meta.get("channel_id"):
        receipt = build_closed_receipt(closing.risk)
        later(partial(beside, client, str(meta["channel_id"]), asking.user_id, receipt))


def _id(project: Project) -> int:
    assert project.id is not None
    return project.id
