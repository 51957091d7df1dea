"""The client behind the proxy: believed from FORWARDED_ALLOW_IPS only, never from a stranger."""

from __future__ import annotations

from typing import Any

import pytest

from bot.platform.forwarded import TrustedProxies

LOCAL = TrustedProxies(["127.0.0.1", "::1"])


def served(proxies: TrustedProxies, peer: str, **headers: str) -> dict[str, Any]:
    environ: dict[str, Any] = {"REMOTE_ADDR": peer, "wsgi.url_scheme": "http"}
    environ.update({f"HTTP_{name.upper()}": value for name, value in headers.items()})
    proxies.apply(environ)
    return environ


def test_the_proxy_names_the_client_and_its_scheme() -> None:
    environ = served(LOCAL, "127.0.0.1", x_forwarded_for="203.0.113.9", x_forwarded_proto="https")
    assert environ["REMOTE_ADDR"] == "203.0.113.9"
    assert environ["wsgi.url_scheme"] == "https"


def test_a_stranger_cannot_name_another_client_and_its_headers_are_dropped() -> None:
    environ = served(
        LOCAL,
        "198.51.100.7",
        x_forwarded_for="203.0.113.9",
        x_forwarded_proto="https",
        x_request_id="0123456789abcdef",
    )
    assert environ["REMOTE_ADDR"] == "198.51.100.7"
    assert environ["wsgi.url_scheme"] == "http"
    assert not [key for key in environ if key.startswith("HTTP_")]


def test_what_a_client_wrote_before_the_proxy_appended_is_not_believed() -> None:
    # The client sent "X-Forwarded-For: 10.9.9.9"; a proxy that appends added the address it saw.
    environ = served(LOCAL, "127.0.0.1", x_forwarded_for="10.9.9.9, 203.0.113.9")
    assert environ["REMOTE_ADDR"] == "203.0.113.9"


def test_trusted_proxies_in_a_chain_are_passed_over() -> None:
    chain = TrustedProxies(["127.0.0.1", "10.0.0.0/8"])
    environ = served(chain, "127.0.0.1", x_forwarded_for="10.9.9.9, 203.0.113.9, 10.0.0.4")
    assert environ["REMOTE_ADDR"] == "203.0.113.9"


@pytest.mark.parametrize(
    ("peer", "forwarded_for", "client"),
    [
        ("::1", "2001:db8::7", "2001:db8::7"),
        ("127.0.0.1", "", "127.0.0.1"),  # the proxy itself (a health check from its machine)
        ("127.0.0.1", "203.0.113.9\nINFO forged line", "127.0.0.1"),  # not an address: unused
        ("127.0.0.1", "unknown, 203.0.113.9", "203.0.113.9"),
    ],
)
def test_the_client_is_always_an_address(peer: str, forwarded_for: str, client: str) -> None:
    assert served(LOCAL, peer, x_forwarded_for=forwarded_for)["REMOTE_ADDR"] == client


def test_a_star_believes_any_peer() -> None:
    anyone = TrustedProxies(["*"])
    assert served(anyone, "198.51.100.7", x_forwarded_for="203.0.113.9")["REMOTE_ADDR"] == (
        "203.0.113.9"
    )
