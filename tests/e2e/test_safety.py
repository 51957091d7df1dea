"""What must hold whatever people or networks do: signatures, retries, escaping, Slack's limits,
rate limits and failures, and one project's data never showing in another's channels."""

from __future__ import annotations

import json
import logging
import time
import urllib.request
from urllib.parse import urlencode

import pytest
from sqlmodel import select

from bot.app import build_app
from bot.platform.deps import make_deps
from bot.platform.web import HttpServer, make_wsgi_app
from bot.sandbox.client import sign
from bot.sandbox.limits import check_message_blocks
from bot.sandbox.stack import Stack
from bot.sandbox.workspace import (
    CLIENT,
    CLIENT_CHANNEL,
    DEV,
    INTERNAL_CHANNEL,
    OTHER_CHANNEL,
    OWNER,
)
from storage.db import make_engine, session_scope
from storage.models import Feedback, StatusUpdate
from tests.e2e.conftest import posts, setup_project, visible, wait_ephemeral, wait_post

pytestmark = pytest.mark.e2e


def count(stack: Stack, model: type[StatusUpdate] | type[Feedback]) -> int:
    with session_scope(stack.deps.engine) as session:
        return len(list(session.exec(select(model))))


def scrape(stack: Stack) -> str:
    with urllib.request.urlopen(f"{stack.server.url}/metrics", timeout=5) as response:
        return str(response.read().decode())


# -- signatures ---------------------------------------------------------------------------


def test_forged_unsigned_stale_and_tampered_requests_get_401_and_change_nothing(
    stack: Stack,
) -> None:
    setup_project(stack)
    fields = stack.sender.command_fields(DEV, CLIENT_CHANNEL, "/status", "on-track Forged")
    body = urlencode(fields).encode()
    form = "application/x-www-form-urlencoded"
    now = int(time.time())
    forged = stack.sender.send(body, form, signature=sign("not-the-secret", str(now), body))
    unsigned = stack.sender.send(body, form, signature="")
    stale = stack.sender.send(body, form, timestamp=now - 6 * 60)
    tampered = stack.sender.send(
        body.replace(b"Forged", b"Tampered"),
        form,
        signature=sign(stack.sender.secret, str(now), body),
        timestamp=now,
    )
    for reply in (forged, unsigned, stale, tampered):
        assert reply.status == 401
    assert count(stack, StatusUpdate) == 0
    # The same request, correctly signed and fresh, goes through.
    assert stack.sender.send(body, form).status == 200
    assert count(stack, StatusUpdate) == 1


def test_url_verification_answers_the_challenge(stack: Stack) -> None:
    body = json.dumps(
        {"type": "url_verification", "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gm", "token": "x"}
    ).encode()
    reply = stack.sender.send(body, "application/json")
    assert reply.status == 200 and "3eZbrw1aBm2rZgRNFdxV2595E9CY3gm" in reply.body


# -- retries ------------------------------------------------------------------------------


@pytest.mark.postgres  # delivery keys
def test_event_retries_are_answered_once(stack: Stack) -> None:
    setup_project(stack)
    mention = {
        "type": "app_mention",
        "user": CLIENT,
        "text": "<@U0RAPPORT> help?",
        "ts": "1790000001.000100",
        "channel": CLIENT_CHANNEL,
        "event_ts": "1790000001.000100",
    }
    first = stack.sender.event(mention, event_id="Ev0RETRY")
    retry = stack.sender.event(mention, event_id="Ev0RETRY", retry_num=1)
    assert first.status == retry.status == 200
    # Recognised at once, before any listener: Slack is asked not to try again.
    assert {k.lower(): v for k, v in retry.headers.items()}.get("x-slack-no-retry") == "1"
    assert "rapport_slack_retries_dropped_total 1.0" in scrape(stack)
    reply = wait_post(stack, CLIENT_CHANNEL, "/feedback")
    assert reply.thread_ts == "1790000001.000100"
    stack.fake.wait_quiet()
    assert len(stack.fake.calls_of("chat.postMessage")) == 1
    stack.sender.event(mention, event_id="Ev0OTHER")  # a new event is a new event
    stack.fake.wait_for(lambda: len(stack.fake.calls_of("chat.postMessage")) == 2)


