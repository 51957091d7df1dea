"""Slack delivers a request again when it did not see the answer in time, with an
`X-Slack-Retry-Num` header. A retry of a delivery already acted on is answered with nothing,
before any listener runs: whatever the listener would do now (even only say "done already")
was done and said the first time. (A retry that races its first delivery, or a request that
is not marked as a retry, is caught by the claim at the end of the unit of work instead:
bot/platform/unit_of_work.py.)"""

from __future__ import annotations

from typing import Any

from slack_bolt import BoltResponse
from slack_bolt.middleware.middleware import Middleware
from slack_bolt.request import BoltRequest
from sqlalchemy.exc import SQLAlchemyError

from bot.platform.deps import Deps
from bot.platform.unit_of_work import REQUEST_WORK, RequestWork, delivery_key
from storage.seen import was_claimed


class DropSeenRetries(Middleware):
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    def process(self, *, req: BoltRequest, resp: BoltResponse, next: Any) -> BoltResponse | None:  # noqa: A002 (Bolt's name)
        key = delivery_key(req.body) if req.headers.get("x-slack-retry-num") else None
        if key is not None:
            work: RequestWork = req.context[REQUEST_WORK]
            try:
                seen = was_claimed(session=work.session, key=key)
            except SQLAlchemyError:
                seen = False  # the next step meets the database too, and says so
            if seen:
                self.deps.metrics.retries_dropped.inc()
                return BoltResponse(status=200, body="", headers={"X-Slack-No-Retry": "1"})
        return next()  # type: ignore[no-any-return]
