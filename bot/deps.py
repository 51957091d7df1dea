"""What handlers and jobs need from the outside world, built once and passed down."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Engine

from bot.config import Settings
from bot.metrics import Metrics
from storage.models import utcnow


@dataclass(frozen=True)
class Deps:
    settings: Settings
    engine: Engine
    clock: Callable[[], datetime] = field(default=utcnow)
    metrics: Metrics = field(default_factory=Metrics)
