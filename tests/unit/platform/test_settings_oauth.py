"""OAuth mode's settings: on with Bolt's SLACK_CLIENT_ID and SLACK_CLIENT_SECRET, a key to seal
tokens required, the manifest's scopes by default, no bot token needed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from bot.platform.settings import (
    MANIFEST_SCOPES,
    SettingsError,
    require_app_token,
    settings_from_env,
)

KEY = Fernet.generate_key().decode()
OAUTH = {
    "SLACK_CLIENT_ID": "1234.5678",
    "SLACK_CLIENT_SECRET": "a-secret",
    "TOKEN_ENCRYPTION_KEY": KEY,
    "SLACK_SIGNING_SECRET": "signing",
}


def test_oauth_mode_needs_no_bot_token_and_asks_for_the_manifests_scopes() -> None:
    settings = settings_from_env(OAUTH)

    assert settings.slack_bot_token is None
    assert settings.oauth is not None
    assert settings.oauth.client_id == "1234.5678"
    assert settings.oauth.scopes == MANIFEST_SCOPES
    assert settings.oauth.encryption_keys == (KEY,)
    assert "a-secret" not in repr(settings) and KEY not in repr(settings)


def test_the_single_token_stays_the_default() -> None:
    settings = settings_from_env({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s"})
    assert settings.oauth is None and settings.slack_bot_token == "xoxb-1"


def test_scopes_and_redirect_can_be_given_and_keys_rotated() -> None:
    old = Fernet.generate_key().decode()
    settings = settings_from_env(
        {
            **OAUTH,
            "SLACK_SCOPES": "commands, chat:write",
            "SLACK_REDIRECT_URI": "https://rapport.example.com/slack/oauth_redirect",
            "TOKEN_ENCRYPTION_KEY": f"{KEY},{old}",
        }
    )
    assert settings.oauth is not None
    assert settings.oauth.scopes == ("commands", "chat:write")
    assert settings.oauth.redirect_uri == "https://rapport.example.com/slack/oauth_redirect"
    assert settings.oauth.encryption_keys == (KEY, old)


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"SLACK_CLIENT_SECRET": ""}, "SLACK_CLIENT_SECRET"),
        ({"SLACK_CLIENT_ID": " "}, "SLACK_CLIENT_ID"),
        ({"TOKEN_ENCRYPTION_KEY": ""}, "TOKEN_ENCRYPTION_KEY"),
        ({"TOKEN_ENCRYPTION_KEY": "not-a-key"}, "TOKEN_ENCRYPTION_KEY"),
        ({"SLACK_REDIRECT_URI": "rapport.example.com"}, "SLACK_REDIRECT_URI"),
    ],
)
def test_a_missing_or_malformed_oauth_setting_is_named(change: dict[str, str], named: str) -> None:
    with pytest.raises(SettingsError, match=named) as refused:
        settings_from_env({**OAUTH, **change})
    assert "a-secret" not in str(refused.value)


def test_socket_mode_takes_the_single_token() -> None:
    with pytest.raises(SettingsError, match="SLACK_CLIENT_ID"):
        require_app_token(settings_from_env({**OAUTH, "SLACK_APP_TOKEN": "xapp-1"}))


def test_the_default_scopes_are_the_manifests() -> None:
    manifest = (Path(__file__).parents[3] / "manifest.yml").read_text(encoding="utf-8")
    bot = manifest.split("    bot:\n", 1)[1].split("\nsettings:", 1)[0]
    declared = tuple(re.findall(r"^\s+- ([a-z_.:]+)", bot, flags=re.MULTILINE))
    assert declared == MANIFEST_SCOPES
