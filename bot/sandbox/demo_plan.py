"""The demo's plan document: Ana writes the project's goal and publishes the plan as the client
channel's canvas on Monday, and on Thursday its background, which edits the canvas in place."""

from __future__ import annotations

from bot.sandbox.stack import Stack
from bot.sandbox.workspace import CLIENT_CHANNEL, OWNER


def publish_the_plan(stack: Stack) -> None:
    send = stack.sender
    send.command(
        OWNER,
        CLIENT_CHANNEL,
        "/project",
        "set goal Launch Acme's new website by March, with self-service accounts",
    )
    stack.fake.wait_quiet()
    send.command(OWNER, CLIENT_CHANNEL, "/project", "plan post")
    stack.fake.wait_quiet()
    send.command(OWNER, CLIENT_CHANNEL, "/project", "plan document")  # the channel's canvas
    stack.fake.wait_for(lambda: stack.fake.canvases)
    stack.fake.wait_quiet()


def complete_the_plan(stack: Stack) -> None:
    stack.sender.command(
        OWNER,
        CLIENT_CHANNEL,
        "/project",
        "set background Acme's site is eight years old and slow; its customers phone in "
        "for what they could do themselves.",
    )
    stack.fake.wait_for(lambda: len(stack.fake.calls_of("canvases.edit")) == 1)