@pytest.mark.postgres  # delivery keys
def test_a_redelivered_command_or_submission_records_once(stack: Stack) -> None:
    setup_project(stack)
    fields = stack.sender.command_fields(CLIENT, CLIENT_CHANNEL, "/feedback", "Once only")
    first = stack.sender.send_form(fields)
    again = stack.sender.send_form(fields, headers={"X-Slack-Retry-Num": "1"})
    assert first.status == again.status == 200
    assert "FB-1" in first.body and again.body == ""
    wait_post(stack, INTERNAL_CHANNEL, "FB-1")
    stack.fake.wait_quiet()
    assert count(stack, Feedback) == 1
    assert len(posts(stack, INTERNAL_CHANNEL)) == 1
    metrics = scrape(stack)
    assert "rapport_slack_retries_dropped_total 1.0" in metrics
    assert 'rapport_http_requests_total{path="/slack/events",status="200"}' in metrics


# -- escaping and limits ------------------------------------------------------------------


@pytest.mark.postgres  # PostgreSQL refuses a NUL in text; SQLite stores it
def test_invisible_control_characters_are_dropped_not_refused(stack: Stack) -> None:
    """Text pasted from a terminal may carry a NUL or an escape: the update, the feedback and
    the form are saved as they read, without them, instead of failing as a lost database."""
    setup_project(stack)
    receipt = stack.sender.command(
        DEV, CLIENT_CHANNEL, "/status", "on-track Login\x00 page\x1b done"
    )
    stack.sender.command(CLIENT, CLIENT_CHANNEL, "/feedback", "problem Staging\x00 is down")
    wait_post(stack, INTERNAL_CHANNEL, "FB-1")

    assert receipt.text.startswith("Update posted") and "\nLogin page done" in receipt.text
    with session_scope(stack.deps.engine) as session:
        assert [u.text for u in session.exec(select(StatusUpdate))] == ["Login page done"]
        assert [f.text for f in session.exec(select(Feedback))] == ["problem Staging is down"]


def test_typed_text_cannot_ping_everyone_or_forge_links(stack: Stack) -> None:
    setup_project(stack)
    # Typed raw, and typed as Slack turns @-words into mentions before the bot sees them.
    nasty = "<!channel> @here @everyone @ana <http://evil.example|click me> & co"
    stack.sender.command(DEV, CLIENT_CHANNEL, "/status", f"on-track {nasty}")
    stack.sender.command(CLIENT, CLIENT_CHANNEL, "/feedback", nasty)
    card = wait_post(stack, INTERNAL_CHANNEL, "FB-1")
    stack.sender.command(OWNER, CLIENT_CHANNEL, "/status", "digest post")
    digest = wait_post(stack, CLIENT_CHANNEL, "Weekly update")
    for message in (card, digest):
        blocks = json.dumps(message.blocks)
        for control in ("<!channel>", "<!here>", "<!everyone>", "<http://evil"):
            assert control not in blocks
        assert "<@U0ANA" not in blocks and "@ana" in blocks  # named, not pinged
        assert "&lt;!channel&gt;" in blocks and "&amp; co" in blocks


def test_a_huge_week_still_fits_slack_and_says_what_was_left_out(stack: Stack) -> None:
    setup_project(stack)
    for number in range(30):
        text = f"on-track Update {number:02d} " + "detail " * 280  # ~1,970 characters each
        assert "Update posted" in stack.sender.command(DEV, CLIENT_CHANNEL, "/status", text).text
    stack.sender.command(OWNER, CLIENT_CHANNEL, "/status", "digest post")
    digest = wait_post(stack, CLIENT_CHANNEL, "Weekly update")
    assert check_message_blocks(digest.blocks) == []
    assert "more" in visible(digest)  # "…and N more"
    preview = stack.sender.command(OWNER, CLIENT_CHANNEL, "/status", "digest")
    assert check_message_blocks(preview.json()["blocks"]) == []
    listing = stack.sender.command(OWNER, CLIENT_CHANNEL, "/status", "list")
    assert check_message_blocks(listing.json()["blocks"]) == []


# -- Slack failing ------------------------------------------------------------------------


def test_rate_limits_are_waited_out_and_the_post_still_lands(stack: Stack) -> None:
    setup_project(stack)
    stack.sender.command(DEV, CLIENT_CHANNEL, "/status", "on-track Before the storm")
    stack.fake.fail_next("chat.postMessage", status=429, retry_after=1)
    started = time.monotonic()
    stack.sender.command(OWNER, CLIENT_CHANNEL, "/status", "digest post")
    wait_post(stack, CLIENT_CHANNEL, "Weekly update")
    assert time.monotonic() - started >= 1.0  # Retry-After was honoured
    wait_post(stack, INTERNAL_CHANNEL, "Weekly update")
    stack.fake.wait_quiet()
    assert len(stack.fake.calls_of("chat.postMessage")) == 3  # 429, client digest, internal


