"""Rapport as it runs in production: `rapport serve` (the command `pip install .` gives, with
gunicorn workers and the scheduler) behind real nginx running deploy/nginx/rapport.conf over
HTTPS, with LOG_FORMAT=json. All on loopback, on free ports, with a certificate made for the
test; nginx runs as the current user.

nginx is Debian's package: .ci/run installs it, and sets REQUIRE_NGINX=1 so that a machine
without it fails here instead of skipping.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import pytest

from bot.sandbox import payloads
from bot.sandbox.client import sign
from bot.sandbox.fake_slack import FakeSlack
from bot.sandbox.workspace import CLIENT_CHANNEL, DEV, OWNER, seed_workspace
from tests.e2e.test_cli import base_env, free_port

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "deploy" / "nginx" / "rapport.conf"
TOKEN = "xoxb-nginx-test-token-2222"
SECRET = "nginx-test-signing-secret-3333"
TYPED = "on-track 50% Invoices exported to the finance team"
# Slack's client, as nginx sees it: another loopback address than nginx's own (127.0.0.1), so
# that the address Rapport logs shows where it came from.
SLACK_SIDE = "127.0.0.2"


def _nginx() -> str:
    found = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/sbin")
    if found is None:
        if os.environ.get("REQUIRE_NGINX") == "1":
            pytest.fail("nginx is required (REQUIRE_NGINX=1) but not installed")
        pytest.skip("nginx is not installed (apt-get install nginx); CI installs it")
    return found


@dataclass
class Production:
    fake: FakeSlack
    rapport: subprocess.Popen[bytes]
    nginx: subprocess.Popen[bytes]
    ports: dict[str, int]  # https, http (nginx), rapport
    folder: Path

    def https(self, method: str, path: str, body: bytes = b"", **headers: str) -> Answer:
        tls = ssl.create_default_context(cafile=str(self.folder / "cert.pem"))
        connection = http.client.HTTPSConnection(
            "127.0.0.1",
            self.ports["https"],
            context=tls,
            timeout=10,
            source_address=(SLACK_SIDE, 0),
        )
        return _exchange(connection, method, path, body, headers)

    def http(self, port: str, method: str, path: str, **headers: str) -> Answer:
        """Plain HTTP to nginx's port 80 stand-in, or straight to Rapport's port."""
        connection = http.client.HTTPConnection(
            "127.0.0.1", self.ports[port], timeout=10, source_address=(SLACK_SIDE, 0)
        )
        return _exchange(connection, method, path, b"", headers)

    def slack_command(self, user: str, command: str, text: str, *, secret: str = SECRET) -> Answer:
        """A slash command as Slack sends it: form body, timestamp, signature over both."""
        fields = payloads.command_fields(
            self.fake, "A0RAPPORT", user, CLIENT_CHANNEL, command, text
        )
        body = urlencode(fields).encode()
        timestamp = str(int(time.time()))
        return self.https(
            "POST",
            "/slack/events",
            body,
            **{
                "Content-Type": "application/x-www-form-urlencoded",
                "X-Slack-Request-Timestamp": timestamp,
                "X-Slack-Signature": sign(secret, timestamp, body),
            },
        )

    def stop(self) -> None:
        """SIGQUIT: nginx finishes what is in flight; SIGTERM: Rapport finishes what it
        acknowledged. Both then stop."""
        if self.nginx.poll() is None:
            self.nginx.send_signal(signal.SIGQUIT)
        if self.rapport.poll() is None:
            self.rapport.send_signal(signal.SIGTERM)
        self.nginx.wait(timeout=15)
        self.rapport.wait(timeout=30)

    def rapport_lines(self) -> list[str]:
        return (self.folder / "rapport.log").read_text(encoding="utf-8").splitlines()

    def nginx_lines(self) -> list[str]:
        return (self.folder / "access.log").read_text(encoding="utf-8").splitlines()


@dataclass(frozen=True)
class Answer:
    status: int
    body: str
    headers: dict[str, str]


def _exchange(
    connection: http.client.HTTPConnection,
    method: str,
    path: str,
    body: bytes,
    headers: dict[str, str],
) -> Answer:
    try:
        connection.request(method, path, body=body or None, headers=headers)
        response = connection.getresponse()
        return Answer(response.status, response.read().decode(), dict(response.getheaders()))
    finally:
        connection.close()


def _site(folder: Path, ports: dict[str, int]) -> str:
    """deploy/nginx/rapport.conf on this test's ports, certificate and log: each replacement
    must apply, so a change to the file's shape fails here rather than testing something else."""
    site = SITE.read_text(encoding="utf-8")
    for pattern, replacement in (
        (r"listen \[::\]:(80|443)[^;]*;\n", ""),
        (r"listen 80;", f"listen 127.0.0.1:{ports['http']};"),
        (r"listen 443 ssl http2;", f"listen 127.0.0.1:{ports['https']} ssl http2;"),
        (r"server 127\.0\.0\.1:3000;", f"server 127.0.0.1:{ports['rapport']};"),
        (r"ssl_certificate \S+;", f"ssl_certificate {folder}/cert.pem;"),
        (r"ssl_certificate_key \S+;", f"ssl_certificate_key {folder}/key.pem;"),
        (r"access_log \S+ rapport;", f"access_log {folder}/access.log rapport;"),
    ):
        site, count = re.subn(pattern, replacement, site)
        assert count > 0, f"deploy/nginx/rapport.conf no longer has {pattern!r}"
    return site


