"""Counters an operator scrapes from GET /metrics (Prometheus text format).

Each app gets its own registry, so several apps in one process (the tests) do not collide.
Under gunicorn every worker counts in files of a shared folder (prometheus_client's
multiprocess mode), and a scrape, whichever worker answers it, adds up all of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest, values
from prometheus_client.multiprocess import MultiProcessCollector


def _registry() -> CollectorRegistry:
    return CollectorRegistry(auto_describe=True)


def count_in_shared_folder() -> None:
    """Call in a worker process before its Metrics exist, with PROMETHEUS_MULTIPROC_DIR set.
    prometheus_client picks its value class when it is first imported, which in gunicorn's
    arbiter happens before the folder is known; this picks it again, as that import would."""
    values.ValueClass = values.get_value_class()  # type: ignore[no-untyped-call]


@dataclass
class Metrics:
    registry: CollectorRegistry = field(default_factory=_registry)
    # The folder every worker's counters are written to (gunicorn), or None: this process only.
    shared_folder: str | None = None

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
        # Each (path, status) child found once: prometheus_client's labels() validates and
        # locks at every call, and every request counts.
        self._served: dict[tuple[str, str], Counter] = {}
        self._timed: dict[str, Histogram] = {}

    def count_request(self, path: str, status: str) -> None:
        child = self._served.get((path, status))
        if child is None:
            child = self._served[(path, status)] = self.requests.labels(path, status)
        child.inc()

    def time_request(self, path: str, seconds: float) -> None:
        child = self._timed.get(path)
        if child is None:
            child = self._timed[path] = self.latency.labels(path)
        child.observe(seconds)

    def exposition(self) -> bytes:
        if self.shared_folder is None:
            return generate_latest(self.registry)
        every_worker = CollectorRegistry()
        MultiProcessCollector(every_worker, path=self.shared_folder)  # type: ignore[no-untyped-call]
        return generate_latest(every_worker)
