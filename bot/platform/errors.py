"""One policy for failures inside listeners: log the whole traceback, tell the person in words.

Bolt calls `handle_error` for what a listener raises. Work done after `ack()` runs through
`after_ack`, which catches and reports its failures the same way: Bolt has already sent the
acknowledgement by then, so there is nobody left to raise to.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any
from urllib.error import URLError

from slack_bolt import BoltResponse
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.exc import SQLAlchemyError

from bot.platform.i18n import N_, _
from bot.platform.metrics import Metrics

logger = logging.getLogger("rapport")

# What a person is told, in their language when it is said (see i18n.py): functions, not
# constants, so the words are looked up for whoever is being answered.


def sorry() -> str:
    return _(
        "Sorry, that did not work on my side. Try again in a minute; if it keeps failing, "
        "tell whoever runs Rapport."
    )


def database_down() -> str:
    return _(
        "⚠️ I cannot reach my database right now, so nothing was saved. Try again in a minute; "
        "if it keeps failing, tell whoever runs Rapport."
    )


def database_lost() -> str:
    return _(
        "⚠️ I lost my database in the middle of that; whatever was not finished is undone. "
        "Check in a minute and try again; if it keeps failing, tell whoever runs Rapport."
    )


def slow_slack() -> str:
    return _(
        "Slack took too long to answer me, so I cannot tell whether that went through. "
        "Check before you try again, so nothing is done twice."
    )


SLACK_ERROR_ADVICE = {
    "not_in_channel": N_(
        "I am not in that channel yet: type `/invite @Rapport` there, then retry."
    ),
    "channel_not_found": N_(
        "I cannot see that channel: type `/invite @Rapport` there, then retry."
    ),
    "is_archived": N_("That channel is archived: pick another with `/project set`."),
}


def slack_error_advice(code: str | None) -> str:
    """What to do about an error Slack named (`not_in_channel`…), else the apology."""
    advice = SLACK_ERROR_ADVICE.get(code or "")
    return _(advice) if advice is not None else sorry()


def slack_reason(error: Exception, otherwise: str) -> str:
    """Why a Slack call failed: Slack's own code as it is (`channel_not_found`, which the
    person can look up and `slack_error_advice` explains), else `otherwise` (no answer)."""
    if isinstance(error, SlackApiError) and error.response.get("error"):
        return str(error.response["error"])
    return otherwise


def handle_error(
    error: Exception,
    body: dict[str, Any],
    respond: Any = None,
    client: WebClient | None = None,
    metrics: Metrics | None = None,
    response: BoltResponse | None = None,
) -> BoltResponse | None:
    """`response` is Bolt's answer to Slack when the failure came before ack() (else None): a
    500 that would make Slack show "dispatch_failed" and retry. It becomes a 200 that says
    in words what happened (a command's answer), or an empty 200 with the apology sent apart."""
    if metrics is not None:
        metrics.listener_errors.inc()
    logger.exception("listener failed for %s", _describe(body), exc_info=error)
    # In the language of the person answered: the request's (bot/platform/language.py).
    message = sorry()
    if isinstance(error, SQLAlchemyError):
        # Within the request its one transaction is undone whole: nothing was saved. After the
        # ack, what came before the failure stays.
        message = database_down() if response is not None else database_lost()
    if isinstance(error, SlackApiError):
        message = slack_error_advice(str(error.response.get("error")))
    elif timed_out(error):
        message = slow_slack()  # "try again" could double what Slack did before its answer was lost
    if response is not None and isinstance(body, dict) and body.get("command"):
        return BoltResponse(status=200, body=message, headers=_NO_RETRY)
    answer = BoltResponse(status=200, body="", headers=_NO_RETRY) if response else None
    if not isinstance(body, dict):
        return answer
    try:
        if respond is not None and body.get("response_url"):
            respond(text=message, response_type="ephemeral", replace_original=False)
        elif client is not None and (user_id := _user_id(body)):
            client.chat_postMessage(channel=user_id, text=message)
    except Exception:  # the apology failing must not hide the first error
        logger.warning("could not tell the user about the failure", exc_info=True)
    return answer


_NO_RETRY: dict[str, str | Sequence[str]] = {
    "Content-Type": "text/plain; charset=utf-8",  # i18n: not shown
    "X-Slack-No-Retry": "1",
}


@contextmanager
def after_ack(
    metrics: Metrics, body: dict[str, Any], respond: Any, client: WebClient
) -> Iterator[None]:
    """Wrap what a listener does after ack(): failures are reported, never raised to Bolt."""
    try:
        yield
    except Exception as error:
        handle_error(error, body, respond, client, metrics)


def timed_out(error: BaseException) -> bool:
    """A Web API call that got no answer in time (slack-sdk lets urllib's timeout through)."""
    return isinstance(error, TimeoutError) or (
        isinstance(error, URLError) and isinstance(error.reason, TimeoutError)
    )


def _user_id(body: dict[str, Any]) -> str | None:
    user = body.get("user_id") or body.get("user")
    if isinstance(user, dict):
        user = user.get("id")
    return user if isinstance(user, str) and user else None


def _describe(body: dict[str, Any]) -> str:
    """What failed, without user text or secrets."""
    if not isinstance(body, dict):
        return "request"
    return str(body.get("command") or body.get("type") or "request")[:40]
