"""`rapport demo`: a week of a project, played against the local Slack stand-in.

No Slack account and no settings: the real server runs on loopback with a SQLite file under
./data/, the sandbox plays the people, and the conversation is printed as a transcript.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.app import build_scheduler
from bot.platform.slack_client import make_web_client
from bot.sandbox.demo_email import CFO, print_emails, smtp_sink
from bot.sandbox.demo_meetings import action_item_due, opened, the_meeting
from bot.sandbox.demo_moments import incident, log_from_a_thread
from bot.sandbox.demo_plan import complete_the_plan, publish_the_plan
from bot.sandbox.fake_types import Entry
from bot.sandbox.stack import ManualClock, Stack, start_stack
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
from bot.scheduling.runner import PlanScheduler
from storage.db import make_engine, migrate, session_scope
from storage.projects import project_by_name

DEMO_DATABASE = Path("data") / "demo.sqlite3"
BERLIN = ZoneInfo("Europe/Berlin")


def run_demo(database: Path = DEMO_DATABASE) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    url = f"sqlite:///{database}"
    engine = make_engine(url)
    migrate(engine)
    # Last week, Monday to Friday, on Berlin time: the bot's clock moves with the story.
    today = datetime.now(BERLIN).date()
    monday = today - timedelta(days=today.weekday() + 7)
    clock = ManualClock(datetime(monday.year, monday.month, monday.day, 9, tzinfo=BERLIN))
    sink = smtp_sink()  # stakeholders outside Slack: their email lands here
    stack = start_stack(
        database_url=url, engine=engine, clock=clock, smtp_port=sink.port if sink else None
    )
    stack.fake.users[CLIENT2].locale = "zh-CN"  # Eli reads Slack in Chinese; Rapport answers so
    week = DemoWeek(stack, clock, build_scheduler(stack.deps, make_web_client(stack.deps.settings)))
    try:
        print("Rapport demo — Northwind Studio builds a website for Acme.")
        print("Ana (owner), Ben and Chen are the agency team; Dana and Eli are Acme's people,")
        print("in the shared channel #acme-website through Slack Connect. Eli's Slack is in")
        print("Chinese: what Rapport tells him alone is in Chinese, the channel stays English.\n")
        for day, (title, step) in enumerate(DAYS):
            start = len(stack.fake.timeline)
            week.at(day, 9)
            step(week)
            stack.fake.wait_quiet()
            heading = f"{clock.now:%A %d %b}: {title}"
            print(f"━━━ {heading} " + "━" * max(0, 90 - len(heading)))
            print(render_timeline(stack.fake, stack.fake.timeline[start:]))
            print()
        if sink is not None:
            assert stack.deps.mail.wait_idle(timeout=30)
            print_emails(sink)
    finally:
        stack.stop()
        engine.dispose()
        if sink is not None:
            sink.stop()
    print(f"The week is in {database.resolve()} (SQLite). Run it again any time: `rapport demo`.")
    return 0


@dataclass
class DemoWeek:
    stack: Stack
    clock: ManualClock
    scheduler: PlanScheduler

    def at(self, day: int, hour: int, minute: int = 0) -> None:
        """Move the bot's clock to `day` (0 is Monday) of the demo week, Berlin time."""
        local = self.clock.now.astimezone(BERLIN)
        monday = local - timedelta(days=local.weekday())
        moment = (monday + timedelta(days=day)).replace(hour=hour, minute=minute, second=0)
        self.clock.now = moment.astimezone(UTC)

    def now(self) -> float:
        """The bot's clock as a Slack timestamp, for the messages people write."""
        return self.clock.now.timestamp()

    def fire(self, kind: str) -> None:
        """What the scheduler does at the plan's time."""
        with session_scope(self.stack.deps.engine) as session:
            project = project_by_name(session=session, name="Acme Website")
        assert project is not None and project.id is not None
        self.scheduler.fire(kind, project.id)


def monday(week: DemoWeek) -> None:
    stack = week.stack
    send = stack.sender
    send.command(OWNER, CLIENT_CHANNEL, "/project", "setup Acme Website")
    stack.fake.wait_quiet()  # setup answers after its acknowledgement
    send.command(OWNER, CLIENT_CHANNEL, "/project", "set internal-channel #acme-team")
    send.command(OWNER, CLIENT_CHANNEL, "/project", "set digest fri 16:00")
    send.command(OWNER, CLIENT_CHANNEL, "/project", "set approver @dana")
    send.command(OWNER, CLIENT_CHANNEL, "/project", f"set email add {CFO}")  # Acme's CFO
    send.command(
        OWNER, CLIENT_CHANNEL, "/project", "set meeting tue 10:00 Weekly status call with Acme"
    )
    publish_the_plan(stack)
    send.command(
        DEV,
        CLIENT_CHANNEL,
        "/status",
        "on-track 20% Wireframes approved by Acme; next: build the login page",
    )
    send.command(DEV, CLIENT_CHANNEL, "/project", "agenda add Launch date for the mobile app")


