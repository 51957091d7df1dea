"""`/project minutes`: after a meeting, the team records its decisions (each into the decision
log, `D-n`) and its action items (what, who, due date: `A-n`), in the request's session; the
minutes are posted where they were recorded once that has committed, and the items link
there from then on. Recorded in the internal channel, they are the team's: the client's
agenda and digest leave them out."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlmodel import Session

from bot.meetings.action_items import local_today
from bot.meetings.blocks import build_minutes_post
from bot.meetings.forms import MinutesDraft, build_minutes_modal
from bot.meetings.schedule import last_agenda_due
from bot.platform.asking import Asking
from bot.platform.deps import Deps
from bot.platform.i18n import _, speaking
from bot.platform.language import of_project
from bot.platform.listeners import View
from bot.platform.roles import Act
from storage import meetings as store
from storage.db import session_scope
from storage.models import ActionItem, Decision, Minutes, Project

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Recorded:
    minutes: Minutes
    decisions: list[Decision]
    items: list[ActionItem]


def not_recorder() -> str:
    return _("Minutes are recorded by the project team.")


def minutes_form(
    session: Session, asking: Asking, project: Project, channel_id: str, now: datetime
) -> View | str:
    """The form, set to the meeting that began last; or why there is none for this person."""
    if not asking.may(Act.RECORD_MINUTES):
        return not_recorder()
    meetings = store.meetings_of(session=session, project=project)
    began = [
        (due.starts_at, due.day, meeting.id)
        for meeting in meetings
        if (due := last_agenda_due(meeting, project.timezone, now)) is not None
        and due.starts_at <= now
    ]
    latest = max(began) if began else None
    assert project.id is not None
    return build_minutes_modal(
        project_id=project.id,
        project_name=project.name,
        channel_id=channel_id,
        meetings=meetings,
        meeting_id=latest[2] if latest else None,
        held_on=latest[1] if latest else local_today(project, now),
    )


def record(
    session: Session,
    asking: Asking,
    project: Project,
    draft: MinutesDraft,
    *,
    channel_id: str,
    now: datetime,
) -> Recorded:
    """The minutes, their decisions and action items, in the request's session."""
    assert project.id is not None and draft.held_on is not None
    meeting = (
        store.get_meeting(session=session, meeting_id=draft.meeting_id)
        if draft.meeting_id is not None
        else None
    )
    if meeting is not None and meeting.project_id != project.id:
        meeting = None
    minutes = Minutes(
        project_id=project.id,
        meeting_id=meeting.id if meeting else None,
        title=meeting.title if meeting else _("Meeting"),
        held_on=draft.held_on,
        visibility="internal" if channel_id == project.internal_channel_id else "client",
        recorded_by=asking.user_id,
        recorded_at=now,
    )
    decisions, items = store.record_minutes(
        session=session,
        project=project,
        minutes=minutes,
        decisions=draft.decisions,
        items=draft.items,
    )
    return Recorded(minutes, decisions, items)


def post_minutes(
    deps: Deps, client: WebClient, project: Project, recorded: Recorded, channel_id: str
) -> None:
    """After the minutes have committed: posted where they were recorded, in the project's
    language; the post is kept for the items' links."""
    today = local_today(project, deps.clock())
    with speaking(of_project(project, deps.settings.default_language)):
        text, blocks = build_minutes_post(
            recorded.minutes, recorded.decisions, recorded.items, today=today
        )
    try:
        response = client.chat_postMessage(
            channel=channel_id, text=text, blocks=blocks, unfurl_links=False
        )
    except SlackApiError as error:
        reason = error.response.get("error")
        logger.warning("the minutes of %s were not posted: %s", recorded.minutes.id, reason)
        return
    with session_scope(deps.engine) as session:
        store.set_minutes_post(
            session=session,
            minutes_id=recorded.minutes.id or 0,
            channel_id=str(response["channel"]),
            ts=str(response["ts"]),
        )
