"""Status meetings under `/project`: `set meeting` and `remove meeting` (owners), `meetings`
(anyone on the project), `agenda add` and `minutes` (the team), `actions` (open action items
with their Close buttons); the minutes form and the Close button."""

from __future__ import annotations

from functools import partial
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from sqlmodel import Session

from bot.meetings.action_items import close_item, local_today, open_items
from bot.meetings.blocks import ACTION_ITEM_CLOSE, build_action_item_list, build_meeting_list
from bot.meetings.forms import MINUTES_MODAL, read_minutes_modal
from bot.meetings.minutes import minutes_form, not_recorder, post_minutes, record
from bot.meetings.schedule import next_meeting
from bot.meetings.service import add_to_agenda, recurring_meetings, remove_meeting
from bot.platform.asking import Asking, Later, metadata
from bot.platform.deps import Deps
from bot.platform.i18n import _
from bot.platform.listeners import answers_privately
from bot.platform.roles import Act
from bot.platform.text import escape, split_command
from storage.models import Project

SUBCOMMANDS = ("meetings", "remove", "agenda", "minutes", "actions")


def register(app: App) -> None:
    app.view(MINUTES_MODAL)(handle_minutes_form)
    app.action(ACTION_ITEM_CLOSE)(answers_privately(close_item))


def handle_meeting_command(
    ack: Ack,
    command: dict[str, Any],
    client: WebClient,
    asking: Asking,
    deps: Deps,
    session: Session,
    later: Later,
    sub: str,
    rest: str,
) -> None:
    """`/project meetings|remove|agenda|minutes|actions …` on the channel's project."""
    project = asking.project
    assert project is not None
    if sub == "meetings":
        text, blocks = _meetings(session, project, deps)
        ack(text=text, blocks=blocks)
    elif sub == "remove":
        what, slot = split_command(rest)
        if what != "meeting" or not slot:
            ack(text=_("Say which meeting: `/project remove meeting tue 10:00`."))
        else:
            ack(text=remove_meeting(session, deps, asking, later, slot))
    elif sub == "agenda":
        verb, text = split_command(rest)
        if verb != "add":
            ack(text=_("Add a point to the next agenda: `/project agenda add Launch date`."))
        else:
            ack(text=add_to_agenda(session, asking, project, text, deps.clock()))
    elif sub == "minutes":
        channel = str(command.get("channel_id") or project.client_channel_id)
        form = minutes_form(session, asking, project, channel, deps.clock())
        if isinstance(form, str):
            ack(text=form)
        else:
            ack()
            later(partial(client.views_open, trigger_id=command["trigger_id"], view=form))
    else:
        items, closable = open_items(session, asking, project)
        today = local_today(project, deps.clock())
        blocks = build_action_item_list(
            items, project_name=project.name, today=today, may_close=closable
        )
        text = _("Open action items on {project}").format(project=escape(project.name))
        ack(text=text, blocks=blocks)


def _meetings(session: Session, project: Project, deps: Deps) -> tuple[str, list[Any]]:
    meetings = recurring_meetings(session, project)
    now = deps.clock()
    next_days = {
        m.id: found.day
        for m in meetings
        if m.id is not None and (found := next_meeting(m, project.timezone, now)) is not None
    }
    text, blocks = build_meeting_list(
        meetings, project_name=project.name, timezone=project.timezone, next_days=next_days
    )
    return text, blocks


def handle_minutes_form(
    ack: Ack,
    view: dict[str, Any],
    client: WebClient,
    asking: Asking,
    deps: Deps,
    session: Session,
    later: Later,
) -> None:
    project = asking.project
    if project is None:
        ack(response_action="errors", errors={"decisions": _("This project no longer exists.")})
        return
    if not asking.may(Act.RECORD_MINUTES):
        ack(response_action="errors", errors={"decisions": not_recorder()})
        return
    now = deps.clock()
    draft = read_minutes_modal(view["state"]["values"], today=local_today(project, now))
    if draft.errors:
        ack(response_action="errors", errors=draft.errors)
        return
    channel = str(metadata(view).get("channel_id") or project.client_channel_id)
    recorded = record(session, asking, project, draft, channel_id=channel, now=now)
    ack()
    later(partial(post_minutes, deps, client, project, recorded, channel))
