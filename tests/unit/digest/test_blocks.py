"""The weekly digest as the client and the team read it in Slack."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from bot.digest.blocks import build_digest
from bot.digest.contents import Digest, NotPosted, assemble_digest
from bot.platform.blocks import Block
from bot.sandbox.limits import check_message_blocks
from storage.models import Feedback, StatusUpdate
from tests.factories import FRIDAY, MONDAY, make_feedback, make_project, make_update
from tests.reading import all_text, section_texts

WEEK = [
    make_update(
        "Vendor escalation, keep quiet",
        id=3,
        author_id="U0ANA",
        health="off-track",
        progress=70,
        visibility="internal",
        created_at=MONDAY + timedelta(days=2),
    ),
    make_update(
        "Login page on staging",
        id=2,
        health="at-risk",
        progress=55,
        next_steps="Password reset",
        blockers="SSO metadata from Acme IT",
        created_at=MONDAY + timedelta(days=1),
    ),
    make_update("Wireframes approved", id=1, health="on-track", progress=40, created_at=MONDAY),
]


def digest_for(audience: str, updates: list[StatusUpdate] | None = None) -> Digest:
    return assemble_digest(
        project=make_project(timezone="Europe/Berlin"),
        audience=audience,
        since=MONDAY,
        until=FRIDAY,
        updates=WEEK if updates is None else updates,
        received=[],
        resolved=[],
    )


def render(
    audience: str,
    updates: list[StatusUpdate] | None = None,
    received: list[Feedback] | None = None,
    resolved: list[Feedback] | None = None,
    project_name: str = "Acme Website",
) -> tuple[str, list[Block]]:
    digest = assemble_digest(
        project=make_project(name=project_name),
        audience=audience,
        since=MONDAY,
        until=FRIDAY,
        updates=WEEK if updates is None else updates,
        received=received or [],
        resolved=resolved or [],
    )
    return build_digest(digest)


@pytest.mark.parametrize("audience", ["client", "internal"])
def test_every_digest_is_within_slacks_limits(audience: str) -> None:
    _, blocks = render(audience)

    assert check_message_blocks(blocks) == []


def test_client_digest_hides_internal_updates_and_their_health() -> None:
    text, blocks = render("client")
    shown = all_text(blocks)

    assert "Vendor escalation" not in shown
    assert "🔒" not in shown
    assert "Login page on staging" in shown
    assert "🟡 At risk" in shown
    assert "55%" in shown
    assert "70%" not in shown
    assert text == "Weekly update — Acme Website: 🟡 At risk, progress 55%"


def test_internal_digest_shows_internal_updates_with_a_lock() -> None:
    text, blocks = render("internal")
    shown = all_text(blocks)

    assert "🔒 Vendor escalation, keep quiet — <@U0ANA>" in shown
    assert "• Login page on staging — <@U0BEN>" in shown
    assert "🔒 Login page" not in shown
    assert "🔴 Off track" in shown
    assert "70%" in shown
    assert blocks[0]["type"] == "header"
    assert "(internal)" in all_text(blocks[:1])
    assert text == "Weekly update — Acme Website: 🔴 Off track, progress 70%"


def test_highlights_read_oldest_first_with_next_steps_and_blockers() -> None:
    _, blocks = render("client")
    sections = section_texts(blocks)

    highlights = next(s for s in sections if s.startswith("*Highlights*"))
    assert highlights.index("Wireframes approved") < highlights.index("Login page on staging")
    assert "*Next steps*\n• Password reset — <@U0BEN>" in sections
    assert "*Blockers*\n• SSO metadata from Acme IT — <@U0BEN>" in sections


def test_the_period_is_shown_in_the_projects_time_zone() -> None:
    _, blocks = render("client")

    assert "Mon, Nov 16 – Fri, Nov 20, 2026 · times in Europe/Berlin" in all_text(blocks)


def test_only_the_client_digest_invites_feedback() -> None:
    _, client_blocks = render("client")
    _, internal_blocks = render("internal")

    assert "Type `/feedback` in this channel" in all_text(client_blocks)
    assert "/feedback" not in all_text(internal_blocks)


def test_a_quiet_week_says_so() -> None:
    text, blocks = render("client", updates=[])
    shown = all_text(blocks)

    assert "No status updates were posted this week." in shown
    assert "The project's owner can tell you where things stand" in shown
    assert "No feedback this week." in shown
    assert "⚪ Not reported" in shown
    assert text == "Weekly update — Acme Website: ⚪ Not reported, progress —"


def test_a_quiet_week_names_the_owner_to_the_client_and_is_plain_internally() -> None:
    digest = replace(digest_for("client", updates=[]), owner_ids=["U0ANA"])
    _, blocks = build_digest(digest)
    assert "<@U0ANA> can tell you where things stand" in all_text(blocks)

    _, internal = build_digest(replace(digest, audience="internal"))
    assert "Nobody posted an update this week." in all_text(internal)


def test_a_late_digest_says_so_and_missed_ones_are_listed_internally() -> None:
    missed = [
        NotPosted("digest", datetime(2026, 11, 13, 15, 0, tzinfo=UTC), "missed"),
        NotPosted("report", datetime(2026, 11, 2, 9, 0, tzinfo=UTC), "refused", "not_in_channel"),
    ]
    digest = replace(digest_for("internal"), late=True, missed=missed)
    _, blocks = build_digest(digest)
    shown = all_text(blocks)
    assert "posted late" in shown
    # In the project's zone, Berlin:
    assert (
        "the digest of Fri, Nov 13, 4:00\u202fPM: Rapport was down past the catch-up window"
        in shown
    )
    assert "the monthly report of Nov 2: Slack refused it (`not_in_channel`)" in shown
    _, client = build_digest(replace(digest, audience="client"))
    assert "Not posted" not in all_text(client)


def test_user_text_cannot_ping_or_forge_links() -> None:
    nasty = "<!channel> done & dusted <http://evil.example|bank> <@U0CEO>"
    updates = [make_update(nasty, next_steps="<!here> next", blockers="<!everyone> blocked")]
    resolved = [make_feedback(number=1, state="resolved", resolution="<!channel> fixed")]
    received = [make_feedback("<!here> open issue", number=2)]

    for audience in ("client", "internal"):
        _, blocks = render(audience, updates, received=received, resolved=resolved)
        shown = all_text(blocks)

        assert "<!" not in shown
        assert "<http" not in shown
        assert "<@U0CEO>" not in shown
        assert "&lt;!channel&gt; done &amp; dusted" in shown
        assert "<@U0BEN>" in shown  # the real author mention still works


def test_a_project_name_cannot_ping_through_the_notification_text() -> None:
    text, _ = render("client", project_name="<!channel> Acme")

    assert "<!channel>" not in text


def test_feedback_summary_for_the_client() -> None:
    received = [
        make_feedback("Logs me out", number=1, kind="problem", state="resolved"),
        make_feedback("Great demo", number=2, kind="praise"),
    ]
    resolved = [
        make_feedback(
            "Logs me out", number=1, state="resolved", resolution="Sessions now last 8 hours"
        )
    ]

    _, blocks = render("client", received=received, resolved=resolved)
    summary = next(s for s in section_texts(blocks) if s.startswith("*Your feedback*"))

    assert "2 received (1 problem, 1 praise) · 1 resolved" in summary
    assert "✅ FB-1 resolved: Sessions now last 8 hours" in summary
    assert "Great demo" not in summary


def test_internal_feedback_summary_also_lists_what_is_still_open() -> None:
    received = [
        make_feedback("Logs me out", number=1, state="resolved"),
        make_feedback("Need an invoice", number=2, kind="request", state="acknowledged"),
    ]

    _, blocks = render("internal", received=received)
    summary = next(s for s in section_texts(blocks) if s.startswith("*Client feedback*"))

    assert "FB-2 (request, 👀 Acknowledged): Need an invoice" in summary
    assert "Logs me out" not in summary


@pytest.mark.parametrize("audience", ["client", "internal"])
def test_a_huge_week_still_fits_in_one_message(audience: str) -> None:
    long_text = "&<" * 1500  # escaping makes it longer still
    updates = [
        make_update(
            f"{n} {long_text}",
            id=n,
            health="at-risk",
            progress=n % 101,
            next_steps=long_text,
            blockers=long_text,
            visibility="internal" if n % 2 else "client",
            created_at=MONDAY + timedelta(minutes=n),
        )
        for n in range(400, 0, -1)
    ]
    received = [
        make_feedback(long_text, number=n, resolution=long_text, state="resolved")
        for n in range(1, 201)
    ]

    _, blocks = render(audience, updates, received=received, resolved=received)

    assert len(blocks) <= 50
    assert check_message_blocks(blocks) == []
    assert all(len(text) <= 3000 for text in section_texts(blocks))
    highlights = next(s for s in section_texts(blocks) if s.startswith("*Highlights*"))
    shown = highlights.count("\n• ")
    left_out = re.search(r"\n…and (\d+) more$", highlights)
    assert left_out is not None, highlights[-200:]
    assert shown >= 1
    assert shown + int(left_out.group(1)) == (400 if audience == "internal" else 200)
