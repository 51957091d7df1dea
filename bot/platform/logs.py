"""Logging set-up. Slack's libraries log request bodies and headers at DEBUG, so they are held
at INFO whatever LOG_LEVEL says: tokens and user text stay out of the logs."""

from __future__ import annotations

import logging

CHATTY_LIBRARIES = ("slack_bolt", "slack_sdk", "rapport.bolt", "urllib3", "waitress.queue")


def configure_logging(level: int) -> None:
    logging.basicConfig(
        level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s", force=True
    )
    for name in CHATTY_LIBRARIES:
        logging.getLogger(name).setLevel(max(level, logging.INFO))
