"""One request, one transaction.

Every request Slack sends gets one database session (`RequestWork.session`, handed to
listeners as `session`) and one transaction, which ends after the listener has answered and
before the answer leaves:

- the listener's writes, and the claim of the delivery's key (storage/seen.py), commit together:
  a listener that fails, or a form sent back with errors, leaves nothing behind, not even the
  claim, so Slack's retry (or the person's second try) is acted on;
- a retry of a delivery already acted on finds the key claimed: everything it did is rolled
  back and it gets an empty 200;
- work that talks to Slack after the acknowledgement (`later`) starts only once the transaction
  has committed, so it reads what the request wrote, and never runs for a retry or a failure;
- a commit that fails (the database went away) is answered "try again", not with the receipt.

A request that changed nothing and left nothing for later (a list, a help text, a refusal)
claims nothing; if its delivery was acted on already (Slack's retry of it, a second press of
Submit on the same values), it gets nothing, since what it would say now ("closed already") was
done and said the first time. On SQLite the transaction takes the
write lock at its first write (storage/db.py), so the reads that resolve who is asking run
beside other requests' writes rather than behind them.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import BoltResponse
from slack_sdk.webhook import WebhookClient
from sqlalchemy.exc import SQLAlchemyError

from bot.platform.deps import Deps
from bot.platform.errors import database_down
from storage.db import WriteTrackingSession, session_scope
from storage.seen import RETENTION, claim_request, forget_requests_before, was_claimed

logger = logging.getLogger(__name__)

Work = Callable[[], object]
REQUEST_WORK = "request_work"  # its key in Bolt's context


class RequestWork:
    """The session and the after-ack work of one request, and how it ends (`finish`)."""

    def __init__(self, deps: Deps) -> None:
        self.deps = deps
        self._session: WriteTrackingSession | None = None
        self.failed: BaseException | None = None  # what the listener raised (the error handler)
        self._after_ack: list[Work] = []

    @property
    def session(self) -> WriteTrackingSession:
        """The server thread's own session, on the connection it keeps (storage/db.py), taken
        at its first use: a database that is away is then met where it can be answered."""
        if self._session is None:
            self._session = self.deps.sessions.session()
        return self._session

    def renew_session(self) -> WriteTrackingSession:
        """A new connection in place of the thread's, found broken by the first statement."""
        self._close()
        self._session = self.deps.sessions.renew()
        return self._session

    def later(self, work: Work) -> None:
        """Run `work` on the after-ack pool once the request's transaction has committed."""
        self._after_ack.append(work)

    def finish(self, body: dict[str, Any], response: BoltResponse) -> BoltResponse:
        """Commit what the request did, with the claim of its delivery, or undo all of it; then
        hand its after-ack work to the pool. Returns the answer Slack gets."""
        try:
            answer, committed = self._end(body, response)
        finally:
            self._close()
        if committed:
            for work in self._after_ack:
                self.deps.background.submit(work)
        return answer

    def _close(self) -> None:
        if self._session is None:
            return
        try:
            self._session.close()
        except SQLAlchemyError:  # the connection broke: the thread gets a new one next time
            self.deps.sessions.discard()

    def _end(self, body: dict[str, Any], response: BoltResponse) -> tuple[BoltResponse, bool]:
        used = self._session  # None: nothing in this request touched the database
        try:
            if self.failed is not None:
                if used is not None:
                    used.rollback()
                lost = isinstance(self.failed, SQLAlchemyError)
                if lost and body.get("type") == "event_callback":
                    return database_down_answer(body), False  # a 503: Slack delivers it again
                return response, False
            key = delivery_key(body)
            changed = used is not None and used.changed_anything()
            if (changed or self._after_ack) and not refused_form(body, response):
                if key is not None and not claim_request(
                    session=self.session, key=key, now=self.deps.clock()
                ):
                    return self._dropped(), False
                self.session.commit()
                return response, True
            # It did nothing (a form answered with errors is undone whole). A repeat of a
            # delivery acted on gets nothing: whatever it would say now was done and said.
            if used is not None:
                used.rollback()
            if key is not None and was_claimed(session=self.session, key=key):
                return self._dropped(), False
            return response, False
        except SQLAlchemyError:
            # Nothing was saved, nor claimed: Slack's retry (or the person's) is acted on later.
            logger.warning("database unavailable for a %s; answered 'try again'", kind_of(body))
            self.deps.metrics.listener_errors.inc()
            try:
                if self._session is not None:
                    self._session.rollback()
            except SQLAlchemyError:
                pass  # the connection is gone; closing the session lets go of it
            return database_down_answer(body), False

    def _dropped(self) -> BoltResponse:
        self.session.rollback()
        self.deps.metrics.retries_dropped.inc()
        return BoltResponse(status=200, body="", headers={"X-Slack-No-Retry": "1"})


def delivery_key(body: dict[str, Any]) -> str | None:
    """What Slack keeps the same across retries of one delivery: the event_id of an event, the
    trigger_id of a command or click, and a modal with the values it was submitted with."""
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


def refused_form(body: dict[str, Any], response: BoltResponse) -> bool:
    """A modal answered with form errors did nothing: pressing Submit again unchanged, say once
    the person has been given access, must be acted on, not taken for a double press."""
    if body.get("type") != "view_submission" or response.status != 200 or not response.body:
        return False
    try:
        answer = json.loads(response.body)
    except ValueError:
        return False
    return isinstance(answer, dict) and answer.get("response_action") == "errors"


def database_down_answer(body: dict[str, Any]) -> BoltResponse:
    """The answer Slack shows when the database is away, in the form each request takes. An
    event gets a 503 so that Slack delivers it again later; the rest are told to try again, in
    the caller's language (their Slack locale or the workspace default, with the database
    away)."""
    kind = body.get("type")
    if kind == "event_callback":
        return BoltResponse(status=503, body="")
    if kind == "view_submission":
        blocks = (body.get("view") or {}).get("blocks") or []
        field = next((b.get("block_id") for b in blocks if b.get("type") == "input"), None)
        if field:
            errors = {"response_action": "errors", "errors": {field: database_down()}}
            return _json(errors)
    if kind in ("block_actions", "message_action") and body.get("response_url"):
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


def kind_of(body: dict[str, Any]) -> str:
    return str(body.get("command") or body.get("type") or "request")[:40]


def forget_old_deliveries(deps: Deps, _client: object = None) -> None:
    """Slack retries within minutes: keys of deliveries older than RETENTION only take space
    (every sweep of the scheduler)."""
    with session_scope(deps.engine) as session:
        forgotten = forget_requests_before(session=session, cutoff=deps.clock() - RETENTION)
    if forgotten:
        logger.info("forgot %d Slack delivery keys older than %s", forgotten, RETENTION)
