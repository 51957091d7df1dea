"""Assembling the weekly digest from rows: what each audience gets to read."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.digest.contents import Digest, Line, assemble_digest
from storage.models import Feedback, StatusUpdate
from tests.factories import FRIDAY, MONDAY, make_feedback, make_project, make_update

# Newest first, as storage returns them.
WEEK = [
    make_update(
        "Secret vendor escalation",
        id=4,
        author_id="U0ANA",
        health="off-track",
        progress=70,
        blockers="Vendor contract",
        visibility="internal",
        created_at=MONDAY + timedelta(days=3),
    ),
    make_update(
        "Login page on staging",
        id=3,
        health="at-risk",
        next_steps="Password reset",
        blockers="SSO metadata",
        created_at=MONDAY + timedelta(days=2),
    ),
    make_update("Session handling", id=2, progress=55, created_at=MONDAY + timedelta(days=1)),
    make_update(
        "Wireframes approved",
        id=1,
        health="on-track",
        progress=40,
        next_steps="Build login",
        created_at=MONDAY,
    ),
]


def digest_for(
    audience: str,
    updates: list[StatusUpdate] | None = None,
    received: list[Feedback] | None = None,
    resolved: list[Feedback] | None = None,
) -> Digest:
    return assemble_digest(
        project=make_project(),
        audience=audience,
        since=MONDAY,
        until=FRIDAY,
        updates=WEEK if updates is None else updates,
        received=received or [],
        resolved=resolved or [],
    )


def test_client_digest_leaves_out_internal_updates_everywhere() -> None:
    digest = digest_for("client")

    assert [line.text for line in digest.highlights] == [
        "Wireframes approved",
        "Session handling",
        "Login page on staging",
    ]
    assert [line.text for line in digest.next_steps] == ["Password reset"]
    assert [line.text for line in digest.blockers] == ["SSO metadata"]
    assert not any(line.internal for line in digest.highlights)


def test_client_digest_health_and_progress_ignore_internal_updates() -> None:
    digest = digest_for("client")

    assert digest.health == "at-risk"
    assert digest.progress == 55


def test_internal_digest_has_every_update_oldest_first_marked_internal() -> None:
    digest = digest_for("internal")

    assert digest.highlights == [
        Line("U0BEN", "Wireframes approved"),
        Line("U0BEN", "Session handling"),
        Line("U0BEN", "Login page on staging"),
        Line("U0ANA", "Secret vendor escalation", internal=True),
    ]
    assert digest.blockers == [
        Line("U0BEN", "SSO metadata"),
        Line("U0ANA", "Vendor contract", internal=True),
    ]
    assert digest.health == "off-track"
    assert digest.progress == 70


def test_each_authors_latest_next_steps_and_blockers_stand() -> None:
    updates = [  # newest first
        make_update("Friday", id=4, author_id="U0BEN", created_at=MONDAY + timedelta(days=4)),
        make_update(
            "Thursday",
            id=3,
            author_id="U0CHEN",
            next_steps="Icons",
            created_at=MONDAY + timedelta(days=3),
        ),
        make_update(
            "Wednesday",
            id=2,
            author_id="U0BEN",
            next_steps="Password reset",
            blockers="SSO keys",
            created_at=MONDAY + timedelta(days=2),
        ),
        make_update(
            "Monday",
            id=1,
            author_id="U0BEN",
            next_steps="Build login",
            blockers="No designs",
            created_at=MONDAY,
        ),
    ]
    digest = digest_for("client", updates)

    assert digest.next_steps == [Line("U0BEN", "Password reset"), Line("U0CHEN", "Icons")]
    assert digest.blockers == [Line("U0BEN", "SSO keys")]
    assert len(digest.highlights) == 4


def test_progress_zero_is_a_reported_progress() -> None:
    updates = [
        make_update("Restarted the project", id=2, progress=0),
        make_update("Earlier", id=1, progress=80),
    ]

    assert digest_for("client", updates).progress == 0


def test_nothing_reported_leaves_health_and_progress_empty() -> None:
    digest = digest_for("client", [make_update("Quiet week")])

    assert digest.health is None
    assert digest.progress is None


def test_the_digest_carries_the_project_period_and_feedback() -> None:
    received = [make_feedback(number=1), make_feedback(number=2, kind="praise")]
    resolved = [make_feedback(number=1, state="resolved", resolution="Fixed")]

    digest = digest_for("client", received=received, resolved=resolved)

    assert digest.project_name == "Acme Website"
    assert digest.timezone == "Europe/Berlin"
    assert (digest.since, digest.until) == (MONDAY, FRIDAY)
    assert [f.number for f in digest.received] == [1, 2]
    assert [f.number for f in digest.resolved] == [1]


def test_a_week_with_only_internal_updates_is_empty_for_the_client() -> None:
    internal_only = [make_update("Team only", visibility="internal")]

    assert digest_for("client", internal_only).is_empty
    assert not digest_for("internal", internal_only).is_empty


def test_feedback_alone_makes_a_digest_worth_posting() -> None:
    assert digest_for("client", [], received=[make_feedback()]).is_empty is False
    assert digest_for("client", []).is_empty


def test_an_unknown_audience_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown audience 'everyone'"):
        digest_for("everyone")
