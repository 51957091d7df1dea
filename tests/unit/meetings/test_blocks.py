"""Status meetings in Slack, in every language Rapport speaks: the agenda as the client and as
the team read it, the plan's meetings, the minutes, an action item's reminder, the list with
Close buttons and the minutes form; each within Slack's limits. What people typed stays as
they typed it (the `allowed` data)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from bot.meetings.agenda_blocks import build_agenda
from bot.meetings.blocks import (
    ACTION_ITEM_CLOSE,
    build_action_item_list,
    build_action_item_reminder,
    build_closed_item,
    build_meeting_list,
    build_meetings_help,
    build_minutes_post,
)
from bot.meetings.contents import AgendaRows, agenda_for
from bot.meetings.forms import MINUTES_MODAL, build_minutes_modal, read_minutes_modal
from bot.meetings.schedule import occurrence
from bot.platform.i18n import speaking
from bot.sandbox.limits import check_message_blocks, check_view
from storage.models import ActionItem, AgendaItem, Decision, Minutes
from tests.factories import MONDAY, make_change, make_feedback, make_project, make_risk, make_update
from tests.language import LANGUAGES, assert_in_language, texts
from tests.unit.meetings.test_schedule import make_meeting

TUESDAY = date(2026, 11, 17)
WORDS = {  # what the team and the client typed, in the project's language
    "en": [
        "Login page built",
        "SSO metadata",
        "Hiring plan",
        "Launch date",
        "Send the logs",
        "Staging logs me out",
        "Sign-in with SSO",
        "Payment provider late",
        "Weekly call",
    ],
    "zh_CN": [
        "登录页已完成",
        "SSO 元数据",
        "招聘计划",
        "上线日期",
        "发送日志",
        "预发布环境总是退出",
        "单点登录",
        "支付服务商延期",
        "每周例会",
    ],
}


def action_item(text: str, **overrides: Any) -> ActionItem:
    values: dict[str, Any] = {
        "id": 5,
        "project_id": 1,
        "number": 2,
        "minutes_id": 1,
        "text": text,
        "owner_id": "U0DANA",
        "due_on": date(2026, 11, 16),
        "created_by": "U0BEN",
        "created_at": MONDAY,
    }
    values.update(overrides)
    return ActionItem(**values)


def minutes(title: str, **overrides: Any) -> Minutes:
    values: dict[str, Any] = {
        "id": 1,
        "project_id": 1,
        "title": title,
        "held_on": TUESDAY,
        "recorded_by": "U0BEN",
        "recorded_at": MONDAY,
        "channel_id": "C0CLIENT",
        "ts": "1.2",
    }
    values.update(overrides)
    return Minutes(**values)


def agenda_rows(words: list[str]) -> AgendaRows:
    built, blocked, hiring, launch, logs, staging, sso, late, _call = words
    return AgendaRows(
        since=MONDAY,
        updates=[
            make_update(built, blockers=blocked),
            make_update(hiring, id=2, author_id="U0ANA", visibility="internal"),
        ],
        risks=[make_risk(late)],
        changes=[make_change(title=sso, channel_id="C0CLIENT", ts="1.1")],
        feedback=[make_feedback(staging, card_channel_id="C0TEAM", card_ts="1.3")],
        action_items=[(action_item(logs), minutes(_call))],
        added=[
            AgendaItem(id=1, project_id=1, author_id="U0BEN", text=launch, created_at=MONDAY),
            AgendaItem(
                id=2,
                project_id=1,
                author_id="U0ANA",
                text=hiring,
                visibility="internal",
                created_at=MONDAY,
            ),
        ],
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_agenda_as_the_client_and_the_team_read_it(language: str) -> None:
    words = WORDS[language]
    project = make_project(language=language)
    meeting = make_meeting(title=words[-1])
    due = occurrence(meeting, project.timezone, TUESDAY)
    links = {
        "change:3": "https://agency.slack.com/archives/C0CLIENT/p11",
        "feedback:7": "https://agency.slack.com/archives/C0TEAM/p13",
        "action:5": "https://agency.slack.com/archives/C0CLIENT/p12",
    }
    rows = agenda_rows(words)
    allowed = [*words, "Acme Website", "Europe/Berlin", "SSO"]
    with speaking(language):
        client_text, client = build_agenda(
            agenda_for(
                rows, project=project, meeting=meeting, due=due, audience="client", links=links
            )
        )
        team_text, team = build_agenda(
            agenda_for(
                rows, project=project, meeting=meeting, due=due, audience="internal", links=links
            )
        )
    for blocks, text in ((client, client_text), (team, team_text)):
        assert check_message_blocks(blocks) == []
        assert_in_language([text, blocks], language, allowed=allowed)
    seen, internal = " ".join(texts(client)), " ".join(texts(team))
    built, blocked, hiring, launch, logs, staging = words[:6]
    for word in (
        built,
        blocked,
        launch,
        logs,
        "FB-1",
        "<https://agency.slack.com/archives/C0CLIENT/p11|CR-2>",
    ):
        assert word in seen
    assert hiring not in seen and staging not in seen and "C0TEAM" not in seen
    assert hiring in internal and staging in internal
    assert "<https://agency.slack.com/archives/C0TEAM/p13|FB-1>" in internal
    assert "<https://agency.slack.com/archives/C0CLIENT/p12|A-2>" in internal
    assert "overdue" in internal if language == "en" else "逾期" in internal


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_empty_agenda_says_so(language: str) -> None:
    project = make_project(language=language)
    meeting = make_meeting(title=WORDS[language][-1])
    due = occurrence(meeting, project.timezone, TUESDAY)
    rows = AgendaRows(MONDAY, [], [], [], [], [], [])
    with speaking(language):
        _text, blocks = build_agenda(
            agenda_for(rows, project=project, meeting=meeting, due=due, audience="client", links={})
        )
    assert len(blocks) == 4
    assert_in_language(
        blocks, language, allowed=[WORDS[language][-1], "Acme Website", "Europe/Berlin"]
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_meetings_minutes_reminder_and_list(language: str) -> None:
    words = WORDS[language]
    call, logs = words[-1], words[4]
    item = action_item(logs, due_on=TUESDAY)
    decision = Decision(
        id=1,
        project_id=1,
        number=1,
        minutes_id=1,
        text=words[3],
        decided_by="U0BEN",
        decided_at=MONDAY,
    )
    allowed = [
        *words,
        "Acme Website",
        "Europe/Berlin",
        "https://agency.slack.com/archives/C0CLIENT/p12",
    ]
    with speaking(language):
        built = [
            build_meeting_list(
                [make_meeting(title=call), make_meeting(id=8, title=call, every_weeks=2)],
                project_name="Acme Website",
                timezone="Europe/Berlin",
                next_days={7: TUESDAY},
            ),
            build_meeting_list(
                [], project_name="Acme Website", timezone="Europe/Berlin", next_days={}
            ),
            build_minutes_post(minutes(call), [decision], [item], today=TUESDAY),
            build_action_item_reminder(
                item,
                project_name="Acme Website",
                meeting=call,
                today=TUESDAY,
                link="https://agency.slack.com/archives/C0CLIENT/p12",
            ),
            build_closed_item(
                action_item(logs, closed_by="U0DANA", state="closed"),
                project_name="Acme Website",
                today=TUESDAY,
                link=None,
            ),
            (
                "",
                build_action_item_list(
                    [item], project_name="Acme Website", today=TUESDAY, may_close={5}
                ),
            ),
            (
                "",
                build_action_item_list(
                    [], project_name="Acme Website", today=TUESDAY, may_close=set()
                ),
            ),
            ("", build_meetings_help()),
        ]
    for text, blocks in built:
        assert check_message_blocks(blocks) == []
        assert_in_language([text, blocks], language, allowed=allowed)
    reminder = built[3][1]
    assert reminder[-1]["elements"][0]["action_id"] == ACTION_ITEM_CLOSE
    assert reminder[-1]["elements"][0]["value"] == "5"
    assert "D-1" in str(built[2][1]) and "A-2" in str(built[2][1])


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_minutes_form(language: str) -> None:
    meeting = make_meeting(title=WORDS[language][-1])
    with speaking(language):
        view = build_minutes_modal(
            project_id=1,
            project_name="Acme Website",
            channel_id="C0CLIENT",
            meetings=[meeting],
            meeting_id=7,
            held_on=TUESDAY,
        )
    assert view["callback_id"] == MINUTES_MODAL and check_view(view) == []
    assert_in_language(view, language, allowed=[WORDS[language][-1], "Acme Website"])
    assert view["blocks"][1]["element"]["initial_option"]["value"] == "7"
    assert view["blocks"][2]["element"]["initial_date"] == "2026-11-17"


def state(**values: Any) -> dict[str, dict[str, Any]]:
    """A submission's state as Slack sends it, for the fields given."""
    found: dict[str, dict[str, Any]] = {}
    for block_id, value in values.items():
        if block_id.endswith("_who"):
            found[block_id] = {block_id: {"type": "users_select", "selected_user": value}}
        elif block_id.endswith(("_due", "held_on")):
            found[block_id] = {block_id: {"type": "datepicker", "selected_date": value}}
        elif block_id == "meeting":
            found[block_id] = {
                block_id: {"type": "static_select", "selected_option": {"value": value}}
            }
        else:
            found[block_id] = {block_id: {"type": "plain_text_input", "value": value}}
    return found


