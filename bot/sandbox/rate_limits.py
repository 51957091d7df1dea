"""chat.postMessage's rate limits, as the stand-in models them when asked to
(`FakeSlack(rate_limits=True)`; off by default, so the other tests stay fast).

Slack documents about one message per second per channel ("short bursts allowed") and a
workspace-wide cap it does not quantify. Modelled strictly: a post less than `per_channel`
seconds (less `tolerance`, for the jitter of loopback) after the channel's last accepted post,
or beyond `most` accepted posts in the last `window` seconds across the workspace, is answered
429 `ratelimited` with Retry-After: the whole seconds until it would have been accepted (at
least 1). Refused posts do not count against the limits.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, field


@dataclass(frozen=True)
class RateLimits:
    per_channel: float = 1.0
    most: int = 50
    window: float = 10.0
    tolerance: float = 0.05


@dataclass
class PostLimiter:
    limits: RateLimits = field(default_factory=RateLimits)
    accepted: int = 0
    refused: int = 0
    _last: dict[str, float] = field(default_factory=dict)
    _recent: deque[float] = field(default_factory=deque)

    def admit(self, channel: str, now: float) -> int | None:
        """None when the post may go (and it is counted); else the Retry-After in seconds."""
        limits = self.limits
        while self._recent and self._recent[0] <= now - limits.window:
            self._recent.popleft()
        waits = []
        last = self._last.get(channel)
        if last is not None and now - last < limits.per_channel - limits.tolerance:
            waits.append(last + limits.per_channel - now)
        if len(self._recent) >= limits.most:
            waits.append(self._recent[0] + limits.window - now)
        if waits:
            self.refused += 1
            return max(1, math.ceil(max(waits)))
        self._last[channel] = now
        self._recent.append(now)
        self.accepted += 1
        return None
