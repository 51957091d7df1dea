"""One log line a request, through the real server (waitress, as `WEB_WORKERS=0` runs it): the
client behind the proxy, the Slack delivery's kind and the request id the proxy gave."""

from __future__ import annotations

import logging
import urllib.request

import pytest

from bot.sandbox.stack import Stack
from bot.sandbox.workspace import CLIENT_CHANNEL, DEV
from tests.e2e.conftest import setup_project

pytestmark = pytest.mark.e2e

TYPED = "on-track 50% Checkout shipped to staging"


def test_a_delivery_through_the_proxy_is_logged_with_its_client_kind_and_id(
    stack: Stack, caplog: pytest.LogCaptureFixture
) -> None:
    setup_project(stack)
    caplog.clear()
    with caplog.at_level(logging.DEBUG, logger="rapport.access"):
        # The stand-in sends from 127.0.0.1, where FORWARDED_ALLOW_IPS puts the proxy.
        reply = stack.sender.send_form(
            stack.sender.command_fields(DEV, CLIENT_CHANNEL, "/status", TYPED),
            headers={"X-Forwarded-For": "203.0.113.9", "X-Request-ID": "a1b2c3d4e5f60718"},
        )
        with urllib.request.urlopen(f"{stack.server.url}/healthz", timeout=5) as health:
            assert health.status == 200
    assert "Update posted" in reply.text
    [slack, healthz] = caplog.records
    assert slack.getMessage() == (
        f"POST /slack/events 200 from 203.0.113.9 in {slack.__dict__['duration_ms']} ms"
    )
    assert slack.levelno == logging.INFO
    assert (slack.__dict__["request_id"], slack.__dict__["kind"]) == ("a1b2c3d4e5f60718", "/status")
    assert healthz.levelno == logging.DEBUG  # monitors ask every few seconds
    assert healthz.__dict__["client"] == "127.0.0.1" and healthz.__dict__["kind"] is None
    assert healthz.__dict__["request_id"] != slack.__dict__["request_id"]
    assert "Checkout" not in slack.getMessage()