def test_the_minutes_form_read_back_with_what_to_fix() -> None:
    today = date(2026, 11, 17)
    with speaking("en"):
        draft = read_minutes_modal(
            state(
                meeting="7",
                held_on="2026-11-17",
                decisions="Launch on Dec 7\n\n Budget ok ",
                item_1_what="Send logs",
                item_1_who="U0DANA",
                item_2_what="Book room",
                item_2_who="U0BEN",
                item_2_due="2026-11-20",
            ),
            today=today,
        )
        assert draft.errors == {}
        assert (draft.meeting_id, draft.decisions) == (7, ["Launch on Dec 7", "Budget ok"])
        assert [(i.text, i.owner_id, i.due_on) for i in draft.items] == [
            ("Send logs", "U0DANA", date(2026, 11, 24)),  # a week after the meeting
            ("Book room", "U0BEN", date(2026, 11, 20)),
        ]
        wrong = read_minutes_modal(
            state(
                meeting="0",
                held_on=None,
                item_1_who="U0DANA",
                item_2_what="Call",
                item_2_who="U0BEN",
                item_2_due="2026-11-01",
            ),
            today=today,
        )
        assert set(wrong.errors) == {"held_on", "item_1_what", "item_2_due"}
        assert wrong.meeting_id is None
        nothing = read_minutes_modal(state(meeting="7", held_on="2026-11-17"), today=today)
        assert nothing.errors == {"decisions": "Record at least one decision or one action item."}
