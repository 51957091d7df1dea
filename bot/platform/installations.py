"""OAuth mode: Rapport installed into many workspaces through Bolt's own OAuth flow.

`GET /slack/install` shows Bolt's "Add to Slack" page; Slack sends the installer back to
`GET /slack/oauth_redirect`, where Bolt checks the `state` (slack-sdk's SQLAlchemy state store),
trades the code for a bot token (`oauth.v2.access`) and saves the installation (slack-sdk's
SQLAlchemy installation store, tokens encrypted: storage/installations.py). `app_uninstalled`
and `tokens_revoked` delete what they name (Bolt's token revocation listeners).

Each request's workspace is authorized by `BotAuthorize` from `Installations`, which keeps each
workspace's bot token in memory for CACHE_SECONDS (and never past the time to rotate it), so a
request costs one dictionary lookup, not a query and an auth.test. A token that expires
(token rotation) is exchanged ROTATE_BEFORE_MINUTES before it does, as Bolt does; when another
process got there first (a refresh token works once), the token it saved is read back. An
uninstall heard by this process forgets the workspace at once; other processes stop within
CACHE_SECONDS, and Slack refuses the revoked token meanwhile.

This module is imported only in OAuth mode: slack-sdk's SQLAlchemy stores bring SQLAlchemy's
asyncio support with them, which the single-token default never loads.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urljoin

from slack_bolt.authorization import AuthorizeResult
from slack_bolt.authorization.authorize import Authorize
from slack_bolt.context import BoltContext
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk.errors import SlackTokenRotationError
from slack_sdk.oauth.installation_store import Bot
from slack_sdk.oauth.token_rotation import TokenRotator
from sqlalchemy import Engine

from bot.platform.settings import OAuthConfig, Settings
from bot.platform.slack_client import make_web_client
from storage.installations import (
    EncryptedInstallationStore,
    TokenCipher,
    UnreadableToken,
    forget_expired_states,
    oauth_state_store,
    workspaces_of_channel,
)

logger = logging.getLogger(__name__)

CACHE_SECONDS = 60.0
ROTATE_BEFORE_MINUTES = 120  # Bolt's default: a 12-hour token is exchanged after 10 hours


@dataclass(frozen=True)
class _Known:
    result: AuthorizeResult
    until: float  # monotonic: read the store again after this
    rotate_at: float | None  # epoch seconds: exchange the token from then on


class Installations:
    """Every workspace's installation: the store Bolt's OAuth flow saves to, and each
    workspace's bot token, rotated and remembered for a while."""

    multi = True

    def __init__(
        self,
        settings: Settings,
        engine: Engine,
        *,
        cache_seconds: float = CACHE_SECONDS,
        rotate_before_minutes: int = ROTATE_BEFORE_MINUTES,
    ) -> None:
        oauth = _oauth(settings)
        self.store = EncryptedInstallationStore(
            client_id=oauth.client_id,
            engine=engine,
            cipher=TokenCipher(oauth.encryption_keys),
            changed=self.forget,
        )
        self.state_store = oauth_state_store(engine)
        self.engine = engine
        # oauth.v2.access (installs and token rotation) at SLACK_API_URL, with no token.
        self.client = make_web_client(settings)
        self.rotator = TokenRotator(
            client_id=oauth.client_id, client_secret=oauth.client_secret, client=self.client
        )
        self.cache_seconds, self.rotate_before_minutes = cache_seconds, rotate_before_minutes
        self._known: dict[str, _Known] = {}
        self._lock = threading.Lock()
        self._loading: dict[str, threading.Lock] = {}

    def authorized(self, team_id: str) -> AuthorizeResult | None:
        """What Bolt needs to serve a request of this workspace (its bot token, bot ids);
        None when Rapport is not installed there."""
        known = self._known.get(team_id)
        if known is None or not self._fresh(known):
            with self._lock:
                loading = self._loading.setdefault(team_id, threading.Lock())
            with loading:  # one lookup (and one rotation) per workspace at a time
                known = self._known.get(team_id)
                if known is None or not self._fresh(known):
                    known = self._load(team_id)
        return AuthorizeResult(**known.result) if known is not None else None

    def token_for(self, team_id: str | None) -> str | None:
        found = self.authorized(team_id) if team_id else None
        return found.bot_token if found is not None else None

    def forget(self, team_id: str | None) -> None:
        if team_id is not None:
            self._known.pop(team_id, None)

    def sweep(self, now: datetime) -> None:
        if forgotten := forget_expired_states(self.state_store.engine, now):
            logger.info("forgot %d installs begun and never finished", forgotten)

    def _fresh(self, known: _Known) -> bool:
        return time.monotonic() < known.until and (
            known.rotate_at is None or time.time() < known.rotate_at
        )

    def _load(self, team_id: str) -> _Known | None:
        try:
            bot = self.store.bot_for_team(team_id)
        except UnreadableToken:
            logger.error(
                "the stored token of workspace %s cannot be opened with any key of "
                "TOKEN_ENCRYPTION_KEY: install Rapport there again",
                team_id,
            )
            bot = None
        if bot is not None and bot.bot_refresh_token is not None:
            bot = self._rotated(team_id, bot)
        if bot is None:
            self.forget(team_id)
            return None
        expires = bot.bot_token_expires_at
        known = _Known(
            AuthorizeResult(
                enterprise_id=bot.enterprise_id,
                team_id=bot.team_id,
                team=bot.team_name,
                bot_user_id=bot.bot_user_id,
                bot_id=bot.bot_id,
                bot_token=bot.bot_token,
                bot_scopes=bot.bot_scopes,
            ),
            time.monotonic() + self.cache_seconds,
            expires - self.rotate_before_minutes * 60 if expires is not None else None,
        )
        self._known[team_id] = known
        return known

    def _rotated(self, team_id: str, bot: Bot) -> Bot | None:
        """The bot with a token good for a while: exchanged when it expires within
        ROTATE_BEFORE_MINUTES, or as another process exchanged it, or as it is while it still
        works (the exchange failed: tried again on the next lookup)."""
        try:
            fresh = self.rotator.perform_bot_token_rotation(
                bot=bot, minutes_before_expiration=self.rotate_before_minutes
            )
        except SlackTokenRotationError as error:
            again = self.store.bot_for_team(team_id)
            if again is not None and again.bot_token != bot.bot_token:
                return again  # another process rotated it first
            if bot.bot_token_expires_at is not None and bot.bot_token_expires_at > time.time():
                logger.warning(
                    "could not rotate the token of %s (%s); using it until it expires",
                    team_id,
                    error.api_error.response.get("error"),
                )
                return bot
            logger.error("the token of workspace %s expired and could not be rotated", team_id)
            return None
        if fresh is None:
            return bot
        self.store.save_bot(fresh)
        return fresh


