"""`/project`: set a project up in its client channel, change its plan, show the plan."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient
from sqlmodel import Session

from bot.export.service import send_export
from bot.platform import i18n
from bot.platform.asking import (
    command_caller,
    command_project,
    command_text,
    home_team_id,
    interaction_caller,
    metadata,
    split_command,
)
from bot.platform.blocks import context as context_block
from bot.platform.blocks import state_value
from bot.platform.deps import Deps
from bot.platform.i18n import _
from bot.platform.roles import Act, allowed, project_and_role, role_of
from bot.platform.telling import dm_channel
from bot.platform.text import escape
from bot.polls.service import start_poll
from bot.projects.blocks import (
    SETUP_MODAL,
    build_decision_log,
    build_plan,
    build_project_help,
    build_setup_modal,
    no_project,
    plan_language,
)
from bot.projects.creation import SetupRequest, set_up_project, setup_refusal
from bot.projects.settings import SETTABLE, apply_setting, pause_project, resume_project
from bot.projects.timing import PlanError, listing
from bot.report.chart import render_figures_chart
from bot.report.figures import PERIODS, load_figures
from bot.report.figures_blocks import PERIOD_NAMES, build_figures
from storage.db import session_scope
from storage.events import latest_events
from storage.models import Project
from storage.projects import members, owners_of


def register(app: App, deps: Deps) -> None:
    def handle_project(
        ack: Ack, command: dict[str, Any], client: WebClient, context: BoltContext, respond: Respond
    ) -> None:
        sub, rest = split_command(command_text(command))
        if sub == "setup":
            _setup(deps, ack, respond, client, command, context, rest)
        elif sub in ("", "plan"):
            _plan(deps, ack, respond, client, command, context, post=rest.lower() == "post")
        elif sub == "set":
            ack(text=_set(deps, command, context, rest))
        elif sub == "pause":
            ack(text=_pause(deps, command, context, rest))
        elif sub == "resume":
            ack(text=_resume(deps, command, context))
        elif sub == "poll":
            _poll(deps, ack, respond, client, command, context)
        elif sub == "log":
            _log(deps, ack, command, context, rest)
        elif sub == "report":
            _report(deps, ack, respond, client, command, context, rest.lower())
        elif sub == "export":
            _export(deps, ack, respond, client, command, context)
        elif sub == "help":
            ack(blocks=build_project_help(), text=_("How to use `/project`"))
        else:
            ack(
                text=_("I don't know `/project {command}`.").format(command=escape(sub)),
                blocks=build_project_help(),
            )

    def handle_setup_submission(
        ack: Ack,
        body: dict[str, Any],
        view: dict[str, Any],
        client: WebClient,
        context: BoltContext,
    ) -> None:
        channel_id = str(metadata(view).get("channel_id", ""))
        request = SetupRequest(
            channel_id=channel_id,
            caller=interaction_caller(deps, body),
            home_team_id=home_team_id(context) or "",
            name=state_value(view["state"]["values"], "name"),
        )
        if refusal := setup_refusal(deps, request):
            ack(response_action="errors", errors={"name": refusal})
            return
        ack()

        @deps.later(body, None, client)
        def finish() -> None:
            outcome = set_up_project(deps, client, request)
            client.chat_postEphemeral(
                channel=channel_id, user=body["user"]["id"], text=outcome.message
            )

    app.command("/project")(handle_project)
    app.view(SETUP_MODAL)(handle_setup_submission)


def _setup(
    deps: Deps,
    ack: Ack,
    respond: Respond,
    client: WebClient,
    command: dict[str, Any],
    context: BoltContext,
    name: str,
) -> None:
    if not name.strip():
        ack()

        @deps.later(command, respond, client)
        def open_form() -> None:
            client.views_open(
                trigger_id=command["trigger_id"],
                view=build_setup_modal(channel_id=command["channel_id"]),
            )

        return
    request = SetupRequest(
        channel_id=command["channel_id"],
        caller=command_caller(deps, command),
        home_team_id=home_team_id(context) or command.get("team_id", ""),
        name=name,
    )
    if refusal := setup_refusal(deps, request):
        ack(text=refusal)
        return
    ack()

    @deps.later(command, respond, client)
    def finish() -> None:
        outcome = set_up_project(deps, client, request)
        respond(text=outcome.message, response_type="ephemeral")


def _plan(
    deps: Deps,
    ack: Ack,
    respond: Respond,
    client: WebClient,
    command: dict[str, Any],
    context: BoltContext,
    *,
    post: bool,
) -> None:
    with session_scope(deps.engine) as session:
        project, role = project_and_role(
            session=session,
            channel_id=command["channel_id"],
            caller=command_caller(deps, command),
            home_team_id=home_team_id(context),
        )
        if project is None:
            ack(text=no_project())
            return
        team = members(session=session, project=project)
    if not post:
        text, blocks = build_plan(project, team, now=deps.clock())
        ack(text=text, blocks=blocks)
        return
    if not allowed(Act.CHANGE_PLAN, role):
        ack(text=_("Only the project's owners can post the plan; `/project plan` shows it to you."))
        return
    # A post in the channel: in the project's language, whoever asked for it.
    with i18n.speaking(plan_language(project)):
        text, blocks = build_plan(project, team, now=deps.clock())
    ack()

    @deps.later(command, respond, client)
    def finish() -> None:
        client.chat_postMessage(channel=command["channel_id"], text=text, blocks=blocks)


def _set(deps: Deps, command: dict[str, Any], context: BoltContext, rest: str) -> str:
    key, value = split_command(rest)
    if key not in SETTABLE:
        return _("I can't set `{key}`. Settings: {settings}. See `/project help`.").format(
            key=escape(key or "…"), settings=listing(f"`{k}`" for k in SETTABLE)
        )
    if not value:
        return _("Give a value: `/project set {key} …`. See `/project help` for examples.").format(
            key=key
        )

    def role_of_user(session: Session, project: Project) -> Callable[[str], str]:
        home = home_team_id(context)
        return lambda user_id: role_of(
            session=session,
            project=project,
            caller=deps.directory.caller(user_id, None),
            home_team_id=home,
        )

    return _as_owner(
        deps,
        command,
        context,
        lambda session, project: apply_setting(
            session=session,
            project=project,
            key=key,
            value=value,
            now=deps.clock(),
            role_of_user=role_of_user(session, project),
        ),
    )


def _poll(
    deps: Deps,
    ack: Ack,
    respond: Respond,
    client: WebClient,
    command: dict[str, Any],
    context: BoltContext,
) -> None:
    project, role = command_project(deps, command, context)
    if project is None:
        ack(text=no_project())
        return
    if not allowed(Act.OPEN_POLL, role):
        ack(
            text=_("Polls are opened by the project team. To tell the team something, `/feedback`.")
        )
        return
    ack()

    @deps.later(command, respond, client)
    def finish() -> None:
        respond(text=start_poll(deps, client, project), response_type="ephemeral")


LOG_DEFAULT, LOG_MOST = 20, 50


def _report(
    deps: Deps,
    ack: Ack,
    respond: Respond,
    client: WebClient,
    command: dict[str, Any],
    context: BoltContext,
    period: str,
) -> None:
    """`/project report [week|month|quarter]`: the figures privately, the chart by DM."""
    period = period or "month"
    if period not in PERIODS:
        ack(text=_("Say which period: `/project report week`, `month` (4 weeks) or `quarter`."))
        return
    project, role = command_project(deps, command, context)
    if project is None:
        ack(text=no_project())
        return
    if not allowed(Act.READ_REPORT, role):
        ack(text=_("The project's figures are for its team."))
        return
    with session_scope(deps.engine) as session:
        figures = load_figures(session=session, project=project, period=period, now=deps.clock())
    text, blocks = build_figures(figures)
    ack(text=text, blocks=[*blocks, context_block(_("The chart is on its way to your DMs."))])

    @deps.later(command, respond, client)
    def finish() -> None:
        client.files_upload_v2(
            channel=dm_channel(client, command["user_id"]),
            content=render_figures_chart(figures),
            filename=f"rapport-{period}.png",
            title=_("{project} — {period}").format(
                project=project.name, period=_(PERIOD_NAMES[period])
            ),
            alt_txt=_("Median first response by week against the target; satisfaction by poll"),
        )


def _log(deps: Deps, ack: Ack, command: dict[str, Any], context: BoltContext, rest: str) -> None:
    """`/project log [N]`: the latest decisions and changes of state, for the team."""
    if rest and not (rest.isdigit() and 1 <= int(rest) <= LOG_MOST):
        ack(
            text=_("Say how many entries, from 1 to {most}: `/project log 30`.").format(
                most=LOG_MOST
            )
        )
        return
    with session_scope(deps.engine) as session:
        project, role = project_and_role(
            session=session,
            channel_id=command["channel_id"],
            caller=command_caller(deps, command),
            home_team_id=home_team_id(context),
        )
        if project is None:
            ack(text=no_project())
            return
        if not allowed(Act.READ_LOG, role):
            ack(text=_("The decision log is for the project team."))
            return
        events = latest_events(
            session=session, project=project, limit=int(rest) if rest else LOG_DEFAULT
        )
    text, blocks = build_decision_log(events, project_name=project.name, timezone=project.timezone)
    ack(text=text, blocks=blocks)


def _export(
    deps: Deps,
    ack: Ack,
    respond: Respond,
    client: WebClient,
    command: dict[str, Any],
    context: BoltContext,
) -> None:
    """`/project export`: every record of the project as CSV files, by DM, for owners."""
    with session_scope(deps.engine) as session:
        project, role = project_and_role(
            session=session,
            channel_id=command["channel_id"],
            caller=command_caller(deps, command),
            home_team_id=home_team_id(context),
        )
        if project is None:
            ack(text=no_project())
            return
        if not allowed(Act.EXPORT, role):
            owners = listing(f"<@{owner}>" for owner in owners_of(session=session, project=project))
            ack(
                text=_(
                    "Sorry, exports of the project's data are for its owners: ask {owners}."
                ).format(owners=owners)
            )
            return
    ack()

    @deps.later(command, respond, client)
    def finish() -> None:
        answer = send_export(deps, client, project, command["user_id"])
        respond(text=answer, response_type="ephemeral")


def _pause(deps: Deps, command: dict[str, Any], context: BoltContext, rest: str) -> str:
    words = rest.lower().split()
    if len(words) != 2 or words[0] != "until":
        return _(
            "Say until when, e.g. `/project pause until 2027-01-04`; `/project resume` undoes it."
        )
    return _as_owner(
        deps,
        command,
        context,
        lambda session, project: pause_project(project=project, until=words[1], today=deps.clock()),
    )


def _resume(deps: Deps, command: dict[str, Any], context: BoltContext) -> str:
    return _as_owner(deps, command, context, lambda session, project: resume_project(project))


def _as_owner(
    deps: Deps,
    command: dict[str, Any],
    context: BoltContext,
    change: Callable[[Session, Project], str],
) -> str:
    """Apply a change to the channel's project if the caller owns it; reschedule its posts."""
    with session_scope(deps.engine) as session:
        project, role = project_and_role(
            session=session,
            channel_id=command["channel_id"],
            caller=command_caller(deps, command),
            home_team_id=home_team_id(context),
        )
        if project is None:
            return no_project()
        if not allowed(Act.CHANGE_PLAN, role):
            owners = listing(f"<@{owner}>" for owner in owners_of(session=session, project=project))
            return _("Only the project's owners can change the plan: ask {owners}.").format(
                owners=owners
            )
        try:
            answer = change(session, project)
        except PlanError as error:
            return str(error)
        session.add(project)
    assert project.id is not None
    deps.plan_changed(project.id)
    return answer
