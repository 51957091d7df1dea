"""Who the client is, behind a reverse proxy.

nginx (deploy/nginx/rapport.conf) connects to Rapport from 127.0.0.1 and says whom it serves in
X-Forwarded-For, over which scheme in X-Forwarded-Proto, and its own request id in X-Request-ID.
Those headers are believed only from a peer in FORWARDED_ALLOW_IPS: anyone else can write
anything there. One rule for both servers: gunicorn's own forwarded_allow_ips covers only the
scheme, and waitress trusts one address at most.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from ipaddress import ip_address, ip_network
from typing import Any

# What a proxy may tell, removed when the peer is not one (as waitress does by default).
FORWARDING_HEADERS = (
    "HTTP_FORWARDED",
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
    "HTTP_X_FORWARDED_BY",
    "HTTP_X_REQUEST_ID",
)


class TrustedProxies:
    def __init__(self, allowed: Iterable[str]) -> None:
        """`allowed`: addresses, networks (10.0.0.0/8) or `*`, as FORWARDED_ALLOW_IPS gives."""
        allowed = tuple(allowed)
        self._anyone = "*" in allowed
        self._networks = [ip_network(part, strict=False) for part in allowed if part != "*"]
        # Every request asks about its peer, nearly always one of a few addresses (the proxy):
        # parsing it costs more than the rest of this module's work.
        self.trusts = lru_cache(maxsize=1024)(self._trusts)

    def _trusts(self, address: str) -> bool:
        if self._anyone:
            return True
        try:
            peer = ip_address(address.strip("[]"))
        except ValueError:
            return False
        return any(peer in network for network in self._networks)

    def apply(self, environ: dict[str, Any]) -> None:
        """From a trusted proxy: REMOTE_ADDR becomes the client's address and wsgi.url_scheme
        the client's scheme. From anyone else: the forwarding headers are dropped, so nothing
        further on can be fooled by them."""
        peer = str(environ.get("REMOTE_ADDR", ""))
        if not self.trusts(peer):
            for header in FORWARDING_HEADERS:
                environ.pop(header, None)
            return
        environ["REMOTE_ADDR"] = self._client(peer, str(environ.get("HTTP_X_FORWARDED_FOR", "")))
        scheme = str(environ.get("HTTP_X_FORWARDED_PROTO", "")).strip().lower()
        if scheme in ("http", "https"):
            environ["wsgi.url_scheme"] = scheme

    def _client(self, peer: str, forwarded_for: str) -> str:
        """The nearest address that is not a trusted proxy, read from the right: each proxy
        appends the address it saw, and what a client wrote itself stands further left."""
        client = peer
        for hop in reversed([hop.strip() for hop in forwarded_for.split(",") if hop.strip()]):
            try:
                ip_address(hop.strip("[]"))
            except ValueError:
                break  # not an address: nothing to the left of it can be relied on
            client = hop
            if not self.trusts(hop):
                break
        return client
