"""Setting a project up in its client channel, from the command or from the setup modal.

The project is created in the request's session, before the answer (so a `/project set` typed
right after finds it); what Slack is asked comes after the commit (`finish_setup`): joining the
channel and, when Slack had not said the creator's time zone when they asked, looking it up.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlmodel import Session

from bot.platform.deps import Deps
from bot.platform.i18n import _, ngettext
from bot.platform.people import Caller
from bot.platform.text import escape
from bot.projects.timing import PlanError, parse_timezone
from storage.db import session_scope
from storage.models import Project
from storage.projects import (
    create_project_unless_taken,
    project_by_id,
    project_by_name,
    project_for_channel,
    save_project,
)

logger = logging.getLogger(__name__)

NAME_LIMIT = 80
UNKNOWN_ZONE = "UTC"  # until the creator's profile says otherwise, or `/project set timezone`


@dataclass(frozen=True)
class SetupRequest:
    channel_id: str
    caller: Caller
    home_team_id: str
    name: str

    @property
    def clean_name(self) -> str:
        return " ".join(self.name.split())


@dataclass(frozen=True)
class SetUp:
    """A project just created, for what follows the commit."""

    project_id: int
    channel_id: str
    user_id: str
    zone_known: bool  # False: the creator's profile is still to be asked for their time zone


def set_up_project(
    session: Session, request: SetupRequest, *, now: datetime, language: str
) -> tuple[str, SetUp | None]:
    """Create the project in the request's session, with the time zone of the creator's Slack
    profile as the request found it. What to tell the person, and the project made (None when
    refused)."""
    name, channel_id, zone = request.clean_name, request.channel_id, request.caller.timezone
    if problem := _setup_refusal(session, request):
        return problem, None
    timezone = _valid_zone(zone) if zone else UNKNOWN_ZONE
    project = Project(
        team_id=request.home_team_id,
        name=name,
        client_channel_id=channel_id,
        timezone=timezone,
        language=language,
        created_by=request.caller.user_id,
        created_at=now,
    )
    project_id = create_project_unless_taken(session=session, project=project)
    if project_id is None:  # another setup took this channel or name since the check; it won
        return _("This channel or name was just taken by another setup: see `/project plan`."), None
    setup = SetUp(project_id, channel_id, request.caller.user_id, zone_known=bool(zone))
    if not setup.zone_known:
        return _(
            "✅ *{project}* is set up with this channel as its client channel and you as its "
            "owner (time zone {timezone} until Slack tells me yours).\n"
            "Next: `/project set internal-channel #your-team-channel`, then `/project plan`."
        ).format(project=escape(name), timezone=timezone), setup
    return _(
        "✅ *{project}* is set up with this channel as its client channel and you as its owner "
        "(time zone {timezone}, from your profile).\n"
        "Next: `/project set internal-channel #your-team-channel`, then `/project plan`."
    ).format(project=escape(name), timezone=timezone), setup


def _setup_refusal(session: Session, request: SetupRequest) -> str:
    """Why this setup cannot happen ('' when it can)."""
    name = request.clean_name
    if problem := _refusal(request.channel_id, request.caller, request.home_team_id, name):
        return problem
    existing = project_for_channel(
        session=session, channel_id=request.channel_id, team_id=request.home_team_id
    )
    if existing is not None:
        return _("This channel already belongs to *{project}*: see `/project plan`.").format(
            project=escape(existing.name)
        )
    if project_by_name(session=session, name=name, team_id=request.home_team_id) is not None:
        return _("A project named *{project}* exists already: choose another name.").format(
            project=escape(name)
        )
    return ""


def finish_setup(deps: Deps, client: WebClient, setup: SetUp) -> list[str]:
    """After the commit: join the channel, and take the creator's time zone from their profile
    if it was not known. What else the person should hear (none: nothing)."""
    notes = []
    if not _join(client, setup.channel_id):
        notes.append(
            _("This channel is private: invite me with `/invite @Rapport` so I can post here.")
        )
    if not setup.zone_known and (zone := _profile_timezone(client, setup.user_id)):
        if _take_zone(deps, setup.project_id, zone):
            notes.append(_("Time zone set to {timezone}.").format(timezone=zone))
    return notes


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


def _valid_zone(zone: str) -> str:
    try:
        return parse_timezone(zone)
    except PlanError:  # a zone Slack knows and we do not: UTC, which `/project set` changes
        return UNKNOWN_ZONE


def _profile_timezone(client: WebClient, user_id: str) -> str | None:
    try:
        tz = client.users_info(user=user_id)["user"].get("tz")
    except (SlackApiError, OSError):  # no answer: UTC stays, which `/project set` changes
        return None
    zone = _valid_zone(tz) if tz else UNKNOWN_ZONE
    return zone if zone != UNKNOWN_ZONE else None


def _take_zone(deps: Deps, project_id: int, zone: str) -> bool:
    """The profile's time zone, unless the plan's timing was changed since the setup."""
    with session_scope(deps.engine) as session:
        project = project_by_id(session=session, project_id=project_id)
        if project is None or project.plan_changed_at is not None:
            return False
        project.timezone, project.plan_changed_at = zone, deps.clock()
        save_project(session=session, project=project)
    deps.plan_changed(project_id)
    return True


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
