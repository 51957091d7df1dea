"""`/project`: set a project up in its client channel, change its plan, show the plan, and the
team's tools: a poll now, the decision log, the figures and the export."""

from __future__ import annotations

from functools import partial
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from sqlmodel import Session

from bot.email.recipients import set_email
from bot.export.service import send_export
from bot.meetings.blocks import build_meetings_help
from bot.meetings.service import set_meeting
from bot.platform import i18n
from bot.platform.answers import beside, privately
from bot.platform.asking import Asking, Later
from bot.platform.blocks import context, state_value
from bot.platform.deps import Deps
from bot.platform.i18n import _, listing
from bot.platform.roles import Act
from bot.platform.text import command_text, escape, split_command
from bot.polls.service import start_poll
from bot.projects.blocks import (
    build_decision_log,
    build_plan,
    build_project_help,
    no_project,
    plan_language,
)
from bot.projects.creation import SetUp, SetupRequest, finish_setup, set_up_project
from bot.projects.forms import SETUP_MODAL, build_setup_modal
from bot.projects.service import ask_owners, change_plan, decision_log, people_of, set_in_plan
from bot.projects.settings import SETTABLE, pause_project, resume_project
from bot.report.figures import PERIODS, load_figures
from bot.report.figures_blocks import build_figures
from bot.report.posting import send_figures_chart
from bot.reviews.answering import review_in_report
from handlers import meetings
from handlers.plan import after_plan_change, open_describe_form, publish_document
from handlers.reviews import open_review_now
from storage.models import Project

LOG_DEFAULT, LOG_MOST = 20, 50
SUBCOMMANDS = ("", "plan", "set", "pause", "resume", "poll", "log", "report", "export")


def register(app: App) -> None:
    app.command("/project")(handle_project_command)
    app.view(SETUP_MODAL)(handle_setup_form)


def handle_project_command(
    ack: Ack,
    command: dict[str, Any],
    client: WebClient,
    respond: Respond,
    asking: Asking,
    deps: Deps,
    session: Session,
    later: Later,
) -> None:
    sub, rest = split_command(command_text(command))
    if sub == "setup":
        _setup(ack, deps, session, client, respond, command, asking, rest, later)
    elif sub == "help":
        ack(blocks=[*build_project_help(), *build_meetings_help()], text=_("How to use `/project`"))
    elif sub not in (*SUBCOMMANDS, "describe", "review", *meetings.SUBCOMMANDS):
        unknown = _("I don't know `/project {command}`.").format(command=escape(sub))
        ack(text=unknown, blocks=[*build_project_help(), *build_meetings_help()])
    elif asking.project is None:
        ack(text=no_project())
    elif sub in meetings.SUBCOMMANDS:
        meetings.handle_meeting_command(
            ack, command, client, asking, deps, session, later, sub, rest
        )
        after_plan_change(session, deps, client, asking, later)  # a meeting removed
    elif sub in ("", "plan") and rest.lower() == "document":
        publish_document(ack, deps, client, respond, asking, session, later)
    elif sub in ("", "plan"):
        _plan(ack, deps, session, client, asking, asking.project, rest.lower() == "post", later)
    elif sub == "describe":
        open_describe_form(ack, command, client, asking, session, later)
    elif sub == "review":
        open_review_now(ack, deps, client, respond, asking, later)
    elif sub in ("set", "pause", "resume"):
        ack(text=_change(session, deps, asking, later, sub, rest))
        after_plan_change(session, deps, client, asking, later)
    elif sub == "poll":
        _poll(ack, deps, client, respond, asking, asking.project, later)
    elif sub == "log":
        _log(ack, session, asking, asking.project, rest)
    elif sub == "report":
        _report(ack, deps, session, client, asking, asking.project, rest.lower(), later)
    else:
        _export(ack, deps, session, client, respond, asking, asking.project, later)


def _setup(
    ack: Ack,
    deps: Deps,
    session: Session,
    client: WebClient,
    respond: Respond,
    command: dict[str, Any],
    asking: Asking,
    name: str,
    later: Later,
) -> None:
    if not name.strip():
        ack()
        form = build_setup_modal(channel_id=command["channel_id"])
        later(partial(client.views_open, trigger_id=command["trigger_id"], view=form))
        return
    request = SetupRequest(
        channel_id=command["channel_id"],
        caller=asking.caller,
        home_team_id=asking.home_team_id or command.get("team_id", ""),
        name=name,
    )
    answer, setup = set_up_project(
        session, request, now=deps.clock(), language=deps.settings.default_language
    )
    ack(text=answer)
    if setup is not None:
        later(partial(_finish_setup, deps, client, respond, setup))


def _finish_setup(deps: Deps, client: WebClient, respond: Respond, setup: SetUp) -> None:
    """The answer is given: what joining the channel and the profile add to it, if anything."""
    if notes := finish_setup(deps, client, setup):
        privately(respond, "\n".join(notes))


def handle_setup_form(
    ack: Ack,
    view: dict[str, Any],
    client: WebClient,
    asking: Asking,
    deps: Deps,
    session: Session,
    later: Later,
) -> None:
    request = SetupRequest(
        channel_id=asking.channel_id or "",
        caller=asking.caller,
        home_team_id=asking.home_team_id or "",
        name=state_value(view["state"]["values"], "name"),
    )
    answer, setup = set_up_project(
        session, request, now=deps.clock(), language=deps.settings.default_language
    )
    if setup is None:
        ack(response_action="errors", errors={"name": answer})
        return
    ack()
    later(partial(_finish_setup_beside, deps, client, answer, setup))