def tuesday(week: DemoWeek) -> None:
    stack = week.stack
    send = stack.sender
    the_meeting(week)
    week.at(1, 12)
    send.command(
        CLIENT,
        CLIENT_CHANNEL,
        "/feedback",
        "problem: the staging site logs me out every few minutes",
    )
    card = stack.fake.wait_for(
        lambda: next((e for e in stack.fake.messages(INTERNAL_CHANNEL) if "FB-1" in e.text), None)
    )
    send.click(OWNER, card, "feedback_ack")
    stack.fake.wait_quiet()
    # A question in the channel: the clock runs until the team's first answer.
    week.at(1, 14, 5)
    asked, _ = send.say(
        CLIENT, CLIENT_CHANNEL, "Could you send the staging link again?", at=week.now()
    )
    week.at(1, 14, 45)
    send.say(
        DEV,
        CLIENT_CHANNEL,
        "Here it is: staging.acme.example — same password as before.",
        at=week.now(),
        thread_ts=asked,
    )


def wednesday(week: DemoWeek) -> None:
    stack = week.stack
    send = stack.sender
    send.command(DEV, CLIENT_CHANNEL, "/status")
    modal = opened(stack, "status_modal")
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
    stack.fake.wait_quiet()
    send.command(
        DEV, CLIENT_CHANNEL, "/risk", "add high The SSO metadata from Acme IT may slip the launch"
    )
    stack.fake.wait_quiet()
    incident(week)


def thursday(week: DemoWeek) -> None:
    stack = week.stack
    send = stack.sender
    send.command(OWNER, CLIENT_CHANNEL, "/change", "Sign-in with Acme's Okta (SSO)")
    modal = stack.fake.wait_for(
        lambda: send.last_modal()["title"]["text"] == "Change request" and send.last_modal()
    )
    send.submit(
        OWNER,
        modal["id"],
        {
            "reason": "Acme IT asks that staff sign in with their Okta accounts.",
            "scope": "SSO on the admin pages; the password login stays for partners.",
            "schedule": "5",
            "cost": "4,800",
            "requested_by": CLIENT,
        },
    )
    request = stack.fake.wait_for(
        lambda: next((e for e in stack.fake.messages(CLIENT_CHANNEL) if "CR-1" in e.text), None)
    )
    stack.fake.wait_quiet()
    send.click(CLIENT, request, "change_approve")
    stack.fake.wait_quiet()
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
    complete_the_plan(stack)
    send.command(CLIENT, CLIENT_CHANNEL, "/status", "Looks great so far!")
    send.command(CLIENT2, CLIENT_CHANNEL, "/feedback")
    modal = stack.fake.wait_for(
        lambda: send.last_modal().get("callback_id") == "feedback_modal" and send.last_modal()
    )
    send.submit(
        CLIENT2,
        modal["id"],
        {
            "kind": "praise",
            "urgency": "low",
            "anonymous": ["yes"],
            "text": "每周例会很有用，谢谢你们清晰的议程。",
        },
    )
    stack.fake.wait_quiet()
    week.at(3, 15)  # 09:00 in New York: Dana's working day starts
    action_item_due(week)


def friday(week: DemoWeek) -> None:
    stack, send = week.stack, week.stack.sender
    log_from_a_thread(week)
    week.at(4, 11)
    send.command(
        DEV,
        CLIENT_CHANNEL,
        "/status",
        "on-track 60% Session handling done; "
        "next: password reset; blocked: SSO metadata from Acme IT",
    )
    week.at(4, 13)  # the plan: reminders 3 hours before the digest
    week.fire("reminders")
    reminder = stack.fake.wait_for(lambda: stack.fake.messages("D" + OWNER[1:]))[-1]
    week.at(4, 13, 20)
    send.click(OWNER, reminder, "status_open")
    modal = stack.fake.wait_for(
        lambda: send.last_modal()["title"]["text"] == "Status update" and send.last_modal()
    )
    send.submit(
        OWNER,
        modal["id"],
        {
            "health": "on-track",
            "progress": "60",
            "visibility": "client",
            "text": "Budget review with Acme done: December is fully staffed",
            "next": "Plan the launch week with Dana",
        },
    )
    stack.fake.wait_quiet()
    week.at(4, 16)  # Friday 16:00: nobody types anything, the digest goes out
    week.fire("digest")
    stack.fake.wait_quiet()
    week.at(4, 17)
    send.open_home(OWNER)  # Ana looks at her dashboard
    # Published after the event's acknowledgement: a busy machine may take a while.
    stack.fake.wait_for(
        lambda: any(e.kind == "home" and e.to_user == OWNER for e in stack.fake.timeline)
    )


def _last(stack: Stack, channel: str) -> Entry | None:
    messages = stack.fake.messages(channel)
    return messages[-1] if messages else None


DAYS = [
    ("Ana sets up the project and publishes its plan; Ben posts the first update", monday),
    (
        "the meeting's agenda at 09:00, Ana's minutes after it; Dana (client) reports a problem "
        "and asks a question; the team answers",
        tuesday,
    ),
    (
        "Ben uses the status form and logs a high risk; Chen posts an internal note; at 14:00 "
        "card payments fail: an incident from notice to review",
        wednesday,
    ),
    (
        "Dana approves a change request; Ana resolves her problem and completes the plan; Eli "
        "sends praise; Dana's action item is due and she closes it",
        thursday,
    ),
    (
        "Ben logs Dana's words from a thread; a reminder at 13:00, the digest at 16:00 by "
        "itself; Ana opens the App Home",
        friday,
    ),
]
