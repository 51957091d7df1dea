"""SchedulerDuty (bot/platform/workers.py): one scheduler among the workers that share a lock."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from bot.platform import workers
from bot.platform.workers import SchedulerDuty


class Recorded:
    """A scheduler that only notes that it was started and stopped."""

    def __init__(self) -> None:
        self.started = threading.Event()
        self.stopped = False

    def start(self) -> None:
        self.started.set()

    def shutdown(self) -> None:
        self.stopped = True


def test_one_of_two_workers_runs_the_scheduler_and_the_other_takes_it_up_after(
    tmp_path: Path,
) -> None:
    lock = str(tmp_path / "scheduler.lock")
    first, second = Recorded(), Recorded()
    holder = SchedulerDuty(lock, lambda: first, lambda: True, retry=0.05)
    waiting = SchedulerDuty(lock, lambda: second, lambda: True, retry=0.05)
    holder.begin()
    assert first.started.wait(5)
    waiting.begin()
    time.sleep(0.3)  # several tries
    assert not second.started.is_set()
    holder.end()  # the holder's worker leaves: its lock goes with it
    assert first.stopped
    assert second.started.wait(5)
    waiting.end()


def test_a_worker_told_to_stop_does_not_take_the_scheduler_up(tmp_path: Path) -> None:
    scheduler = Recorded()
    duty = SchedulerDuty(str(tmp_path / "scheduler.lock"), lambda: scheduler, lambda: False)
    duty.begin()
    time.sleep(0.2)
    duty.end()
    assert not scheduler.started.is_set()


def test_the_holder_keeps_its_lock_file_from_looking_old(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(workers, "TOUCH_SECONDS", 0.05)
    lock = tmp_path / "scheduler.lock"
    scheduler = Recorded()
    duty = SchedulerDuty(str(lock), lambda: scheduler, lambda: True)
    duty.begin()
    assert scheduler.started.wait(5)
    month_ago = time.time() - 30 * 86400
    os.utime(lock, (month_ago, month_ago))
    time.sleep(0.3)
    duty.end()
    assert lock.stat().st_mtime > time.time() - 60  # a cleaner of old files leaves it alone
