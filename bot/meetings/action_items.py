"""Action items after the meeting: a reminder to the owner on the due date, once, by direct
message in their working hours, with a Close button; closing (the owner or the team, once,
whoever clicks first); the open ones listed.

The reminder is claimed like every scheduled post (job `action-item:<id>`, period its due
date), so it goes out once across retries, replicas and restarts; an item due at the weekend,
or before the owner's day starts, is reminded at the next working hour (Monday to Friday,
09:00 to 18:00 in the owner's Slack zone, else the project's). Nothing is reminded while the
project is paused."""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta
from functools import partial
from zoneinfo import ZoneInfo

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlmodel import Session

from bot.meetings.blocks import build_action_item_reminder, build_closed_item
from bot.platform import i18n
from bot.platform.asking import Asking, about
from bot.platform.deps import Deps
from bot.platform.i18n import _
from bot.platform.language import of_person, of_user
from bot.platform.listeners import Outcome
from bot.platform.roles import Act
from bot.platform.telling import edit_post
from bot.platform.workspaces import ClientFor
from bot.scheduling.publishing import claim_period, finish_claim
from bot.scheduling.triggers import WORKING_END, WORKING_START, Due, is_paused
from storage import meetings as store
from storage.db import session_scope
from storage.models import ActionItem, Project
from storage.projects import list_projects
from storage.refs import action_item_ref

logger = logging.getLogger(__name__)

REMIND_LATE_FOR = timedelta(days=14)  # an item overdue for longer is the agenda's business


def remind_action_items(deps: Deps, client_for: ClientFor) -> None:
    """Each sweep: the owners of items due by now, in their working hours, once each."""
    now = deps.clock()
    today = now.date()
    with session_scope(deps.engine) as session:
        # A day's margin each way: the owner's date may be ahead of or behind UTC's.
        items = store.action_items_to_remind(
            session=session, since=today - REMIND_LATE_FOR, until=today + timedelta(days=1)
        )
        projects = {p.id: p for p in list_projects(session=session)} if items else {}
    for item in items:
        project = projects.get(item.project_id)
        if project is None or is_paused(project, now):
            continue
        client = client_for(project)
        if client is None:
            continue  # its workspace uninstalled Rapport
        try:
            _remind(deps, client, project, item, now)
        except Exception:  # one person's trouble must not cost the others their reminder
            logger.exception("the reminder of action item %s failed", item.id)


def _remind(
    deps: Deps, client: WebClient, project: Project, item: ActionItem, now: datetime
) -> None:
    person = deps.directory.caller(item.owner_id, None)
    local = now.astimezone(ZoneInfo(person.timezone or project.timezone))
    working = local.weekday() < 5 and WORKING_START <= local.hour < WORKING_END
    if local.date() < item.due_on or not working:
        return  # not yet, or not now: a later sweep reminds them
    due = Due("action-item", now, item.due_on.isoformat())
    claim = claim_period(deps, f"action-item:{item.id}", project, due, late=False)
    if claim is None:
        return
    link, meeting = _origin(deps, client, item)
    with i18n.speaking(of_person(person.locale, project, deps.settings.default_language)):
        text, blocks = build_action_item_reminder(
            item, project_name=project.name, meeting=meeting, today=local.date(), link=link
        )
    try:
        response = client.chat_postMessage(channel=item.owner_id, text=text, blocks=blocks)
    except SlackApiError as error:
        reason = str(error.response.get("error"))
        finish_claim(deps, claim, "refused", item.owner_id, None, reason)
        return
    channel, ts = str(response["channel"]), str(response["ts"])
    finish_claim(deps, claim, "posted", channel, ts)
    with session_scope(deps.engine) as session:
        store.set_reminder_post(session=session, item_id=item.id or 0, channel_id=channel, ts=ts)


def _origin(deps: Deps, client: WebClient, item: ActionItem) -> tuple[str | None, str]:
    """The link to the minutes the item was agreed in (None when Slack cannot give one), and
    the meeting's title."""
    with session_scope(deps.engine) as session:
        minutes = store.get_minutes(session=session, minutes_id=item.minutes_id)
    if minutes is None:
        return None, ""
    if minutes.channel_id is None or minutes.ts is None:
        return None, minutes.title
    try:
        answer = client.chat_getPermalink(channel=minutes.channel_id, message_ts=minutes.ts)
        return str(answer["permalink"]), minutes.title
    except (SlackApiError, KeyError):
        return None, minutes.title


def close_item(deps: Deps, session: Session, asking: Asking, item_id: int) -> Outcome:
    """The Close button (on the reminder, in `/project actions`): its owner, or anyone of the
    team, closes it once; the reminder shows it once the close has committed."""
    item = store.get_action_item(session=session, item_id=item_id)
    if item is None:
        return Outcome(answer=_("This action item no longer exists."))
    on_project = about(session, asking, item.project_id)
    ref = action_item_ref(item.number)
    if on_project.project is None or not (
        item.owner_id == asking.user_id or on_project.may(Act.CLOSE_ACTION_ITEM)
    ):
        return Outcome(answer=_("An action item is closed by its owner or the project team."))
    if not store.close_action_item(
        session=session, item=item, user_id=asking.user_id, now=deps.clock()
    ):
        return Outcome(answer=_("{ref} was closed already.").format(ref=ref))
    project = on_project.project
    return Outcome(
        answer=_("✅ {ref} is closed.").format(ref=ref),
        then=partial(refresh_reminder, deps, project, item),
    )


def refresh_reminder(deps: Deps, project: Project, item: ActionItem, client: WebClient) -> None:
    """After the close has committed: the owner's reminder without its button, in their
    language."""
    if item.reminder_channel_id is None or item.reminder_ts is None:
        return
    link, _meeting = _origin(deps, client, item)
    today = deps.clock().astimezone(ZoneInfo(project.timezone)).date()
    edit_post(
        client,
        item.reminder_channel_id,
        item.reminder_ts,
        of_user(deps, item.owner_id, project),
        lambda: build_closed_item(item, project_name=project.name, today=today, link=link),
        what="action item reminder refresh",  # i18n: not shown (logs)
    )


def open_items(
    session: Session, asking: Asking, project: Project
) -> tuple[list[ActionItem], set[int]]:
    """`/project actions`: what the reader may see (the client: what is not internal), and
    which of them they may close."""
    internal = asking.may(Act.SEE_INTERNAL_ACTION_ITEMS)
    rows = store.open_action_items(session=session, project=project, include_internal=internal)
    items = [item for item, _minutes in rows]
    team = asking.may(Act.CLOSE_ACTION_ITEM)
    closable = {i.id for i in items if i.id is not None and (team or i.owner_id == asking.user_id)}
    return items, closable


def local_today(project: Project, now: datetime) -> date:
    return now.astimezone(ZoneInfo(project.timezone)).date()
