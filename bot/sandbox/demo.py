"""`python -m bot demo`: a week of a project, played against the local Slack stand-in.

No Slack account and no settings: the real server runs on loopback with a SQLite file under
./data/, the sandbox plays the people, and the conversation is printed as a transcript.
"""

from __future__ import annotations

import logging
from pathlib import Path

from bot.sandbox.fake_slack import Entry
from bot.sandbox.stack import Stack, start_stack
from bot.sandbox.transcript import render_timeline
from bot.sandbox.workspace import (
    CLIENT,
    CLIENT2,
    CLIENT_CHANNEL,
    DESIGNER,
    DEV,
    INTERNAL_CHANNEL,
    OWNER,
)
from storage.db import make_engine, migrate

DEMO_DATABASE = Path("data") / "demo.sqlite3"


def run_demo(database: Path = DEMO_DATABASE) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    url = f"sqlite:///{database}"
    engine = make_engine(url)
    migrate(engine)
    stack = start_stack(database_url=url, engine=engine)
    try:
        print("Rapport demo — Northwind Studio builds a website for Acme.")
        print("Ana (owner), Ben and Chen are the agency team; Dana and Eli are Acme's people,")
        print("in the shared channel #acme-website through Slack Connect.\n")
        for title, step in DAYS:
            start = len(stack.fake.timeline)
            step(stack)
            stack.fake.wait_quiet()
            print(f"━━━ {title} " + "━" * max(0, 90 - len(title)))
            print(render_timeline(stack.fake, stack.fake.timeline[start:]))
            print()
    finally:
        stack.stop()
        engine.dispose()
    print(
        f"The week is in {database.resolve()} (SQLite). Run it again any time: "
        "`python -m bot demo`."
    )
    return 0


def monday(stack: Stack) -> None:
    send = stack.sender
    send.command(OWNER, CLIENT_CHANNEL, "/project", "setup Acme Website")
    send.command(OWNER, CLIENT_CHANNEL, "/project", "set internal-channel #acme-team")
    send.command(OWNER, CLIENT_CHANNEL, "/project", "set digest fri 16:00")
    stack.fake.wait_quiet()
    send.command(OWNER, CLIENT_CHANNEL, "/project", "plan post")
    stack.fake.wait_quiet()
    send.command(
        DEV,
        CLIENT_CHANNEL,
        "/status",
        "on-track 20% Wireframes approved by Acme; next: build the login page",
    )


def tuesday(stack: Stack) -> None:
    send = stack.sender
    send.command(
        CLIENT,
        CLIENT_CHANNEL,
        "/feedback",
        "problem: the staging site logs me out every few minutes",
    )
    card = stack.fake.wait_for(lambda: _last(stack, INTERNAL_CHANNEL))
    send.click(OWNER, card, "feedback_ack")


def wednesday(stack: Stack) -> None:
    send = stack.sender
    send.command(DEV, CLIENT_CHANNEL, "/status")
    modal = stack.fake.wait_for(lambda: stack.fake.views and send.last_modal())
    send.submit(
        DEV,
        modal["id"],
        {
            "health": "at-risk",
            "progress": "45",
            "text": "Login page built and deployed to staging",
            "next": "Session handling and password reset",
            "blockers": "Waiting for the SSO metadata from Acme IT",
            "visibility": "client",
        },
    )
    stack.fake.wait_quiet()
    send.command(
        DESIGNER,
        CLIENT_CHANNEL,
        "/status",
        "internal Payment provider contract still unsigned — chase on Thursday",
    )


def thursday(stack: Stack) -> None:
    send = stack.sender
    card = next(e for e in stack.fake.messages(INTERNAL_CHANNEL) if "FB-1" in e.text)
    send.click(OWNER, card, "feedback_resolve")
    modal = stack.fake.wait_for(
        lambda: send.last_modal()["title"]["text"].startswith("Resolve") and send.last_modal()
    )
    send.submit(
        OWNER,
        modal["id"],
        {"note": "Staging sessions now last 8 hours; the fix ships to production in release 1.4."},
    )
    stack.fake.wait_quiet()
    send.command(CLIENT, CLIENT_CHANNEL, "/status", "Looks great so far!")
    send.command(CLIENT2, CLIENT_CHANNEL, "/feedback")
    modal = stack.fake.wait_for(
        lambda: send.last_modal()["title"]["text"] == "Feedback" and send.last_modal()
    )
    send.submit(
        CLIENT2,
        modal["id"],
        {
            "kind": "praise",
            "urgency": "low",
            "anonymous": ["yes"],
            "text": "The weekly calls are really useful — thank you for the clear agendas.",
        },
    )


def friday(stack: Stack) -> None:
    send = stack.sender
    send.command(
        DEV,
        CLIENT_CHANNEL,
        "/status",
        "on-track 60% Session handling done; "
        "next: password reset; blocked: SSO metadata from Acme IT",
    )
    send.command(OWNER, CLIENT_CHANNEL, "/status", "digest post")


def _last(stack: Stack, channel: str) -> Entry | None:
    messages = stack.fake.messages(channel)
    return messages[-1] if messages else None


DAYS = [
    ("Monday: Ana sets up the project; Ben posts the first update", monday),
    ("Tuesday: Dana (client) reports a problem; Ana picks it up", tuesday),
    ("Wednesday: Ben uses the status form; Chen posts an internal note", wednesday),
    ("Thursday: Ana resolves Dana's problem; Eli sends anonymous praise", thursday),
    ("Friday: the last update, and the weekly digest goes out", friday),
]
