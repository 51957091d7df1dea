"""Slack's side of OAuth v2 and of tokens, for the stand-in: the authorization page, the
`oauth.v2.access` method (codes and refresh tokens), and which token belongs to which workspace.

As Slack documents it (docs.slack.dev: "Installing with OAuth", oauth.v2.access, "Using token
rotation"):
- `GET /oauth/v2/authorize?client_id&scope&state[&redirect_uri][&team]`: the installer approves
  (at once, here) and the browser goes to the redirect URI with `code` and `state`. A redirect
  URI must be one of the app's; without one, the app's first is used. Unknown client ids and
  scopes get an error page.
- `oauth.v2.access` takes the client id and secret as HTTP Basic credentials (or parameters).
  A code works once, within 10 minutes, with the redirect URI it was asked with; it answers a
  bot token with its workspace, bot user and scopes. With token rotation the token expires
  (`expires_in`, 12 hours) and comes with a refresh token, which works once
  (`grant_type=refresh_token`). Errors: invalid_client_id, bad_client_secret, invalid_code,
  bad_redirect_uri, invalid_grant_type, invalid_refresh_token.
- Every Web API method checks its token: unknown → invalid_auth, revoked (the app uninstalled)
  → token_revoked, past its expiry → token_expired; and answers for the token's workspace.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from bot.platform.settings import MANIFEST_SCOPES
from bot.sandbox.fake_types import SlackError

if TYPE_CHECKING:
    from bot.sandbox.fake_slack import FakeSlack

# Methods called with the app-level (xapp-) token rather than the bot token.
APP_TOKEN_METHODS = ("apps.connections.open",)
CODE_LIFETIME = 600.0
ROTATING_TOKEN_SECONDS = 12 * 3600


@dataclass
class Grant:
    """A bot token: its workspace, when it expires (token rotation) and whether it was revoked."""

    team_id: str
    expires_at: float | None = None
    revoked: bool = False


@dataclass
class _Code:
    team_id: str
    installer: str
    redirect_uri: str | None  # as asked for on the authorization page
    scopes: tuple[str, ...]
    born: float = field(default_factory=time.monotonic)
    used: bool = False


def workspace_of(fake: FakeSlack, token: str | None) -> FakeSlack:
    """The workspace a token speaks for (`fake` itself for an unknown token)."""
    grant = fake.grants.get(token or "")
    return fake.workspaces.get(grant.team_id, fake) if grant is not None else fake


def token_refusal(fake: FakeSlack, method: str, token: str | None) -> str | None:
    """Slack's error for a call of `method` with `token` in the workspace `fake`, if any."""
    if not token:
        return "not_authed"
    if method in APP_TOKEN_METHODS:
        return None if token == fake.app_token else "invalid_auth"
    grant = fake.grants.get(token)
    if grant is None or grant.team_id != fake.team_id:
        return "invalid_auth"
    if grant.revoked:
        return "token_revoked"
    if grant.expires_at is not None and grant.expires_at <= time.time():
        return "token_expired"
    return None


