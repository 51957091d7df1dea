"""A stand-in for Slack's Socket Mode on loopback: a small RFC 6455 WebSocket server (stdlib only)
speaking Slack's envelope protocol, for the end-to-end tests.

The conversation, as Slack holds it:
- `apps.connections.open`, called on the Web API with the app-level `xapp-` token, hands out a
  one-time URL (here `ws://127.0.0.1:PORT/link/?ticket=…`); any other token gets `invalid_auth`;
- on connect the server sends `{"type": "hello", …}`;
- each delivery is an envelope `{"envelope_id", "type": "slash_commands" | "interactive" |
  "events_api", "payload", "accepts_response_payload", "retry_attempt", "retry_reason"}`; the
  app acknowledges it with `{"envelope_id", "payload"?}`, the payload being the immediate answer
  (a slash command's reply, a view submission's errors);
- an envelope Slack did not see acknowledged in time is delivered again, with the same payload,
  a new envelope_id and `retry_attempt`/`retry_reason` set (`redeliver`);
- `{"type": "disconnect", "reason": "refresh_requested"}` asks the app to open a new connection
  (`apps.connections.open` again) and move over to it; once it has, the old one is closed.
"""

from __future__ import annotations

import base64
import hashlib
import io
import itertools
import json
import secrets
import socket
import socketserver
import struct
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

if TYPE_CHECKING:
    from bot.sandbox.fake_slack import FakeSlack

WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
TEXT, CLOSE, PING, PONG = 0x1, 0x8, 0x9, 0xA


@dataclass
class Envelope:
    envelope_id: str
    type: str
    payload: dict[str, Any]
    accepts_response_payload: bool
    retry_attempt: int = 0
    retry_reason: str = ""
    ack: dict[str, Any] | None = None  # the app's acknowledgement, once it arrives
    acked: threading.Event = field(default_factory=threading.Event, repr=False)

    def message(self) -> dict[str, Any]:
        return {
            "envelope_id": self.envelope_id,
            "type": self.type,
            "payload": self.payload,
            "accepts_response_payload": self.accepts_response_payload,
            "retry_attempt": self.retry_attempt,
            "retry_reason": self.retry_reason,
        }

    @property
    def answer(self) -> dict[str, Any]:
        """The acknowledgement's payload: what the person sees at once ({} for a bare ack)."""
        return dict((self.ack or {}).get("payload") or {})


class _Peer:
    """One WebSocket connection from the app: server frames go out unmasked, the client's
    arrive masked (RFC 6455 section 5)."""

    def __init__(self, sock: socket.socket, reader: io.BufferedIOBase) -> None:
        self.sock, self.reader = sock, reader
        self.closed = threading.Event()
        self.retiring = False  # sent `disconnect`: closed once the app has connected again
        self._lock = threading.Lock()

    def send(self, data: bytes, opcode: int = TEXT) -> None:
        size = len(data)
        if size < 126:
            header = struct.pack("!BB", 0x80 | opcode, size)
        elif size < 1 << 16:
            header = struct.pack("!BBH", 0x80 | opcode, 126, size)
        else:
            header = struct.pack("!BBQ", 0x80 | opcode, 127, size)
        with self._lock:
            self.sock.sendall(header + data)

    def hang_up(self) -> None:
        try:
            self.sock.shutdown(socket.SHUT_RDWR)  # at once, whatever still holds the file
        except OSError:
            pass  # already gone
        self.sock.close()

    def send_json(self, message: dict[str, Any]) -> None:
        self.send(json.dumps(message).encode())

    def receive(self) -> tuple[int, bytes] | None:
        """The next frame's opcode and unmasked payload; None once the app has hung up."""
        head = self.reader.read(2)
        if len(head) < 2:
            return None
        opcode, size = head[0] & 0x0F, head[1] & 0x7F
        if size == 126:
            (size,) = struct.unpack("!H", self.reader.read(2))
        elif size == 127:
            (size,) = struct.unpack("!Q", self.reader.read(8))
        mask = self.reader.read(4) if head[1] & 0x80 else b"\0\0\0\0"
        data = self.reader.read(size)
        return opcode, bytes(byte ^ mask[i % 4] for i, byte in enumerate(data))


