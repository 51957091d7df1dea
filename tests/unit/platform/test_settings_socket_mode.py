"""SLACK_APP_TOKEN: optional, an app-level token when given, required by Socket Mode."""

from __future__ import annotations

import pytest

from bot.platform.settings import (
    SettingsError,
    require_app_token,
    require_signing_secret,
    settings_from_env,
)

REQUIRED = {"SLACK_BOT_TOKEN": "xoxb-1234-5678-SECRET", "SLACK_SIGNING_SECRET": "s3cret"}
APP_TOKEN = "xapp-1-A0RAPPORT-1234-APPSECRET"


def test_the_app_token_is_optional() -> None:
    settings = settings_from_env({**REQUIRED, "SLACK_APP_TOKEN": "  "})
    assert settings.slack_app_token is None
    with pytest.raises(SettingsError, match="SLACK_APP_TOKEN is missing") as missing:
        require_app_token(settings)
    assert "connections:write" in str(missing.value) and "\n" not in str(missing.value)


def test_an_app_token_is_kept_and_never_shown() -> None:
    settings = settings_from_env({**REQUIRED, "SLACK_APP_TOKEN": f" {APP_TOKEN} "})
    assert require_app_token(settings) == APP_TOKEN
    assert APP_TOKEN not in repr(settings)


@pytest.mark.parametrize("wrong", ["xoxb-1234-5678-SECRET", "xoxp-user-token", "app-token"])
def test_a_token_that_is_not_app_level_is_refused_by_name(wrong: str) -> None:
    with pytest.raises(SettingsError, match="SLACK_APP_TOKEN is malformed.*'xapp-'") as error:
        settings_from_env({**REQUIRED, "SLACK_APP_TOKEN": wrong})
    assert wrong not in str(error.value)


def test_socket_mode_needs_no_signing_secret_but_http_does() -> None:
    settings = settings_from_env(
        {"SLACK_BOT_TOKEN": REQUIRED["SLACK_BOT_TOKEN"], "SLACK_APP_TOKEN": APP_TOKEN}
    )
    assert require_app_token(settings) == APP_TOKEN
    with pytest.raises(SettingsError, match="SLACK_SIGNING_SECRET is missing.*--socket-mode"):
        require_signing_secret(settings)
    with pytest.raises(SettingsError, match="SLACK_SIGNING_SECRET is missing"):
        settings_from_env({"SLACK_BOT_TOKEN": REQUIRED["SLACK_BOT_TOKEN"]})
