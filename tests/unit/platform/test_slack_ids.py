"""User and channel references typed into slash commands, escaped by Slack or pasted bare."""

from __future__ import annotations

import pytest

from bot.platform.slack_ids import parse_channel_id, parse_user_id, parse_user_ids


@pytest.mark.parametrize(
    ("token", "user_id"),
    [
        ("<@U123|ana>", "U123"),
        ("<@U123>", "U123"),
        ("U123", "U123"),
        ("@U123", "U123"),
        ("  <@U0ABC9XYZ|ana.lopez>  ", "U0ABC9XYZ"),
        ("<@W0ENTERPRISE|ben>", "W0ENTERPRISE"),
    ],
)
def test_user_references(token: str, user_id: str) -> None:
    assert parse_user_id(token) == user_id


@pytest.mark.parametrize(
    "token",
    [
        "",
        "ana",
        "@ana",
        "<@ana>",
        "u123",
        "U1",
        "C123",
        "<#C123|general>",
        "<@U123|ana",
        "<!channel>",
        "<@U123>x",
    ],
)
def test_things_that_are_not_users(token: str) -> None:
    assert parse_user_id(token) is None


@pytest.mark.parametrize(
    ("token", "channel_id"),
    [
        ("<#C123|general>", "C123"),
        ("<#C123>", "C123"),
        ("#C123", "C123"),
        ("C123", "C123"),
        ("<#G0PRIVATE|secret-team>", "G0PRIVATE"),
        ("G0PRIVATE", "G0PRIVATE"),
        (" <#C0ACME|acme-team> ", "C0ACME"),
    ],
)
def test_channel_references(token: str, channel_id: str) -> None:
    assert parse_channel_id(token) == channel_id


@pytest.mark.parametrize(
    "token",
    ["", "general", "#general", "<#general>", "c123", "U123", "<@U123>", "#C1", "<#C123|general"],
)
def test_things_that_are_not_channels(token: str) -> None:
    assert parse_channel_id(token) is None


def test_user_lists_accept_commas_and_spaces_and_keep_order() -> None:
    ids, bad = parse_user_ids("<@U1AA|ana>, <@U2BB>,U3CC   @U4DD")

    assert ids == ["U1AA", "U2BB", "U3CC", "U4DD"]
    assert bad == []


def test_user_lists_report_the_tokens_that_are_not_people() -> None:
    ids, bad = parse_user_ids("<@U1AA|ana> bob, #C123 <@U2BB>")

    assert ids == ["U1AA", "U2BB"]
    assert bad == ["bob", "#C123"]


def test_a_person_named_twice_counts_once() -> None:
    ids, bad = parse_user_ids("<@U1AA|ana> U1AA, <@U1AA>")

    assert ids == ["U1AA"]
    assert bad == []


def test_an_empty_user_list() -> None:
    assert parse_user_ids(" , ,") == ([], [])
