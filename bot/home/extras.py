"""What the App Home shows beside the project cards: the open incidents on the person's
projects, and the clients' praise that named them (the last 90 days)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session

from bot.incidents.blocks import incident_line
from bot.platform.blocks import MAX_VIEW_BLOCKS, Block, bullet_list, section, user
from bot.platform.i18n import _
from bot.platform.text import clip, escape, one_line
from storage.home import projects_of
from storage.incidents import open_incidents_on
from storage.models import Feedback, Incident
from storage.praise import praise_naming

PRAISE_SHOWN_FOR = timedelta(days=90)


@dataclass(frozen=True)
class Extras:
    incidents: list[tuple[Incident, str, str]] = field(default_factory=list)  # name, zone
    praise: list[tuple[Feedback, str]] = field(default_factory=list)  # project name


def load_extras(*, session: Session, user_id: str, now: datetime) -> Extras:
    projects = {p.id: p for p in projects_of(session=session, user_id=user_id) if p.id}
    found = open_incidents_on(session=session, project_ids=list(projects))
    return Extras(
        incidents=[
            (i, projects[i.project_id].name, projects[i.project_id].timezone) for i in found
        ],
        praise=praise_naming(session=session, user_id=user_id, since=now - PRAISE_SHOWN_FOR),
    )


def build_extras(extras: Extras, now: datetime) -> list[Block]:
    blocks = []
    if extras.incidents:
        items = [
            f"*{escape(name)}* · {incident_line(incident, zone, now)}"
            for incident, name, zone in extras.incidents
        ]
        blocks.append(section(_("🚨 *Open incidents*\n{items}").format(items=bullet_list(items))))
    if extras.praise:
        items = [
            f"“{escape(clip(one_line(f.text), 200))}” — {user(f.author_id)} · *{escape(name)}*"
            for f, name in extras.praise
        ]
        blocks.append(
            section(_("🙌 *Praise that named you*\n{items}").format(items=bullet_list(items)))
        )
    return blocks


def with_extras(view: dict[str, Any], extras: list[Block]) -> dict[str, Any]:
    """The Home with the extras before its last line (when they fit in a Home tab)."""
    blocks = list(view["blocks"])
    if not extras or len(blocks) + len(extras) > MAX_VIEW_BLOCKS:
        return view
    return {**view, "blocks": [*blocks[:-1], *extras, blocks[-1]]}
