"""Two moments of the demo's week: an incident from notice to review (Wednesday), and a
client's words logged from a thread (Friday)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from bot.sandbox.fake_types import Entry
from bot.sandbox.stack import Stack
from bot.sandbox.workspace import CLIENT, CLIENT_CHANNEL, DEV

if TYPE_CHECKING:
    from bot.sandbox.demo import DemoWeek


def incident(week: DemoWeek) -> None:
    """Wednesday afternoon: card payments fail in production. The client hears at once, the
    scheduler reminds Ben when the next update is due, the timeline closes it, a review follows."""
    stack, send = week.stack, week.stack.sender
    week.at(2, 14)
    send.command(DEV, CLIENT_CHANNEL, "/incident", "sev1 Checkout fails for card payments")
    notice = stack.fake.wait_for(lambda: _containing(stack, CLIENT_CHANNEL, "INC-1"))
    stack.fake.wait_quiet()
    week.at(2, 14, 30)  # the update is due: the scheduler's sweep reminds Ben
    week.scheduler.sweep()
    week.at(2, 14, 40)
    send.click(DEV, notice, "incident_update")
    modal = _opened(stack, "incident_update_modal")
    send.submit(
        DEV,
        modal["id"],
        {
            "severity": "sev2",
            "text": "The payment provider's certificate expired; card payments fail at "
            "their gateway. We are switching to their backup endpoint.",
        },
    )
    stack.fake.wait_quiet()
    week.at(2, 15, 10)
    send.command(
        DEV,
        CLIENT_CHANNEL,
        "/incident",
        "resolve INC-1 Payments run through the backup endpoint; the provider renewed its "
        "certificate.",
    )
    request = stack.fake.wait_for(lambda: _containing(stack, "D" + DEV[1:], "Write the review"))
    week.at(2, 16)
    send.click(DEV, request, "incident_review")
    modal = _opened(stack, "incident_review_modal")
    send.submit(
        DEV,
        modal["id"],
        {
            "cause": "The payment provider's TLS certificate expired unnoticed.",
            "fix": "We moved to their backup endpoint; they renewed the certificate.",
            "prevention": "We now monitor the provider's certificate and alert 14 days ahead.",
        },
    )


def log_from_a_thread(week: DemoWeek) -> None:
    """Friday morning: Dana mentions a problem in passing, in a thread; Ben logs it as her
    feedback with the message shortcut (no slash command can be typed in a thread)."""
    stack, send = week.stack, week.stack.sender
    week.at(4, 9, 30)
    asked, _ = send.say(
        CLIENT, CLIENT_CHANNEL, "Is the invoice page on staging yet?", at=week.now()
    )
    week.at(4, 10, 10)
    send.say(DEV, CLIENT_CHANNEL, "Yes, since yesterday: /invoices", at=week.now(), thread_ts=asked)
    week.at(4, 10, 12)
    said, _ = send.say(
        CLIENT,
        CLIENT_CHANNEL,
        "Great! By the way, invoices over 10,000 fail to export as PDF.",
        at=week.now(),
        thread_ts=asked,
    )
    message = next(e for e in stack.fake.timeline if e.kind == "said" and e.ts == said)
    week.at(4, 10, 20)
    opened = len(stack.fake.opened_views())
    send.shortcut(DEV, message, "log_feedback", name="Log as feedback")
    modal = stack.fake.wait_for(
        lambda: len(stack.fake.opened_views()) > opened and stack.fake.opened_views()[-1]
    )
    send.submit(DEV, modal["id"], {"kind": "problem", "urgency": "normal"})
    stack.fake.wait_quiet()
    week.at(4, 10, 52)
    send.say(DEV, CLIENT_CHANNEL, "Logged — we fix it today.", at=week.now(), thread_ts=asked)


def _opened(stack: Stack, callback_id: str) -> dict[str, Any]:
    send = stack.sender
    found = stack.fake.wait_for(
        lambda: send.last_modal()["callback_id"] == callback_id and send.last_modal()
    )
    assert isinstance(found, dict)
    return found


def _containing(stack: Stack, channel: str, text: str) -> Entry | None:
    return next(
        (e for e in stack.fake.messages(channel) if text in e.text + json.dumps(e.blocks)), None
    )
