"""The whole bot on loopback: the fake Slack Web API, the real waitress server with the real Bolt
app on a real database, and a sender that signs requests as Slack does. Used by the demo and
by the end-to-end tests."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine

from bot.app import build_app
from bot.config import Settings
from bot.deps import Deps, make_deps
from bot.sandbox.client import SlackSender
from bot.sandbox.fake_slack import FakeSlack
from bot.sandbox.workspace import seed_workspace
from bot.server import HttpServer, make_wsgi_app
from storage.models import utcnow


class ManualClock:
    """A clock moved by hand (the demo's week, the scheduler tests); the bot reads it through
    Deps.clock."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Stack:
    fake: FakeSlack
    sender: SlackSender
    deps: Deps
    server: HttpServer

    def stop(self) -> None:
        self.fake.wait_quiet(quiet=0.05, timeout=2)
        self.server.stop()
        self.fake.stop()


def start_stack(
    *,
    database_url: str,
    engine: Engine,
    http_threads: int = 4,
    clock: Callable[[], datetime] = utcnow,
    slack_timeout_seconds: int = 10,
) -> Stack:
    token = "xoxb-sandbox-" + secrets.token_hex(8)
    secret = secrets.token_hex(16)
    fake = FakeSlack(token=token).start()
    seed_workspace(fake)
    settings = Settings(
        slack_bot_token=token,
        slack_signing_secret=secret,
        database_url=database_url,
        slack_api_url=fake.api_url,
        host="127.0.0.1",
        port=0,
        http_threads=http_threads,
        slack_timeout_seconds=slack_timeout_seconds,
    )
    deps = make_deps(settings, engine, clock=clock)
    server = HttpServer(
        make_wsgi_app(build_app(deps), deps), host="127.0.0.1", port=0, threads=http_threads
    )
    server.start_in_thread()
    sender = SlackSender(bot_url=server.url, signing_secret=secret, fake=fake)
    return Stack(fake, sender, deps, server)
