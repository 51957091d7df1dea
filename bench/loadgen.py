"""A small asyncio load generator for Slack-signed `/status` commands over keep-alive HTTP.

Every request is signed as Slack signs it and carries its own trigger_id (Rapport de-duplicates
Slack's retries by it), so the load is what a busy workspace sends, not one request replayed.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import statistics
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

TEMPLATE = {
    "token": "deprecated-verification-token",
    "team_id": "T0AGENCY",
    "team_domain": "agency",
    "channel_id": "C0ACME",
    "channel_name": "acme-website",
    "user_id": "U0BEN",
    "user_name": "ben",
    "command": "/status",
    "api_app_id": "A0RAPPORT",
    "is_enterprise_install": "false",
    "response_url": "http://127.0.0.1:9/response",
}


@dataclass(frozen=True)
class Result:
    concurrency: int
    seconds: float
    latencies_ms: list[float]
    errors: int

    @property
    def throughput(self) -> float:
        return len(self.latencies_ms) / self.seconds

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies_ms)

    @property
    def p99(self) -> float:
        return statistics.quantiles(self.latencies_ms, n=100)[98]


def request_maker(port: int, secret: str, path: str = "/slack/events") -> Callable[[int], bytes]:
    key = secret.encode()
    run = uuid.uuid4().hex[:8]

    def make(number: int) -> bytes:
        fields = {
            **TEMPLATE,
            "text": f"on-track {number % 100}% Update number {number}; next: more",
            "trigger_id": f"{number}.{run}.bench",
        }
        body = urlencode(fields).encode()
        stamp = str(int(time.time()))
        signature = hmac.new(key, b"v0:" + stamp.encode() + b":" + body, hashlib.sha256)
        head = (
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {len(body)}\r\nX-Slack-Request-Timestamp: {stamp}\r\n"
            f"X-Slack-Signature: v0={signature.hexdigest()}\r\n\r\n"
        )
        return head.encode() + body

    return make


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bool]:
    """(status, whether the server closes the connection)."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {k.strip().lower(): v.strip() for k, _, v in (x.partition(":") for x in lines[1:])}
    closing = lines[0].startswith("HTTP/1.0") or headers.get("connection", "").lower() == "close"
    if "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    elif closing:
        await reader.read()
    return status, closing


async def _run(
    port: int, make: Callable[[int], bytes], concurrency: int, seconds: float, warmup: float
) -> Result:
    counter = iter(range(10**12))
    latencies: list[float] = []
    errors = 0
    started = time.perf_counter()
    measure_from, stop_at = started + warmup, started + warmup + seconds

    async def client() -> None:
        nonlocal errors
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        while (now := time.perf_counter()) < stop_at:
            request = make(next(counter))
            sent = time.perf_counter()
            writer.write(request)
            await writer.drain()
            try:
                status, closing = await _read_response(reader)
            except (asyncio.IncompleteReadError, ConnectionError):
                status, closing = 0, True
            done = time.perf_counter()
            if now >= measure_from and done <= stop_at:
                latencies.append((done - sent) * 1000)
                errors += status != 200
            if closing:
                writer.close()
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.close()

    await asyncio.gather(*(client() for _ in range(concurrency)))
    return Result(concurrency, seconds, latencies, errors)


async def _send(
    port: int, make: Callable[[int], bytes], count: int, concurrency: int, reconnect: int
) -> int:
    numbers = iter(range(count))
    failures = 0

    async def client() -> None:
        nonlocal failures
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        for sent, number in enumerate(numbers, start=1):
            writer.write(make(number))
            await writer.drain()
            status, closing = await _read_response(reader)
            failures += status != 200
            if closing or sent % reconnect == 0:
                writer.close()
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.close()

    await asyncio.gather(*(client() for _ in range(concurrency)))
    return failures


def send(
    port: int,
    secret: str,
    count: int,
    concurrency: int = 10,
    *,
    first: int = 0,
    reconnect: int = 2**62,
) -> int:
    """Send exactly `count` requests, each connection closed after `reconnect` of them (so that
    gunicorn's workers each accept some); returns how many were not answered 200."""
    make = request_maker(port, secret)
    return asyncio.run(_send(port, lambda n: make(first + n), count, concurrency, reconnect))


def load(port: int, secret: str, concurrency: int, seconds: float, warmup: float = 2.0) -> Result:
    return asyncio.run(_run(port, request_maker(port, secret), concurrency, seconds, warmup))


WRK_SCRIPT = r"""
local requests, index = {}, 0
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end
counter = 0
function init(args)
  local file = io.open(args[1] .. "." .. id, "rb")
  local data = file:read("*a")
  file:close()
  for request in string.gmatch(data, "(.-)\n=====\n") do
    requests[#requests + 1] = request
  end
end
function request()
  index = index + 1
  if index > #requests then index = 1 end  -- the file holds more than a run needs
  return requests[index]
end
function done(summary, latency, requests_)
  io.write(string.format("RESULT %d %d %d %d %d\n", summary.requests, summary.duration,
    summary.errors.status + summary.errors.connect + summary.errors.read
      + summary.errors.write + summary.errors.timeout,
    latency:percentile(50), latency:percentile(99)))
end
"""


def wrk_load(
    port: int, secret: str, concurrency: int, seconds: float, *, rate: int = 12000
) -> Result:
    """The same load through wrk (C, epoll): the generator then costs far less CPU than the
    server it measures. Each wrk thread replays its own file of requests signed just before."""
    import subprocess
    import tempfile

    threads = min(2, concurrency)
    make = request_maker(port, secret)
    per_thread = int(rate * (seconds + 1) / threads) + 100
    with tempfile.TemporaryDirectory() as folder:
        base = f"{folder}/requests"
        number = 0
        for thread in range(threads):
            with open(f"{base}.{thread}", "wb") as out:
                for _ in range(per_thread):
                    out.write(make(number) + b"\n=====\n")
                    number += 1
        script = f"{folder}/signed.lua"
        with open(script, "w") as out:
            out.write(WRK_SCRIPT)
        finished = subprocess.run(
            [
                "wrk",
                "-t",
                str(threads),
                "-c",
                str(concurrency),
                "-d",
                f"{round(seconds)}s",
                "-s",
                script,
                f"http://127.0.0.1:{port}/slack/events",
                "--",
                base,
            ],
            capture_output=True,
            text=True,
        )
        if finished.returncode != 0:
            raise RuntimeError(f"wrk failed: {finished.stdout} {finished.stderr}")
    line = next(x for x in finished.stdout.splitlines() if x.startswith("RESULT"))
    requests, duration_us, errors, p50_us, p99_us = (int(x) for x in line.split()[1:])
    return WrkResult(
        concurrency, duration_us / 1e6, [], errors, requests, p50_us / 1000, p99_us / 1000
    )


@dataclass(frozen=True)
class WrkResult(Result):
    requests: int = 0
    p50_ms: float = 0.0
    p99_ms: float = 0.0

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds

    @property
    def p50(self) -> float:
        return self.p50_ms

    @property
    def p99(self) -> float:
        return self.p99_ms
