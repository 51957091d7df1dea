"""The setup form, for `/project setup` typed without a name."""

from __future__ import annotations

from typing import Any

from bot.platform.blocks import (
    input_block,
    modal,
    section,
    text_input,
)
from bot.platform.i18n import _, pgettext

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
