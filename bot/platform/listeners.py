"""The two shapes a button's listener takes, written once, and Bolt's matchers made cheap.

A listener answers within the request and hands what talks to Slack to `later`, which runs
once the request's transaction has committed (bot/platform/unit_of_work.py). A button on an
item (feedback, a risk, a change request, a poll, an update) carries the item's id as its value,
and either opens a form for it or does something and says what:

    app.action(FEEDBACK_RESOLVE)(opens_a_form(resolution_form))
    app.action(CHANGE_APPROVE)(answers_privately(approve))

`resolution_form(session, asking, feedback_id)` returns the form, or why there is none.
`approve(deps, session, asking, change_id)` makes the change in the request's session, before
the acknowledgement (so it commits with the claim of the click, or not at all), and returns an
`Outcome`: what to tell the person who clicked, and what to tell Slack after the ack.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from slack_bolt import Ack, App, BoltRequest, BoltResponse, Respond
from slack_bolt.listener_matcher import ListenerMatcher
from slack_bolt.listener_matcher.builtins import BuiltinListenerMatcher
from slack_sdk import WebClient
from sqlmodel import Session

from bot.platform.answers import privately
from bot.platform.asking import Asking, Later
from bot.platform.deps import Deps

View = dict[str, Any]
FollowUp = Callable[[WebClient], object]  # Slack calls once the change has committed


@dataclass(frozen=True)
class Outcome:
    """What a click did: the words for whoever clicked (None: nothing to say), and the Slack
    calls that follow (a message updated in place, the team told), run after the ack."""

    answer: str | None = None
    then: FollowUp | None = None


FormChoice = Callable[[Session, Asking, int], View | str]
ItemWork = Callable[[Deps, Session, Asking, int], Outcome]
Listener = Callable[..., None]


def opens_a_form(choose: FormChoice) -> Listener:
    """A button that opens a form for its item: `choose` says which (the database's answer,
    in the request's session), and Slack is asked to open it after the ack."""

    def listener(
        ack: Ack,
        body: dict[str, Any],
        action: dict[str, Any],
        client: WebClient,
        respond: Respond,
        asking: Asking,
        session: Session,
        later: Later,
    ) -> None:
        ack()
        chosen = choose(session, asking, int(action["value"]))
        if isinstance(chosen, str):
            later(partial(privately, respond, chosen))
        else:
            later(partial(client.views_open, trigger_id=body["trigger_id"], view=chosen))

    listener.__name__ = listener.__qualname__ = f"opens_{choose.__name__}"
    return listener


def answers_privately(work: ItemWork) -> Listener:
    """A button that changes its item: `work` does it in the request's session; what it says
    is told to whoever clicked, under the message, after what it asks of Slack."""

    def listener(
        ack: Ack,
        action: dict[str, Any],
        client: WebClient,
        respond: Respond,
        asking: Asking,
        deps: Deps,
        session: Session,
        later: Later,
    ) -> None:
        ack()
        outcome = work(deps, session, asking, int(action["value"]))
        if outcome.then is not None or outcome.answer:
            later(partial(follow_up, outcome, client, respond))

    listener.__name__ = listener.__qualname__ = f"answers_{work.__name__}"
    return listener


def follow_up(outcome: Outcome, client: WebClient, respond: Respond) -> None:
    """After the ack: Slack first, then the words to the person who acted."""
    if outcome.then is not None:
        outcome.then(client)
    if outcome.answer:
        privately(respond, outcome.answer)


class BodyMatcher(ListenerMatcher):
    """Bolt's built-in matchers (`app.command("/status")`, `app.action(...)`) read only the
    body, yet Bolt builds every argument a listener could take to call each of them: about 10
    µs for each listener tried before the one that matches, on every request. This asks the
    same question of the body alone."""

    def __init__(self, func: Callable[..., Any]) -> None:
        self.func = func

    def matches(self, req: BoltRequest, resp: BoltResponse) -> bool:
        return bool(self.func(req.body))


def match_on_body(app: App) -> None:
    """Give every registered listener's built-in matchers the body alone (`BodyMatcher`)."""
    for registered in app._listeners:  # Bolt keeps them here; nothing public lists them
        registered.matchers = [
            BodyMatcher(matcher.func)
            if isinstance(matcher, BuiltinListenerMatcher) and matcher.arg_names == ["body"]
            else matcher
            for matcher in registered.matchers
        ]
