"""Projects and who is who on them."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from storage.db import saved_in_this_transaction, session_scope
from storage.models import Project
from storage.projects import (
    correct_role,
    create_project_unless_taken,
    list_projects,
    member_role,
    members,
    owners_of,
    project_by_id,
    project_by_name,
    project_for_channel,
    save_project,
    set_member_role,
)
from tests.factories import NOW, new_project

pytestmark = pytest.mark.db


def test_a_new_project_has_defaults_and_its_creator_as_owner(engine: Engine) -> None:
    with session_scope(engine) as session:
        project_id = new_project(session).id
    assert project_id is not None

    with session_scope(engine) as session:
        project = project_by_id(session=session, project_id=project_id)
        assert project is not None
        assert (project.name, project.client_channel_id) == ("Acme Website", "C0CLIENT")
        assert project.internal_channel_id is None
        assert project.timezone == "Europe/Berlin"
        assert (project.digest_weekday, project.digest_time) == (4, "16:00")
        assert project.response_target == "1d"
        assert project.created_at == NOW
        assert [(m.user_id, m.role) for m in members(session=session, project=project)] == [
            ("U0OWNER", "owner")
        ]
        assert member_role(session=session, project=project, user_id="U0OWNER") == "owner"
        assert member_role(session=session, project=project, user_id="U0NOBODY") is None


def test_a_client_channel_holds_only_one_project(engine: Engine) -> None:
    with session_scope(engine) as session:
        new_project(session, name="Acme Website", channel_id="C0SAME")

    with pytest.raises(IntegrityError), session_scope(engine) as session:
        new_project(session, name="Acme App", channel_id="C0SAME")

    with session_scope(engine) as session:
        assert [p.name for p in list_projects(session=session)] == ["Acme Website"]


def test_project_names_are_unique(engine: Engine) -> None:
    with session_scope(engine) as session:
        new_project(session, name="Acme Website", channel_id="C0ONE")

    with pytest.raises(IntegrityError), session_scope(engine) as session:
        new_project(session, name="Acme Website", channel_id="C0TWO")

    with session_scope(engine) as session:
        assert project_for_channel(session=session, channel_id="C0TWO") is None


def test_a_project_is_found_from_its_client_or_internal_channel(engine: Engine) -> None:
    with session_scope(engine) as session:
        acme = new_project(session, name="Acme", channel_id="C0ACME")
        new_project(session, name="Globex", channel_id="C0GLOBEX")
        acme.internal_channel_id = "C0ACMETEAM"
        session.add(acme)

    with session_scope(engine) as session:
        by_client = project_for_channel(session=session, channel_id="C0ACME")
        by_internal = project_for_channel(session=session, channel_id="C0ACMETEAM")
        other = project_for_channel(session=session, channel_id="C0GLOBEX")
        assert by_client is not None and by_client.name == "Acme"
        assert by_internal is not None and by_internal.name == "Acme"
        assert other is not None and other.name == "Globex"
        assert project_for_channel(session=session, channel_id="C0RANDOM") is None


def test_projects_are_found_by_name_and_listed_alphabetically(engine: Engine) -> None:
    with session_scope(engine) as session:
        new_project(session, name="Zenith", channel_id="C0Z")
        new_project(session, name="Acme", channel_id="C0A")
        new_project(session, name="Midway", channel_id="C0M")

    with session_scope(engine) as session:
        assert [p.name for p in list_projects(session=session)] == ["Acme", "Midway", "Zenith"]
        found = project_by_name(session=session, name="Midway")
        assert found is not None and found.client_channel_id == "C0M"
        assert project_by_name(session=session, name="midway") is None


def test_setting_a_role_adds_a_member_then_changes_it(engine: Engine) -> None:
    with session_scope(engine) as session:
        project = new_project(session)
        set_member_role(session=session, project=project, user_id="U0ANA", role="team")

    with session_scope(engine) as session:
        assert member_role(session=session, project=project, user_id="U0ANA") == "team"
        set_member_role(session=session, project=project, user_id="U0ANA", role="owner")

    with session_scope(engine) as session:
        everyone = members(session=session, project=project)
        assert [(m.user_id, m.role) for m in everyone] == [
            ("U0OWNER", "owner"),
            ("U0ANA", "owner"),
        ]


def test_an_unknown_role_is_refused_and_nothing_is_stored(engine: Engine) -> None:
    with session_scope(engine) as session:
        project = new_project(session)
        with pytest.raises(ValueError, match="unknown role 'admin'"):
            set_member_role(session=session, project=project, user_id="U0ANA", role="admin")

    with session_scope(engine) as session:
        assert member_role(session=session, project=project, user_id="U0ANA") is None


def test_members_and_owners_are_listed_in_the_order_they_were_named(engine: Engine) -> None:
    with session_scope(engine) as session:
        project = new_project(session)
        other = new_project(session, name="Other", channel_id="C0OTHER", owner_id="U0ELSE")
        for user_id, role in [("U0ANA", "owner"), ("U0DANA", "client"), ("U0BEN", "team")]:
            set_member_role(session=session, project=project, user_id=user_id, role=role)
        set_member_role(session=session, project=other, user_id="U0ZED", role="owner")

    with session_scope(engine) as session:
        named = [(m.user_id, m.role) for m in members(session=session, project=project)]
        assert named == [
            ("U0OWNER", "owner"),
            ("U0ANA", "owner"),
            ("U0DANA", "client"),
            ("U0BEN", "team"),
        ]
        assert owners_of(session=session, project=project) == ["U0OWNER", "U0ANA"]


def test_projects_survive_in_a_fresh_session_exactly(engine: Engine) -> None:
    with session_scope(engine) as session:
        project = new_project(session)
        project_id = project.id

    with session_scope(engine) as session:
        again = session.get(Project, project_id)
        assert again is not None
        assert again.model_dump() == project.model_dump()


def test_a_setup_meeting_a_taken_name_or_channel_creates_nothing_and_spoils_nothing(
    engine: Engine,
) -> None:
    def set_up(session: Session, name: str, channel_id: str, owner_id: str) -> int | None:
        project = Project(
            team_id="T1",
            name=name,
            client_channel_id=channel_id,
            timezone="Asia/Shanghai",
            language="zh_CN",
            created_by=owner_id,
            created_at=NOW,
        )
        return create_project_unless_taken(session=session, project=project)

    with session_scope(engine) as session:
        acme = set_up(session, "Acme", "C0ACME", "U0ANA")
        assert acme is not None
    with session_scope(engine) as session:
        assert set_up(session, "Acme", "C0NEW", "U0BEN") is None  # the name is taken
        assert set_up(session, "Acme 2", "C0ACME", "U0BEN") is None  # the channel is
        globex = set_up(session, "Globex", "C0GLOBEX", "U0BEN")
        assert globex is not None

    with session_scope(engine) as session:
        assert [p.name for p in list_projects(session=session)] == ["Acme", "Globex"]
        project = project_by_id(session=session, project_id=acme)
        assert project is not None
        assert (project.timezone, project.language, project.version) == (
            "Asia/Shanghai",
            "zh_CN",
            1,
        )
        assert (project.digest_weekday, project.digest_time, project.poll_kind) == (
            4,
            "16:00",
            "csat",
        )
        assert owners_of(session=session, project=project) == ["U0ANA"]


def test_a_guessed_role_is_corrected_only_while_it_stands(engine: Engine) -> None:
    with session_scope(engine) as session:
        project = new_project(session)
        assert project.id is not None
        set_member_role(session=session, project=project, user_id="U0BEN", role="client")
        set_member_role(session=session, project=project, user_id="U0DANA", role="client")
        set_member_role(session=session, project=project, user_id="U0DANA", role="owner")

    with session_scope(engine) as session:
        assert correct_role(
            session=session, project_id=project.id, user_id="U0BEN", was="client", role="team"
        )
        assert not correct_role(  # named owner since the guess: left alone
            session=session, project_id=project.id, user_id="U0DANA", was="client", role="team"
        )
        assert not correct_role(
            session=session, project_id=project.id, user_id="U0NOBODY", was="client", role="team"
        )

    with session_scope(engine) as session:
        roles = {m.user_id: m.role for m in members(session=session, project=project)}
        assert roles == {"U0OWNER": "owner", "U0BEN": "team", "U0DANA": "owner"}


def test_a_request_knows_the_plan_changes_it_made_and_only_those(engine: Engine) -> None:
    """What after_plan_change asks (handlers/plan.py): another process moving the version in the
    meantime (the plan document recording its publication) is not this request's change."""
    with session_scope(engine) as session:
        project_id = new_project(session).id
    assert project_id is not None
    with Session(engine) as session, Session(engine) as other:
        project = project_by_id(session=session, project_id=project_id)
        assert project is not None
        assert not saved_in_this_transaction(session=session, project_id=project_id)
        elsewhere = project_by_id(session=other, project_id=project_id)
        assert elsewhere is not None
        elsewhere.document_version += 1
        save_project(session=other, project=elsewhere)
        other.commit()
        assert not saved_in_this_transaction(session=session, project_id=project_id)
        session.rollback()  # (its copy is stale now: a save would be refused)
        project = project_by_id(session=session, project_id=project_id)
        assert project is not None
        project.name = "Acme Website 2"
        save_project(session=session, project=project)
        assert saved_in_this_transaction(session=session, project_id=project_id)
        session.commit()  # the thread's session serves the next request: it starts clean
        assert not saved_in_this_transaction(session=session, project_id=project_id)
