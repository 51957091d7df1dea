"""The two log formats: a line a person reads, or one JSON object a line for an aggregator;
both name the Slack delivery a line belongs to."""

from __future__ import annotations

import contextvars
import json
import logging
import sys
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import SQLAlchemyError

from bot.platform.logs import (
    BODY_AT_INFO,
    CHATTY_LIBRARIES,
    DeliveryFilter,
    JsonFormatter,
    TextFormatter,
    begin_delivery,
    configure_logging,
)
from bot.platform.web import delivery_kind

TYPED = "typed by a client: the staging site logs me out"


def record(message: str, *args: object, **extra: object) -> logging.LogRecord:
    made = logging.LogRecord("rapport.test", logging.WARNING, __file__, 1, message, args, None)
    made.__dict__.update(extra)
    return made


def in_delivery(kind: str | None, made: logging.LogRecord, formatter: logging.Formatter) -> str:
    """The line of a record made while a delivery is served, formatted afterwards."""

    def serve() -> None:
        begin_delivery("5f2c9a1e0b7d4c33").kind = kind
        DeliveryFilter().filter(made)

    contextvars.copy_context().run(serve)
    return formatter.format(made)


def test_a_json_line_has_time_level_logger_and_message() -> None:
    line = JsonFormatter().format(record("posted %s digest", "client"))
    entry = json.loads(line)
    assert entry["level"] == "WARNING" and entry["logger"] == "rapport.test"
    assert entry["message"] == "posted client digest"
    assert entry["time"].endswith("+00:00") and "T" in entry["time"]
    assert "request_id" not in entry and "kind" not in entry  # no delivery: none invented


def test_a_json_line_names_the_delivery_and_the_request_fields() -> None:
    made = record("POST /slack/events 200", client="203.0.113.9", status=200, duration_ms=8.1)
    entry = json.loads(in_delivery("/status", made, JsonFormatter()))
    assert entry["request_id"] == "5f2c9a1e0b7d4c33" and entry["kind"] == "/status"
    assert (entry["client"], entry["status"], entry["duration_ms"]) == ("203.0.113.9", 200, 8.1)


def failure(kind: str, error: str) -> logging.LogRecord:
    """The record errors.handle_error makes: a message, and the traceback of what was raised."""
    try:
        raise RuntimeError(error)
    except RuntimeError:
        made = record("listener failed for %s", kind)
        made.exc_info = sys.exc_info()
    return made


def test_a_traceback_stays_inside_its_json_line() -> None:
    line = JsonFormatter().format(failure("/status", "the database went away"))
    assert "\n" not in line
    assert "RuntimeError: the database went away" in json.loads(line)["exception"]


def test_a_text_line_ends_with_the_delivery_before_any_traceback() -> None:
    text = in_delivery("block_actions", failure("block_actions", "boom"), TextFormatter())
    first, *rest = text.splitlines()
    assert first.endswith(
        "rapport.test: listener failed for block_actions [block_actions 5f2c9a1e0b7d4c33]"
    )
    assert rest[0].startswith("Traceback")
    assert TextFormatter().format(record("quiet")).endswith("rapport.test: quiet")


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        ({"command": "/status", "text": "at-risk Login page"}, "/status"),
        (
            {"type": "event_callback", "event": {"type": "app_mention", "text": "hi"}},
            "event:app_mention",
        ),
        ({"type": "block_actions", "actions": [{"value": "x"}]}, "block_actions"),
        ({"type": "view_submission"}, "view_submission"),
        ({"command": "/status now\nERROR forged"}, None),  # not Slack's: left out of the log
        ({"text": "no kind"}, None),
        ("not a dict", None),
    ],
)
def test_a_delivery_is_named_by_slack_never_by_its_text(body: object, kind: str | None) -> None:
    assert delivery_kind(body) == kind


@pytest.fixture
def configured(capsys: pytest.CaptureFixture[str]) -> Iterator[None]:
    """Lets a test call configure_logging (writing to the standard error capsys captures, hence
    capsys first), then puts the test run's logging back."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    held = {name: logging.getLogger(name).level for name in CHATTY_LIBRARIES}
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    for name, was in held.items():
        logging.getLogger(name).setLevel(was)
    logging.captureWarnings(False)


@pytest.mark.parametrize("log_format", ["text", "json"])
def test_what_people_typed_stays_out_of_the_logs_in_either_format(
    configured: None, capsys: pytest.CaptureFixture[str], log_format: str
) -> None:
    configure_logging(logging.DEBUG, log_format)
    engine = create_engine("sqlite://")
    try:
        with engine.connect() as connection:
            connection.execute(text("INSERT INTO missing VALUES (:typed)"), {"typed": TYPED})
    except SQLAlchemyError:
        logging.getLogger("rapport.test").exception("listener failed for %s", "/status")
    # Bolt's line about a badly signed request carries its whole body.
    logging.getLogger(BODY_AT_INFO).info("Invalid request signature detected (body: %s)", TYPED)
    written = capsys.readouterr().err
    assert "listener failed for /status" in written and "no such table: missing" in written
    assert TYPED not in written
    if log_format == "json":
        assert [json.loads(line)["logger"] for line in written.splitlines()] == ["rapport.test"]