def _finish_setup_beside(deps: Deps, client: WebClient, answer: str, setup: SetUp) -> None:
    """The form's answer, in the channel it was opened from, with what Slack added to it."""
    notes = finish_setup(deps, client, setup)
    beside(client, setup.channel_id, setup.user_id, "\n".join([answer, *notes]))


def _plan(
    ack: Ack,
    deps: Deps,
    session: Session,
    client: WebClient,
    asking: Asking,
    project: Project,
    post: bool,
    later: Later,
) -> None:
    team = people_of(session, project)
    if not post:
        text, blocks = build_plan(project, team, now=deps.clock())
        ack(text=text, blocks=blocks)
        return
    if not asking.may(Act.CHANGE_PLAN):
        ack(text=_("Only the project's owners can post the plan; `/project plan` shows it to you."))
        return
    # A post in the channel: in the project's language, whoever asked for it.
    with i18n.speaking(plan_language(project)):
        text, blocks = build_plan(project, team, now=deps.clock())
    ack()
    channel = asking.channel_id or project.client_channel_id
    later(partial(client.chat_postMessage, channel=channel, text=text, blocks=blocks))


def _change(session: Session, deps: Deps, asking: Asking, later: Later, sub: str, rest: str) -> str:
    """`/project set`, `pause` and `resume`: one change of the plan, and the answer."""
    if sub == "set":
        return _set(session, deps, asking, later, rest)
    if sub == "pause":
        return _pause(session, deps, asking, later, rest)
    return change_plan(session, deps, asking, later, lambda _s, p: resume_project(p))


def _set(session: Session, deps: Deps, asking: Asking, later: Later, rest: str) -> str:
    key, value = split_command(rest)
    if key == "email":  # not part of the plan: who outside Slack receives it by email
        return set_email(session, deps.settings.email, asking, value, deps.clock())
    if key == "meeting":
        return set_meeting(session, deps, asking, later, value)
    if key not in SETTABLE:
        return _("I can't set `{key}`. Settings: {settings}. See `/project help`.").format(
            key=escape(key or "…"), settings=listing(f"`{k}`" for k in (*SETTABLE, "meeting"))
        )
    if not value:
        return _("Give a value: `/project set {key} …`. See `/project help` for examples.").format(
            key=key
        )
    return set_in_plan(session, deps, asking, later, key, value)


def _pause(session: Session, deps: Deps, asking: Asking, later: Later, rest: str) -> str:
    words = rest.lower().split()
    if len(words) != 2 or words[0] != "until":
        return _(
            "Say until when, e.g. `/project pause until 2027-01-04`; `/project resume` undoes it."
        )
    today = deps.clock()
    return change_plan(
        session,
        deps,
        asking,
        later,
        lambda _session, project: pause_project(project=project, until=words[1], today=today),
    )


def _poll(
    ack: Ack,
    deps: Deps,
    client: WebClient,
    respond: Respond,
    asking: Asking,
    project: Project,
    later: Later,
) -> None:
    if not asking.may(Act.OPEN_POLL):
        ack(
            text=_("Polls are opened by the project team. To tell the team something, `/feedback`.")
        )
        return
    ack()
    later(partial(_start_poll, deps, client, respond, project))


def _start_poll(deps: Deps, client: WebClient, respond: Respond, project: Project) -> None:
    respond(text=start_poll(deps, client, project), response_type="ephemeral")


def _log(ack: Ack, session: Session, asking: Asking, project: Project, rest: str) -> None:
    """`/project log [N]`: the latest decisions and changes of state, for the team."""
    if rest and not (rest.isdigit() and 1 <= int(rest) <= LOG_MOST):
        how_many = _("Say how many entries, from 1 to {most}: `/project log 30`.")
        ack(text=how_many.format(most=LOG_MOST))
        return
    if not asking.may(Act.READ_LOG):
        ack(text=_("The decision log is for the project team."))
        return
    events = decision_log(session, project, limit=int(rest) if rest else LOG_DEFAULT)
    text, blocks = build_decision_log(events, project_name=project.name, timezone=project.timezone)
    ack(text=text, blocks=blocks)


def _report(
    ack: Ack,
    deps: Deps,
    session: Session,
    client: WebClient,
    asking: Asking,
    project: Project,
    period: str,
    later: Later,
) -> None:
    """`/project report [week|month|quarter]`: the figures privately, the chart by DM."""
    period = period or "month"
    if period not in PERIODS:
        ack(text=_("Say which period: `/project report week`, `month` (4 weeks) or `quarter`."))
        return
    if not asking.may(Act.READ_REPORT):
        ack(text=_("The project's figures are for its team."))
        return
    figures = load_figures(session=session, project=project, period=period, now=deps.clock())
    text, blocks = build_figures(figures)
    if period == "quarter":  # the quarterly report: with the communication review
        blocks += review_in_report(session, project, figures.since)
    ack(text=text, blocks=[*blocks, context(_("The chart is on its way to your DMs."))])
    later(partial(send_figures_chart, client, asking.user_id, project, figures))


def _export(
    ack: Ack,
    deps: Deps,
    session: Session,
    client: WebClient,
    respond: Respond,
    asking: Asking,
    project: Project,
    later: Later,
) -> None:
    """`/project export`: every record of the project as CSV files, by DM, for owners."""
    if not asking.may(Act.EXPORT):
        refused = _("Sorry, exports of the project's data are for its owners: ask {owners}.")
        ack(text=refused.format(owners=ask_owners(session, project)))
        return
    ack()
    later(partial(_send_export, deps, client, respond, project, asking.user_id))


def _send_export(
    deps: Deps, client: WebClient, respond: Respond, project: Project, user_id: str
) -> None:
    respond(text=send_export(deps, client, project, user_id), response_type="ephemeral")
