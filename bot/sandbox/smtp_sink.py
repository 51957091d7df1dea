"""A real SMTP server on loopback for the demo and the tests (aiosmtpd, a dev dependency: it is
imported when a sink starts), keeping every message it accepts, and misbehaving on demand the
ways mail servers do: refusing a recipient for good (550), answering nothing until the client
gives up (a timeout, before the message), or dropping the connection in the middle of a
message."""

from __future__ import annotations

import asyncio
import email
import socket
import threading
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import default
from typing import Any


@dataclass(frozen=True)
class Received:
    sender: str
    recipients: tuple[str, ...]
    raw: bytes

    @property
    def message(self) -> EmailMessage:
        parsed = email.message_from_bytes(self.raw, policy=default)
        assert isinstance(parsed, EmailMessage)
        return parsed


@dataclass
class Misbehaviour:
    refuse: set[str] = field(default_factory=set)  # recipients answered 550
    stall_rcpt: int = 0  # RCPTs left to answer nothing to (the client times out)
    drop_data: int = 0  # DATAs left to hang up in the middle of


class SmtpSink:
    def __init__(self) -> None:
        self.received: list[Received] = []
        self.misbehave = Misbehaviour()
        self.attempts = 0  # RCPTs seen, refused or not
        self._changed = threading.Condition()
        self._released = threading.Event()
        self._controller: Any = None
        self.port = 0

    def start(self) -> SmtpSink:
        from aiosmtpd.controller import Controller
        from aiosmtpd.smtp import SMTP

        sink = self

        class Misbehaving(SMTP):
            async def smtp_DATA(self, arg: str) -> None:
                if sink.misbehave.drop_data > 0:
                    sink.misbehave.drop_data -= 1
                    await self.push("354 End data with <CR><LF>.<CR><LF>")
                    await self._reader.readuntil(b"\r\n")  # a line of the message, then gone
                    assert isinstance(self.transport, asyncio.WriteTransport)
                    self.transport.abort()
                    return
                await super().smtp_DATA(arg)

        class SinkController(Controller):
            def factory(self) -> Any:
                return Misbehaving(self.handler, **self.SMTP_kwargs)

        self.port = free_port()
        self._controller = SinkController(_Handler(self), hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def stop(self) -> None:
        self._released.set()
        if self._controller is not None:
            self._controller.stop()

    def kept(self, received: Received) -> None:
        with self._changed:
            self.received.append(received)
            self._changed.notify_all()

    def wait_for(self, count: int, timeout: float = 10) -> list[Received]:
        with self._changed:
            if not self._changed.wait_for(lambda: len(self.received) >= count, timeout):
                raise AssertionError(f"{len(self.received)} messages arrived, not {count}")
            return list(self.received)

    def to(self, address: str) -> list[EmailMessage]:
        return [r.message for r in self.received if address in r.recipients]

    async def stall(self) -> None:
        """Answer nothing until the sink stops (the client gives up first)."""
        while not self._released.is_set():
            await asyncio.sleep(0.02)


class _Handler:
    def __init__(self, sink: SmtpSink) -> None:
        self.sink = sink

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        self.sink.attempts += 1
        if self.sink.misbehave.stall_rcpt > 0:
            self.sink.misbehave.stall_rcpt -= 1
            await self.sink.stall()
        if address in self.sink.misbehave.refuse:
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        content = envelope.original_content or envelope.content
        self.sink.kept(Received(envelope.mail_from, tuple(envelope.rcpt_tos), bytes(content)))
        return "250 2.0.0 OK: queued"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
