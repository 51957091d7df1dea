"""A stand-in for Slack's Web API on loopback, for the demo and the end-to-end tests.

It answers the methods Rapport calls with Slack's response shapes and errors, enforces Slack's
limits (blocks, text lengths, trigger_ids that expire after 3 seconds, response_urls good for
5 posts in 30 minutes, membership of channels) and can be told to fail: 429 with Retry-After,
500, or a Slack error. Everything the bot says lands on `timeline`, for assertions and transcripts.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

from bot.sandbox.limits import check_message_blocks, check_view

TRIGGER_LIFETIME = 3.0
RESPONSE_URL_USES = 5
RESPONSE_URL_LIFETIME = 30 * 60
TEXT_LIMIT = 40_000


@dataclass
class User:
    id: str
    name: str
    real_name: str
    team_id: str
    tz: str = "UTC"
    is_guest: bool = False  # a single- or multi-channel guest of the workspace


@dataclass
class Channel:
    id: str
    name: str
    is_private: bool = False
    members: set[str] = field(default_factory=set)


@dataclass
class Entry:
    """One thing that happened in the workspace, in order."""

    kind: str  # command | message | ephemeral | update | delete | modal | submit | click | event
    channel: str | None
    user: str | None  # who acted, or the bot
    text: str = ""
    blocks: list[dict[str, Any]] = field(default_factory=list)
    ts: str = ""
    to_user: str | None = None  # for ephemerals
    thread_ts: str | None = None
    metadata: dict[str, Any] | None = None
    view: dict[str, Any] | None = None
    files: list[dict[str, Any]] = field(default_factory=list)  # shared files: name, title, bytes


@dataclass
class Failure:
    status: int
    error: str
    retry_after: int | None
    remaining: int


class FakeSlack:
    def __init__(
        self,
        *,
        token: str,
        team_id: str = "T0AGENCY",
        team_name: str = "Agency",
        bot_user_id: str = "U0RAPPORT",
    ) -> None:
        self.token, self.team_id, self.team_name = token, team_id, team_name
        self.bot_user_id = bot_user_id
        self.users: dict[str, User] = {
            bot_user_id: User(bot_user_id, "rapport", "Rapport", team_id)
        }
        self.channels: dict[str, Channel] = {}
        self.timeline: list[Entry] = []
        # The latest version of each bot message, by (channel, ts); the timeline keeps history.
        self.current: dict[tuple[str | None, str], Entry] = {}
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.views: dict[str, dict[str, Any]] = {}
        self._triggers: dict[str, float] = {}
        self._response_urls: dict[str, dict[str, Any]] = {}
        self._failures: dict[str, list[Failure]] = {}
        self._delays: dict[str, float] = {}
        self.uploads: dict[str, dict[str, Any]] = {}  # file id → name, length, bytes
        self._counter = itertools.count(1)
        self._clock = 0.0  # the last ts handed out: Slack's ts are epoch seconds, unique
        self._lock = threading.RLock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, daemon=True, name="fake-slack"
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
    ) -> User:
        user = User(user_id, name, real_name, team_id or self.team_id, tz, is_guest)
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
        if token != self.token:
            return 200, {"ok": False, "error": "invalid_auth" if token else "not_authed"}, {}
        api = _METHODS.get(method)
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

    def receive_upload(self, file_id: str, data: bytes) -> tuple[int, bytes, dict[str, str]]:
        with self._lock:
            upload = self.uploads.get(file_id)
            if upload is None:
                return 404, b"file not found", {"Content-Type": "text/plain"}
            upload["data"] = data
        return 200, f"OK - {len(data)}".encode(), {"Content-Type": "text/plain"}

    def handle_response_url(self, key: str, payload: dict[str, Any]) -> tuple[int, str]:
        with self._lock:
            url = self._response_urls.get(key)
            if url is None:
                return 404, "no_such_url"
            if time.monotonic() - url["born"] > RESPONSE_URL_LIFETIME:
                return 404, "expired_url"
            if url["uses"] >= RESPONSE_URL_USES:
                return 404, "used_url"
            url["uses"] += 1
        blocks = payload.get("blocks") or []
        if errors := check_message_blocks(blocks):
            return 400, json.dumps({"ok": False, "error": "invalid_blocks", "errors": errors})
        kind = "message" if payload.get("response_type") == "in_channel" else "ephemeral"
        if payload.get("replace_original") or payload.get("delete_original"):
            kind = "delete" if payload.get("delete_original") else "update"
        self.record(
            Entry(
                kind,
                url["channel"],
                self.bot_user_id,
                payload.get("text", ""),
                blocks,
                self.next_ts(),
                to_user=url["user"],
            )
        )
        return 200, "ok"


class SlackError(Exception):
    def __init__(self, code: str, **extra: Any) -> None:
        super().__init__(code)
        self.code, self.extra = code, extra


def _json_field(params: dict[str, Any], key: str) -> Any:
    value = params.get(key)
    return json.loads(value) if isinstance(value, str) else value


def _channel_for_post(fake: FakeSlack, channel_id: str) -> str:
    if channel_id in fake.users:  # a user id: Slack opens the DM
        return f"D{channel_id[1:]}"
    channel = fake.channels.get(channel_id)
    if channel is None:
        raise SlackError("channel_not_found")
    if fake.bot_user_id not in channel.members:
        raise SlackError("not_in_channel")
    return channel_id


def _message_content(params: dict[str, Any]) -> tuple[str, list[dict[str, Any]]]:
    text = str(params.get("text") or "")
    blocks = _json_field(params, "blocks") or []
    if not text and not blocks:
        raise SlackError("no_text")
    if errors := check_message_blocks(blocks):
        raise SlackError("invalid_blocks", errors=errors)
    return text[:TEXT_LIMIT], blocks


def _post_message(fake: FakeSlack, params: dict[str, Any]) -> dict[str, Any]:
    channel = _channel_for_post(fake, str(params.get("channel", "")))
    text, blocks = _message_content(params)
    entry = fake.record(
        Entry(
            "message",
            channel,
            fake.bot_user_id,
            text,
            blocks,
            fake.next_ts(),
            thread_ts=params.get("thread_ts"),
            metadata=_json_field(params, "metadata"),
        )
    )
    return {
        "channel": channel,
        "ts": entry.ts,
        "message": {
            "type": "message",
            "user": fake.bot_user_id,
            "text": text,
            "blocks": blocks,
            "ts": entry.ts,
        },
    }


def _post_ephemeral(fake: FakeSlack, params: dict[str, Any]) -> dict[str, Any]:
    channel = _channel_for_post(fake, str(params.get("channel", "")))
    user = str(params.get("user", ""))
    if channel in fake.channels and user not in fake.channels[channel].members:
        raise SlackError("user_not_in_channel")
    text, blocks = _message_content(params)
    entry = fake.record(
        Entry("ephemeral", channel, fake.bot_user_id, text, blocks, fake.next_ts(), to_user=user)
    )
    return {"message_ts": entry.ts}


def _update(fake: FakeSlack, params: dict[str, Any]) -> dict[str, Any]:
    channel, ts = str(params.get("channel", "")), str(params.get("ts", ""))
    original = fake.current.get((channel, ts))
    if original is None or original.kind == "ephemeral":
        raise SlackError("message_not_found")
    if original.user != fake.bot_user_id:
        raise SlackError("cant_update_message")
    text, blocks = _message_content(params)
    fake.record(Entry("update", channel, fake.bot_user_id, text, blocks, ts))
    return {"channel": channel, "ts": ts, "text": text}


def _views_open(fake: FakeSlack, params: dict[str, Any]) -> dict[str, Any]:
    trigger = str(params.get("trigger_id", ""))
    with fake._lock:
        born = fake._triggers.pop(trigger, None)
    if born is None:
        raise SlackError("invalid_trigger_id")
    if time.monotonic() - born > TRIGGER_LIFETIME:
        raise SlackError("expired_trigger_id")
    view = dict(_json_field(params, "view") or {})
    if errors := check_view(view):
        raise SlackError("invalid_arguments", response_metadata={"messages": errors})
    view_id = f"V{next(fake._counter):08d}"
    view.update(
        id=view_id,
        hash=f"{int(time.time())}.{view_id}",
        state={"values": {}},
        team_id=fake.team_id,
        app_installed_team_id=fake.team_id,
    )
    with fake._lock:
        fake.views[view_id] = view
    fake.record(
        Entry(
            "modal",
            None,
            fake.bot_user_id,
            view.get("title", {}).get("text", ""),
            view.get("blocks", []),
            view=view,
        )
    )
    return {"view": view}


def _users_info(fake: FakeSlack, params: dict[str, Any]) -> dict[str, Any]:
    user = fake.users.get(str(params.get("user", "")))
    if user is None:
        raise SlackError("user_not_found")
    return {
        "user": {
            "id": user.id,
            "team_id": user.team_id,
            "name": user.name,
            "real_name": user.real_name,
            "tz": user.tz,
            "is_bot": user.id == fake.bot_user_id,
            "is_restricted": user.is_guest,
            "is_ultra_restricted": False,
            # Slack Connect people from another organisation come back as strangers.
            "is_stranger": user.team_id != fake.team_id,
            "profile": {"real_name": user.real_name},
        }
    }


def _join(fake: FakeSlack, params: dict[str, Any]) -> dict[str, Any]:
    channel = fake.channels.get(str(params.get("channel", "")))
    if channel is None:
        raise SlackError("channel_not_found")
    if channel.is_private:
        raise SlackError("method_not_supported_for_channel_type")
    channel.members.add(fake.bot_user_id)
    return {"channel": {"id": channel.id, "name": channel.name, "is_member": True}}


def _history(fake: FakeSlack, params: dict[str, Any]) -> dict[str, Any]:
    """Newest first, as Slack answers; metadata only when asked for, as Slack does."""
    channel = fake.channels.get(str(params.get("channel", "")))
    if channel is None:
        raise SlackError("channel_not_found")
    if fake.bot_user_id not in channel.members:
        raise SlackError("not_in_channel")
    oldest = float(params.get("oldest") or 0)
    with_metadata = str(params.get("include_all_metadata", "")).lower() in ("1", "true")
    with fake._lock:
        found = [
            e
            for (where, _ts), e in fake.current.items()
            if where == channel.id and e.kind in ("message", "update") and float(e.ts) >= oldest
        ]
    messages = []
    for entry in sorted(found, key=lambda e: float(e.ts), reverse=True)[
        : int(params.get("limit") or 100)
    ]:
        message: dict[str, Any] = {
            "type": "message",
            "user": entry.user,
            "text": entry.text,
            "ts": entry.ts,
            "blocks": entry.blocks,
        }
        if with_metadata and entry.metadata:
            message["metadata"] = entry.metadata
        messages.append(message)
    return {"messages": messages, "has_more": False}


def _upload_url(fake: FakeSlack, params: dict[str, Any]) -> dict[str, Any]:
    filename, length = str(params.get("filename") or ""), int(params.get("length") or 0)
    if not filename or length <= 0:
        raise SlackError("invalid_arguments")
    file_id = f"F{next(fake._counter):08d}"
    with fake._lock:
        fake.uploads[file_id] = {"name": filename, "length": length, "data": None}
    return {"upload_url": f"{fake.url}/upload/{file_id}", "file_id": file_id}


def _complete_upload(fake: FakeSlack, params: dict[str, Any]) -> dict[str, Any]:
    """Shares uploaded files in a channel (or thread), as a message of their own."""
    requested = _json_field(params, "files") or []
    shared = []
    for item in requested:
        upload = fake.uploads.get(str(item.get("id")))
        if upload is None or upload["data"] is None:
            raise SlackError("file_not_found")
        if len(upload["data"]) != upload["length"]:
            raise SlackError("file_upload_size_mismatch")
        shared.append(
            {
                "id": item["id"],
                "name": upload["name"],
                "title": item.get("title") or upload["name"],
                "data": upload["data"],
            }
        )
    channel = params.get("channel_id")
    if channel:
        channel = _channel_for_post(fake, str(channel))
        fake.record(
            Entry(
                "file",
                channel,
                fake.bot_user_id,
                str(params.get("initial_comment") or ""),
                ts=fake.next_ts(),
                thread_ts=params.get("thread_ts"),
                files=shared,
            )
        )
    return {"files": [{"id": f["id"], "name": f["name"], "title": f["title"]} for f in shared]}


def _auth_test(fake: FakeSlack, _params: dict[str, Any]) -> dict[str, Any]:
    return {
        "url": "https://agency.slack.com/",
        "team": fake.team_name,
        "user": "rapport",
        "team_id": fake.team_id,
        "user_id": fake.bot_user_id,
        "bot_id": "B0RAPPORT",
        "is_enterprise_install": False,
    }


_METHODS: dict[str, Callable[[FakeSlack, dict[str, Any]], dict[str, Any]]] = {
    "auth.test": _auth_test,
    "chat.postMessage": _post_message,
    "chat.postEphemeral": _post_ephemeral,
    "chat.update": _update,
    "views.open": _views_open,
    "users.info": _users_info,
    "conversations.join": _join,
    "conversations.history": _history,
    "files.getUploadURLExternal": _upload_url,
    "files.completeUploadExternal": _complete_upload,
}


def _handler_for(fake: FakeSlack) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            raw_bytes = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            path, _, query = self.path.partition("?")
            if path.startswith("/upload/"):
                self._send(*fake.receive_upload(path.rsplit("/", 1)[1], raw_bytes))
                return
            raw = raw_bytes.decode()
            # slack-sdk sends some methods' arguments in the query string, others in the body.
            params: dict[str, Any] = dict(parse_qsl(query))
            if self.headers.get("Content-Type", "").startswith("application/json"):
                params.update(json.loads(raw or "{}"))
            else:
                params.update(parse_qsl(raw))
            if path.startswith("/response/"):
                status, body = fake.handle_response_url(path.rsplit("/", 1)[1], params)
                self._send(status, body.encode(), {"Content-Type": "text/plain"})
                return
            method = path.removeprefix("/api/")
            auth = self.headers.get("Authorization", "")
            token = (
                auth.removeprefix("Bearer ") if auth.startswith("Bearer ") else params.get("token")
            )
            status, payload, headers = fake.handle(method, params, token)
            self._send(
                status,
                json.dumps(payload).encode(),
                {"Content-Type": "application/json; charset=utf-8", **headers},
            )

        def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            """Quiet: the timeline is the log."""

    return Handler
