"""Settings from the environment and `.env`: loaded once, validated, passed down."""

from __future__ import annotations

import ipaddress
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.fernet import Fernet
from dotenv import load_dotenv
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from bot.platform.email_settings import (
    EmailSettings,
    email_settings_from_env,
    public_url_from_env,
)
from bot.platform.i18n import languages, supported

SLACK_API_DEFAULT = "https://slack.com/api/"
DATABASE_DEFAULT = "sqlite:///data/rapport.sqlite3"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
LOG_FORMATS = ("text", "json")
# The reverse proxy on the same machine; gunicorn's default for the same setting.
FORWARDED_ALLOW_DEFAULT = ("127.0.0.1", "::1")
EXPORT_MAX_DEFAULT = 50 * 1024 * 1024  # 50 MB
SLACK_FILE_LIMIT = 1024 * 1024 * 1024  # Slack takes files up to 1 GB
# The bot scopes of manifest.yml (tests/unit/platform/test_settings_oauth.py keeps them equal):
# what an OAuth install asks for unless SLACK_SCOPES says otherwise.
MANIFEST_SCOPES = (
    "commands",
    "chat:write",
    "chat:write.public",
    "channels:join",
    "users:read",
    "app_mentions:read",
    "im:write",
    "files:write",
    "channels:history",
    "groups:history",
    "channels:read",
    "groups:read",
    "canvases:write",
)
NEW_KEY = (
    'python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"'
)


class SettingsError(ValueError):
    """A setting is missing or malformed; the message names it and says where to look."""


@dataclass(frozen=True)
class OAuthConfig:
    """OAuth mode: Rapport installed by "Add to Slack" into any number of workspaces, each
    installation's tokens kept (encrypted) in the database instead of one token in `.env`."""

    client_id: str
    client_secret: str = field(repr=False)
    # Fernet keys (TOKEN_ENCRYPTION_KEY): the first encrypts, every one decrypts (key rotation).
    encryption_keys: tuple[str, ...] = field(repr=False)
    scopes: tuple[str, ...] = MANIFEST_SCOPES
    # Where Slack sends the installer back; None: the app's first configured Redirect URL.
    redirect_uri: str | None = None


@dataclass(frozen=True)
class Settings:
    # The single workspace's bot token; None in OAuth mode (each installation has its own).
    slack_bot_token: str | None = field(repr=False)
    # Verifies Slack's HTTP requests; Socket Mode has none, so there it may be left out.
    slack_signing_secret: str | None = field(repr=False)
    database_url: str = DATABASE_DEFAULT
    slack_api_url: str = SLACK_API_DEFAULT
    host: str = "0.0.0.0"
    port: int = 3000
    log_level: str = "INFO"
    # "text" for people, "json" (one object a line) for log shippers and aggregators.
    log_format: str = "text"
    # Peers whose X-Forwarded-For / -Proto / X-Request-ID are believed: addresses, networks or *.
    forwarded_allow_ips: tuple[str, ...] = FORWARDED_ALLOW_DEFAULT
    # Threads that serve HTTP requests; Bolt's listener pool is separate.
    http_threads: int = 4
    # gunicorn worker processes of `serve` (threads each: http_threads); 0 keeps one process.
    web_workers: int = 2
    # A digest or report missed while down is posted late within this window, else recorded.
    catch_up_hours: int = 12
    # A claim on a scheduled post older than this is taken to be from a process that died.
    claim_timeout_seconds: int = 600
    # How often the scheduler re-reads every plan and catches up on anything due.
    sweep_seconds: int = 60
    # How long a Slack Web API call may take to answer before it counts as failed.
    slack_timeout_seconds: int = 10
    # The largest file `/project export` uploads; over it, nothing is sent and the answer says so.
    export_max_bytes: int = EXPORT_MAX_DEFAULT
    # The app-level token (xapp-, with connections:write) for `serve --socket-mode`.
    slack_app_token: str | None = field(default=None, repr=False)
    # The language of new projects, and of answers to people whose Slack locale Rapport lacks.
    default_language: str = "en"
    # Where Slack and browsers reach Rapport (https://rapport.example.com): unsubscribe links.
    public_url: str | None = None
    # SMTP for stakeholders outside Slack (bot/platform/email_settings.py); off without SMTP_HOST.
    email: EmailSettings = field(default_factory=EmailSettings)
    # Set when SLACK_CLIENT_ID and SLACK_CLIENT_SECRET are: installs through OAuth (many
    # workspaces). None: the single workspace of SLACK_BOT_TOKEN, the default.
    oauth: OAuthConfig | None = None

    @property
    def log_level_number(self) -> int:
        return int(getattr(logging, self.log_level))