def test_server_errors_are_retried(stack: Stack) -> None:
    setup_project(stack)
    stack.fake.fail_next("chat.postMessage", status=500, error="internal_error", retry_after=None)
    stack.sender.command(CLIENT, CLIENT_CHANNEL, "/feedback", "Hello after an outage")
    wait_post(stack, INTERNAL_CHANNEL, "FB-1")


def test_a_refused_digest_is_reported_per_channel_and_the_other_still_posts(stack: Stack) -> None:
    setup_project(stack)
    stack.fake.fail_next("chat.postMessage", status=200, error="not_in_channel", retry_after=None)
    stack.sender.command(OWNER, CLIENT_CHANNEL, "/status", "digest post")
    answer = visible(wait_ephemeral(stack, OWNER, "could not be posted"))
    assert f"The client digest could not be posted in <#{CLIENT_CHANNEL}>" in answer
    assert "`not_in_channel`" in answer and "/invite @Rapport" in answer
    assert f"The internal digest is posted in <#{INTERNAL_CHANNEL}>" in answer
    assert "Traceback" not in answer
    assert len(posts(stack, INTERNAL_CHANNEL)) == 1 and posts(stack, CLIENT_CHANNEL) == []


def test_a_card_the_internal_channel_refuses_reaches_the_owners_directly(stack: Stack) -> None:
    setup_project(stack)
    stack.fake.fail_next(
        "chat.postMessage", status=200, error="channel_not_found", retry_after=None
    )
    reply = stack.sender.command(CLIENT, CLIENT_CHANNEL, "/feedback", "Still here?")
    assert "FB-1" in reply.text
    dm = wait_post(stack, "D" + OWNER[1:], "FB-1")
    assert "Still here?" in visible(dm) and "Invite me there" in visible(dm)
    assert count(stack, Feedback) == 1
    stack.fake.wait_quiet()
    # The client was told nothing about our channel trouble, and nothing failed unhandled.
    assert not [e for e in stack.fake.timeline if e.to_user == CLIENT and "invite" in e.text]
    assert "rapport_listener_errors_total 0.0" in scrape(stack)


# -- isolation ----------------------------------------------------------------------------


@pytest.mark.postgres  # every query by project
def test_one_projects_data_never_reaches_another_projects_channels(stack: Stack) -> None:
    setup_project(stack)
    setup_project(stack, "Globex App", channel=OTHER_CHANNEL, internal=None)
    stack.sender.command(DEV, CLIENT_CHANNEL, "/status", "on-track Acme secret sauce")
    stack.sender.command(CLIENT, CLIENT_CHANNEL, "/feedback", "Acme private complaint")
    stack.sender.command(DEV, OTHER_CHANNEL, "/status", "on-track Globex progress")
    wait_post(stack, INTERNAL_CHANNEL, "FB-1")
    stack.sender.command(OWNER, OTHER_CHANNEL, "/status", "digest post")
    globex = wait_post(stack, OTHER_CHANNEL, "Weekly update")
    assert "Globex progress" in visible(globex)
    assert "Acme" not in visible(globex) and "No feedback this week" in visible(globex)
    listing = stack.sender.command(DEV, OTHER_CHANNEL, "/status", "list").text
    assert "Acme secret sauce" not in listing
    for entry in posts(stack, OTHER_CHANNEL):
        assert "Acme" not in visible(entry)


# -- health -------------------------------------------------------------------------------


@pytest.mark.postgres  # the database's own answer
def test_healthz_reports_the_database(stack: Stack) -> None:
    with urllib.request.urlopen(f"{stack.server.url}/healthz", timeout=5) as response:
        assert response.status == 200
        assert json.loads(response.read()) == {"ok": True, "database": "up"}
    dead_engine = make_engine("postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=1")
    deps = make_deps(stack.deps.settings, dead_engine)
    server = HttpServer(make_wsgi_app(build_app(deps), deps), host="127.0.0.1", port=0, threads=1)
    server.start_in_thread()
    try:
        with pytest.raises(urllib.error.HTTPError) as failure:
            urllib.request.urlopen(f"{server.url}/healthz", timeout=5)
        assert failure.value.code == 503
    finally:
        server.stop()


def test_starting_with_the_token_in_the_environment_warns_of_nothing(
    stack: Stack, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """The usual setup (SLACK_BOT_TOKEN in the environment or .env) starts without a warning."""
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-from-the-environment")
    with caplog.at_level(logging.DEBUG):
        build_app(make_deps(stack.deps.settings, stack.deps.engine))
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
