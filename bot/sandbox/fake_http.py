"""The stand-in's HTTP side: Web API calls, response_url posts and file uploads, each routed to
FakeSlack."""

from __future__ import annotations

import base64
import json
from http.server import BaseHTTPRequestHandler
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl

from bot.sandbox.fake_files import receive_upload
from bot.sandbox.fake_types import SlackError

if TYPE_CHECKING:
    from bot.sandbox.fake_slack import FakeSlack


def handler_for(fake: FakeSlack) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            raw_bytes = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            path, _, query = self.path.partition("?")
            if path.startswith("/upload/"):
                self._send(*receive_upload(fake, path.rsplit("/", 1)[1], raw_bytes))
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
            if method == "oauth.v2.access":  # the app's id and secret, not a token
                self._send_json(*_oauth_access(fake, params, auth))
                return
            token = (
                auth.removeprefix("Bearer ") if auth.startswith("Bearer ") else params.get("token")
            )
            self._send_json(*fake.handle(method, params, token))

        def do_GET(self) -> None:
            """The OAuth authorization page a browser is sent to (bot/sandbox/fake_oauth.py)."""
            path, _, query = self.path.partition("?")
            if path != "/oauth/v2/authorize" or fake.oauth is None:
                self._send(404, b"not found", {"Content-Type": "text/plain"})
                return
            status, headers, body = fake.oauth.authorize(dict(parse_qsl(query)))
            self._send(status, body.encode(), {"Content-Type": "text/plain", **headers})

        def _send_json(self, status: int, payload: Any, headers: dict[str, str]) -> None:
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


def _oauth_access(
    fake: FakeSlack, params: dict[str, Any], auth: str
) -> tuple[int, dict[str, Any], dict[str, str]]:
    if fake.oauth is None:
        return 200, {"ok": False, "error": "invalid_client_id"}, {}
    basic = None
    if auth.startswith("Basic "):
        client_id, _, secret = base64.b64decode(auth.removeprefix("Basic ")).decode().partition(":")
        basic = (client_id, secret)
    with fake._lock:
        fake.calls.append(("oauth.v2.access", params))
    try:
        return 200, {"ok": True, **fake.oauth.access(params, basic)}, {}
    except SlackError as error:
        return 200, {"ok": False, "error": error.code}, {}
