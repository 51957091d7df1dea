"""Rapport's installations in Slack workspaces (OAuth mode), kept by slack-sdk's SQLAlchemy
installation and OAuth state stores in Rapport's own tables (storage/models/installations.py,
made by a migration, not by the stores' `create_tables()`), with every token encrypted at rest.

`EncryptedInstallationStore` is the store Bolt is given: it seals the bot and user tokens and
their refresh tokens with Fernet (the `cryptography` library: AES-128-CBC with an HMAC-SHA256,
keys from TOKEN_ENCRYPTION_KEY) before slack-sdk's store writes them, and opens them after it
reads them. The first key seals; every key opens, so a new key can be put first and the old one
dropped once the tokens were written again (each rotation or reinstall writes them).

The stores open their own connections and commit at once: Bolt calls them from its OAuth flow
(GET /slack/oauth_redirect, no Slack delivery), from its token revocation listeners (deletes,
safe to repeat) and from token rotation, none of which is a request's unit of work.

Importing this module loads SQLAlchemy's asyncio support (slack-sdk imports it): only OAuth
mode does (bot/platform/installations.py).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

import sqlalchemy as sql
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from slack_sdk.oauth.installation_store import Bot, Installation, InstallationStore
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import Engine
from sqlmodel import SQLModel, col

from storage.models import BOTS, INSTALLATIONS, OAUTH_STATES, Project

logger = logging.getLogger(__name__)

STATE_SECONDS = 600  # an install begun must end within 10 minutes (Bolt's default)


class UnreadableToken(Exception):
    """A stored token that none of the keys opens: TOKEN_ENCRYPTION_KEY lost its old key."""


class TokenCipher:
    def __init__(self, keys: Sequence[str]) -> None:
        self._fernet = MultiFernet([Fernet(key) for key in keys])

    def seal(self, token: str | None) -> str | None:
        return self._fernet.encrypt(token.encode()).decode() if token else token

    def open(self, sealed: str | None) -> str | None:
        if not sealed:
            return sealed
        try:
            return self._fernet.decrypt(sealed.encode()).decode()
        except InvalidToken:
            raise UnreadableToken("no key of TOKEN_ENCRYPTION_KEY opens a stored token") from None


class EncryptedInstallationStore(InstallationStore):
    """slack-sdk's SQLAlchemyInstallationStore on Rapport's tables, tokens sealed at rest.
    `changed(team_id)` hears of every save and delete, so a cache of tokens can let go."""

    def __init__(
        self,
        *,
        client_id: str,
        engine: Engine,
        cipher: TokenCipher,
        changed: Callable[[str | None], None] = lambda _team_id: None,
    ) -> None:
        self.rows = SQLAlchemyInstallationStore(client_id=client_id, engine=engine, logger=logger)
        # Rapport's tables (the same columns; tokens unbounded), migrated by Alembic.
        self.rows.metadata = SQLModel.metadata
        self.rows.installations, self.rows.bots = INSTALLATIONS, BOTS
        self.cipher, self.changed = cipher, changed
        self._latest_bot = (
            sql.select(BOTS)
            .where(
                BOTS.c.client_id == client_id,
                BOTS.c.team_id == sql.bindparam("team_id"),
                BOTS.c.bot_token.is_not(None),
            )
            .order_by(BOTS.c.installed_at.desc())
            .limit(1)
        )

    @property
    def logger(self) -> logging.Logger:
        return logger

    def save(self, installation: Installation) -> None:
        sealed = Installation(**installation.to_dict_for_copying())
        for name in ("bot_token", "bot_refresh_token", "user_token", "user_refresh_token"):
            setattr(sealed, name, self.cipher.seal(getattr(installation, name)))
        self.rows.save(sealed)  # the installation, then its bot (already sealed)
        self.changed(installation.team_id)

    def save_bot(self, bot: Bot) -> None:
        self.rows.save_bot(self._sealed(bot))
        self.changed(bot.team_id)

    def find_bot(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        is_enterprise_install: bool | None = False,
    ) -> Bot | None:
        found = self.rows.find_bot(
            enterprise_id=enterprise_id,
            team_id=team_id,
            is_enterprise_install=is_enterprise_install,
        )
        return self._opened(found) if found is not None else None

    def find_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
        is_enterprise_install: bool | None = False,
    ) -> Installation | None:
        found = self.rows.find_installation(
            enterprise_id=enterprise_id,
            team_id=team_id,
            user_id=user_id,
            is_enterprise_install=is_enterprise_install,
        )
        if found is None:
            return None
        for name in ("bot_token", "bot_refresh_token", "user_token", "user_refresh_token"):
            setattr(found, name, self.cipher.open(getattr(found, name)))
        return found

    def bot_for_team(self, team_id: str) -> Bot | None:
        """The newest bot of a workspace, by its id alone (a project knows its team, not its
        organisation): what requests and scheduled posts of that workspace use."""
        with self.rows.engine.connect() as connection:
            row = connection.execute(self._latest_bot, {"team_id": team_id}).mappings().first()
        return self._opened(self.rows.build_bot_entity(row)) if row is not None else None

    def delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        self.rows.delete_bot(enterprise_id=enterprise_id, team_id=team_id)
        self.changed(team_id)

    def delete_installation(
        self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None
    ) -> None:
        self.rows.delete_installation(enterprise_id=enterprise_id, team_id=team_id, user_id=user_id)
        self.changed(team_id)

    def _sealed(self, bot: Bot) -> Bot:
        sealed = Bot(**bot.to_dict_for_copying())
        sealed.bot_token = self.cipher.seal(bot.bot_token)  # type: ignore[assignment]
        sealed.bot_refresh_token = self.cipher.seal(bot.bot_refresh_token)
        return sealed

    def _opened(self, bot: Bot) -> Bot:
        bot.bot_token = self.cipher.open(bot.bot_token)  # type: ignore[assignment]
        bot.bot_refresh_token = self.cipher.open(bot.bot_refresh_token)
        return bot


def oauth_state_store(engine: Engine) -> SQLAlchemyOAuthStateStore:
    """slack-sdk's state store on Rapport's table: the `state` of each install begun, used once."""
    store = SQLAlchemyOAuthStateStore(
        expiration_seconds=STATE_SECONDS, engine=engine, logger=logger
    )
    store.oauth_states = OAUTH_STATES
    return store


def forget_expired_states(engine: Engine, now: datetime) -> int:
    """Installs begun and never finished leave their state behind: drop those past expiry
    (stored as naive UTC, as slack-sdk writes them)."""
    cutoff = now.astimezone(UTC).replace(tzinfo=None)
    with engine.begin() as connection:
        result = connection.execute(OAUTH_STATES.delete().where(OAUTH_STATES.c.expire_at < cutoff))
    return int(result.rowcount)


def workspaces_of_channel(engine: Engine, channel_id: str) -> list[str]:
    """The workspaces whose projects use this channel, as a client or internal channel: where
    a request from a connected workspace (Slack Connect) in that channel belongs."""
    query = (
        sql.select(col(Project.team_id))
        .where(
            (col(Project.client_channel_id) == channel_id)
            | (col(Project.internal_channel_id) == channel_id)
        )
        .distinct()
    )
    with engine.connect() as connection:
        return [str(team) for team in connection.execute(query).scalars()]
