"""First-response times: client messages start a clock, the team's first answer stops it, and
the team hears of a message that has used 80% of the response target before it slips
(`telling.tell_team`: the internal channel, else each owner directly). Every post of an alert is
kept and updated once the message is answered, each in its reader's language: the project's in
the internal channel, the owner's own in their direct messages, whoever's message moved them.

A message event is written in the request's session (bot/platform/unit_of_work.py); the alerts
are updated after the commit (`update_alerts`, through `later`).

Times come from Slack's own message timestamps, not from when the event reached us, so a
retried or late delivery measures the same wait.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlmodel import Session

from bot.platform.asking import Asking
from bot.platform.calendar import calendar_of
from bot.platform.deps import Deps
from bot.platform.i18n import speaking
from bot.platform.language import of_project, of_user
from bot.platform.roles import Act
from bot.platform.telling import Told, tell_team
from bot.projects.working_hours import target_seconds
from bot.responses.blocks import build_answered_alert, build_waiting_alert
from bot.status.away import who_answers
from storage import responses as store
from storage.db import session_scope
from storage.models import ClientMessage, Project

logger = logging.getLogger(__name__)

ALERT_AT = 0.8  # of the target
# Messages that are not a person speaking: edits, joins, topic changes, bots, file comments…
IGNORED_SUBTYPES = frozenset(
    (
        "message_changed",
        "channel_join",
        "channel_leave",
        "bot_message",
        "channel_topic",
        "channel_purpose",
        "channel_name",
        "pinned_item",
        "unpinned_item",
        "ekm_access_denied",
        "group_join",
        "group_leave",
        "group_topic",
        "group_purpose",
        "group_name",
        "reminder_add",
    )
)


def message_time(ts: str) -> datetime:
    return datetime.fromtimestamp(float(ts), UTC)


def on_message(session: Session, event: dict[str, Any], asking: Asking) -> list[ClientMessage]:
    """One message event from a channel the bot is in, in the request's session: a client's
    message starts a clock, a team member's stops the clocks it answers. The messages it
    answered whose alerts are to be updated, after the commit (`update_alerts`)."""
    subtype = event.get("subtype")
    if subtype == "message_deleted":
        _on_deleted(session, event)
        return []
    if subtype in IGNORED_SUBTYPES or event.get("bot_id") or not event.get("user"):
        return []
    project, ts = asking.project, str(event.get("ts") or "")
    if project is None or project.client_channel_id != asking.channel_id or not ts:
        return []
    thread_ts = event.get("thread_ts")
    thread = str(thread_ts) if thread_ts and thread_ts != ts else None
    if asking.may(Act.POST_STATUS):  # a team member speaking in the client channel
        return _answered(session, project, asking.user_id, ts, thread)
    store.record_client_message(
        session=session,
        project=project,
        channel_id=project.client_channel_id,
        ts=ts,
        thread_ts=thread,
        author_id=asking.user_id,
        received_at=message_time(ts),
        working_seconds=calendar_of(project).seconds_between,
    )
    return []


def _answered(
    session: Session, project: Project, user_id: str, ts: str, thread: str | None
) -> list[ClientMessage]:
    channel = project.client_channel_id
    if not store.record_team_reply(
        session=session,
        channel_id=channel,
        ts=ts,
        thread_ts=thread,
        user_id=user_id,
        at=message_time(ts),
    ):
        return []  # delivered before
    answered = store.answer_waiting(
        session=session,
        channel_id=channel,
        thread_ts=thread,
        answer_ts=ts,
        answered_by=user_id,
        answered_at=message_time(ts),
        working_seconds=calendar_of(project).seconds_between,
    )
    return [message for message in answered if store.alert_posts_of(message)]


def update_alerts(
    deps: Deps, client: WebClient, project: Project, answered: list[ClientMessage]
) -> None:
    """After the commit: every post of each answered message's alert says who answered and
    after how long, each in its reader's language (the internal channel's is the project's)."""
    target = target_seconds(project.response_target, calendar_of(project))
    for message in answered:
        link = permalink(client, message)
        for post in store.alert_posts_of(message):
            with speaking(_language_of(deps, project, post)):
                _update_alert(client, message, post, link, target)


