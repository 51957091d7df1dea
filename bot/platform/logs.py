"""Logging set-up: plain text for people (the default), or one JSON object a line
(LOG_FORMAT=json) for log shippers and aggregators. Every line made while serving a Slack
delivery carries its request id and kind (web.py starts a `Delivery` per request; the after-ack
pool copies it along with the work), so one delivery's lines can be found together. The handler
stamps them on each record as it is made (`DeliveryFilter`), so a line formatted later or
elsewhere still says where it came from.

Secrets and user text stay out either way: Slack's libraries log request bodies and headers at
DEBUG, so they are held at INFO whatever LOG_LEVEL says; Bolt's one INFO line with a body (a
request whose signature is wrong, with its verification token and text) is dropped; a database
error's traceback leaves out the statement's parameters (what people typed); a delivery's kind is
Slack's name for it (`/status`, `event:app_mention`, `block_actions`), never what was typed.
"""

from __future__ import annotations

import contextvars
import json
import logging
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.exc import StatementError

CHATTY_LIBRARIES = ("slack_bolt", "slack_sdk", "rapport.bolt", "urllib3", "waitress.queue")
# Logs the whole body of a request whose signature is wrong, at INFO. Bolt sets this logger's
# level from the app's logger when it builds the app, so a level set here would not hold: the
# handler drops the line instead. (Rapport's own line for the request says 401.)
BODY_AT_INFO = "slack_bolt.RequestVerification"
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# Fields a line may carry besides the usual four: the delivery's, and those of the request
# lines (web.py, as `extra=`).
FIELDS = ("request_id", "kind", "client", "method", "path", "status", "duration_ms")


@dataclass
class Delivery:
    """One HTTP request being served: its id, and Slack's kind once the body is read."""

    request_id: str
    kind: str | None = None


_delivery: contextvars.ContextVar[Delivery | None] = contextvars.ContextVar(
    "delivery", default=None
)


def begin_delivery(request_id: str) -> Delivery:
    """Call inside the request's own context (web.py runs each request in a copy)."""
    delivery = Delivery(request_id)
    _delivery.set(delivery)
    return delivery


def current_delivery() -> Delivery | None:
    return _delivery.get()


def _without_bodies(record: logging.LogRecord) -> bool:
    return record.name != BODY_AT_INFO or record.levelno >= logging.WARNING


def _without_sql_parameters(record: logging.LogRecord) -> bool:
    """SQLAlchemy's errors print their statement's parameters unless told not to."""
    error = record.exc_info[1] if record.exc_info else None
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, StatementError):
            error.hide_parameters = True
        error = error.__cause__ or error.__context__
    return True


class DeliveryFilter(logging.Filter):
    """Stamps the delivery being served, if any, on each record (keeping what `extra` gave)."""

    def filter(self, record: logging.LogRecord) -> bool:
        delivery = _delivery.get()
        if delivery is not None:
            record.__dict__.setdefault("request_id", delivery.request_id)
            if delivery.kind is not None:
                record.__dict__.setdefault("kind", delivery.kind)
        return True


class TextFormatter(logging.Formatter):
    """The classic line, with ` [kind request-id]` at the end while serving a delivery."""

    def __init__(self) -> None:
        super().__init__(TEXT_FORMAT)

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        tag = " ".join(
            str(part)
            for part in (getattr(record, "kind", None), getattr(record, "request_id", None))
            if part
        )
        if not tag:
            return line
        first, newline, rest = line.partition("\n")  # after the message, before a traceback
        return f"{first} [{tag}]{newline}{rest}"


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time (UTC, ISO 8601), level, logger, message, then request_id
    and kind during a delivery, the request fields, and the traceback as `exception`."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                entry[name] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def configure_logging(level: int, log_format: str = "text") -> None:
    # No line names its source file, thread or process: not looking them up for each record
    # (the logging HOWTO's "Optimization") takes a third off a request's access line.
    logging._srcfile = None  # the documented switch
    logging.logThreads = logging.logProcesses = logging.logMultiprocessing = False
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter() if log_format == "json" else TextFormatter())
    handler.addFilter(_without_bodies)
    handler.addFilter(_without_sql_parameters)
    handler.addFilter(DeliveryFilter())
    logging.basicConfig(level=level, handlers=[handler], force=True)
    logging.captureWarnings(True)  # a library's warning is a line in the same format
    for name in CHATTY_LIBRARIES:
        logging.getLogger(name).setLevel(max(level, logging.INFO))
