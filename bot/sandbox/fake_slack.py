"""A stand-in for Slack's Web API on loopback, for the demo and the end-to-end tests.

It answers the methods Rapport calls with Slack's response shapes and errors, enforces Slack's
limits (blocks, text lengths, trigger_ids that expire after 3 seconds, response_urls good for
5 posts in 30 minutes, membership of channels) and can be told to fail: 429 with Retry-After,
500, or a Slack error; and, when asked, it enforces chat.postMessage's rate limits
(bot/sandbox/rate_limits.py). Everything the bot says lands on `timeline`, for assertions and
transcripts.
"""

from __future__ import annotations

import itertools
import sys
import threading
import time
from collections.abc import Callable
from http.server import ThreadingHTTPServer
from typing import TYPE_CHECKING, Any

from bot.sandbox import fake_api, fake_canvases, fake_files, fake_views
from bot.sandbox.fake_http import handler_for
from bot.sandbox.fake_oauth import FakeOAuth, Grant, token_refusal, workspace_of
from bot.sandbox.fake_response_urls import answer_response_url
from bot.sandbox.fake_types import SCOPES, Channel, Entry, Failure, SlackError, User
from bot.sandbox.rate_limits import PostLimiter, RateLimits

if TYPE_CHECKING:
    from bot.sandbox.fake_socket import FakeSocketMode

METHODS = {
    **fake_api.METHODS,
    **fake_views.METHODS,
    **fake_files.METHODS,
    **fake_canvases.METHODS,
}