def _language_of(deps: Deps, project: Project, post: store.AlertPost) -> str:
    if post.reader_id is None:
        return of_project(project, deps.settings.default_language)
    return of_user(deps, post.reader_id, project)


def _on_deleted(session: Session, event: dict[str, Any]) -> None:
    deleted = event.get("deleted_ts") or (event.get("previous_message") or {}).get("ts")
    if deleted:
        store.withdraw_client_message(
            session=session, channel_id=str(event.get("channel") or ""), ts=str(deleted)
        )


def alert_slow_answers(deps: Deps, client: WebClient, project: Project) -> list[str]:
    """Alert once about each message past 80% of the target. Returns their ts. Run by the
    scheduler's sweep; the claim makes several schedulers alert once."""
    now = deps.clock()
    hours = calendar_of(project)
    target = target_seconds(project.response_target, hours)
    with session_scope(deps.engine) as session:
        waiting = [
            m
            for m in store.waiting_messages(session=session, project=project)
            if m.alerted_at is None
            and hours.seconds_between(m.received_at, now) >= ALERT_AT * target
        ]
        owners = who_answers(session, project, now)  # not those away
    alerted = []
    for message in waiting:
        with session_scope(deps.engine) as session:
            if not store.claim_alert(session=session, message=message, now=now):
                continue
        if _alert(
            deps,
            client,
            project,
            message,
            owners,
            waited=hours.seconds_between(message.received_at, now),
        ):
            alerted.append(message.ts)
    return alerted


def _alert(
    deps: Deps,
    client: WebClient,
    project: Project,
    message: ClientMessage,
    owners: list[str],
    *,
    waited: int,
) -> bool:
    """Tell the team of one waiting message; every post is kept, to be updated once answered
    (the internal channel's, or each owner's)."""
    hours = calendar_of(project)
    link = permalink(client, message)
    target = target_seconds(project.response_target, hours)
    told = tell_team(
        deps,
        client,
        project,
        owners,
        lambda: (
            build_waiting_alert(
                author_id=message.author_id,
                channel_id=message.channel_id,
                permalink=link,
                waited=waited,
                target=target,
                owner_ids=owners,
                hours=hours,
            ),
            None,
        ),
        what="response-time alert",  # i18n: not shown (logs)
    )
    if not told.posts:
        return False
    assert message.id is not None
    with session_scope(deps.engine) as session:
        store.set_alert(session=session, message_id=message.id, posts=_posts_of(told))
    return True


def _posts_of(told: Told) -> list[store.AlertPost]:
    """Every post of an alert and who reads it: the team in the internal channel, else the
    owner whose direct message it is (`Told` lists the owners told in the order of the posts)."""
    if told.channel_id is not None:
        return [store.AlertPost(post.channel_id, post.ts) for post in told.posts]
    return [
        store.AlertPost(post.channel_id, post.ts, owner_id)
        for post, owner_id in zip(told.posts, told.owner_ids, strict=True)
    ]


def permalink(client: WebClient, message: ClientMessage) -> str:
    """Slack's link to the message; built by hand when Slack cannot be asked."""
    try:
        return str(
            client.chat_getPermalink(channel=message.channel_id, message_ts=message.ts)["permalink"]
        )
    except (SlackApiError, KeyError):
        return f"https://slack.com/archives/{message.channel_id}/p{message.ts.replace('.', '')}"


def _update_alert(
    client: WebClient, message: ClientMessage, post: store.AlertPost, link: str, target: int
) -> None:
    assert message.answered_by
    text = build_answered_alert(
        author_id=message.author_id,
        channel_id=message.channel_id,
        permalink=link,
        answered_by=message.answered_by,
        waited=int(message.response_seconds or 0),
        target=target,
    )
    try:
        client.chat_update(channel=post.channel_id, ts=post.ts, text=text)
    except SlackApiError as error:
        logger.warning("response-time alert not updated: %s", error.response.get("error"))
    except OSError as error:
        logger.warning("response-time alert update unconfirmed: %s", error)
