"""Block Kit for `/project`: the communication plan, setup hints and help."""

from __future__ import annotations

import json
from typing import Any
from zoneinfo import ZoneInfo

from bot.blocks.common import (
    Block,
    bullet_list,
    context,
    fields,
    fit_message,
    header,
    input_block,
    plain,
    section,
    text_input,
)
from bot.blocks.labels import user
from bot.plan import WEEKDAYS, describe_response_target
from bot.schedule import describe_reminder_time
from bot.text import clip, escape, one_line
from storage.models import Event, Member, Project

NO_PROJECT = (
    "This channel has no project yet: type `/project setup NAME` in the client channel "
    "to create one."
)


def build_plan(project: Project, members: list[Member]) -> tuple[str, list[Block]]:
    def people(role: str, default: str) -> str:
        ids = [m.user_id for m in members if m.role == role]
        return ", ".join(user(i) for i in ids) if ids else default

    internal = f"<#{project.internal_channel_id}>" if project.internal_channel_id else "not set"
    digest_day = WEEKDAYS[project.digest_weekday].capitalize()
    reminders = (
        f"whoever has not posted gets one reminder {project.reminder_lead_hours} h before the "
        f"digest ({describe_reminder_time(project)})"
        if project.reminder_lead_hours
        else "no reminders"
    )
    report = (
        f"on the first working day of each month at {project.report_time}, with a chart"
        if project.report_time
        else "off"
    )
    paused = (
        [section(f"⏸️ *Paused* until {project.paused_until:%a %d %b %Y}: no scheduled posts.")]
        if project.paused_until
        else []
    )
    title = f"Communication plan — {project.name}"
    text = f"Communication plan — {escape(project.name)}"
    return text, [
        header(f"🗺️ {title}"),
        fields(
            f"*Client channel*\n<#{project.client_channel_id}>",
            f"*Internal channel*\n{internal}",
            f"*Owners*\n{people('owner', '—')}",
            f"*Team*\n{people('team', 'everyone from our workspace')}",
            f"*Clients*\n{people('client', 'guests from other organisations (Slack Connect)')}",
            f"*Time zone*\n{escape(project.timezone)}",
        ),
        section(
            "*What happens when*\n"
            f"• Weekly digest: {digest_day} {project.digest_time}, in the client channel; an "
            "internal variant in the internal channel\n"
            f"• Monthly report: {report}\n"
            f"• Status updates: team members post with `/status` during the week; {reminders}\n"
            "• Feedback: anyone types `/feedback`; the owners answer within "
            f"{describe_response_target(project.response_target)}"
        ),
        *paused,
        context("Change it with `/project set KEY VALUE` · share it with `/project plan post`"),
    ]


def build_project_help() -> list[Block]:
    return [
        section(
            "*Set up and run a project*\n"
            "• `/project setup NAME` — in the client channel: creates the project, you own it\n"
            "• `/project plan` — show the communication plan; `/project plan post` shares it\n"
            "• `/project set internal-channel #channel`\n"
            "• `/project set timezone Europe/Berlin`\n"
            "• `/project set digest fri 16:00` · `report 10:00` or `off` · `reminder 3h` or `off`\n"
            "• `/project set sla 1d` (or `4h`) — first-response target for feedback\n"
            "• `/project set owner|team|client @person …` — who is who (Slack Connect guests are "
            "clients unless you say otherwise)\n"
            "• `/project set approver @person …` (or `none`) — who decides change requests; "
            "with none named, any client does\n"
            "• `/project pause until 2027-01-04` · `/project resume` — holidays\n"
            "• `/project log [N]` — (team) the latest N decisions and changes of state\n"
            "• `/project report [week|month|quarter]` — (team) response times, punctuality, "
            "satisfaction, changes; the chart comes by DM\n"
            "• `/project set hours mon-fri 09:00-18:00` — the working hours response times count\n"
            "• `/project export` — (owners) every record of the project as CSV files, sent to "
            "you by direct message"
        )
    ]


LOG_LINES_PER_SECTION = 12


def build_decision_log(
    events: list[Event], *, project_name: str, timezone: str
) -> tuple[str, list[Block]]:
    """The latest events, newest first: when, what, from → to, who, and the note."""
    title = f"Decision log — {project_name}"
    if not events:
        return title, [section(f"Nothing has been decided on *{escape(project_name)}* yet.")]
    zone = ZoneInfo(timezone)
    lines = []
    for event in events:
        step = f"{event.from_state} → {event.to_state}" if event.from_state else event.to_state
        note = f" — “{escape(clip(one_line(event.note), 200))}”" if event.note else ""
        lines.append(
            f"`{event.at.astimezone(zone):%d %b %H:%M}` *{event.ref}* {event.action} "
            f"({step}) by {user(event.actor_id)}{note}"
        )
    chunks = [
        lines[i : i + LOG_LINES_PER_SECTION] for i in range(0, len(lines), LOG_LINES_PER_SECTION)
    ]
    blocks = [header(f"🗂️ {title}"), context(f"Newest first · times in {timezone}")]
    blocks += [section(bullet_list(chunk, limit=2900)) for chunk in chunks]
    return title, fit_message(blocks)


SETUP_MODAL = "project_setup_modal"


def build_setup_modal(*, channel_id: str) -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": SETUP_MODAL,
        "private_metadata": json.dumps({"channel_id": channel_id}),
        "title": plain("Set up a project"),
        "submit": plain("Set up"),
        "close": plain("Cancel"),
        "blocks": [
            section(
                f"<#{channel_id}> becomes the project's client channel, and you its owner. "
                "Add the internal channel and the team afterwards with `/project set`."
            ),
            input_block(
                "name",
                "Project name",
                text_input("name", max_length=80, multiline=False, placeholder="Acme Website"),
            ),
        ],
    }
