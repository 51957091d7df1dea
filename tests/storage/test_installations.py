"""Installations (OAuth mode) in Rapport's tables: slack-sdk's columns, tokens sealed at rest,
keys that can be rotated; and projects that belong to a workspace."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from cryptography.fernet import Fernet
from slack_sdk.oauth.installation_store import Installation
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from storage.db import session_scope
from storage.installations import (
    EncryptedInstallationStore,
    TokenCipher,
    UnreadableToken,
    forget_expired_states,
    oauth_state_store,
)
from storage.models import BOTS, INSTALLATIONS, OAUTH_STATES, Project
from storage.models.installations import TOKEN_COLUMNS
from storage.projects import create_project, project_by_name, project_for_channel
from tests.factories import NOW

pytestmark = pytest.mark.db
KEY, OTHER_KEY = Fernet.generate_key().decode(), Fernet.generate_key().decode()


def installation(team_id: str = "T1", token: str = "xoxb-1-secret") -> Installation:
    return Installation(
        app_id="A1",
        team_id=team_id,
        team_name="Agency",
        bot_token=token,
        bot_id="B1",
        bot_user_id="U0BOT",
        bot_scopes="commands,chat:write",
        bot_refresh_token="xoxe-1-refresh",
        bot_token_expires_in=43200,
        user_id="U0ANA",
    )


def store(engine: Engine, *keys: str) -> EncryptedInstallationStore:
    return EncryptedInstallationStore(
        client_id="1234.5678", engine=engine, cipher=TokenCipher(keys or (KEY,))
    )


def test_the_tables_are_the_stores_own_with_room_for_sealed_tokens() -> None:
    theirs = sa.MetaData()
    for mine, built in (
        (INSTALLATIONS, SQLAlchemyInstallationStore.build_installations_table),
        (BOTS, SQLAlchemyInstallationStore.build_bots_table),
        (OAUTH_STATES, SQLAlchemyOAuthStateStore.build_oauth_states_table),
    ):
        table = built(theirs, mine.name)
        assert [c.name for c in mine.columns] == [c.name for c in table.columns]
        for column in table.columns:
            if column.name not in TOKEN_COLUMNS:
                assert repr(mine.c[column.name].type) == repr(column.type), column.name


def test_tokens_are_sealed_at_rest_and_opened_on_the_way_out(engine: Engine) -> None:
    changed: list[str | None] = []
    kept = store(engine)
    kept.changed = changed.append
    kept.save(installation())

    with engine.connect() as connection:
        raw = dict(connection.execute(sa.select(BOTS)).mappings().one())
        raw_installation = dict(connection.execute(sa.select(INSTALLATIONS)).mappings().one())
    assert "secret" not in raw["bot_token"] and "refresh" not in raw["bot_refresh_token"]
    assert "secret" not in raw_installation["bot_token"]
    found = kept.bot_for_team("T1")
    assert found is not None
    assert (found.bot_token, found.bot_refresh_token) == ("xoxb-1-secret", "xoxe-1-refresh")
    whole = kept.find_installation(enterprise_id=None, team_id="T1")
    assert whole is not None and whole.bot_token == "xoxb-1-secret"
    assert kept.bot_for_team("T2") is None
    assert changed == ["T1"]


def test_a_new_key_first_still_opens_what_the_old_one_sealed(engine: Engine) -> None:
    store(engine, OTHER_KEY).save(installation())
    rotated = store(engine, KEY, OTHER_KEY).bot_for_team("T1")
    assert rotated is not None and rotated.bot_token == "xoxb-1-secret"
    with pytest.raises(UnreadableToken):
        store(engine, KEY).bot_for_team("T1")


def test_deleting_a_workspace_leaves_the_others(engine: Engine) -> None:
    kept = store(engine)
    kept.save(installation("T1"))
    kept.save(installation("T2", "xoxb-2-secret"))
    kept.delete_all(enterprise_id=None, team_id="T1")
    assert kept.bot_for_team("T1") is None
    other = kept.bot_for_team("T2")
    assert other is not None and other.bot_token == "xoxb-2-secret"


def test_a_state_works_once_and_abandoned_ones_are_dropped(engine: Engine) -> None:
    states = oauth_state_store(engine)
    state = states.issue()
    assert states.consume(state) and not states.consume(state)
    states.issue()
    assert forget_expired_states(engine, datetime.now(UTC)) == 0
    assert forget_expired_states(engine, datetime.now(UTC) + timedelta(hours=1)) == 1


def _project(session: Session, team_id: str, name: str, channel: str) -> Project:
    return create_project(
        session=session,
        team_id=team_id,
        name=name,
        channel_id=channel,
        owner_id="U0ANA",
        timezone="UTC",
        now=NOW,
    )


def test_names_and_channels_are_unique_within_a_workspace_only(engine: Engine) -> None:
    with session_scope(engine) as session:
        first = _project(session, "T1", "Acme Website", "C0ACME")
        second = _project(session, "T2", "Acme Website", "C0ACME")
    with session_scope(engine) as session:
        found = project_for_channel(session=session, channel_id="C0ACME", team_id="T2")
        named = project_by_name(session=session, name="Acme Website", team_id="T1")
        assert found is not None and found.id == second.id
        assert named is not None and named.id == first.id
        assert project_for_channel(session=session, channel_id="C0ACME", team_id="T3") is None
    with pytest.raises(IntegrityError), session_scope(engine) as session:
        _project(session, "T1", "Acme Website", "C0OTHER")
    with pytest.raises(IntegrityError), session_scope(engine) as session:
        _project(session, "T2", "Another name", "C0ACME")
