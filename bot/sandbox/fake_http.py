"""The stand-in's HTTP side: Web API calls, response_url posts and file uploads, each routed to
FakeSlack."""

from __future__ import annotations

import json
from http.server import BaseHTTPRequestHandler
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl

if TYPE_CHECKING:
    from bot.sandbox.fake_slack import FakeSlack


def handler_for(fake: FakeSlack) -> type[BaseHTTPRequestHandler]:
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