def _fail(key: str, problem: str) -> SettingsError:
    return SettingsError(f"Setting {key} {problem}. See .env.example for what it takes.")


def _required(env: Mapping[str, str], key: str, prefix: str = "") -> str:
    value = env.get(key, "").strip()
    if not value:
        raise _fail(key, "is missing")
    if not value.startswith(prefix):
        raise _fail(key, f"is malformed: it should start with '{prefix}'")
    return value


def _port(env: Mapping[str, str], key: str, default: int) -> int:
    raw = env.get(key, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or not 0 < int(raw) < 65536:
        raise _fail(key, f"is malformed: '{raw}' is not a port number between 1 and 65535")
    return int(raw)


def _whole_number(env: Mapping[str, str], key: str, default: int, minimum: int = 1) -> int:
    raw = env.get(key, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) < minimum:
        raise _fail(key, f"is malformed: '{raw}' is not a whole number of at least {minimum}")
    return int(raw)


def _database_url(raw: str) -> str:
    advice = "use sqlite:///PATH or postgresql+psycopg://USER:PASSWORD@HOST:PORT/DATABASE"
    try:
        url = make_url(raw)
        url.port  # noqa: B018 (parsing the port is what raises on "host:abc")
    except (ArgumentError, ValueError):
        raise _fail("DATABASE_URL", f"is malformed: {advice}") from None
    if url.drivername not in ("sqlite", "sqlite+pysqlite", "postgresql+psycopg"):
        raise _fail("DATABASE_URL", f"names the driver '{url.drivername}': {advice}")
    return raw


def _forwarded_allow_ips(raw: str) -> tuple[str, ...]:
    allowed = tuple(part.strip() for part in raw.split(",") if part.strip())
    for part in allowed:
        if part == "*":
            continue
        try:
            ipaddress.ip_network(part, strict=False)
        except ValueError:
            raise _fail(
                "FORWARDED_ALLOW_IPS",
                f"is malformed: '{part}' is not an address or network (e.g. 127.0.0.1,10.0.0.0/8)",
            ) from None
    return allowed


def _language(raw: str) -> str:
    language = supported(raw)
    if language is None:
        raise _fail("DEFAULT_LANGUAGE", f"names '{raw}': use one of {', '.join(languages())}")
    return language


def require_signing_secret(settings: Settings) -> str:
    """The secret that serving Slack's HTTP requests needs (Socket Mode alone does without)."""
    if settings.slack_signing_secret is None:
        raise _fail(
            "SLACK_SIGNING_SECRET",
            "is missing: serving Slack's HTTP requests needs it (Basic Information → App "
            "Credentials); only `serve --socket-mode` runs without it",
        )
    return settings.slack_signing_secret


def require_app_token(settings: Settings) -> str:
    """The app-level token Socket Mode needs, or SettingsError naming SLACK_APP_TOKEN."""
    if settings.oauth is not None:
        raise _fail(
            "SLACK_CLIENT_ID",
            "is set: installs through OAuth are served over HTTP; Socket Mode runs with the "
            "single workspace's SLACK_BOT_TOKEN",
        )
    if settings.slack_app_token is None:
        raise _fail(
            "SLACK_APP_TOKEN",
            "is missing: Socket Mode needs the app-level token (xapp-…) with connections:write",
        )
    return settings.slack_app_token


def settings_from_env(env: Mapping[str, str]) -> Settings:
    """Build Settings from a mapping; raises SettingsError naming the first bad key."""
    oauth = _oauth(env)
    token = _required(env, "SLACK_BOT_TOKEN", "xoxb-") if oauth is None else None
    app_token = env.get("SLACK_APP_TOKEN", "").strip() or None
    secret = env.get("SLACK_SIGNING_SECRET", "").strip() or None
    if secret is None and app_token is None:
        raise _fail("SLACK_SIGNING_SECRET", "is missing")
    database_url = _database_url(env.get("DATABASE_URL", "").strip() or DATABASE_DEFAULT)
    api_url = _api_url(env)
    log_level, log_format = _logs(env)
    forwarded = _forwarded_allow_ips(env.get("FORWARDED_ALLOW_IPS", ""))
    numbers = {
        key: _whole_number(env, key, default)
        for key, default in (
            ("HTTP_THREADS", 4),
            ("CATCH_UP_HOURS", 12),
            ("CLAIM_TIMEOUT_SECONDS", 600),
            ("SWEEP_SECONDS", 60),
            ("SLACK_TIMEOUT_SECONDS", 10),
            ("EXPORT_MAX_BYTES", EXPORT_MAX_DEFAULT),
        )
    }
    if app_token is not None and not app_token.startswith("xapp-"):
        raise _fail("SLACK_APP_TOKEN", "is malformed: it should start with 'xapp-'")
    if numbers["EXPORT_MAX_BYTES"] > SLACK_FILE_LIMIT:
        raise _fail("EXPORT_MAX_BYTES", f"is over Slack's limit of {SLACK_FILE_LIMIT} bytes (1 GB)")
    default_language = _language(env.get("DEFAULT_LANGUAGE", "").strip() or "en")
    return Settings(
        slack_bot_token=token,
        slack_signing_secret=secret,
        database_url=database_url,
        slack_api_url=api_url,
        host=env.get("HOST", "").strip() or "0.0.0.0",
        port=_port(env, "PORT", 3000),
        log_level=log_level,
        log_format=log_format,
        forwarded_allow_ips=forwarded or FORWARDED_ALLOW_DEFAULT,
        http_threads=max(1, numbers["HTTP_THREADS"]),
        # 0 is a choice here: one process (waitress) serving and scheduling.
        web_workers=_whole_number(env, "WEB_WORKERS", 2, minimum=0),
        catch_up_hours=numbers["CATCH_UP_HOURS"],
        claim_timeout_seconds=numbers["CLAIM_TIMEOUT_SECONDS"],
        sweep_seconds=numbers["SWEEP_SECONDS"],
        slack_timeout_seconds=numbers["SLACK_TIMEOUT_SECONDS"],
        export_max_bytes=numbers["EXPORT_MAX_BYTES"],
        slack_app_token=app_token,
        default_language=default_language,
        public_url=(public_url := public_url_from_env(env, _fail)),
        email=email_settings_from_env(env, secret, public_url, _fail),
        oauth=oauth,
    )


def _api_url(env: Mapping[str, str]) -> str:
    api_url = env.get("SLACK_API_URL", "").strip() or SLACK_API_DEFAULT
    if not api_url.startswith(("http://", "https://")):
        raise _fail("SLACK_API_URL", "is malformed: it should be an http(s) URL")
    # slack-sdk joins base URL and method with urljoin: without the slash the path is dropped.
    return api_url if api_url.endswith("/") else api_url + "/"


def _logs(env: Mapping[str, str]) -> tuple[str, str]:
    """(LOG_LEVEL, LOG_FORMAT)."""
    log_level = (env.get("LOG_LEVEL", "").strip() or "INFO").upper()
    if log_level not in LOG_LEVELS:
        raise _fail("LOG_LEVEL", f"is malformed: use one of {', '.join(LOG_LEVELS)}")
    log_format = (env.get("LOG_FORMAT", "").strip() or "text").lower()
    if log_format not in LOG_FORMATS:
        raise _fail("LOG_FORMAT", f"is malformed: use one of {', '.join(LOG_FORMATS)}")
    return log_level, log_format


def _oauth(env: Mapping[str, str]) -> OAuthConfig | None:
    """OAuth mode, on when both of Bolt's SLACK_CLIENT_ID and SLACK_CLIENT_SECRET are set."""
    client_id = env.get("SLACK_CLIENT_ID", "").strip()
    client_secret = env.get("SLACK_CLIENT_SECRET", "").strip()
    if not client_id and not client_secret:
        return None
    if not client_id or not client_secret:
        missing = "SLACK_CLIENT_ID" if not client_id else "SLACK_CLIENT_SECRET"
        raise _fail(missing, "is missing: OAuth installs need both the client id and secret")
    keys = tuple(k.strip() for k in env.get("TOKEN_ENCRYPTION_KEY", "").split(",") if k.strip())
    if not keys:
        raise _fail("TOKEN_ENCRYPTION_KEY", f"is missing: OAuth keeps tokens encrypted; {NEW_KEY}")
    for key in keys:
        try:
            Fernet(key)
        except ValueError:
            raise _fail("TOKEN_ENCRYPTION_KEY", f"is malformed: make one with {NEW_KEY}") from None
    scopes = tuple(s.strip() for s in env.get("SLACK_SCOPES", "").split(",") if s.strip())
    redirect_uri = env.get("SLACK_REDIRECT_URI", "").strip() or None
    if redirect_uri is not None and not redirect_uri.startswith(("http://", "https://")):
        raise _fail("SLACK_REDIRECT_URI", "is malformed: it should be an http(s) URL")
    return OAuthConfig(client_id, client_secret, keys, scopes or MANIFEST_SCOPES, redirect_uri)


def load_settings(dotenv_path: Path | None = None) -> Settings:
    """Read `.env` (never overriding the real environment), then validate."""
    load_dotenv(dotenv_path or Path.cwd() / ".env", override=False)
    return settings_from_env(os.environ)
