"""`/risk`: the team keeps a log of risks and issues in the open; clients read what is theirs."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot.changes.impact import half_width
from bot.platform.asking import (
    clicker_on_project,
    command_project,
    command_text,
    metadata,
    split_command,
)
from bot.platform.blocks import keep_it_to, state_value
from bot.platform.deps import Deps
from bot.platform.i18n import N_, _
from bot.platform.roles import Act, allowed
from bot.platform.text import escape
from bot.projects.blocks import NO_PROJECT
from bot.risks.blocks import (
    CLOSE_MODAL,
    NOTE_LIMIT,
    RISK_CLOSE,
    RISK_MODAL,
    RiskForm,
    build_already_closed,
    build_close_modal,
    build_closed_receipt,
    build_risk_list,
    build_risk_modal,
    build_risk_receipt,
    read_risk_modal,
)
from bot.risks.quick_form import RiskFormError, parse_quick_risk, parse_risk_number
from bot.risks.service import alert_team, close, form_errors, record_risk
from storage.db import session_scope
from storage.models import Project, Risk
from storage.risks import get_risk, open_risks

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
# What separates `R-3` from the note after it in `/risk close R-3 …` (full-width forms folded).
_AFTER_REF = re.compile(r"[\s:;,]+")


def register(app: App, deps: Deps) -> None:
    def handle_risk(
        ack: Ack,
        command: dict[str, Any],
        client: WebClient,
        context: BoltContext,
        respond: Respond,
    ) -> None:
        # A full-width space after the verb is a space.
        text = command_text(command).strip().replace("\u3000", " ")
        verb, rest = split_command(text)
        project, role = command_project(deps, command, context)
        user_id = command["user_id"]
        if verb == "help":
            ack(text=_(HELP))
        elif project is None:
            ack(text=NO_PROJECT)
        elif verb == "list":
            _list(deps, ack, project, role)
        elif verb not in ("", "add", "close"):
            ack(text=_(HELP))
        elif verb in ("", "add") and not allowed(Act.ADD_RISK, role):
            ack(text=_(CLIENT_REFUSAL))
        elif verb == "close" and not allowed(Act.CLOSE_RISK, role):
            ack(text=_(CLIENT_REFUSAL))
        elif verb == "":
            ack()

            @deps.later(command, respond, client)
            def finish() -> None:
                client.views_open(
                    trigger_id=command["trigger_id"],
                    view=build_risk_modal(
                        project_id=_id(project),
                        project_name=project.name,
                        channel_id=command["channel_id"],
                        user_id=user_id,
                    ),
                )
        elif verb == "add":
            _add(deps, ack, respond, client, command, project, rest)
        else:
            ack(text=_close_by_command(deps, project, user_id, rest))

    def handle_risk_submission(
        ack: Ack,
        body: dict[str, Any],
        view: dict[str, Any],
        client: WebClient,
        context: BoltContext,
    ) -> None:
        form = read_risk_modal(view["state"]["values"])
        if errors := form_errors(form):
            ack(response_action="errors", errors=errors)
            return
        meta = metadata(view)
        project, role = clicker_on_project(deps, body, context, int(meta.get("project_id", 0)))
        if project is None or not allowed(Act.ADD_RISK, role):
            ack(response_action="errors", errors={"title": _(CLIENT_REFUSAL)})
            return
        user_id = body["user"]["id"]
        if form.owner_id is None:
            form = replace(form, owner_id=user_id)
        risk = record_risk(deps, project=project, form=form, created_by=user_id)
        ack()
        channel = str(meta.get("channel_id") or project.client_channel_id)

        @deps.later(body, None, client)
        def finish() -> None:
            text, blocks = build_risk_receipt(risk, **_alerted(deps, client, project, risk))
            client.chat_postEphemeral(channel=channel, user=user_id, text=text, blocks=blocks)

    def handle_close_click(
        ack: Ack,
        body: dict[str, Any],
        action: dict[str, Any],
        client: WebClient,
        context: BoltContext,
        respond: Respond,
    ) -> None:
        ack()

        @deps.later(body, respond, client)
        def finish() -> None:
            risk, allowed_to = _clicked_risk(deps, body, context, int(action["value"]))
            if risk is None or not allowed_to:
                respond(text=_(NOT_TEAM), replace_original=False, response_type="ephemeral")
            elif risk.state != "open":
                respond(
                    text=build_already_closed(risk),
                    replace_original=False,
                    response_type="ephemeral",
                )
            else:
                channel = (body.get("channel") or {}).get("id")
                client.views_open(
                    trigger_id=body["trigger_id"],
                    view=build_close_modal(risk, channel_id=channel),
                )

    def handle_close_submission(
        ack: Ack,
        body: dict[str, Any],
        view: dict[str, Any],
        client: WebClient,
        context: BoltContext,
    ) -> None:
        note = state_value(view["state"]["values"], "note")
        if len(note) > NOTE_LIMIT:
            ack(
                response_action="errors",
                errors={"note": keep_it_to(NOTE_LIMIT)},
            )
            return
        meta = metadata(view)
        risk, allowed_to = _clicked_risk(deps, body, context, int(meta.get("risk_id", 0)))
        if risk is None or not allowed_to:
            ack(response_action="errors", errors={"note": _(NOT_TEAM)})
            return
        with session_scope(deps.engine) as session:
            project = session.get(Project, risk.project_id)
        assert project is not None
        # Closed before the acknowledgement, so a second submission (a double click, a retry)
        # is told under the field instead of closing it again.
        closing = close(
            deps, project=project, risk_id=risk.id, user_id=body["user"]["id"], note=note
        )
        if closing.risk is None or not closing.closed:
            ack(
                response_action="errors",
                errors={"note": build_already_closed(closing.risk or risk).replace("*", "")},
            )
            return
        ack()
        channel, closed = meta.get("channel_id"), closing.risk
        if channel:

            @deps.later(body, None, client)
            def finish() -> None:
                client.chat_postEphemeral(
                    channel=str(channel), user=body["user"]["id"], text=build_closed_receipt(closed)
                )

    app.command("/risk")(handle_risk)
    app.view(RISK_MODAL)(handle_risk_submission)
    app.action(RISK_CLOSE)(handle_close_click)
    app.view(CLOSE_MODAL)(handle_close_submission)


def _list(deps: Deps, ack: Ack, project: Project, role: str | None) -> None:
    if not allowed(Act.LIST_RISKS, role):
        ack(text=_("The risk log is for the people of this project."))
        return
    team = allowed(Act.SEE_INTERNAL_RISKS, role)
    with session_scope(deps.engine) as session:
        risks = open_risks(session=session, project=project, include_internal=team)
    ack(
        text=_("Open risks on {project}").format(project=escape(project.name)),
        blocks=build_risk_list(
            risks,
            project_name=project.name,
            now=deps.clock(),
            team=team and allowed(Act.CLOSE_RISK, role),
        ),
    )


def _add(
    deps: Deps,
    ack: Ack,
    respond: Respond,
    client: WebClient,
    command: dict[str, Any],
    project: Project,
    rest: str,
) -> None:
    try:
        draft = parse_quick_risk(rest)
    except RiskFormError as error:
        ack(text=str(error))
        return
    user_id = command["user_id"]
    # Typed in the internal channel, it is the team's own, as feedback typed there is.
    in_internal = command["channel_id"] == project.internal_channel_id
    form = RiskForm(
        title=draft.title,
        severity=draft.severity,
        likelihood="medium",
        owner_id=user_id,
        mitigation="",
        visibility="internal" if in_internal else draft.visibility,
    )
    risk = record_risk(deps, project=project, form=form, created_by=user_id)
    if risk.severity != "high":
        text, blocks = build_risk_receipt(risk, alerted=[], alert_place=None)
        ack(text=text, blocks=blocks)
        return
    # The receipt says who heard of it, so it waits for the alert and comes by response_url.
    ack()

    @deps.later(command, respond, client)
    def finish() -> None:
        text, blocks = build_risk_receipt(risk, **_alerted(deps, client, project, risk))
        respond(text=text, blocks=blocks, response_type="ephemeral")


def _alerted(deps: Deps, client: WebClient, project: Project, risk: Risk) -> dict[str, Any]:
    if risk.severity != "high":
        return {"alerted": [], "alert_place": None}
    told = alert_team(deps, client, project=project, risk=risk)
    return {"alerted": list(told.owner_ids), "alert_place": told.channel_id}


def _close_by_command(deps: Deps, project: Project, user_id: str, rest: str) -> str:
    typed = rest.strip()
    # half_width folds one character for one: positions in `folded` are positions in `typed`.
    folded = half_width(typed)
    gap = _AFTER_REF.search(folded)
    ref, note = (folded[: gap.start()], typed[gap.end() :]) if gap else (folded, "")
    number = parse_risk_number(ref)
    if number is None:
        return _(
            "Say which risk: `/risk close R-3 how it was dealt with` (`/risk list` shows them)."
        )
    try:
        closing = close(deps, project=project, number=number, user_id=user_id, note=note)
    except RiskFormError as error:
        return str(error)
    if closing.risk is None:
        return _(
            "There is no R-{number} on {project}. `/risk list` shows the open risks and their "
            "numbers."
        ).format(number=number, project=escape(project.name))
    if not closing.closed:
        return build_already_closed(closing.risk)
    return build_closed_receipt(closing.risk)


def _clicked_risk(
    deps: Deps, body: dict[str, Any], context: BoltContext, risk_id: int
) -> tuple[Risk | None, bool]:
    """The risk, and whether whoever clicked may close it."""
    with session_scope(deps.engine) as session:
        risk = get_risk(session=session, risk_id=risk_id)
    if risk is None:
        return None, False
    _project, role = clicker_on_project(deps, body, context, risk.project_id)
    return risk, allowed(Act.CLOSE_RISK, role)


def _id(project: Project) -> int:
    assert project.id is not None
    return project.id
