"""The demo's status meeting: Tuesday's agenda an hour before the call and Ana's minutes after
it; on Thursday, Dana's action item reminded on its due date and closed with its button."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from bot.meetings.action_items import remind_action_items
from bot.meetings.agenda import AgendaSeries, agenda_job
from bot.sandbox.stack import Stack
from bot.sandbox.workspace import CLIENT, CLIENT_CHANNEL, OWNER
from storage.db import session_scope
from storage.meetings import meetings_of
from storage.projects import project_by_name

if TYPE_CHECKING:
    from bot.sandbox.demo import DemoWeek

BERLIN = ZoneInfo("Europe/Berlin")


def the_meeting(week: DemoWeek) -> None:
    """Tuesday 09:00: the agenda, as the scheduler posts it; after the call, the minutes."""
    stack, send = week.stack, week.stack.sender
    with session_scope(stack.deps.engine) as session:
        project = project_by_name(session=session, name="Acme Website")
        assert project is not None
        [meeting] = meetings_of(session=session, project=project)
    series = [isinstance(s, AgendaSeries) for s in week.scheduler.work.series].index(True)
    week.scheduler.fire_series(series, agenda_job(meeting))
    stack.fake.wait_quiet()
    week.at(1, 11)
    send.command(OWNER, CLIENT_CHANNEL, "/project", "minutes")
    modal = opened(stack, "meeting_minutes_modal")
    thursday = (week.clock.now + timedelta(days=2)).astimezone(BERLIN).date()
    send.submit(
        OWNER,
        modal["id"],
        {
            "decisions": "The mobile app launches with the website on Monday, December 7",
            "item_1_what": "Send the SSO metadata to Ben",
            "item_1_who": CLIENT,
            "item_1_due": thursday.isoformat(),
            "item_2_what": "Draft the launch-week plan",
            "item_2_who": OWNER,
        },
    )
    stack.fake.wait_quiet()


def action_item_due(week: DemoWeek) -> None:
    """What a sweep does once Dana's working day has begun on the due date; she closes it."""
    stack = week.stack
    remind_action_items(stack.deps, week.scheduler.client_for)
    dana = "D" + CLIENT[1:]
    reminder = stack.fake.wait_for(
        lambda: next((e for e in stack.fake.messages(dana) if "A-1" in e.text), None)
    )
    stack.sender.click(CLIENT, reminder, "action_item_close")


def opened(stack: Stack, callback_id: str) -> dict[str, Any]:
    """The latest form of this kind the bot opened, once Slack shows it."""
    found = stack.fake.wait_for(
        lambda: next(
            (v for v in reversed(stack.fake.opened_views()) if v["callback_id"] == callback_id),
            None,
        )
    )
    assert isinstance(found, dict)
    return found
