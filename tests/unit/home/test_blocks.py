"""The App Home tab built from plain values: what a team member and a client read on it."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from bot.home.blocks import ago, build_home, poll_line, response_line, sparkline
from bot.home.cards import Home, PollResult, ProjectCard, ResponseTrend
from bot.sandbox.limits import check_home_view
from tests.reading import all_text, section_texts

NOW = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)
HOUR = 3600
TARGET = 9 * HOUR  # one business day of 09:00–18:00

CALM = ResponseTrend(
    weekly_medians=(2 * HOUR, None, 3 * HOUR, 4 * HOUR),
    target_seconds=TARGET,
    within_target=0.9,
    judged=10,
)


def team_card(name: str = "Acme Website", **overrides: object) -> ProjectCard:
    values: dict[str, object] = {
        "name": name,
        "client_channel_id": "C0ACME",
        "audience": "team",
        "health": "at-risk",
        "progress": 60,
        "last_update_at": NOW - timedelta(days=2),
        "last_update_text": "Login page built; next: password reset",
        "last_update_author": "U0BEN",
        "open_feedback": 3,
        "overdue_feedback": 1,
        "pending_changes": 2,
        "oldest_change_at": NOW - timedelta(days=5),
        "polls": (PollResult("csat", 4.0), PollResult("csat", 4.5)),
        "response": CALM,
    }
    values.update(overrides)
    return ProjectCard(**values)  # type: ignore[arg-type]


def client_card(name: str = "Acme Website", **overrides: object) -> ProjectCard:
    values: dict[str, object] = {
        "name": name,
        "client_channel_id": "C0ACME",
        "audience": "client",
        "health": "on-track",
        "progress": 60,
        "last_update_at": NOW - timedelta(days=2),
        "open_feedback": 1,
        "pending_changes": 1,
        "oldest_change_at": NOW - timedelta(days=1),
    }
    values.update(overrides)
    return ProjectCard(**values)  # type: ignore[arg-type]


def quiet(name: str) -> ProjectCard:
    """A team card with nothing needing attention."""
    return team_card(name, pending_changes=0, oldest_change_at=None, overdue_feedback=0)


def cards_of(view: dict[str, object]) -> list[str]:
    return [t for t in section_texts(view["blocks"]) if " in <#" in t]  # type: ignore[arg-type]


def test_a_team_member_reads_the_whole_card() -> None:
    view = build_home(Home("U0ANA", NOW, [team_card()]))

    assert check_home_view(view) == []
    text = all_text(view["blocks"])
    assert "*Acme Website* in <#C0ACME>" in text
    assert "🟡 At risk · Progress 60%" in text
    assert "📝 Last update 2 days ago by <@U0BEN>: Login page built; next: password reset" in text
    assert "💬 Open feedback: 3 (1 past its answer target)" in text
    assert "🔀 Change requests pending: 2 (oldest 5 days)" in text
    assert "⭐ CSAT 4.0 → 4.5 ↑" in text
    assert "⏱ First response ▃·▃▄ · median 4 hr vs target 9 hr · 90% within target" in text
    assert "⚠️ *Needs attention:* 2 change requests wait for a decision; 1 feedback past" in text
    assert "1 project · 1 needs attention" in text
    assert "Refreshed <!date^" in text


def test_a_client_reads_health_their_feedback_and_their_decisions_only() -> None:
    view = build_home(Home("U0DANA", NOW, [client_card()]))

    assert check_home_view(view) == []
    text = all_text(view["blocks"])
    assert "🟢 On track · Progress 60%" in text
    assert "📝 Last update 2 days ago" in text
    assert "💬 Your open feedback: 1" in text
    assert "🔀 Change requests awaiting your decision: 1 (oldest yesterday)" in text
    assert "1 change request waits for your decision" in text
    for internal in ("First response", "within target", "CSAT", "NPS", "<@", "Login page"):
        assert internal not in text


def test_a_client_who_decides_nothing_sees_no_change_line() -> None:
    card = client_card(pending_changes=0, oldest_change_at=None)

    text = all_text(build_home(Home("U0GIA", NOW, [card]))["blocks"])

    assert "Change requests" not in text
    assert "Needs attention" not in text


def test_projects_needing_attention_come_first_then_by_name() -> None:
    slipping = replace(CALM, weekly_medians=(HOUR, HOUR, HOUR, 12 * HOUR))
    cards = [
        quiet("alpha"),
        quiet("Zeta"),
        team_card("Yankee"),  # pending changes
        quiet("Bravo"),
        replace(quiet("Xray"), response=slipping),
        replace(quiet("Whiskey"), overdue_feedback=2),
    ]

    names = [t.split("*")[1] for t in cards_of(build_home(Home("U0ANA", NOW, cards)))]

    assert names == ["Whiskey", "Xray", "Yankee", "alpha", "Bravo", "Zeta"]


def test_sixty_projects_fit_in_100_blocks_and_the_rest_are_counted() -> None:
    cards = [quiet(f"Project {n:02d}") for n in range(60)]
    cards[59] = team_card("Project 59")  # needs attention: shown although last by name

    view = build_home(Home("U0ANA", NOW, cards))

    assert check_home_view(view) == []
    assert len(view["blocks"]) <= 100
    shown = cards_of(view)
    assert len(shown) == 48
    assert shown[0].startswith("*Project 59*") and "Needs attention" in shown[0]
    text = all_text(view["blocks"])
    assert "…and 12 more projects, not shown" in text
    assert "60 projects · 1 needs attention" in text
    assert "Refreshed" in all_text(view["blocks"][-1:])


def test_a_project_name_cannot_ping_the_channel() -> None:
    name = "<!channel> Acme & <https://evil.example|Co>"

    text = all_text(build_home(Home("U0ANA", NOW, [team_card(name)]))["blocks"])

    assert "<!channel>" not in text
    assert "<https://evil" not in text
    assert "*&lt;!channel&gt; Acme &amp; &lt;https://evil.example|Co&gt;*" in text


def test_the_last_update_text_is_escaped_and_clipped() -> None:
    card = team_card(last_update_text="<!here> " + "word " * 100)

    text = all_text(build_home(Home("U0ANA", NOW, [card]))["blocks"])

    assert "<!here>" not in text and "&lt;!here&gt;" in text
    assert "…" in text and "word " * 60 not in text


def test_someone_on_no_project_is_told_how_to_start() -> None:
    view = build_home(Home("U0NEW", NOW, []))

    assert check_home_view(view) == []
    text = all_text(view["blocks"])
    assert "Welcome to Rapport" in text
    assert "You are not on any project yet" in text
    assert "`/project setup NAME` in the channel you share with your client" in text
    assert "Refreshed" in text


def test_a_project_with_no_update_poll_or_message_says_so() -> None:
    card = team_card(
        health=None,
        progress=None,
        last_update_at=None,
        polls=(),
        response=ResponseTrend((None, None, None, None), TARGET, None, 0),
    )

    text = all_text(build_home(Home("U0ANA", NOW, [card]))["blocks"])

    assert "⚪ Not reported · Progress —" in text
    assert "📝 No status update yet" in text
    assert "⭐ Satisfaction: no poll closed yet" in text
    assert "⏱ First response: no client messages in the last 4 weeks" in text


def test_ages_read_as_people_say_them() -> None:
    assert ago(NOW - timedelta(seconds=20), NOW) == "just now"
    assert ago(NOW - timedelta(minutes=5), NOW) == "5 min ago"
    assert ago(NOW - timedelta(hours=1), NOW) == "1 hour ago"
    assert ago(NOW - timedelta(hours=23), NOW) == "23 hours ago"
    assert ago(NOW - timedelta(hours=30), NOW) == "yesterday"
    assert ago(NOW - timedelta(days=2), NOW) == "2 days ago"
    assert ago(NOW - timedelta(days=21), NOW) == "3 weeks ago"
    assert ago(NOW + timedelta(minutes=1), NOW) == "just now"  # clocks disagree a little


def test_trends_in_text() -> None:
    assert sparkline([0, 3.5, 7, None], 7) == "▁▅█·"
    assert sparkline([10, 20], 5) == "▅█"  # above the target: scaled to the highest
    assert poll_line((PollResult("nps", 20), PollResult("nps", 10))) == "⭐ NPS +20 → +10 ↓"
    assert poll_line((PollResult("csat", 4.2),)) == "⭐ CSAT 4.2 (one poll so far)"
    assert poll_line((PollResult("csat", 4), PollResult("csat", 4))) == "⭐ CSAT 4.0 → 4.0 →"


def test_response_times_past_the_target_are_flagged() -> None:
    late = ResponseTrend((HOUR, 10 * HOUR), TARGET, 0.5, 4)

    line = response_line(late)

    assert line.endswith("⚠️")
    assert "median 10 hr vs target 9 hr · 50% within target" in line
    assert team_card(response=late, pending_changes=0, overdue_feedback=0).attention == [
        "first responses are slipping"
    ]
