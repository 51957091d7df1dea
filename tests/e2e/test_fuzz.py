"""A bounded fuzz run against the real HTTP endpoint: random and malformed, but correctly signed,
requests. Whatever arrives, the bot never answers with a 5xx, never shows a traceback or a Python
exception's name, and still serves a normal request afterwards."""

from __future__ import annotations

import json
import logging
import random
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import pytest

from bot.sandbox.client import Reply
from bot.sandbox.stack import Stack
from bot.sandbox.workspace import CLIENT, CLIENT_CHANNEL, DEV, OWNER
from tests.e2e.conftest import setup_project

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]  # any text into every column

SEED = 20261123
ROUNDS = 160
FORM = "application/x-www-form-urlencoded"
COMMANDS = ["/project", "/status", "/feedback", "/risk", "/change", "/nope", "", "status"]
SUBCOMMANDS = [
    "", "setup", "set", "set timezone", "set owner <@U0NOBODY>", "plan", "plan post", "list",
    "digest", "digest post", "help", "add", "add high", "close", "close R-999", "close x",
    "export", "approve 1", "withdraw C-1", "on-track 101%", "internal", "urgent",
]  # fmt: skip
ACTION_IDS = [
    "poll_vote_1", "poll_vote_x", "poll_vote_", "poll_comment", "poll_follow_up", "status_open",
    "status_edit", "status_delete", "risk_close", "feedback_ack", "feedback_resolve",
    "change_approve", "change_reject", "change_ask", "change_withdraw", "no_such_action",
]  # fmt: skip
CALLBACK_IDS = [
    "project_setup_modal", "poll_comment_modal", "poll_follow_up_modal", "status_modal",
    "risk_modal", "risk_close_modal", "feedback_modal", "feedback_resolve_modal", "change_modal",
    "change_reject_modal", "change_question_modal", "no_such_modal",
]  # fmt: skip
EVENT_TYPES = ["message", "app_mention", "app_home_opened", "reaction_added", "", None]
USERS = [OWNER, DEV, CLIENT, "U0NOBODY", "", 5, None, {"id": 5}, ["U1"], "W" * 300]
CHANNELS = [CLIENT_CHANNEL, "C0NOWHERE", "D0DM", "", 7, None, {"id": CLIENT_CHANNEL}]
EXCEPTION_NAMES = re.compile(
    r"Traceback|\b(?:Key|Type|Value|Attribute|Index|Assertion|JSONDecode|Integrity|Operational)"
    r"Error\b|File \""
)


def weird_text(rng: random.Random) -> str:
    return rng.choice(
        [
            "",
            " ",
            "x" * rng.choice([1, 3001, 40_001]),
            "ünïcödé ☃ 💥 \u202e\u0000",
            "<!channel> &amp; <@U0ANA|ana> <http://evil|x>",
            "; next: ; blocked:",
            "999999999999999999999999%",
            "%" * 50,
            "\n\n\t",
            rng.choice(SUBCOMMANDS)
            + " "
            + "".join(chr(rng.randrange(32, 0x2FFF)) for _ in range(20)),
        ]
    )


def pick(rng: random.Random, values: list[Any]) -> Any:
    return rng.choice(values)


def drop_some(rng: random.Random, data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if rng.random() > 0.25}


def command_body(rng: random.Random, stack: Stack) -> tuple[bytes, str]:
    fields = stack.sender.command_fields(OWNER, CLIENT_CHANNEL, "/status")
    fields.update(
        command=pick(rng, COMMANDS),
        text=f"{pick(rng, SUBCOMMANDS)} {weird_text(rng)}".strip(),
        user_id=str(pick(rng, USERS)),
        channel_id=str(pick(rng, CHANNELS)),
    )
    if rng.random() < 0.3:
        fields["trigger_id"] = rng.choice(["", "bogus"])
    return urlencode(drop_some(rng, fields)).encode(), FORM


def interaction(rng: random.Random) -> dict[str, Any]:
    kind = rng.choice(["block_actions", "view_submission", "view_closed", "shortcut", "", 5])
    payload: dict[str, Any] = {
        "type": kind,
        "user": rng.choice(
            [{"id": pick(rng, USERS), "team_id": "T0AGENCY"}, pick(rng, USERS), {}, None]
        ),
        "team": rng.choice([{"id": "T0AGENCY"}, None, "T0AGENCY"]),
        "api_app_id": "A0RAPPORT",
        "trigger_id": rng.choice(["", "1.2.abc", None, 5]),
        "channel": rng.choice([{"id": pick(rng, CHANNELS)}, None, "C1"]),
        "container": rng.choice(
            [{"type": "message", "message_ts": "1.2", "channel_id": CLIENT_CHANNEL}, None, 3]
        ),
        "message": rng.choice([{"ts": "1.2", "blocks": []}, None, {"ts": 5}]),
        "response_url": rng.choice(["", "http://127.0.0.1:9/response/R0", None]),
    }
    if kind == "block_actions" or rng.random() < 0.2:
        payload["actions"] = rng.choice(
            [
                [
                    {
                        "action_id": pick(rng, ACTION_IDS),
                        "block_id": "b",
                        "value": rng.choice(["1", "-1", "abc", "", "9" * 30, None, 5, "1:2:3"]),
                        "type": "button",
                    }
                ],
                [],
                "x",
                [5],
                None,
            ]
        )
    if kind in ("view_submission", "view_closed") or rng.random() < 0.2:
        payload["view"] = rng.choice(
            [
                {
                    "id": "V1",
                    "callback_id": pick(rng, CALLBACK_IDS),
                    "private_metadata": rng.choice(
                        ["", "{}", "not json", '{"project_id": "x"}', "5", "[1]", "null"]
                    ),
                    "state": rng.choice(
                        [
                            {"values": {}},
                            {"values": {"text": {"text": {"type": "plain_text_input"}}}},
                            {"values": {"b": {"a": {"value": weird_text(rng)}}}},
                            None,
                            {},
                        ]
                    ),
                },
                None,
                "V1",
            ]
        )
    return drop_some(rng, payload)