class FakeOAuth:
    """One Slack app distributed with OAuth, installable into every workspace of the stand-in."""

    def __init__(
        self,
        fake: FakeSlack,
        *,
        client_id: str,
        client_secret: str,
        app_id: str = "A0RAPPORT",
        scopes: tuple[str, ...] = MANIFEST_SCOPES,
        token_rotation: bool = False,
    ) -> None:
        self.fake, self.app_id, self.scopes = fake, app_id, frozenset(scopes)
        self.client_id, self.client_secret = client_id, client_secret
        self.token_rotation = token_rotation
        self.token_seconds = ROTATING_TOKEN_SECONDS  # how long a rotating token lives
        self.redirect_urls: list[str] = []  # the app's configured Redirect URLs
        self.installers: dict[str, str] = {}  # workspace → who approves its install
        self._codes: dict[str, _Code] = {}
        self._refresh: dict[str, str] = {}  # refresh token → workspace
        self._scopes: dict[str, tuple[str, ...]] = {}
        fake.oauth = self

    # -- the browser's side ----------------------------------------------------------------
    def authorize(self, query: dict[str, str]) -> tuple[int, dict[str, str], str]:
        """The authorization page: (status, headers, body); a 302 once approved."""
        if query.get("client_id") != self.client_id:
            return 400, {}, "invalid_client_id"
        scopes = tuple(s for s in query.get("scope", "").split(",") if s)
        if not scopes or not self.scopes.issuperset(scopes):
            return 400, {}, "invalid_scope"
        asked = query.get("redirect_uri")
        if asked is not None and asked not in self.redirect_urls:
            return 400, {}, "bad_redirect_uri"
        target = asked or next(iter(self.redirect_urls), None)
        team = query.get("team") or self.fake.team_id
        if target is None or team not in self.fake.workspaces:
            return 400, {}, "bad_redirect_uri" if target is None else "invalid_team"
        code = f"{int(time.time())}.{secrets.token_hex(20)}"
        installer = self.installers.get(team, "U0ANA")
        with self.fake._lock:
            self._codes[code] = _Code(team, installer, asked, scopes)
        back = {"code": code, **({"state": query["state"]} if "state" in query else {})}
        return 302, {"Location": f"{target}?{urlencode(back)}"}, ""

    # -- oauth.v2.access --------------------------------------------------------------------
    def access(self, params: dict[str, Any], basic: tuple[str, str] | None) -> dict[str, Any]:
        client_id, secret = basic or (params.get("client_id"), params.get("client_secret"))
        if client_id != self.client_id:
            raise SlackError("invalid_client_id")
        if secret != self.client_secret:
            raise SlackError("bad_client_secret")
        grant_type = params.get("grant_type") or "authorization_code"
        if grant_type == "refresh_token":
            with self.fake._lock:  # a refresh token works once
                team = self._refresh.pop(str(params.get("refresh_token") or ""), None)
            if team is None:
                raise SlackError("invalid_refresh_token")
            return self._answer(team, self._scopes[team], None)
        if grant_type != "authorization_code":
            raise SlackError("invalid_grant_type")
        with self.fake._lock:
            code = self._codes.get(str(params.get("code") or ""))
            if code is None or code.used or time.monotonic() - code.born > CODE_LIFETIME:
                raise SlackError("invalid_code")
            given = params.get("redirect_uri")
            if given != code.redirect_uri and (code.redirect_uri or given is not None):
                raise SlackError("bad_redirect_uri")
            code.used = True
            self._scopes[code.team_id] = code.scopes
        return self._answer(code.team_id, code.scopes, code.installer)

    def _answer(
        self, team_id: str, scopes: tuple[str, ...], installer: str | None
    ) -> dict[str, Any]:
        workspace = self.fake.workspaces[team_id]
        answer: dict[str, Any] = {
            "app_id": self.app_id,
            "scope": ",".join(scopes),
            "token_type": "bot",
            "bot_user_id": workspace.bot_user_id,
            "team": {"id": team_id, "name": workspace.team_name},
            "enterprise": None,
            "is_enterprise_install": False,
        }
        if installer is not None:
            answer["authed_user"] = {"id": installer}
        if not self.token_rotation:
            answer["access_token"] = self._grant(f"xoxb-{team_id}-{secrets.token_hex(12)}", team_id)
            return answer
        refresh = f"xoxe-1-{secrets.token_hex(24)}"
        with self.fake._lock:
            self._refresh[refresh] = team_id
        token = f"xoxe.xoxb-1-{secrets.token_hex(24)}"
        answer["access_token"] = self._grant(token, team_id, time.time() + self.token_seconds)
        return {**answer, "refresh_token": refresh, "expires_in": self.token_seconds}

    def _grant(self, token: str, team_id: str, expires_at: float | None = None) -> str:
        with self.fake._lock:
            self.fake.grants[token] = Grant(team_id, expires_at)
        return token

    # -- what a workspace's admin does -----------------------------------------------------
    def uninstall(self, team_id: str) -> None:
        """The app is removed from the workspace: every token of it stops working."""
        with self.fake._lock:
            for grant in self.fake.grants.values():
                if grant.team_id == team_id:
                    grant.revoked = True
            for refresh in [r for r, team in self._refresh.items() if team == team_id]:
                del self._refresh[refresh]


def owner_of(fake: FakeSlack, key: str, kept_in: str) -> FakeSlack:
    """The workspace that handed out this response URL or upload (keys are unique)."""
    found = (w for w in fake.workspaces.values() if key in getattr(w, kept_in))
    return next(found, fake)