class BotAuthorize(Authorize):
    """Bolt's `authorize` for OAuth mode: the workspace's bot, from `Installations`. Org-wide
    (Enterprise Grid) installs carry no team id: they are not supported.

    Slack Connect: a client from a connected workspace sends their own workspace's id with a
    command or a click; Rapport is installed in the agency's. Such a request is served by the
    one installed workspace whose project uses the channel it comes from (none or several:
    not served, as any request of a workspace without Rapport)."""

    def __init__(self, installations: Installations) -> None:
        self.installations = installations

    def __call__(
        self,
        *,
        context: BoltContext,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None,
        **_actor: Any,
    ) -> AuthorizeResult | None:
        found = self.installations.authorized(team_id) if team_id else None
        if found is not None or not context.channel_id:
            return found
        hosts = workspaces_of_channel(self.installations.engine, context.channel_id)
        installed = [self.installations.authorized(host) for host in hosts if host != team_id]
        served = [result for result in installed if result is not None]
        return served[0] if len(served) == 1 else None


def bolt_oauth(settings: Settings, installations: Installations) -> dict[str, Any]:
    """The arguments of Bolt's App for OAuth mode: its OAuth flow on Rapport's stores, and
    `BotAuthorize` in place of Bolt's per-request lookup and auth.test."""
    oauth = _oauth(settings)
    flow = OAuthSettings(
        client_id=oauth.client_id,
        client_secret=oauth.client_secret,
        scopes=list(oauth.scopes),
        user_scopes=[],
        redirect_uri=oauth.redirect_uri,
        authorization_url=authorize_url(settings.slack_api_url),
        installation_store=installations.store,
        installation_store_bot_only=True,
        token_rotation_expiration_minutes=installations.rotate_before_minutes,
        state_store=installations.state_store,
        logger=logging.getLogger("rapport.oauth"),
    )
    return {"oauth_settings": flow, "authorize": BotAuthorize(installations)}


def authorize_url(api_url: str) -> str:
    """Slack's authorization page beside its Web API: https://slack.com/oauth/v2/authorize for
    https://slack.com/api/ (the stand-in's likewise)."""
    return urljoin(api_url, "../oauth/v2/authorize")


def _oauth(settings: Settings) -> OAuthConfig:
    if settings.oauth is None:
        raise ValueError("no SLACK_CLIENT_ID and SLACK_CLIENT_SECRET")  # i18n: not shown
    return settings.oauth
