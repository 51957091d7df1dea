"""Setting a project up in its client channel, from the command or from the setup modal."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.exc import IntegrityError

from bot.deps import Deps
from bot.plan import PlanError, parse_timezone
from bot.text import escape
from storage.db import session_scope
from storage.projects import create_project, project_by_name, project_for_channel

logger = logging.getLogger(__name__)
NAME_LIMIT = 80


@dataclass(frozen=True)
class SetupOutcome:
    created: bool
    message: str


def set_up_project(
    deps: Deps,
    client: WebClient,
    *,
    channel_id: str,
    user_id: str,
    user_team_id: str | None,
    home_team_id: str,
    name: str,
) -> SetupOutcome:
    name = " ".join(name.split())
    if problem := _refusal(channel_id, user_team_id, home_team_id, name):
        return SetupOutcome(False, problem)
    timezone = _profile_timezone(client, user_id)
    with session_scope(deps.engine) as session:
        existing = project_for_channel(session=session, channel_id=channel_id)
        if existing is not None:
            return SetupOutcome(
                False,
                f"This channel already belongs to *{escape(existing.name)}*: see `/project plan`.",
            )
        if project_by_name(session=session, name=name) is not None:
            return SetupOutcome(
                False, f"A project named *{escape(name)}* exists already: choose another name."
            )
        try:
            create_project(
                session=session,
                team_id=home_team_id,
                name=name,
                channel_id=channel_id,
                owner_id=user_id,
                timezone=timezone,
                now=deps.clock(),
            )
        except IntegrityError:
            # Two setups raced for this channel or name; the other one won.
            session.rollback()
            return SetupOutcome(
                False, "This channel or name was just taken by another setup: see `/project plan`."
            )
    _join(client, channel_id)
    return SetupOutcome(
        True,
        f"✅ *{escape(name)}* is set up with this channel as its client channel and you as "
        f"its owner (time zone {timezone}, from your profile).\n"
        "Next: `/project set internal-channel #your-team-channel`, then `/project plan`.",
    )


def _refusal(channel_id: str, user_team_id: str | None, home_team_id: str, name: str) -> str:
    if not name:
        return "Give the project a name, e.g. `Acme Website`."
    if len(name) > NAME_LIMIT:
        return f"That name is {len(name)} characters; keep it to {NAME_LIMIT}."
    if channel_id.startswith("D"):
        return "Type `/project setup NAME` in the client channel, not in a direct message."
    if user_team_id not in (None, home_team_id):
        return "Only the delivery team can set up a project. Ask your contact there to do it."
    return ""


def _profile_timezone(client: WebClient, user_id: str) -> str:
    try:
        tz = client.users_info(user=user_id)["user"].get("tz")
        return parse_timezone(tz) if tz else "UTC"
    except (SlackApiError, PlanError):
        return "UTC"


def _join(client: WebClient, channel_id: str) -> None:
    """Public channels can be joined; in private ones people must /invite the bot."""
    try:
        client.conversations_join(channel=channel_id)
    except SlackApiError as error:
        logger.info("could not join %s: %s", channel_id, error.response.get("error"))
