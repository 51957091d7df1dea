"""The message shortcuts ("Log this"): Log as feedback, Log as risk, Propose a change, on any
message of a project's channels, threads included (where slash commands cannot be typed)."""

from __future__ import annotations

from functools import partial
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.capture.blocks import build_no_project, build_not_allowed
from bot.capture.service import ACTS, WHAT, open_form
from bot.platform.answers import privately
from bot.platform.asking import Asking, Later
from bot.platform.deps import Deps


def register(app: App) -> None:
    for callback_id in ACTS:
        app.shortcut(callback_id)(handle_message_shortcut)


def handle_message_shortcut(
    ack: Ack,
    shortcut: dict[str, Any],
    client: WebClient,
    respond: Respond,
    asking: Asking,
    deps: Deps,
    later: Later,
) -> None:
    ack()
    kind = str(shortcut["callback_id"])
    project = asking.project
    if project is None:
        later(partial(privately, respond, build_no_project()))
    elif not asking.may(ACTS[kind]):
        later(partial(privately, respond, build_not_allowed(WHAT[kind])))
    else:
        later(partial(open_form, deps, project, asking, shortcut, client))
