"""Settings from the environment: fail fast, name the key, never show a secret."""

from __future__ import annotations

import pytest

from bot.platform.settings import SettingsError, settings_from_env

TOKEN = "xoxb-1234-5678-SECRETTOKEN"
SECRET = "8f14e45fceea167a5a36dedd4bea2543"
REQUIRED = {"SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SECRET}


def env(**extra: str) -> dict[str, str]:
    return {**REQUIRED, **extra}


def test_defaults_with_only_the_required_keys() -> None:
    settings = settings_from_env(REQUIRED)

    assert settings.slack_bot_token == TOKEN
    assert settings.slack_signing_secret == SECRET
    assert settings.database_url == "sqlite:///data/rapport.sqlite3"
    assert settings.slack_api_url == "https://slack.com/api/"
    assert settings.host == "0.0.0.0"
    assert settings.port == 3000
    assert settings.log_level == "INFO"
    assert settings.http_threads == 4 and settings.web_workers == 2


def test_blank_optional_values_fall_back_to_defaults() -> None:
    settings = settings_from_env(
        env(DATABASE_URL=" ", SLACK_API_URL="", PORT="", LOG_LEVEL="  ", HOST="", HTTP_THREADS="")
    )

    assert settings == settings_from_env(REQUIRED)


def test_every_setting_can_be_given() -> None:
    settings = settings_from_env(
        env(
            DATABASE_URL="postgresql+psycopg://rapport@db:5432/rapport",
            SLACK_API_URL="http://127.0.0.1:9000/api/",
            HOST="127.0.0.1",
            PORT="8080",
            LOG_LEVEL="debug",
            HTTP_THREADS="16",
        )
    )

    assert settings.database_url == "postgresql+psycopg://rapport@db:5432/rapport"
    assert settings.slack_api_url == "http://127.0.0.1:9000/api/"
    assert (settings.host, settings.port, settings.http_threads) == ("127.0.0.1", 8080, 16)
    assert settings.log_level == "DEBUG"
    assert settings.log_level_number == 10


@pytest.mark.parametrize("key", ["SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"])
@pytest.mark.parametrize("value", [None, "", "   "])
def test_a_missing_required_key_is_named_with_where_to_look(key: str, value: str | None) -> None:
    given = dict(REQUIRED)
    if value is None:
        del given[key]
    else:
        given[key] = value

    with pytest.raises(SettingsError) as error:
        settings_from_env(given)

    message = str(error.value)
    assert key in message
    assert "missing" in message
    assert ".env.example" in message


def test_with_nothing_set_the_token_is_named_first() -> None:
    with pytest.raises(SettingsError, match="SLACK_BOT_TOKEN is missing"):
        settings_from_env({})


@pytest.mark.parametrize("token", ["xoxp-user-token", "xapp-1-app-token", "1234", "XOXB-1"])
def test_a_token_that_is_not_a_bot_token_is_refused(token: str) -> None:
    with pytest.raises(SettingsError, match="SLACK_BOT_TOKEN is malformed") as error:
        settings_from_env(env(SLACK_BOT_TOKEN=token))

    assert "xoxb-" in str(error.value)
    assert ".env.example" in str(error.value)


@pytest.mark.parametrize("port", ["0", "65536", "http", "-1", "80.5", "3000a"])
def test_a_bad_port_is_refused_naming_it(port: str) -> None:
    with pytest.raises(SettingsError, match="PORT is malformed") as error:
        settings_from_env(env(PORT=port))

    assert f"'{port}'" in str(error.value)
    assert "1 and 65535" in str(error.value)


@pytest.mark.parametrize("port", ["1", "65535"])
def test_edge_ports_are_accepted(port: str) -> None:
    assert settings_from_env(env(PORT=port)).port == int(port)


@pytest.mark.parametrize("level", ["verbose", "TRACE", "10"])
def test_a_bad_log_level_is_refused_listing_the_choices(level: str) -> None:
    with pytest.raises(SettingsError, match="LOG_LEVEL is malformed") as error:
        settings_from_env(env(LOG_LEVEL=level))

    assert "DEBUG, INFO, WARNING, ERROR, CRITICAL" in str(error.value)


@pytest.mark.parametrize("level", ["warning", "Error", "CRITICAL"])
def test_log_levels_ignore_case(level: str) -> None:
    assert settings_from_env(env(LOG_LEVEL=level)).log_level == level.upper()


def test_logs_are_text_unless_json_is_asked_for() -> None:
    assert settings_from_env(REQUIRED).log_format == "text"
    assert settings_from_env(env(LOG_FORMAT=" JSON ")).log_format == "json"
    with pytest.raises(SettingsError, match="LOG_FORMAT is malformed: use one of text, json"):
        settings_from_env(env(LOG_FORMAT="logfmt"))


def test_forwarded_headers_are_believed_from_the_proxies_named() -> None:
    assert settings_from_env(REQUIRED).forwarded_allow_ips == ("127.0.0.1", "::1")
    named = settings_from_env(env(FORWARDED_ALLOW_IPS="10.0.0.5, 172.16.0.0/12,fd00::/8"))
    assert named.forwarded_allow_ips == ("10.0.0.5", "172.16.0.0/12", "fd00::/8")
    assert settings_from_env(env(FORWARDED_ALLOW_IPS="*")).forwarded_allow_ips == ("*",)
    with pytest.raises(SettingsError, match="FORWARDED_ALLOW_IPS is malformed: 'nginx'"):
        settings_from_env(env(FORWARDED_ALLOW_IPS="127.0.0.1,nginx"))


@pytest.mark.parametrize(
    "url",
    [
        "mysql://root@localhost/rapport",
        "data/rapport.sqlite3",
        "postgres://x",
        "postgresql://u@h/db",  # psycopg2, which Rapport does not install
        "postgresql+psycopg://u@host:abc/db",
    ],
)
def test_a_database_url_rapport_cannot_use_is_refused(url: str) -> None:
    with pytest.raises(SettingsError, match="Setting DATABASE_URL (is malformed|names)") as error:
        settings_from_env(env(DATABASE_URL=url))

    assert "sqlite:///" in str(error.value)


@pytest.mark.parametrize(
    "url", ["sqlite:////var/lib/rapport.db", "postgresql+psycopg://u:p@h:5432/db"]
)
def test_sqlite_and_postgresql_urls_are_accepted(url: str) -> None:
    assert settings_from_env(env(DATABASE_URL=url)).database_url == url


def test_the_slack_api_url_gets_a_trailing_slash() -> None:
    settings = settings_from_env(env(SLACK_API_URL="http://localhost:9000/api"))

    assert settings.slack_api_url == "http://localhost:9000/api/"


def test_a_slack_api_url_that_is_not_http_is_refused() -> None:
    with pytest.raises(SettingsError, match="SLACK_API_URL is malformed"):
        settings_from_env(env(SLACK_API_URL="slack.com/api"))


@pytest.mark.parametrize("threads", ["0", "many", "-2"])
def test_bad_http_threads_are_refused(threads: str) -> None:
    with pytest.raises(SettingsError, match="HTTP_THREADS is malformed"):
        settings_from_env(env(HTTP_THREADS=threads))


def test_settings_never_show_the_token_or_the_secret() -> None:
    settings = settings_from_env(REQUIRED)

    for shown in (repr(settings), str(settings), f"{settings}"):
        assert TOKEN not in shown
        assert "SECRETTOKEN" not in shown
        assert SECRET not in shown
    assert "sqlite:///data/rapport.sqlite3" in repr(settings)


def test_the_error_for_a_bad_token_does_not_echo_it() -> None:
    with pytest.raises(SettingsError) as error:
        settings_from_env(env(SLACK_BOT_TOKEN="xoxp-REALUSERSECRET"))

    assert "REALUSERSECRET" not in str(error.value)


def test_web_workers_may_be_zero_for_one_process_but_not_negative() -> None:
    assert settings_from_env(env(WEB_WORKERS="0")).web_workers == 0
    assert settings_from_env(env(WEB_WORKERS="3")).web_workers == 3
    with pytest.raises(SettingsError, match="WEB_WORKERS is malformed.*at least 0"):
        settings_from_env(env(WEB_WORKERS="-1"))
