"""The setup form, for `/project setup` typed without a name."""

from __future__ import annotations

from typing import Any

from bot.platform.blocks import (
    context,
    input_block,
    modal,
    section,
    text_input,
)
from bot.platform.i18n import _, pgettext
from bot.projects.describing import BACKGROUND_LIMIT, GOAL_LIMIT
from storage.models import Project

SETUP_MODAL = "project_setup_modal"


def build_setup_modal(*, channel_id: str) -> dict[str, Any]:
    return modal(
        SETUP_MODAL,
        title=_("Set up a project"),
        submit=pgettext("button", "Set up"),
        metadata={"channel_id": channel_id},
        blocks=[
            section(
                _(
                    "{channel} becomes the project's client channel, and you its owner. Add the "
                    "internal channel and the team afterwards with `/project set`."
                ).format(channel=f"<#{channel_id}>")
            ),
            input_block(
                "name",
                _("Project name"),
                text_input("name", max_length=80, multiline=False, placeholder=_("Acme Website")),
            ),
        ],
    )


DESCRIBE_MODAL = "project_describe_modal"


def build_describe_modal(project: Project, *, channel_id: str) -> dict[str, Any]:
    """The goal and background, as they stand: what the plan document opens with."""
    return modal(
        DESCRIBE_MODAL,
        title=_("Goal and background"),
        submit=pgettext("button", "Save"),
        metadata={"project_id": project.id, "channel_id": channel_id},
        blocks=[
            context(_("They open `/project plan` and the plan document, which the client reads.")),
            input_block(
                "goal",
                _("Goals: what the project is for"),
                text_input(
                    "goal",
                    initial=project.goal or "",
                    max_length=GOAL_LIMIT,
                    placeholder=_("Launch the new site by March, with self-service accounts"),
                ),
                optional=True,
            ),
            input_block(
                "background",
                _("Background: why it exists, what came before"),
                text_input(
                    "background", initial=project.background or "", max_length=BACKGROUND_LIMIT
                ),
                optional=True,
            ),
        ],
    )