class FakeSocketMode:
    def __init__(self, fake: FakeSlack, *, app_token: str, app_id: str = "A0RAPPORT") -> None:
        self.fake, self.app_token, self.app_id = fake, app_token, app_id
        fake.app_token, fake.socket_mode = app_token, self  # apps.connections.open finds us
        self.envelopes: list[Envelope] = []
        self.hellos = 0  # connections the app completed, reconnections included
        self.refused: list[str] = []  # request lines of handshakes without a valid ticket
        self._tickets: set[str] = set()
        self._peers: list[_Peer] = []
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, daemon=True, name="fake-socket-mode"
        )

    # -- running ---------------------------------------------------------------------------
    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    def start(self) -> FakeSocketMode:
        self._thread.start()
        return self

    def stop(self) -> None:
        with self._lock:
            peers = list(self._peers)
        for peer in peers:
            peer.hang_up()
        self._server.shutdown()
        self._server.server_close()

    # -- apps.connections.open -------------------------------------------------------------
    def open_connection(self) -> dict[str, Any]:
        """What `apps.connections.open` answers (the Web API has already checked the token)."""
        ticket = secrets.token_hex(8)
        with self._lock:
            self._tickets.add(ticket)
        return {"url": f"ws://127.0.0.1:{self.port}/link/?ticket={ticket}&app_id={self.app_id}"}

    def _take_ticket(self, path: str) -> bool:
        ticket = parse_qs(urlsplit(path).query).get("ticket", [""])[0]
        with self._lock:
            if ticket not in self._tickets:
                return False
            self._tickets.remove(ticket)  # one connection per ticket, as Slack's
            return True

    # -- Slack's side of the conversation ----------------------------------------------------
    def wait_connected(self, hellos: int = 1, timeout: float = 5.0) -> None:
        """Wait until the app has completed `hellos` connections in all."""
        self.fake.wait_for(lambda: self.hellos >= hellos and self._current(), timeout=timeout)

    def deliver(
        self,
        kind: str,
        payload: dict[str, Any],
        *,
        accepts_response_payload: bool = False,
        retry_attempt: int = 0,
        retry_reason: str = "",
        wait: float | None = 5.0,
    ) -> Envelope:
        """Send an envelope over the newest connection; wait up to `wait` seconds for its ack
        (None: do not wait). Whether it came is in `envelope.acked`."""
        envelope = Envelope(
            f"{next(self._ids):04d}-{secrets.token_hex(6)}",
            kind,
            payload,
            accepts_response_payload,
            retry_attempt,
            retry_reason,
        )
        with self._lock:
            self.envelopes.append(envelope)
        peer = self._current()
        if peer is None:
            raise AssertionError("the app is not connected over Socket Mode")
        peer.send_json(envelope.message())
        if wait is not None:
            envelope.acked.wait(wait)
        return envelope

    def redeliver(self, envelope: Envelope, reason: str = "timeout") -> Envelope:
        """Deliver `envelope`'s payload again, as Slack does when it saw no ack in time."""
        return self.deliver(
            envelope.type,
            envelope.payload,
            accepts_response_payload=envelope.accepts_response_payload,
            retry_attempt=envelope.retry_attempt + 1,
            retry_reason=reason,
        )

    def unacked(self) -> list[Envelope]:
        with self._lock:
            return [e for e in self.envelopes if not e.acked.is_set()]

    def disconnect(self, reason: str = "refresh_requested") -> None:
        """Ask the app to reconnect, as Slack does every few hours and before maintenance."""
        peer = self._current()
        if peer is None:
            raise AssertionError("the app is not connected over Socket Mode")
        peer.retiring = True
        peer.send_json(
            {"type": "disconnect", "reason": reason, "debug_info": {"host": "fake-socket-mode"}}
        )

    def live_connections(self) -> int:
        with self._lock:
            return len([p for p in self._peers if not p.closed.is_set()])

    def _current(self) -> _Peer | None:
        with self._lock:
            live = [p for p in self._peers if not p.closed.is_set()]
        return live[-1] if live else None

    # -- the connection's life -------------------------------------------------------------
    def _serve(self, peer: _Peer) -> None:
        with self._lock:
            self._peers.append(peer)
            self.hellos += 1
            connections = len([p for p in self._peers if not p.closed.is_set()])
            retired = [p for p in self._peers if p.retiring and not p.closed.is_set()]
        peer.send_json(
            {
                "type": "hello",
                "num_connections": connections,
                "debug_info": {"host": "fake-socket-mode", "approximate_connection_time": 18060},
                "connection_info": {"app_id": self.app_id},
            }
        )
        for old in retired:  # as Slack does once the app is on its new connection
            old.hang_up()
        try:
            while (frame := peer.receive()) is not None:
                opcode, data = frame
                if opcode == TEXT:
                    self._acknowledged(json.loads(data))
                elif opcode == PING:
                    peer.send(data, PONG)
                elif opcode == CLOSE:
                    peer.send(data[:2], CLOSE)
                    break
        except OSError:
            pass  # the app (or stop()) closed the socket
        finally:
            peer.closed.set()

    def _acknowledged(self, message: dict[str, Any]) -> None:
        with self._lock:
            envelope = next(
                (e for e in self.envelopes if e.envelope_id == message.get("envelope_id")), None
            )
        if envelope is not None and not envelope.acked.is_set():
            envelope.ack = message
            envelope.acked.set()


def _handler_for(socket_mode: FakeSocketMode) -> type[socketserver.StreamRequestHandler]:
    class Handler(socketserver.StreamRequestHandler):
        def handle(self) -> None:
            request_line = self.rfile.readline().decode("latin-1")
            headers: dict[str, str] = {}
            while (line := self.rfile.readline().decode("latin-1").strip()) != "":
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
            parts = request_line.split()
            key = headers.get("sec-websocket-key", "")
            if len(parts) < 2 or not key or not socket_mode._take_ticket(parts[1]):
                socket_mode.refused.append(request_line.strip())
                self.wfile.write(b"HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n")
                return
            accept = base64.b64encode(
                hashlib.sha1((key + WEBSOCKET_GUID).encode()).digest()
            ).decode()
            self.wfile.write(
                (
                    "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                    f"Connection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n\r\n"
                ).encode()
            )
            self.wfile.flush()
            socket_mode._serve(_Peer(self.connection, self.rfile))

    return Handler
