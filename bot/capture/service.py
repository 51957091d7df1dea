""" "Log this": a message shortcut on any message of a project's channels, threads included,
opens the feature's own form started with the message's words; once the item is saved its
reference is answered in that message's thread, and a client whose words became their feedback
is told privately.

Everything here talks to Slack, so it runs after the request's commit (`later`): the link
(chat.getPermalink), who wrote the message (users.info), the form (views.open, within the
trigger's 3 seconds), the answers. The two lookups before the form are asked once, within 2
seconds together, and never retried: an item logged without its link beats a form that never
opens because a 429's Retry-After or a slow answer outlived the trigger."""

from __future__ import annotations

import logging
import time
from dataclasses import replace
from typing import Any

from slack_sdk import WebClient
from sqlmodel import Session

from bot.capture.blocks import build_client_note, build_thread_answer
from bot.capture.source import MessageSource, from_shortcut, message_text, prefilled
from bot.changes.forms import TITLE_LIMIT as CHANGE_TITLE_LIMIT
from bot.changes.forms import build_change_modal
from bot.feedback.forms import build_feedback_modal
from bot.platform.asking import Asking
from bot.platform.deps import Deps
from bot.platform.i18n import speaking
from bot.platform.language import of_project, of_user
from bot.platform.roles import Act, role_of
from bot.platform.slack_client import best_effort, make_web_client
from bot.platform.text import one_line
from bot.risks.forms import build_risk_modal
from storage.db import session_scope
from storage.models import ChangeRequest, Feedback, Project, Risk
from storage.sources import keep_source

logger = logging.getLogger(__name__)

LOG_FEEDBACK, LOG_RISK, PROPOSE_CHANGE = "log_feedback", "log_risk", "propose_change"
WHAT = {LOG_FEEDBACK: "feedback", LOG_RISK: "risk", PROPOSE_CHANGE: "change"}
ACTS = {LOG_FEEDBACK: Act.SEND_FEEDBACK, LOG_RISK: Act.ADD_RISK, PROPOSE_CHANGE: Act.PROPOSE_CHANGE}
# Seconds before views.open, of the trigger's 3: the author's users.info (the directory's, at
# most 2) and the link, asked only while the two can still end within the budget.
LOOKUPS_BUDGET, PERMALINK_TIMEOUT = 2, 1


def open_form(
    deps: Deps, project: Project, asking: Asking, shortcut: dict[str, Any], client: WebClient
) -> None:
    """The feature's form for the message, its words in it and the message kept with it."""
    kind = str(shortcut["callback_id"])
    source = from_shortcut(shortcut)
    started = time.monotonic()
    for_client = (
        kind == LOG_FEEDBACK
        and source.author_id is not None
        and source.author_id != asking.user_id
        and _is_client(deps, project, source.author_id, asking.home_team_id)
    )
    link = None
    if time.monotonic() - started < LOOKUPS_BUDGET - PERMALINK_TIMEOUT:
        lookups = make_web_client(
            deps.settings, timeout=PERMALINK_TIMEOUT, retries="none", token=client.token
        )
        link = _permalink(lookups, source)
    source = replace(source, link=link, for_client=for_client)
    view = prefilled(*_form(kind, project, asking, source, message_text(shortcut)))
    client.views_open(trigger_id=shortcut["trigger_id"], view=view)


def _form(
    kind: str, project: Project, asking: Asking, source: MessageSource, text: str
) -> tuple[dict[str, Any], str, str, MessageSource]:
    assert project.id is not None
    pid, name, channel = project.id, project.name, source.channel_id
    if kind == LOG_RISK:
        form = build_risk_modal(
            project_id=pid, project_name=name, channel_id=channel, user_id=asking.user_id
        )
        return form, "title", text, source
    if kind == PROPOSE_CHANGE:
        form = build_change_modal(
            project_id=pid,
            project_name=name,
            channel_id=channel,
            caller_id=source.author_id or asking.user_id,  # who asked for it: who said it
            title=one_line(text)[:CHANGE_TITLE_LIMIT],
        )
        return form, "reason", text, source
    form = build_feedback_modal(project_id=pid, project_name=name, channel_id=channel)
    return form, "text", text, source


def _is_client(deps: Deps, project: Project, user_id: str, home_team_id: str | None) -> bool:
    caller = deps.directory.caller(user_id, None, workspace=project.team_id)
    with session_scope(deps.engine) as session:
        return (
            role_of(session=session, project=project, caller=caller, home_team_id=home_team_id)
            == "client"
        )


def _permalink(client: WebClient, source: MessageSource) -> str | None:
    try:
        found = client.chat_getPermalink(channel=source.channel_id, message_ts=source.ts)
        return str(found["permalink"])
    except Exception as error:  # the item is logged without its link rather than not at all
        logger.warning("no permalink for a logged message: %s", error)
        return None


def answer_in_thread(
    deps: Deps,
    project: Project,
    source: MessageSource,
    ref: str,
    logged_by: str,
    what: str,
    client: WebClient,
    *,
    anonymous: bool = False,
    internal: bool = False,
) -> None:
    """After the item has committed: its reference in the message's thread; the client whose
    words became their feedback hears it privately. Anonymous feedback names nobody, and an
    internal item logged from the client channel is answered to its logger only."""
    with speaking(of_project(project, deps.settings.default_language)):
        text = build_thread_answer(ref, None if anonymous else logged_by, what)
    if internal and source.channel_id != project.internal_channel_id:
        best_effort(
            "reference in the thread, privately",  # i18n: not shown (logs)
            client.chat_postEphemeral,
            channel=source.channel_id,
            user=logged_by,
            thread_ts=source.thread_ts,
            text=text,
        )
    else:
        best_effort(
            "reference in the thread",  # i18n: not shown (logs)
            client.chat_postMessage,
            channel=source.channel_id,
            thread_ts=source.thread_ts,
            text=text,
        )
    if what != "feedback" or not source.for_client or source.author_id in (None, logged_by):
        return
    assert source.author_id is not None
    with speaking(of_user(deps, source.author_id, project)):
        note = build_client_note(ref, logged_by)
    best_effort(
        "logged feedback to its client",  # i18n: not shown (logs)
        client.chat_postEphemeral,
        channel=source.channel_id,
        user=source.author_id,
        thread_ts=source.thread_ts,
        text=note,
    )


def remember(
    session: Session,
    row: Feedback | Risk | ChangeRequest,
    source: MessageSource,
    *,
    logged_by: str | None = None,
) -> None:
    """In the request's session: the message's link kept on the item it became."""
    keep_source(session=session, row=row, link=source.link, logged_by=logged_by)


def author_of_logged(source: MessageSource | None, logger_id: str, anonymous: bool) -> str | None:
    """Whose feedback it is: the client whose message it was, else whoever sent the form
    (None when they chose to be anonymous)."""
    if source is not None and source.for_client and source.author_id:
        return source.author_id
    return None if anonymous else logger_id
