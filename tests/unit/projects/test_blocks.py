"""`/project plan`: the communication plan as the team and the client read it."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.projects.blocks import NO_PROJECT, build_plan, build_project_help
from bot.sandbox.limits import check_message_blocks
from tests.factories import make_member, make_project
from tests.reading import all_text

MEMBERS = [
    make_member("U0OWNER", "owner"),
    make_member("U0ANA", "team"),
    make_member("U0BEN", "team"),
    make_member("U0DANA", "client"),
    make_member("U0CO", "owner"),
]


def test_the_plan_shows_channels_people_and_cadence() -> None:
    text, blocks = build_plan(make_project(), MEMBERS)
    shown = all_text(blocks)

    assert text == "Communication plan — Acme Website"
    assert "*Client channel*\n<#C0CLIENT>" in shown
    assert "*Internal channel*\n<#C0TEAM>" in shown
    assert "*Owners*\n<@U0OWNER>, <@U0CO>" in shown
    assert "*Team*\n<@U0ANA>, <@U0BEN>" in shown
    assert "*Clients*\n<@U0DANA>" in shown
    assert "*Time zone*\nEurope/Berlin" in shown
    assert "Weekly digest: Friday 4:00\u202fPM" in shown
    assert "answer within 1 business day" in shown
    assert check_message_blocks(blocks) == []


def test_a_new_plan_explains_the_defaults() -> None:
    project = make_project(internal_channel_id=None)

    _, blocks = build_plan(project, [make_member("U0OWNER", "owner")])
    shown = all_text(blocks)

    assert "*Internal channel*\nnot set" in shown
    assert "*Team*\neveryone from our workspace" in shown
    assert "*Clients*\nguests from other organisations (Slack Connect)" in shown


def test_the_plan_follows_changes_to_digest_time_and_target() -> None:
    project = make_project(digest_weekday=0, digest_time="09:30", response_target="4h")

    shown = all_text(build_plan(project, MEMBERS)[1])

    assert "Weekly digest: Monday 9:30\u202fAM" in shown
    assert "answer within 4 hours" in shown


def test_a_long_project_name_and_many_members_fit() -> None:
    members = [make_member(f"U{n:08d}", "client") for n in range(300)]

    _, blocks = build_plan(make_project(name="N" * 80), members)

    assert check_message_blocks(blocks) == []


def test_help_and_no_project_say_how_to_start() -> None:
    assert "`/project setup NAME`" in all_text(build_project_help())
    assert "`/project setup NAME`" in NO_PROJECT


def test_a_project_name_cannot_ping_through_the_plans_notification_text() -> None:
    text, _ = build_plan(make_project(name="<!channel> Acme"), MEMBERS)

    assert "<!channel>" not in text


def test_help_names_the_export_for_owners() -> None:
    help_text = all_text(build_project_help())
    assert "`/project export`" in help_text and "(owners)" in help_text


def test_the_plan_names_its_language_and_the_next_digest_on_the_projects_clock() -> None:
    monday = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    shown = all_text(build_plan(make_project(), MEMBERS, now=monday)[1])
    assert "*Language*\nEnglish" in shown
    assert "• Next digest: Fri, Nov 27, 4:00\u202fPM" in shown  # 16:00 in Berlin
    assert "`/project set language en|zh-CN`" in all_text(build_project_help())
