"""The whole bot on loopback: the fake Slack Web API, the real waitress server with the real Bolt
app on a real database, and a sender that signs requests as Slack does. Used by the demo and
by the end-to-end tests. `start_socket_stack` runs the same app over Socket Mode instead."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from cryptography.fernet import Fernet
from slack_bolt.adapter.socket_mode import SocketModeHandler
from sqlalchemy import Engine

from bot.app import build_app
from bot.platform.deps import Deps, make_deps
from bot.platform.email_settings import EmailSettings
from bot.platform.settings import OAuthConfig, Settings
from bot.platform.socket_mode import (
    connect_socket_mode,
    make_socket_mode_handler,
    without_slack_events,
)
from bot.platform.web import HttpServer, make_wsgi_app
from bot.sandbox.client import SlackSender
from bot.sandbox.fake_oauth import FakeOAuth
from bot.sandbox.fake_slack import FakeSlack
from bot.sandbox.fake_socket import FakeSocketMode
from bot.sandbox.smtp_sink import free_port
from bot.sandbox.socket_sender import SocketSender
from bot.sandbox.workspace import seed_workspace
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
        self.deps.background.shutdown(wait=True)
        self.deps.mail.shutdown(wait=True)
        self.deps.sessions.close_all()
        self.fake.stop()


def start_stack(
    *,
    database_url: str,
    engine: Engine,
    http_threads: int = 4,
    clock: Callable[[], datetime] = utcnow,
    slack_timeout_seconds: int = 10,
    smtp_port: int | None = None,
) -> Stack:
    """`smtp_port`: email on, to an SMTP server there (bot/sandbox/smtp_sink.py)."""
    token = "xoxb-sandbox-" + secrets.token_hex(8)
    secret = secrets.token_hex(16)
    fake = FakeSlack(token=token).start()
    seed_workspace(fake)
    port = free_port() if smtp_port is not None else 0  # known before: links point to it
    settings = Settings(
        slack_bot_token=token,
        slack_signing_secret=secret,
        database_url=database_url,
        slack_api_url=fake.api_url,
        host="127.0.0.1",
        port=port,
        http_threads=http_threads,
        slack_timeout_seconds=slack_timeout_seconds,
        public_url=f"http://127.0.0.1:{port}" if smtp_port is not None else None,
        email=sandbox_email(smtp_port) if smtp_port is not None else EmailSettings(),
    )
    deps, server = _serve(settings, engine, clock)
    sender = SlackSender(bot_url=server.url, signing_secret=secret, fake=fake)
    return Stack(fake, sender, deps, server)


def _serve(
    settings: Settings, engine: Engine, clock: Callable[[], datetime]
) -> tuple[Deps, HttpServer]:
    """The real server on loopback (a free port), with the real Bolt app, running."""
    deps = make_deps(settings, engine, clock=clock)
    server = HttpServer(
        make_wsgi_app(build_app(deps), deps),
        host="127.0.0.1",
        port=settings.port,
        threads=settings.http_threads,
        wake_every=0.02,
    )
    server.start_in_thread()
    return deps, server


def sandbox_email(smtp_port: int) -> EmailSettings:
    """Email to the sink on loopback, plainly (no TLS), giving up on a silent server soon."""
    return EmailSettings(
        smtp_host="127.0.0.1",
        smtp_port=smtp_port,
        smtp_security="none",
        email_from="Rapport at Northwind <rapport@northwind.example>",
        link_secret=secrets.token_bytes(32),
        smtp_timeout_seconds=1,
    )


@dataclass
class SocketStack(Stack):
    """The bot over Socket Mode: `sender` delivers envelopes through `socket_mode`; `server`
    serves only /healthz and /metrics."""

    socket_mode: FakeSocketMode
    handler: SocketModeHandler

    def stop(self) -> None:
        self.fake.wait_quiet(quiet=0.05, timeout=2)
        # Hang up Slack's side first: the client's close() otherwise waits out its 3-second
        # receive timeout.
        self.socket_mode.stop()
        self.handler.client.close()
        self.server.stop()
        self.deps.background.shutdown(wait=True)
        self.deps.sessions.close_all()
        self.fake.stop()


def start_socket_stack(
    *, database_url: str, engine: Engine, clock: Callable[[], datetime] = utcnow
) -> SocketStack:
    token = "xoxb-sandbox-" + secrets.token_hex(8)
    app_token = "xapp-1-A0RAPPORT-" + secrets.token_hex(8)
    fake = FakeSlack(token=token).start()
    seed_workspace(fake)
    socket_mode = FakeSocketMode(fake, app_token=app_token).start()
    settings = Settings(
        slack_bot_token=token,
        slack_signing_secret=secrets.token_hex(16),
        database_url=database_url,
        slack_api_url=fake.api_url,
        host="127.0.0.1",
        port=0,
        http_threads=2,
        slack_app_token=app_token,
    )
    deps = make_deps(settings, engine, clock=clock)
    bolt_app = build_app(deps)
    server = HttpServer(
        without_slack_events(make_wsgi_app(bolt_app, deps)),
        host="127.0.0.1",
        port=0,
        threads=2,
        wake_every=0.02,
    )
    server.start_in_thread()
    handler = make_socket_mode_handler(bolt_app, settings)
    try:
        connect_socket_mode(handler)
        socket_mode.wait_connected()
    except BaseException:
        handler.client.close()
        socket_mode.stop()
        server.stop()
        fake.stop()
        raise
    sender = SocketSender(socket_mode=socket_mode, fake=fake)
    return SocketStack(fake, sender, deps, server, socket_mode, handler)


SECOND_TEAM = "T0BETA"  # the second workspace of an OAuth stack


@dataclass
class OAuthStack(Stack):
    """The bot in OAuth mode, installed into no workspace yet, against a stand-in serving two
    workspaces with the same channels and people: `fake` and `second` (SECOND_TEAM), each with
    its own signed sender; `oauth` is the app as Slack knows it."""

    oauth: FakeOAuth
    second: FakeSlack
    second_sender: SlackSender


def start_oauth_stack(
    *,
    database_url: str,
    engine: Engine,
    token_rotation: bool = False,
    clock: Callable[[], datetime] = utcnow,
) -> OAuthStack:
    secret = secrets.token_hex(16)
    fake = FakeSlack(token="").start()
    seed_workspace(fake)
    second = fake.add_workspace(SECOND_TEAM, "Beta Agency", bot_user_id="U0RAPPORTB")
    seed_workspace(second)
    second.team_name = "Beta Agency"
    client_id, client_secret = "1234567890.0987654321", secrets.token_hex(16)
    oauth = FakeOAuth(
        fake, client_id=client_id, client_secret=client_secret, token_rotation=token_rotation
    )
    settings = Settings(
        slack_bot_token=None,
        slack_signing_secret=secret,
        database_url=database_url,
        slack_api_url=fake.api_url,
        host="127.0.0.1",
        port=0,
        http_threads=4,
        oauth=OAuthConfig(client_id, client_secret, (Fernet.generate_key().decode(),)),
    )
    deps, server = _serve(settings, engine, clock)
    oauth.redirect_urls.append(f"{server.url}/slack/oauth_redirect")
    sender = SlackSender(bot_url=server.url, signing_secret=secret, fake=fake)
    second_sender = SlackSender(bot_url=server.url, signing_secret=secret, fake=second)
    return OAuthStack(fake, sender, deps, server, oauth, second, second_sender)