def _start_nginx(nginx: str, folder: Path, ports: dict[str, int]) -> subprocess.Popen[bytes]:
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"]
        + ["-nodes", "-days", "1", "-subj", "/CN=127.0.0.1"]
        + ["-addext", "subjectAltName=IP:127.0.0.1"]
        + ["-keyout", str(folder / "key.pem"), "-out", str(folder / "cert.pem")],
        check=True,
        capture_output=True,
    )
    (folder / "rapport.conf").write_text(_site(folder, ports))
    temp_paths = "".join(
        f"    {kind}_temp_path {folder}/{kind};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    # As root, nginx's workers would become www-data, who cannot read this test's folder.
    user = "user root;\n" if os.geteuid() == 0 else ""
    (folder / "nginx.conf").write_text(
        f"{user}daemon off;\nworker_processes 1;\npid {folder}/nginx.pid;\n"
        f"error_log {folder}/error.log notice;\n"
        "events { worker_connections 64; }\n"
        f"http {{\n{temp_paths}    include {folder}/rapport.conf;\n}}\n"
    )
    return subprocess.Popen(
        [
            nginx,
            "-p",
            str(folder),
            "-c",
            str(folder / "nginx.conf"),
            "-e",
            str(folder / "error.log"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _wait_for(port: int, process: subprocess.Popen[bytes], what: str, path: str = "") -> None:
    """Until `port` takes connections, or with a `path`, until a GET of it answers 200 (gunicorn
    takes connections before a worker is ready to answer them)."""
    deadline = time.monotonic() + 30
    while not _answers(port, path):
        assert process.poll() is None, f"{what} stopped (status {process.returncode})"
        assert time.monotonic() < deadline, f"{what} did not come up"
        time.sleep(0.1)


def _answers(port: int, path: str) -> bool:
    try:
        if not path:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return True
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        return _exchange(connection, "GET", path, b"", {}).status == 200
    except OSError:
        return False


@pytest.fixture
def production(tmp_path: Path) -> Iterator[Production]:
    nginx = _nginx()  # skips, or fails under CI, before anything starts
    fake = FakeSlack(token=TOKEN).start()
    seed_workspace(fake)
    ports = {"https": free_port(), "http": free_port(), "rapport": free_port()}
    env = base_env(
        SLACK_BOT_TOKEN=TOKEN,
        SLACK_SIGNING_SECRET=SECRET,
        DATABASE_URL=f"sqlite:///{tmp_path}/rapport.sqlite3",
        SLACK_API_URL=fake.api_url,
        HOST="127.0.0.1",
        PORT=str(ports["rapport"]),
        LOG_FORMAT="json",
        LOG_LEVEL="DEBUG",
    )
    # The command `pip install .` gives, as deploy/rapport.service runs it.
    with (tmp_path / "rapport.log").open("wb") as log:
        rapport = subprocess.Popen(
            [str(Path(sys.executable).parent / "rapport"), "serve"],
            env=env,
            cwd=tmp_path,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    running = Production(fake, rapport, _start_nginx(nginx, tmp_path, ports), ports, tmp_path)
    try:
        _wait_for(ports["https"], running.nginx, "nginx")
        _wait_for(ports["rapport"], rapport, "rapport serve", "/metrics")
        yield running
    finally:
        running.stop()
        fake.stop()


def test_slack_reaches_rapport_through_nginx_and_the_logs_say_who_asked(
    production: Production,
) -> None:
    # Signed requests pass through unaltered: Rapport checks the signature over the body and
    # headers nginx forwarded, then acts.
    set_up = production.slack_command(OWNER, "/project", "setup Acme Website")
    assert set_up.status == 200 and "*Acme Website* is set up" in set_up.body
    posted = production.slack_command(DEV, "/status", TYPED)
    assert posted.status == 200 and "Update posted" in posted.body
    assert production.slack_command(DEV, "/status", TYPED, secret="forged").status == 401

    health = production.https("GET", "/healthz")
    assert (health.status, json.loads(health.body)) == (200, {"ok": True, "database": "up"})
    assert health.headers["Strict-Transport-Security"].startswith("max-age=")
    redirect = production.http("http", "GET", "/slack/events")
    assert redirect.status == 301
    assert redirect.headers["Location"].startswith("https://")

    # The unsubscribe page of emails reaches Rapport (which refuses a link it did not sign).
    assert production.https("GET", "/email/unsubscribe?t=forged").status == 400
    # /metrics is not public; Prometheus scrapes Rapport's own loopback port.
    for path in ("/metrics", "/slack/../metrics", "/"):
        assert production.https("GET", path).status == 404, path
    scraped = production.http("rapport", "GET", "/metrics")
    assert scraped.status == 200
    assert 'rapport_http_requests_total{path="/slack/events",status="200"}' in scraped.body
    # Straight to Rapport's port, not from the proxy: what the headers claim is not believed.
    production.http(
        "rapport", "GET", "/healthz", **{"X-Forwarded-For": "203.0.113.9", "X-Request-ID": "f" * 32}
    )

    production.stop()
    assert production.rapport.returncode == 0
    lines = production.rapport_lines()
    entries = [json.loads(line) for line in lines]  # every line is one JSON object
    assert all({"time", "level", "logger", "message"} <= entry.keys() for entry in entries)
    assert any(e["logger"] == "gunicorn.error" for e in entries)  # gunicorn's own lines too
    requests = [e for e in entries if e["logger"] == "rapport.access"]
    proxied = [e for e in requests if e["path"] == "/slack/events"]
    assert [(e["kind"], e["status"]) for e in proxied] == [
        ("/project", 200),
        ("/status", 200),
        ("/status", 401),
    ]
    # The client is Slack's side of nginx (X-Forwarded-For from the trusted proxy), and the
    # request id is nginx's, found in its access log.
    assert {e["client"] for e in proxied} == {SLACK_SIDE}
    nginx_log = "\n".join(production.nginx_lines())
    assert all(
        re.fullmatch(r"[0-9a-f]{32}", e["request_id"]) and e["request_id"] in nginx_log
        for e in proxied
    )
    [direct] = [e for e in requests if e["path"] == "/healthz" and e["request_id"] not in nginx_log]
    assert direct["client"] == SLACK_SIDE  # the peer, not the 203.0.113.9 it claimed
    assert direct["request_id"] != "f" * 32

    everything = "\n".join(lines) + nginx_log
    for secret in (TOKEN, SECRET, payloads.TOKEN, "Invoices exported"):
        assert secret not in everything
