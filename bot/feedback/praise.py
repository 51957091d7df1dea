"""Praise reaches the team: feedback of kind praise is shared in the internal channel crediting
the team members it names (or the whole project team), and each one named hears it directly.
Clients' praise of the month goes in the monthly report; each person's in their App Home.

Who is named: the people mentioned in its words (`<@U…>`, as Slack writes a mention in a
command or a message) who are of the project's team; a client mentioned is not credited.
Anonymous praise stays anonymous everywhere."""

from __future__ import annotations

import logging
import re

from slack_sdk import WebClient

from bot.platform.blocks import Block, bullet_list, context, section, user
from bot.platform.deps import Deps
from bot.platform.i18n import _, listing, speaking
from bot.platform.language import of_user
from bot.platform.roles import TEAM_ROLES, role_of
from bot.platform.slack_client import best_effort
from bot.platform.telling import tell_team
from bot.platform.text import clip, escape, one_line
from storage.db import session_scope
from storage.models import Feedback, Project
from storage.praise import credit_praise
from storage.projects import owners_of
from storage.refs import feedback_ref

logger = logging.getLogger(__name__)

_MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")


def mentioned(text: str) -> list[str]:
    """The user ids mentioned, in order, once each."""
    return list(dict.fromkeys(_MENTION.findall(text)))


def share_praise(deps: Deps, client: WebClient, project: Project, feedback: Feedback) -> list[str]:
    """After praise has committed: credited, shared with the team, told to each one named.
    Returns who was credited."""
    named = [u for u in mentioned(feedback.text) if u != feedback.author_id]
    with session_scope(deps.engine) as session:
        credited = [
            u
            for u in named
            if role_of(
                session=session,
                project=project,
                caller=deps.directory.caller(u, None, workspace=project.team_id),
                home_team_id=project.team_id,  # the workspace it was set up in
            )
            in TEAM_ROLES
        ]
        credit_praise(session=session, feedback=feedback, user_ids=credited, now=deps.clock())
        owners = owners_of(session=session, project=project)
    tell_team(
        deps,
        client,
        project,
        owners,
        lambda: build_praise_share(feedback, project_name=project.name, credited=credited),
        what="praise shared with the team",  # i18n: not shown (logs)
    )
    for member in credited:
        with speaking(of_user(deps, member, project)):
            text, blocks = build_praise_for_member(feedback, project_name=project.name)
        best_effort(
            "praise to a team member",  # i18n: not shown (logs)
            client.chat_postMessage,
            channel=member,
            text=text,
            blocks=blocks,
        )
    return credited


_ESCAPED_MENTION = re.compile(r"&lt;@([UW][A-Z0-9]+)(?:\|[^&<>]*)?&gt;")


def _words(text: str) -> str:
    """The client's words escaped, but for the people they mention: praise names them."""
    return _ESCAPED_MENTION.sub(r"<@\1>", escape(text))


def _quote(feedback: Feedback) -> str:
    return ">" + _words(clip(feedback.text, 2500)).replace("\n", "\n>")


def build_praise_share(
    feedback: Feedback, *, project_name: str, credited: list[str]
) -> tuple[str, list[Block]]:
    """In the internal channel: the praise, and whom it credits."""
    who = listing(user(u) for u in credited) if credited else _("the whole project team")
    line = _("🙌 *Praise for {who}* from {sender} on *{project}* ({ref})").format(
        who=who,
        sender=user(feedback.author_id),
        project=escape(project_name),
        ref=feedback_ref(feedback.number),
    )
    return _("Praise for {who}").format(who=who), [
        section(f"{line}\n{_quote(feedback)}"),
        context(_("Pass it on: a word of thanks to the client goes a long way.")),
    ]


def build_praise_for_member(feedback: Feedback, *, project_name: str) -> tuple[str, list[Block]]:
    """To one team member the praise names."""
    line = _("🙌 {sender} praised you on *{project}*:").format(
        sender=user(feedback.author_id), project=escape(project_name)
    )
    return _("You were praised on {project}").format(project=escape(project_name)), [
        section(f"{line}\n{_quote(feedback)}")
    ]


def praise_section(praise: list[Feedback], credits: dict[int, list[str]]) -> str:
    """The monthly report's *What clients said*: each praise quoted, who gave it (anonymous
    stays anonymous) and whom it named."""
    items = []
    for feedback in praise:
        named = credits.get(feedback.id or 0, [])
        line = f"“{_words(clip(one_line(feedback.text), 300))}” — {user(feedback.author_id)}"
        if named:
            line += " · " + _("for {people}").format(people=listing(user(u) for u in named))
        items.append(line)
    return _("*What clients said*\n{items}").format(items=bullet_list(items, limit=2800))
