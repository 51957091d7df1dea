"""The two shapes a button's listener takes, written once.

Bolt answers Slack when the listener returns (`process_before_response`), so a listener
acknowledges first and hands what talks to Slack to `later`. A button on an item (feedback, a
risk, a change request, a poll, an update) carries the item's id as its value, and either opens
a form for it or does something and says what:

    app.action(FEEDBACK_RESOLVE)(opens_a_form(resolution_form))
    app.action(CHANGE_APPROVE)(answers_privately(approve))

`resolution_form(deps, asking, feedback_id)` returns the form, or why there is none;
`approve(deps, client, asking, change_id)` does it and returns what to tell the person (None:
nothing to say). Both run with the request's `asking` (bot/platform/asking.py).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from slack_bolt import Ack, Respond
from slack_sdk import WebClient

from bot.platform.answers import privately
from bot.platform.asking import Asking, Later
from bot.platform.deps import Deps

View = dict[str, Any]
FormChoice = Callable[[Deps, Asking, int], View | str]
ItemWork = Callable[[Deps, WebClient, Asking, int], str | None]
Listener = Callable[..., None]


def opens_a_form(choose: FormChoice) -> Listener:
    """A button that opens a form for its item: `choose` says which (before the ack, since it
    is the database's answer), and Slack is asked to open it after."""

    def listener(
        ack: Ack,
        body: dict[str, Any],
        action: dict[str, Any],
        client: WebClient,
        respond: Respond,
        asking: Asking,
        deps: Deps,
        later: Later,
    ) -> None:
        ack()
        chosen = choose(deps, asking, int(action["value"]))
        if isinstance(chosen, str):
            later(partial(privately, respond, chosen))
        else:
            later(partial(client.views_open, trigger_id=body["trigger_id"], view=chosen))

    listener.__name__ = listener.__qualname__ = f"opens_{choose.__name__}"
    return listener


def answers_privately(work: ItemWork) -> Listener:
    """A button whose work (Slack calls included) runs after the ack; what it returns is told
    to the person who clicked, under the message."""

    def listener(
        ack: Ack,
        action: dict[str, Any],
        client: WebClient,
        respond: Respond,
        asking: Asking,
        deps: Deps,
        later: Later,
    ) -> None:
        ack()
        later(partial(_work_then_answer, work, deps, client, respond, asking, int(action["value"])))

    listener.__name__ = listener.__qualname__ = f"answers_{work.__name__}"
    return listener


def _work_then_answer(
    work: ItemWork, deps: Deps, client: WebClient, respond: Respond, asking: Asking, item: int
) -> None:
    answer = work(deps, client, asking, item)
    if answer:
        privately(respond, answer)
