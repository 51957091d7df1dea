"""The pacer of scheduled posts and the stand-in's model of Slack's rate limits, on a clock
moved by hand."""

from __future__ import annotations

from bot.platform.slack_client import PostPacer
from bot.sandbox.rate_limits import PostLimiter, RateLimits


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def pacer(clock: Clock) -> PostPacer:
    return PostPacer(per_channel=1.0, most=40, window=10.0, clock=clock, sleep=clock.sleep)


def test_posts_to_one_channel_are_a_second_apart() -> None:
    clock = Clock()
    paced = pacer(clock)
    turns = []
    for _ in range(3):
        paced.wait("C1")
        turns.append(clock.now)

    assert turns == [100.0, 101.0, 102.0]


def test_posts_across_channels_stay_under_the_workspace_cap() -> None:
    clock = Clock()
    paced = pacer(clock)
    turns = []
    for number in range(100):
        paced.wait(f"C{number}")
        turns.append(clock.now)

    assert max(sum(1 for t in turns if start <= t < start + 10) for start in turns) <= 40
    assert turns[-1] - turns[0] < 25  # and no slower than it needs to be


def test_a_429_holds_every_post_for_its_retry_after() -> None:
    clock = Clock()
    paced = pacer(clock)
    paced.wait("C1")
    paced.hold(5)

    paced.wait("C2")

    assert clock.now == 105.0


def test_a_limiter_refuses_a_second_post_in_a_channel_within_the_second() -> None:
    limiter = PostLimiter(RateLimits())

    assert limiter.admit("C1", 0.0) is None
    assert limiter.admit("C2", 0.1) is None
    assert limiter.admit("C1", 0.5) == 1
    assert limiter.admit("C1", 1.0) is None
    assert (limiter.accepted, limiter.refused) == (3, 1)


def test_a_limiter_caps_the_workspace_over_its_window() -> None:
    limiter = PostLimiter(RateLimits(most=50, window=10.0))
    for number in range(50):
        assert limiter.admit(f"C{number}", number * 0.1) is None

    assert limiter.admit("C99", 5.0) == 5  # the first post leaves the window at 10.0
    assert limiter.admit("C99", 10.0) is None
