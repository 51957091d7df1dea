"""Counters an operator scrapes from GET /metrics (Prometheus text format).

Each app gets its own registry, so several apps in one process (the tests) do not collide.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest


def _registry() -> CollectorRegistry:
    return CollectorRegistry(auto_describe=True)


@dataclass
class Metrics:
    registry: CollectorRegistry = field(default_factory=_registry)

    def __post_init__(self) -> None:
        self.requests = Counter(
            "rapport_http_requests",
            "HTTP requests served, by path and status code",
            ["path", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "rapport_http_request_seconds",
            "Time to answer an HTTP request (for Slack: until the acknowledgement)",
            ["path"],
            registry=self.registry,
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 3, 5),
        )
        self.listener_errors = Counter(
            "rapport_listener_errors",
            "Failures inside listeners, reported to the person and logged",
            registry=self.registry,
        )
        self.retries_dropped = Counter(
            "rapport_slack_retries_dropped",
            "Deliveries Slack sent again that were recognised and not acted on twice",
            registry=self.registry,
        )

    def exposition(self) -> bytes:
        return generate_latest(self.registry)
