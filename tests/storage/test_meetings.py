"""Status meetings in the database: a slot set twice is one meeting, minutes number their
decisions and action items per project with their lines in the decision log, an action item
closes once, and each reader's query returns what it should."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
from sqlalchemy import Engine
from sqlmodel import select

from storage.db import session_scope
from storage.meetings import (
    PlannedItem,
    Slot,
    action_items_for_digest,
    action_items_to_remind,
    close_action_item,
    get_action_item,
    meetings_of,
    open_action_items,
    record_minutes,
    remove_meeting,
    set_meeting,
)
from storage.models import ActionItem, Event, Minutes, Project
from tests.factories import NOW, new_project

pytestmark = pytest.mark.db

TUESDAY = date(2026, 11, 24)
THREADS = 6


def acme(engine: Engine) -> Project:
    with session_scope(engine) as session:
        return new_project(session)


def slot(title: str, **overrides: object) -> Slot:
    values: dict[str, object] = {
        "weekday": 1,
        "time": "10:00",
        "every_weeks": 1,
        "title": title,
        "agenda_lead_minutes": 60,
    }
    values.update(overrides)
    return Slot(**values)  # type: ignore[arg-type]


def test_a_slot_set_again_is_the_same_meeting_changed(engine: Engine) -> None:
    project = acme(engine)
    with session_scope(engine) as session:
        first, new = set_meeting(
            session=session,
            project=project,
            slot=slot("Weekly"),
            starts_on=TUESDAY,
            user_id="U0ANA",
            now=NOW,
        )
        assert new
    with session_scope(engine) as session:
        again, new = set_meeting(
            session=session,
            project=project,
            slot=slot("Steering", every_weeks=2),
            starts_on=TUESDAY,
            user_id="U0ANA",
            now=NOW,
        )
        assert not new and again.id == first.id
        set_meeting(
            session=session,
            project=project,
            slot=slot("Retro", weekday=4),
            starts_on=TUESDAY,
            user_id="U0ANA",
            now=NOW,
        )
    with session_scope(engine) as session:
        found = meetings_of(session=session, project=project)
        assert [(m.title, m.every_weeks) for m in found] == [("Steering", 2), ("Retro", 1)]
        gone = remove_meeting(session=session, project=project, weekday=1, time="10:00")
        assert gone is not None and gone.title == "Steering"
        assert remove_meeting(session=session, project=project, weekday=1, time="10:00") is None
    with session_scope(engine) as session:
        assert [m.title for m in meetings_of(session=session, project=project)] == ["Retro"]


def test_the_same_slot_set_at_once_is_one_meeting(engine: Engine) -> None:
    project = acme(engine)
    start = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def attempt(number: int) -> None:
        try:
            start.wait()
            with session_scope(engine) as session:
                set_meeting(
                    session=session,
                    project=project,
                    slot=slot(f"Call {number}"),
                    starts_on=TUESDAY,
                    user_id="U0ANA",
                    now=NOW,
                )
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with session_scope(engine) as session:
        assert len(meetings_of(session=session, project=project)) == 1


def record(engine: Engine, project: Project, visibility: str = "client") -> list[ActionItem]:
    assert project.id is not None
    with session_scope(engine) as session:
        minutes = Minutes(
            project_id=project.id,
            title="Weekly",
            held_on=TUESDAY,
            visibility=visibility,
            recorded_by="U0BEN",
            recorded_at=NOW,
        )
        _decisions, items = record_minutes(
            session=session,
            project=project,
            minutes=minutes,
            decisions=["Launch on Dec 7", "Budget holds"],
            items=[
                PlannedItem("Send the logs", "U0DANA", TUESDAY + timedelta(days=2)),
                PlannedItem("Book the room", "U0BEN", TUESDAY),
            ],
        )
        return items


def test_minutes_number_decisions_and_items_and_log_them(engine: Engine) -> None:
    project = acme(engine)
    record(engine, project)
    record(engine, project, visibility="internal")
    with session_scope(engine) as session:
        events = list(session.exec(select(Event).order_by(Event.id)))  # type: ignore[arg-type]
        assert [(e.subject, e.ref, e.action, e.to_state) for e in events[:4]] == [
            ("decision", "D-1", "decided", "decided"),
            ("decision", "D-2", "decided", "decided"),
            ("action", "A-1", "created", "open"),
            ("action", "A-2", "created", "open"),
        ]
        assert events[0].note == "Launch on Dec 7" and events[0].actor_id == "U0BEN"
        assert [e.ref for e in events[4:]] == ["D-3", "D-4", "A-3", "A-4"]
        client = open_action_items(session=session, project=project, include_internal=False)
        assert [(i.number, m.title) for i, m in client] == [(2, "Weekly"), (1, "Weekly")]
        for_digest = action_items_for_digest(session=session, project=project)
        assert [i.number for i in for_digest] == [2, 4, 1, 3]
        # Read by the driver: the due day is a day on either database, as the ORM gives it.
        assert [type(i.due_on) for i in for_digest] == [date] * 4


def test_an_action_item_closes_once_and_leaves_the_reminders(engine: Engine) -> None:
    project = acme(engine)
    first, _second = record(engine, project)
    with session_scope(engine) as session:
        due = action_items_to_remind(session=session, since=TUESDAY, until=TUESDAY)
        assert [i.text for i in due] == ["Book the room"]
        item = get_action_item(session=session, item_id=first.id or 0)
        assert item is not None
        assert close_action_item(session=session, item=item, user_id="U0DANA", now=NOW)
        assert not close_action_item(session=session, item=item, user_id="U0BEN", now=NOW)
    with session_scope(engine) as session:
        item = get_action_item(session=session, item_id=first.id or 0)
        assert item is not None and (item.state, item.closed_by) == ("closed", "U0DANA")
        later = action_items_to_remind(
            session=session, since=TUESDAY, until=TUESDAY + timedelta(days=9)
        )
        assert [i.text for i in later] == ["Book the room"]
        closing = session.exec(select(Event).where(Event.action == "closed")).all()
        assert [(e.ref, e.from_state, e.actor_id) for e in closing] == [("A-1", "open", "U0DANA")]
