"""Email is off without SMTP_HOST; with it, what it needs is checked at start-up, by name."""

from __future__ import annotations

import pytest

from bot.platform.email_settings import HKDF_INFO, HKDF_SALT, hkdf_sha256
from bot.platform.settings import SettingsError, settings_from_env

BASE = {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s" * 32}
SMTP = {
    **BASE,
    "SMTP_HOST": "smtp.example.com",
    "EMAIL_FROM": "Rapport <rapport@agency.example>",
    "PUBLIC_URL": "https://rapport.example.com/",
}


def test_email_is_off_without_smtp_host() -> None:
    settings = settings_from_env(BASE)
    assert not settings.email.enabled and settings.public_url is None


def test_the_port_follows_the_security_and_the_link_secret_is_derived() -> None:
    settings = settings_from_env({**SMTP, "SMTP_SECURITY": "ssl"})
    assert (settings.email.smtp_port, settings.email.smtp_security) == (465, "ssl")
    assert settings.public_url == "https://rapport.example.com"
    assert settings.email.sender_address == "rapport@agency.example"
    derived = hkdf_sha256(b"s" * 32, salt=HKDF_SALT, info=HKDF_INFO)
    assert settings.email.link_secret == derived != (b"s" * 32)
    assert settings_from_env(SMTP).email.smtp_port == 587
    own = settings_from_env({**SMTP, "EMAIL_LINK_SECRET": "l" * 20}).email.link_secret
    assert own == b"l" * 20
    assert "smtp_password" not in repr(settings) and "link_secret" not in repr(settings)


def test_rfc_5869s_first_test_vector() -> None:
    key = bytes.fromhex("0b" * 22)
    salt, info = bytes.fromhex("000102030405060708090a0b0c"), bytes.fromhex("f0f1f2f3f4f5f6f7f8f9")
    expected = "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf"
    assert hkdf_sha256(key, salt=salt, info=info).hex() == expected


@pytest.mark.parametrize(
    ("changed", "named"),
    [
        ({"SMTP_SECURITY": "tls"}, "SMTP_SECURITY"),
        ({"SMTP_PORT": "smtp"}, "SMTP_PORT"),
        ({"EMAIL_FROM": ""}, "EMAIL_FROM"),
        ({"EMAIL_FROM": "rapport at agency"}, "EMAIL_FROM"),
        ({"PUBLIC_URL": ""}, "PUBLIC_URL"),
        ({"PUBLIC_URL": "rapport.example.com"}, "PUBLIC_URL"),
        ({"SMTP_USERNAME": "rapport"}, "SMTP_PASSWORD"),
        ({"EMAIL_LINK_SECRET": "short"}, "EMAIL_LINK_SECRET"),
        ({"SLACK_SIGNING_SECRET": "", "SLACK_APP_TOKEN": "xapp-1"}, "EMAIL_LINK_SECRET"),
    ],
)
def test_a_missing_or_malformed_email_setting_is_named(changed: dict[str, str], named: str) -> None:
    with pytest.raises(SettingsError, match=named):
        settings_from_env({**SMTP, **changed})