class FakeSlack:
    def __init__(
        self,
        *,
        token: str,
        team_id: str = "T0AGENCY",
        team_name: str = "Agency",
        bot_user_id: str = "U0RAPPORT",
        rate_limits: bool | RateLimits = False,
        host: FakeSlack | None = None,
    ) -> None:
        """rate_limits: enforce chat.postMessage's per-channel and workspace limits
        (bot/sandbox/rate_limits.py); `limiter.refused` counts the 429s it answered.
        host: another workspace on `host`'s server (`add_workspace`), sharing its tokens."""
        self.token, self.team_id, self.team_name = token, team_id, team_name
        self.host = host or self
        # Every workspace's tokens and workspaces, shared by the workspaces of one server.
        self.grants: dict[str, Grant] = host.grants if host else {}
        self.workspaces: dict[str, FakeSlack] = host.workspaces if host else {}
        self.workspaces[team_id] = self
        if token:
            self.grants[token] = Grant(team_id)
        self.oauth: FakeOAuth | None = host.oauth if host else None
        self.bot_user_id = bot_user_id
        # Socket Mode (bot/sandbox/fake_socket.py) sets both when it attaches itself.
        self.app_token: str | None = None
        self.socket_mode: FakeSocketMode | None = None
        self.users: dict[str, User] = {
            bot_user_id: User(bot_user_id, "rapport", "Rapport", team_id)
        }
        self.channels: dict[str, Channel] = {}
        self.timeline: list[Entry] = []
        # The latest version of each bot message, by (channel, ts); the timeline keeps history.
        self.current: dict[tuple[str | None, str], Entry] = {}
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.views: dict[str, dict[str, Any]] = {}
        self.homes: dict[str, dict[str, Any]] = {}  # user id → the Home tab last published
        self._triggers: dict[str, float] = {}
        self._response_urls: dict[str, dict[str, Any]] = {}
        self._failures: dict[str, list[Failure]] = {}
        self._delays: dict[str, float] = {}
        self.uploads: dict[str, dict[str, Any]] = {}  # file id → name, length, bytes
        self.canvases: dict[str, dict[str, Any]] = {}  # canvas id → channel, title, markdown
        self.scopes: set[str] = set(SCOPES)  # what the app was granted at installation
        self.canvas_refusal: str | None = None  # see refuse_canvases
        self.limiter = (
            PostLimiter(RateLimits() if rate_limits is True else rate_limits)
            if rate_limits
            else None
        )
        # One server, one lock and one counter (ids unique across workspaces) for all of them.
        self._counter: itertools.count[int] = host._counter if host else itertools.count(1)
        self._clock = 0.0  # the last ts handed out: Slack's ts are epoch seconds, unique
        self._lock: threading.RLock = host._lock if host else threading.RLock()
        self._server: ThreadingHTTPServer = (
            host._server if host else _Server(("127.0.0.1", 0), handler_for(self))
        )
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.02,), daemon=True, name="fake-slack"
        )

    # -- running ---------------------------------------------------------------------------
    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def api_url(self) -> str:
        return f"{self.url}/api/"

    def start(self) -> FakeSlack:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    # -- the workspace ---------------------------------------------------------------------
    def add_user(
        self,
        user_id: str,
        name: str,
        real_name: str,
        *,
        team_id: str | None = None,
        tz: str = "UTC",
        is_guest: bool = False,
        locale: str = "en-US",
    ) -> User:
        user = User(user_id, name, real_name, team_id or self.team_id, tz, is_guest, locale)
        self.users[user_id] = user
        return user

    def add_channel(
        self,
        channel_id: str,
        name: str,
        members: list[str],
        *,
        is_private: bool = False,
        bot_member: bool = False,
    ) -> Channel:
        channel = Channel(channel_id, name, is_private, set(members))
        if bot_member:
            channel.members.add(self.bot_user_id)
        self.channels[channel_id] = channel
        return channel

    def add_workspace(self, team_id: str, team_name: str, *, bot_user_id: str) -> FakeSlack:
        """Another workspace served by this stand-in (OAuth installs: bot/sandbox/fake_oauth.py)."""
        return FakeSlack(
            token="", team_id=team_id, team_name=team_name, bot_user_id=bot_user_id, host=self
        )

    def delay_next(self, method: str, seconds: float) -> None:
        """Carry out the next call of `method` at once but answer it only after `seconds`."""
        with self._lock:
            self._delays[method] = seconds

    def fail_next(
        self,
        method: str,
        *,
        status: int = 429,
        error: str = "ratelimited",
        retry_after: int | None = 1,
        times: int = 1,
    ) -> None:
        """Make the next `times` calls of `method` fail (429 carries Retry-After)."""
        with self._lock:
            self._failures.setdefault(method, []).append(Failure(status, error, retry_after, times))

    def refuse_canvases(self, error: str = "team_tier_cannot_create_channel_canvases") -> None:
        """Make the workspace refuse canvases as Slack does (a plan without channel canvases,
        canvases switched off, a token of the wrong type): every canvas method answers `error`."""
        self.canvas_refusal = error

    # -- what the signed client needs ------------------------------------------------------
    def new_trigger(self) -> str:
        trigger = f"{next(self._counter)}.{int(time.time())}.{'a' * 8}"
        with self._lock:
            self._triggers[trigger] = time.monotonic()
        return trigger

    def new_response_url(self, *, channel: str, user: str) -> str:
        key = f"R{next(self._counter):08d}"
        with self._lock:
            self._response_urls[key] = {
                "channel": channel,
                "user": user,
                "uses": 0,
                "born": time.monotonic(),
                "ts": None,
            }
        return f"{self.url}/response/{key}"

    def next_ts(self) -> str:
        with self._lock:
            self._clock = max(time.time(), self._clock + 0.000001)
            return f"{self._clock:.6f}"

    def record(self, entry: Entry) -> Entry:
        with self._lock:
            self.timeline.append(entry)
            if entry.kind in ("message", "ephemeral", "update"):
                self.current[(entry.channel, entry.ts)] = entry
        return entry

    def message_at(self, channel: str, ts: str) -> Entry | None:
        """The message in `channel` at `ts`, the bot's or a person's, if it exists."""
        with self._lock:
            found = self.current.get((channel, ts))
            if found is not None and found.kind != "ephemeral":
                return found
            return next(
                (
                    e
                    for e in self.timeline
                    if e.kind == "said" and (e.channel, e.ts) == (channel, ts)
                ),
                None,
            )

    def forget(self, entry: Entry) -> None:
        with self._lock:
            self.timeline.remove(entry)
            self.current.pop((entry.channel, entry.ts), None)

    def latest(self, message: Entry) -> Entry:
        """The message as it looks now, after any chat.update."""
        with self._lock:
            return self.current.get((message.channel, message.ts), message)

    # -- reading what happened -------------------------------------------------------------
    def messages(self, channel: str | None = None, *, kind: str = "message") -> list[Entry]:
        with self._lock:
            return [
                e
                for e in self.timeline
                if e.kind == kind and (channel is None or e.channel == channel)
            ]

    def opened_views(self) -> list[dict[str, Any]]:
        """Every modal the bot opened, oldest first."""
        with self._lock:
            return list(self.views.values())

    def calls_of(self, method: str) -> list[dict[str, Any]]:
        with self._lock:
            return [params for name, params in self.calls if name == method]

    def wait_for(self, predicate: Callable[[], Any], timeout: float = 5.0) -> Any:
        """Poll until predicate() is truthy: the bot answers Slack before it finishes its work."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            result = predicate()
            if result:
                return result
            time.sleep(0.01)
        raise AssertionError(f"timed out after {timeout}s waiting for the bot")

    def wait_quiet(self, quiet: float = 0.15, timeout: float = 5.0) -> None:
        """Wait until the bot has made no call for `quiet` seconds."""
        deadline = time.monotonic() + timeout
        seen = -1
        while time.monotonic() < deadline:
            with self._lock:
                now = len(self.calls) + len(self.timeline)
            if now == seen:
                return
            seen = now
            time.sleep(quiet)

    # -- the API ---------------------------------------------------------------------------
    def handle(
        self, method: str, params: dict[str, Any], token: str | None
    ) -> tuple[int, dict[str, Any], dict[str, str]]:
        if (owner := workspace_of(self, token)) is not self:  # another workspace's token
            return owner.handle(method, params, token)
        with self._lock:
            self.calls.append((method, params))
            failures = self._failures.get(method)
            if failures:
                failure = failures[0]
                failure.remaining -= 1
                if failure.remaining <= 0:
                    failures.pop(0)
                headers = {"Retry-After": str(failure.retry_after)} if failure.retry_after else {}
                return failure.status, {"ok": False, "error": failure.error}, headers
            if method == "chat.postMessage" and self.limiter is not None:
                wait = self.limiter.admit(str(params.get("channel", "")), time.monotonic())
                if wait is not None:
                    return 429, {"ok": False, "error": "ratelimited"}, {"Retry-After": str(wait)}
        if (refusal := token_refusal(self, method, token)) is not None:
            return 200, {"ok": False, "error": refusal}, {}
        api = METHODS.get(method)
        if api is None:
            return 404, {"ok": False, "error": "unknown_method"}, {}
        try:
            answer = {"ok": True, **api(self, params)}
        except SlackError as error:
            return 200, {"ok": False, "error": error.code, **error.extra}, {}
        with self._lock:
            delay = self._delays.pop(method, 0.0)
        if delay:
            time.sleep(delay)  # done, but slow to say so: a caller may die before it hears
        return 200, answer, {}

    def handle_response_url(self, key: str, payload: dict[str, Any]) -> tuple[int, str]:
        return answer_response_url(self, key, payload)


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """A caller that gave up before a slow answer (`delay_next`) hung up: Slack says nothing
        of it, and neither does the stand-in."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)
