"""Incidents in Slack, in every language Rapport speaks: the notice and its status line, the
alert, an update, the reminder, the late warning, the resolution's timeline, the review and the
forms; the quick form; the update plan. Built inside `speaking(language)`, checked against
Slack's limits, and wholly in the reader's language (Chinese with Chinese typed in)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.incidents.blocks import (
    build_alert,
    build_incident_list,
    build_late_warning,
    build_notice,
    build_reminder,
    build_thread_update,
)
from bot.incidents.forms import (
    build_declare_modal,
    build_resolve_modal,
    build_review_modal,
    build_update_modal,
)
from bot.incidents.quick_form import parse_incident_command
from bot.incidents.summary import (
    build_resolution,
    build_review,
    build_review_request,
    incident_figures,
    incident_section,
    punctuality,
)
from bot.platform.calendar import write_days_off
from bot.platform.i18n import speaking
from bot.projects.incident_plan import describe_plan, next_update_at, parse_incident_updates
from bot.projects.timing import PlanError
from bot.sandbox.limits import check_message_blocks, check_view
from storage.models import Incident, IncidentUpdate, Project
from tests.factories import make_project
from tests.language import LANGUAGES, assert_in_language
from tests.reading import all_text

DECLARED = datetime(2026, 11, 16, 13, 0, tzinfo=UTC)  # Monday 14:00 in Berlin
TZ = "Europe/Berlin"
TYPED = {
    "en": ("Checkout fails for card payments", "The bank's gateway times out", "Fixed a cert"),
    "zh_CN": ("银行卡支付结账失败", "银行网关超时", "更新了证书"),
}


def incident(language: str, **changes: Any) -> Incident:
    title, known, summary = TYPED[language]
    values: dict[str, Any] = {
        "id": 7,
        "project_id": 1,
        "number": 2,
        "severity": "sev1",
        "declared_severity": "sev1",
        "title": title,
        "known": known,
        "owner_id": "U0BEN",
        "declared_by": "U0ANA",
        "declared_at": DECLARED,
        "noticed_at": DECLARED + timedelta(seconds=40),
        "next_update_at": DECLARED + timedelta(minutes=30),
        "summary": summary,
    }
    return Incident(**{**values, **changes})


def update(language: str, minutes: int, due: int) -> IncidentUpdate:
    return IncidentUpdate(
        incident_id=7,
        author_id="U0BEN",
        text=TYPED[language][1],
        severity="sev2",
        due_at=DECLARED + timedelta(minutes=due),
        at=DECLARED + timedelta(minutes=minutes),
    )


def check(message: tuple[str, list[dict[str, Any]]], language: str) -> str:
    text, blocks = message
    assert check_message_blocks(blocks) == []
    shown = all_text(blocks)
    assert_in_language([text, shown], language, allowed=["SEV1", "SEV2", "INC-2", "Acme", TZ])
    return shown


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_notice_says_what_who_and_when_and_offers_the_teams_buttons(language: str) -> None:
    with speaking(language):
        shown = check(build_notice(incident(language), timezone=TZ, now=DECLARED), language)
        _text, blocks = build_notice(incident(language), timezone=TZ, now=DECLARED)
    assert "INC-2" in shown and TYPED[language][0] in shown and "<@U0BEN>" in shown
    assert "14:30" in shown or "2:30" in shown
    assert [e["action_id"] for b in blocks if b["type"] == "actions" for e in b["elements"]] == [
        "incident_update",
        "incident_resolve",
    ]
    resolved = incident(language, state="resolved", resolved_at=DECLARED + timedelta(hours=2))
    with speaking(language):
        _text, blocks = build_notice(resolved, timezone=TZ, now=DECLARED)
    assert not [b for b in blocks if b["type"] == "actions"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_of_an_incident_keeps_slacks_limits_and_its_language(language: str) -> None:
    now = DECLARED + timedelta(hours=2)
    inc = incident(language)
    done = incident(
        language,
        state="resolved",
        resolved_at=now,
        review_cause=TYPED[language][1],
        review_fix=TYPED[language][2],
        review_prevention=TYPED[language][2],
    )
    with speaking(language):
        check(
            build_alert(inc, project_name="Acme", owner_ids=["U0ANA"], timezone=TZ, now=now),
            language,
        )
        check(
            build_thread_update(update(language, 35, 30), inc, was="sev1", timezone=TZ, now=now),
            language,
        )
        check(build_reminder(inc, project_name="Acme", timezone=TZ), language)
        check(build_late_warning(inc, project_name="Acme", timezone=TZ, now=now), language)
        check(build_review_request(done, project_name="Acme"), language)
        check(build_review(done), language)
        timeline = check(build_resolution(done, [update(language, 35, 30)], timezone=TZ), language)
        for form in (
            build_declare_modal(project_id=1, project_name="Acme", channel_id="C1", owner_id="U1"),
            build_update_modal(inc),
            build_resolve_modal(inc),
            build_review_modal(inc),
        ):
            assert check_view(form) == []
        listed = all_text(build_incident_list([inc], project_name="Acme", timezone=TZ, now=now))
        section = incident_section([inc, done], TZ, now)
        figures = incident_figures([done], [update(language, 35, 30)])
    assert "INC-2" in listed and "INC-2" in section
    assert_in_language([section, figures], language, allowed=["SEV1", "INC-2", "Acme", TZ])
    assert TYPED[language][2] in timeline


def test_the_timeline_tells_how_late_each_update_came() -> None:
    updates = [update("en", 35, 30), update("en", 60, 65)]
    done = incident("en", state="resolved", resolved_at=DECLARED + timedelta(hours=2))
    kept = punctuality(done, updates)
    assert (kept.on_time, kept.promised, kept.first_notice) == (1, 2, timedelta(seconds=40))
    with speaking("en"):
        _text, blocks = build_resolution(done, updates, timezone=TZ)
    shown = all_text(blocks)
    assert "5 min late" in shown and "on time" in shown and "updates on time: 1 of 2" in shown
    assert "post-incident review" in shown


@pytest.mark.parametrize(
    ("typed", "verb", "severity", "number", "text"),
    [
        ("", "form", None, None, ""),
        ("sev1 Checkout fails", "declare", "sev1", None, "Checkout fails"),
        ("SEV3: slow search", "declare", "sev3", None, "slow search"),
        ("Checkout fails", "declare", None, None, "Checkout fails"),
        ("update INC-2 sev2 Fix deployed", "update", "sev2", 2, "Fix deployed"),
        ("update fix deployed", "update", None, None, "fix deployed"),
        ("resolve inc-4 Payments work again", "resolve", None, 4, "Payments work again"),
        ("ｓｅｖ１ 登录失败", "declare", "sev1", None, "登录失败"),
        ("list", "list", None, None, ""),
    ],
)
def test_the_quick_form(
    typed: str, verb: str, severity: str | None, number: int | None, text: str
) -> None:
    parsed = parse_incident_command(typed)
    assert (parsed.verb, parsed.severity, parsed.number, parsed.text) == (
        verb,
        severity,
        number,
        text,
    )


def test_the_update_plan_and_when_the_next_update_is_due() -> None:
    project = Project(name="Acme", team_id="T", client_channel_id="C", created_by="U",
                      created_at=DECLARED, timezone=TZ)  # fmt: skip
    assert parse_incident_updates("15m 1h 2d", project) == "15m 1h 2d"
    project.incident_updates = parse_incident_updates("sev2 4h", project)
    assert project.incident_updates == "30m 4h 1d"
    with speaking("en"):
        assert describe_plan(project) == (
            "SEV1 every 30 minutes, SEV2 every 4 hours, SEV3 every working day"
        )
    with pytest.raises(PlanError):
        parse_incident_updates("soon", project)
    friday = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)
    assert next_update_at(project, "sev1", friday) == friday + timedelta(minutes=30)
    assert next_update_at(project, "sev3", friday) == friday + timedelta(days=3)  # Monday


def test_a_sev3_update_is_due_on_the_next_working_day_of_the_projects_calendar() -> None:
    """National Day's week is not worked in China, its make-up Saturday is, and a day off the
    project took is not (the holidays package's calendar for CN, 2026)."""
    project = make_project(timezone="Asia/Shanghai", holiday_region="CN")

    def due_day(after: datetime) -> date:
        return next_update_at(project, "sev3", after).astimezone(ZoneInfo("Asia/Shanghai")).date()

    wednesday = datetime(2026, 9, 30, 2, 0, tzinfo=UTC)  # 10:00 in Beijing, before the holiday
    assert due_day(wednesday) == date(2026, 10, 8)  # 1–7 October are off
    project.days_off = write_days_off([date(2026, 10, 8)])
    assert due_day(wednesday) == date(2026, 10, 9)
    friday = datetime(2026, 10, 9, 2, 0, tzinfo=UTC)
    assert due_day(friday) == date(2026, 10, 10)  # the make-up Saturday is worked
