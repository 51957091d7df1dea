"""The tables of slack-sdk's SQLAlchemy installation and OAuth state stores (OAuth mode).

The stores would make them with `create_tables()`; here they are Rapport's own, made by an
Alembic migration like every other table. Their columns are the stores' own (names, types,
index), so the stores read and write them unchanged, except that the token columns are
unbounded: tokens are kept encrypted (storage/installations.py), and a Fernet token is about
1.4 times as long as the Slack token in it plus some 75 characters. tests/storage/
test_installations.py checks the columns against the stores' own definitions.

Core tables rather than models: nothing but the stores reads them."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, DateTime, Index, Integer, String, Table, Text, func
from sqlmodel import SQLModel

INSTALLATIONS_TABLE, BOTS_TABLE, OAUTH_STATES_TABLE = (
    "slack_installations",
    "slack_bots",
    "slack_oauth_states",
)
# Kept encrypted, hence unbounded.
TOKEN_COLUMNS = ("bot_token", "bot_refresh_token", "user_token", "user_refresh_token")


def _bot_columns() -> list[Column[object]]:
    return [
        Column("bot_token", Text),
        Column("bot_id", String(32)),
        Column("bot_user_id", String(32)),
        Column("bot_scopes", String(1000)),
        Column("bot_refresh_token", Text),
        Column("bot_token_expires_at", DateTime),
    ]


def _owner_columns() -> list[Column[object]]:
    return [
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("client_id", String(32), nullable=False),
        Column("app_id", String(32), nullable=False),
        Column("enterprise_id", String(32)),
        Column("enterprise_name", String(200)),
    ]


INSTALLATIONS = Table(
    INSTALLATIONS_TABLE,
    SQLModel.metadata,
    *_owner_columns(),
    Column("enterprise_url", String(200)),
    Column("team_id", String(32)),
    Column("team_name", String(200)),
    *_bot_columns(),
    Column("user_id", String(32), nullable=False),
    Column("user_token", Text),
    Column("user_scopes", String(1000)),
    Column("user_refresh_token", Text),
    Column("user_token_expires_at", DateTime),
    Column("incoming_webhook_url", String(200)),
    Column("incoming_webhook_channel", String(200)),
    Column("incoming_webhook_channel_id", String(200)),
    Column("incoming_webhook_configuration_url", String(200)),
    Column("is_enterprise_install", Boolean, default=False, nullable=False),
    Column("token_type", String(32)),
    Column("installed_at", DateTime, nullable=False, default=func.now()),
    Index(
        f"{INSTALLATIONS_TABLE}_idx",
        "client_id",
        "enterprise_id",
        "team_id",
        "user_id",
        "installed_at",
    ),
)

BOTS = Table(
    BOTS_TABLE,
    SQLModel.metadata,
    *_owner_columns(),
    Column("team_id", String(32)),
    Column("team_name", String(200)),
    *_bot_columns(),
    Column("is_enterprise_install", Boolean, default=False, nullable=False),
    Column("installed_at", DateTime, nullable=False, default=func.now()),
    Index(f"{BOTS_TABLE}_idx", "client_id", "enterprise_id", "team_id", "installed_at"),
)

OAUTH_STATES = Table(
    OAUTH_STATES_TABLE,
    SQLModel.metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("state", String(200), nullable=False),
    Column("expire_at", DateTime, nullable=False),
)