def interaction_body(rng: random.Random) -> tuple[bytes, str]:
    raw = json.dumps(interaction(rng))
    shape = rng.random()
    if shape < 0.1:
        raw = raw[: rng.randrange(len(raw))]  # truncated JSON
    elif shape < 0.15:
        raw = rng.choice(["null", "5", "[]", '"x"', "{", "not json"])
    fields = {"payload": raw} if rng.random() > 0.05 else {"pay": raw}
    return urlencode(fields).encode(), FORM


def event_body(rng: random.Random) -> tuple[bytes, str]:
    event: dict[str, Any] = {
        "type": pick(rng, EVENT_TYPES),
        "user": pick(rng, USERS),
        "channel": pick(rng, CHANNELS),
        "text": weird_text(rng),
        "ts": rng.choice(["1790000001.000100", "", None, 5, "abc"]),
        "subtype": rng.choice([None, "message_changed", "message_deleted", "bot_message", "x"]),
        "message": rng.choice([None, {}, {"ts": "1.2", "user": CLIENT, "text": "x"}, "x"]),
        "previous_message": rng.choice([None, {}, {"ts": "1.2"}]),
        "tab": rng.choice(["home", "messages", None]),
        "view": rng.choice([None, {}, {"id": "V1", "hash": 5}]),
        "thread_ts": rng.choice([None, "1.2", 5]),
    }
    body: dict[str, Any] = {
        "type": rng.choice(["event_callback", "event_callback", "url_verification", "x", None]),
        "team_id": "T0AGENCY",
        "api_app_id": "A0RAPPORT",
        "event": rng.choice([drop_some(rng, event), None, "x", [event]]),
        "event_id": rng.choice([f"Ev{rng.randrange(10**9)}", "", None, 5]),
        "authorizations": rng.choice(
            [[{"team_id": "T0AGENCY", "user_id": "U0RAPPORT", "is_bot": True}], [], None, "x"]
        ),
    }
    raw = json.dumps(drop_some(rng, body))
    if rng.random() < 0.1:
        raw = raw[: rng.randrange(len(raw))]
    return raw.encode(), "application/json"


def odd_body(rng: random.Random) -> tuple[bytes, str]:
    content_type = rng.choice([FORM, "application/json", "text/plain", "", "multipart/form-data"])
    body = rng.choice(
        [
            b"",
            b"{}",
            b"payload=",
            b"payload=%7B",
            b"command=%2Fstatus",
            b"\xff\xfe\x00binary",
            b"a=" + b"x" * 200_000,
            "text=ünïcödé&command=/status".encode(),
            b"[1, 2, 3]",
        ]
    )
    return body, content_type


# Every kind of request, each made from the round's randomness (a command needs the stack too).
GENERATORS: list[Callable[[random.Random, Stack], tuple[bytes, str]]] = [
    command_body,
    lambda rng, _stack: interaction_body(rng),
    lambda rng, _stack: event_body(rng),
    lambda rng, _stack: odd_body(rng),
]


def problem(reply: Reply) -> str | None:
    if reply.status >= 500 or EXCEPTION_NAMES.search(reply.body):
        return f"{reply.status} {reply.body[:300]}"
    return None


@pytest.mark.slow
def test_random_signed_requests_never_break_the_endpoint(
    stack: Stack, caplog: pytest.LogCaptureFixture
) -> None:
    setup_project(stack)
    rng = random.Random(SEED)
    failures = []
    for round_number in range(ROUNDS):
        generator = GENERATORS[round_number % len(GENERATORS)]
        body, content_type = generator(rng, stack)
        if found := problem(stack.sender.send(body, content_type)):
            failures.append(f"#{round_number} {body[:300]!r} → {found}")
    assert not failures, "\n".join(failures)
    stack.fake.wait_quiet(quiet=0.2, timeout=10)
    for entry in stack.fake.timeline:  # what the bot said afterwards, apologies included
        assert not EXCEPTION_NAMES.search(entry.text), entry.text
    # Nor in the logs: a malformed request is a warning in one line, not a crash to look into.
    stack.deps.background.wait_idle(10)
    crashes = [
        (r.getMessage(), repr(r.exc_info[1]) if r.exc_info else "")
        for r in caplog.records
        if r.exc_info or r.levelno >= logging.ERROR
    ]
    assert crashes == []
    # Still serving people normally.
    reply = stack.sender.command(DEV, CLIENT_CHANNEL, "/status", "on-track After the storm")
    assert reply.status == 200 and "Update posted" in reply.text
