"""Many digests due in the same minute: the scheduler's posts are paced within Slack's limits,
against the stand-in with its rate limits on (not timed: counted)."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from bot.app import build_scheduler
from bot.digest.posting import DIGEST_EVENT
from bot.platform.deps import make_deps
from bot.platform.settings import Settings
from bot.platform.slack_client import SCHEDULED_POSTS, PacedWebClient, PostPacer, make_web_client
from bot.sandbox.fake_slack import FakeSlack
from bot.sandbox.rate_limits import RateLimits
from storage.db import session_scope
from storage.models import JobRun
from storage.projects import create_project
from tests.conftest import Database

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]  # claims from 10 threads at once

DIGEST_AT = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)  # Friday 16:00 in Berlin
PROJECTS = 4
TEAM_CHANNEL = "G0TEAM"  # one agency team channel: every internal digest goes there
# Slack's workspace cap scaled down (6 posts in 2 s), so a handful of projects reaches it;
# the pacer's own cap kept under it, as in production (40 in 10 s under the fake's 50).
LIMITS = RateLimits(most=6, window=2.0)
TOKEN = "xoxb-pace"


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    running = FakeSlack(token=TOKEN, rate_limits=LIMITS).start()
    running.add_user("U0OWNER", "owner", "Owner")
    running.add_channel(TEAM_CHANNEL, "agency-team", ["U0OWNER"], bot_member=True)
    yield running
    running.stop()


def test_digests_due_at_once_are_each_posted_once_without_a_429(
    database: Database, fake: FakeSlack
) -> None:
    settings = Settings(
        slack_bot_token=TOKEN,
        slack_signing_secret="secret",
        database_url=database.url,
        slack_api_url=fake.api_url,
    )
    deps = make_deps(settings, database.engine, clock=lambda: DIGEST_AT)
    ids = []
    with session_scope(database.engine) as session:
        for number in range(PROJECTS):
            channel = f"C0P{number}"
            fake.add_channel(channel, f"client-{number}", ["U0OWNER"], bot_member=True)
            project = create_project(
                session=session,
                team_id="T0AGENCY",
                name=f"Project {number}",
                channel_id=channel,
                owner_id="U0OWNER",
                timezone="Europe/Berlin",
                now=DIGEST_AT - timedelta(days=30),
            )
            project.internal_channel_id = TEAM_CHANNEL
            ids.append(project.id)
    client = make_web_client(
        settings, retries="rate-limits", pacer=PostPacer(most=5, window=LIMITS.window)
    )
    scheduler = build_scheduler(deps, client)

    # As APScheduler's pool runs the jobs that fire in the same minute: side by side.
    with ThreadPoolExecutor(max_workers=10) as pool:
        list(pool.map(lambda project_id: scheduler.fire("digest", project_id), ids))

    digests = [e for e in fake.messages() if (e.metadata or {}).get("event_type") == DIGEST_EVENT]
    channels = sorted(e.channel or "" for e in digests)
    assert channels == sorted([f"C0P{n}" for n in range(PROJECTS)] + [TEAM_CHANNEL] * PROJECTS)
    assert fake.limiter is not None and fake.limiter.refused == 0
    with session_scope(database.engine) as session:
        states = [run.state for run in session.exec(select(JobRun))]
    assert states == ["posted"] * (2 * PROJECTS)


def test_the_scheduler_posts_through_the_process_wide_pacer(database: Database) -> None:
    settings = Settings(slack_bot_token=TOKEN, slack_signing_secret="secret")
    scheduler = build_scheduler(make_deps(settings, database.engine))

    assert isinstance(scheduler.client, PacedWebClient)
    assert scheduler.client.pacer is SCHEDULED_POSTS
