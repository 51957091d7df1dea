"""Slack retries deliveries it thinks failed; Bolt passes every retry to the listeners again.
This global middleware lets each delivery through once, keyed on what Slack keeps the same
across retries: the event_id of an event, the trigger_id of a command or click, and the modal
with the values it was submitted with."""

from __future__ import annotations

import hashlib
import itertools
import json
import logging
from typing import Any

from slack_bolt import BoltResponse
from slack_bolt.middleware.middleware import Middleware
from slack_bolt.request import BoltRequest
from slack_sdk.webhook import WebhookClient
from sqlalchemy.exc import SQLAlchemyError

from bot.platform.deps import Deps
from bot.platform.errors import database_down
from storage.db import session_scope
from storage.seen import RETENTION, claim_request, forget_requests_before, release_request

logger = logging.getLogger(__name__)


def delivery_key(body: dict[str, Any]) -> str | None:
    if body.get("type") == "event_callback" and body.get("event_id"):
        return f"event:{body['event_id']}"
    view = body.get("view")
    if body.get("type") == "view_submission" and isinstance(view, dict) and view.get("id"):
        # One modal submitted twice with the same values is one submission, whatever the
        # trigger_id (a double press on Submit); after an error answer the values differ.
        values = json.dumps((view.get("state") or {}).get("values"), sort_keys=True)
        digest = hashlib.sha256(values.encode()).hexdigest()[:32]
        return f"view_submission:{view['id']}:{digest}"
    trigger_id = body.get("trigger_id")
    if trigger_id:
        kind = body.get("type") or body.get("command") or "command"
        return f"{kind}:{trigger_id}"
    return None


PRUNE_EVERY = 500  # deliveries between clean-ups of keys too old to be retried


class DeduplicateRetries(Middleware):
    def __init__(self, deps: Deps) -> None:
        self.deps = deps
        self._claims = itertools.count(1)

    def process(self, *, req: BoltRequest, resp: BoltResponse, next: Any) -> BoltResponse | None:  # noqa: A002 (Bolt's name)
        key = delivery_key(req.body)
        if key is None:
            return next()  # type: ignore[no-any-return]
        # A short session of its own, closed before the listener runs.
        now = self.deps.clock()
        try:
            with session_scope(self.deps.engine) as session:
                first = claim_request(session=session, key=key, now=now)
                if self._claims.__next__() % PRUNE_EVERY == 0:  # (`next` is Bolt's here)
                    forget_requests_before(session=session, cutoff=now - RETENTION)
        except SQLAlchemyError:
            # Nothing was done: no claim, so Slack's retry (or the person's) is acted on later.
            logger.warning("database unavailable for a %s; answered 'try again'", key.split(":")[0])
            self.deps.metrics.listener_errors.inc()
            return database_down_answer(req.body)
        if first:
            return next()  # type: ignore[no-any-return]
        self.deps.metrics.retries_dropped.inc()
        return BoltResponse(status=200, body="", headers={"X-Slack-No-Retry": "1"})


def release_if_refused(deps: Deps, body: dict[str, Any], response: BoltResponse) -> None:
    """A modal answered with form errors did nothing, yet its key (the values submitted) was
    claimed: without letting go, pressing Submit again unchanged, say once the person has been
    given access, would be taken for a double press and the modal closed on nothing."""
    if body.get("type") != "view_submission" or response.status != 200:
        return
    try:
        answer = json.loads(response.body or "{}")
    except ValueError:
        return
    key = delivery_key(body)
    if not (isinstance(answer, dict) and answer.get("response_action") == "errors" and key):
        return
    try:
        with session_scope(deps.engine) as session:
            release_request(session=session, key=key)
    except SQLAlchemyError:  # the next identical submission is dropped: no worse than before
        logger.warning("could not release a refused submission's key")


def database_down_answer(body: dict[str, Any]) -> BoltResponse:
    """The answer Slack shows when the database is away, in the form each request takes. An
    event gets a 503 so that Slack delivers it again later; the rest are told to try again, in
    the caller's language (set by middleware/asking.py before this middleware; with the
    database away, their Slack locale or the workspace default)."""
    kind = body.get("type")
    if kind == "event_callback":
        return BoltResponse(status=503, body="")
    if kind == "view_submission":
        blocks = (body.get("view") or {}).get("blocks") or []
        field = next((b.get("block_id") for b in blocks if b.get("type") == "input"), None)
        if field:
            errors = {"response_action": "errors", "errors": {field: database_down()}}
            return _json(errors)
    if kind == "block_actions" and body.get("response_url"):
        # A click's answer is not shown from the HTTP response: the response_url carries it.
        _tell(str(body["response_url"]), database_down())
        return BoltResponse(status=200, body="")
    return _json({"response_type": "ephemeral", "text": database_down()})


def _json(payload: dict[str, Any]) -> BoltResponse:
    return BoltResponse(
        status=200, body=json.dumps(payload), headers={"Content-Type": "application/json"}
    )


def _tell(response_url: str, text: str) -> None:
    try:
        WebhookClient(response_url, timeout=2).send(
            text=text, response_type="ephemeral", replace_original=False
        )
    except Exception:  # the apology is a courtesy; the person sees nothing happened either way
        logger.warning("could not say 'try again' on a click", exc_info=True)
