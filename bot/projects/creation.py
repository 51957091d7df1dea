"""Setting a project up in its client channel, from the command or from the setup modal."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.exc import IntegrityError

from bot.platform.deps import Deps
from bot.platform.i18n import _, ngettext
from bot.platform.people import Caller
from bot.platform.text import escape
from bot.projects.timing import PlanError, parse_timezone
from storage.db import session_scope
from storage.projects import create_project, project_by_name, project_for_channel

logger = logging.getLogger(__name__)

NAME_LIMIT = 80


@dataclass(frozen=True)
class SetupRequest:
    channel_id: str
    caller: Caller
    home_team_id: str
    name: str

    @property
    def clean_name(self) -> str:
        return " ".join(self.name.split())


def setup_refusal(deps: Deps, request: SetupRequest) -> str:
    """Why this setup cannot happen ('' when it can). Database only: fast enough before ack()."""
    name = request.clean_name
    if problem := _refusal(request.channel_id, request.caller, request.home_team_id, name):
        return problem
    with session_scope(deps.engine) as session:
        existing = project_for_channel(session=session, channel_id=request.channel_id)
        if existing is not None:
            return _("This channel already belongs to *{project}*: see `/project plan`.").format(
                project=escape(existing.name)
            )
        if project_by_name(session=session, name=name) is not None:
            return _("A project named *{project}* exists already: choose another name.").format(
                project=escape(name)
            )
    return ""


def set_up_project(deps: Deps, client: WebClient, request: SetupRequest) -> str:
    """Create the project; asks Slack for the caller's time zone and joins the channel, so it
    runs after ack(). Returns what to tell the person: done, or why not."""
    if problem := setup_refusal(deps, request):
        return problem
    name, channel_id = request.clean_name, request.channel_id
    timezone = _profile_timezone(client, request.caller.user_id)
    with session_scope(deps.engine) as session:
        try:
            create_project(
                session=session,
                team_id=request.home_team_id,
                name=name,
                channel_id=channel_id,
                owner_id=request.caller.user_id,
                timezone=timezone,
                now=deps.clock(),
                language=deps.settings.default_language,
            )
            session.flush()
        except IntegrityError:
            # Another setup took this channel or name since the check; it won.
            session.rollback()
            return _("This channel or name was just taken by another setup: see `/project plan`.")
    message = _(
        "✅ *{project}* is set up with this channel as its client channel and you as its owner "
        "(time zone {timezone}, from your profile).\n"
        "Next: `/project set internal-channel #your-team-channel`, then `/project plan`."
    ).format(project=escape(name), timezone=timezone)
    if not _join(client, channel_id):
        message += "\n" + _(
            "This channel is private: invite me with `/invite @Rapport` so I can post here."
        )
    return message


def _refusal(channel_id: str, caller: Caller, home_team_id: str, name: str) -> str:
    if not name:
        return _("Give the project a name, e.g. `Acme Website`.")
    if len(name) > NAME_LIMIT:
        return ngettext(
            "That name is {count} character; keep it to {limit}.",
            "That name is {count} characters; keep it to {limit}.",
            len(name),
        ).format(count=len(name), limit=NAME_LIMIT)
    if channel_id.startswith("D"):
        return _("Type `/project setup NAME` in the client channel, not in a direct message.")
    if caller.is_guest or caller.team_id not in (None, home_team_id):
        return _("Only the delivery team can set up a project. Ask your contact there to do it.")
    return ""


def _profile_timezone(client: WebClient, user_id: str) -> str:
    try:
        tz = client.users_info(user=user_id)["user"].get("tz")
        return parse_timezone(tz) if tz else "UTC"
    except (SlackApiError, PlanError, OSError):  # no answer: UTC, which `/project set` changes
        return "UTC"


def _join(client: WebClient, channel_id: str) -> bool:
    """Public channels can be joined; in private ones people must /invite the bot."""
    try:
        client.conversations_join(channel=channel_id)
        return True
    except SlackApiError as error:
        logger.info("could not join %s: %s", channel_id, error.response.get("error"))
        return False
    except OSError as error:  # no answer in time: setup goes on; the answer says to /invite
        logger.info("joining %s unconfirmed: %s", channel_id, error)
        return False
