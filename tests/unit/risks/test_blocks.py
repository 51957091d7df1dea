"""`/risk` in Slack: the form, the list as the team and as a client see it, the alert, the
receipt; and the quick form `/risk add [high|medium|low] [internal] text`."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest

from bot.platform.blocks import Block
from bot.risks.blocks import RISK_CLOSE, build_risk_alert, build_risk_list, build_risk_receipt
from bot.risks.forms import (
    CLOSE_MODAL,
    RISK_MODAL,
    build_close_modal,
    build_risk_modal,
    form_errors,
    read_risk_modal,
)
from bot.risks.quick_form import RiskFormError, parse_quick_risk, parse_risk_number
from bot.sandbox.limits import check_message_blocks, check_view
from storage.models import Risk
from tests.factories import FRIDAY, MONDAY, make_risk
from tests.reading import all_text, submitted_values

FORGED = "<!channel> see <https://evil.example|the invoice> & pay"


def accessories(blocks: list[Block]) -> list[Block]:
    return [b["accessory"] for b in blocks if "accessory" in b]


def modal() -> dict[str, Any]:
    return build_risk_modal(
        project_id=1, project_name="Acme <Web>", channel_id="C0CLIENT", user_id="U0ANA"
    )


# The form


def test_the_form_has_every_field_with_its_defaults() -> None:
    view = modal()
    assert view["callback_id"] == RISK_MODAL and check_view(view) == []
    inputs = {b["block_id"]: b for b in view["blocks"] if b["type"] == "input"}
    assert list(inputs) == ["title", "severity", "likelihood", "owner", "mitigation", "visibility"]
    assert inputs["title"]["element"]["max_length"] == 200 and not inputs["title"]["optional"]
    assert (
        inputs["mitigation"]["optional"] and inputs["mitigation"]["element"]["max_length"] == 1000
    )
    assert inputs["owner"]["element"] == {
        "type": "users_select",
        "action_id": "owner",
        "initial_user": "U0ANA",
    }
    assert json.loads(view["private_metadata"]) == {"project_id": 1, "channel_id": "C0CLIENT"}
    assert "Acme &lt;Web&gt;" in all_text(view["blocks"])


def test_the_form_submitted_untouched_is_a_medium_client_visible_risk_of_the_caller() -> None:
    values = submitted_values(modal())
    values["title"]["title"]["value"] = "Launch slips"
    form = read_risk_modal(values)
    assert (form.title, form.severity, form.likelihood, form.owner_id, form.visibility) == (
        "Launch slips",
        "medium",
        "medium",
        "U0ANA",
        "client",
    )
    assert form.mitigation == "" and form_errors(form) == {}


def test_form_errors_land_under_their_field() -> None:
    values = submitted_values(modal())
    values["mitigation"]["mitigation"]["value"] = "m" * 1001
    assert set(form_errors(read_risk_modal(values))) == {"title", "mitigation"}
    values["title"]["title"]["value"] = "t" * 201
    assert "200" in form_errors(read_risk_modal(values))["title"]


# The list


def risks_for_list() -> list[Risk]:
    return [
        make_risk(
            "Supplier <b>bankrupt</b>", id=1, number=1, severity="high", visibility="internal"
        ),
        make_risk(FORGED, id=2, number=2, severity="medium", mitigation=FORGED),
    ]


def test_the_team_sees_internal_risks_marked_and_a_close_button_each() -> None:
    blocks = build_risk_list(risks_for_list(), project_name="Acme", now=FRIDAY, team=True)
    assert check_message_blocks(blocks) == []
    text = all_text(blocks)
    assert "Open risks — Acme (2)" in text
    assert text.index("*R-1*") < text.index("*R-2*")
    assert text.count("🔒") == 2  # the internal risk, and the legend
    assert "🔴 High severity" in text and "likelihood 🟢 Low" in text
    assert "owner <@U0BEN>" in text and "4.2 days old" in text
    assert "_Mitigation:_ Mock the API until it ships" in text
    buttons = accessories(blocks)
    assert [(b["action_id"], b["value"]) for b in buttons] == [(RISK_CLOSE, "1"), (RISK_CLOSE, "2")]


def test_clients_get_no_buttons_and_no_lock() -> None:
    client_visible = [r for r in risks_for_list() if r.visibility == "client"]
    blocks = build_risk_list(client_visible, project_name="Acme", now=FRIDAY, team=False)
    assert accessories(blocks) == [] and "🔒" not in all_text(blocks)
    assert "/feedback" in all_text(blocks)


def test_typed_text_is_escaped_everywhere() -> None:
    risk = make_risk(FORGED, mitigation=FORGED, severity="high")
    outputs: list[Any] = [
        build_risk_list([risk], project_name="Acme", now=FRIDAY, team=True),
        build_risk_alert(risk, project_name="<!here>", owner_ids=["U0ANA"]),
        build_risk_receipt(risk, alerted=["U0ANA"], alert_place="G0TEAM"),
        build_close_modal(risk, channel_id="C0CLIENT")["blocks"],
    ]
    dumped = json.dumps(outputs)
    assert "<!channel>" not in dumped and "<https://evil" not in dumped and "<!here>" not in dumped
    assert "&lt;!channel&gt;" in dumped and "&amp; pay" in dumped


@pytest.mark.parametrize("team", [True, False])
def test_sixty_long_risks_fit_in_one_message(team: bool) -> None:
    risks = [
        make_risk("x" * 200, id=i, number=i, mitigation="<&>" * 333, severity="high")
        for i in range(1, 61)
    ]
    blocks = build_risk_list(risks, project_name="A" * 80, now=FRIDAY, team=team)
    assert check_message_blocks(blocks) == [] and len(blocks) <= 50
    assert "more" in all_text(blocks[-3:])


def test_an_empty_list_says_so_and_how_to_add_one() -> None:
    text = all_text(build_risk_list([], project_name="Acme", now=FRIDAY, team=True))
    assert "No open risks" in text and "/risk add" in text


# The alert and the receipt


def test_the_alert_mentions_every_owner_in_its_notification_text() -> None:
    text, blocks = build_risk_alert(
        make_risk(severity="high"), project_name="Acme", owner_ids=["U0ANA", "U0BEN"]
    )
    assert text.startswith("<@U0ANA> <@U0BEN>") and "R-3" in text
    assert check_message_blocks(blocks) == []
    assert "Mock the API until it ships" in all_text(blocks)


def test_the_receipt_gives_the_reference_and_who_was_alerted() -> None:
    _, channel = build_risk_receipt(
        make_risk(severity="high"), alerted=["U0ANA"], alert_place="G0TEAM"
    )
    assert "*R-3*" in all_text(channel) and "alerted <@U0ANA> in <#G0TEAM>" in all_text(channel)
    _, direct = build_risk_receipt(make_risk(severity="high"), alerted=["U0ANA"], alert_place=None)
    assert "by direct message" in all_text(direct)
    _, medium = build_risk_receipt(make_risk(), alerted=[], alert_place=None)
    assert "alerted" not in all_text(medium)
    _, internal = build_risk_receipt(make_risk(visibility="internal"), alerted=[], alert_place=None)
    assert "🔒 internal" in all_text(internal)


def test_the_close_modal_asks_for_an_optional_note() -> None:
    view = build_close_modal(make_risk(), channel_id="C0CLIENT")
    assert view["callback_id"] == CLOSE_MODAL and check_view(view) == []
    assert view["title"]["text"] == "Close R-3"
    [note] = [b for b in view["blocks"] if b["type"] == "input"]
    assert note["block_id"] == "note" and note["optional"]
    assert json.loads(view["private_metadata"]) == {"risk_id": 11, "channel_id": "C0CLIENT"}


# The quick form


@pytest.mark.parametrize(
    ("typed", "severity", "visibility", "title"),
    [
        ("Launch may slip", "medium", "client", "Launch may slip"),
        ("high Launch may slip", "high", "client", "Launch may slip"),
        ("LOW: fonts licence", "low", "client", "fonts licence"),
        ("internal high Vendor is unreliable", "high", "internal", "Vendor is unreliable"),
        ("medium internal Vendor", "medium", "internal", "Vendor"),
        ("high high risk of rain", "high", "client", "high risk of rain"),
        ("Internal audit due", "medium", "internal", "audit due"),
    ],
)
def test_the_quick_form_reads_severity_and_visibility(
    typed: str, severity: str, visibility: str, title: str
) -> None:
    draft = parse_quick_risk(typed)
    assert (draft.severity, draft.visibility, draft.title) == (severity, visibility, title)


@pytest.mark.parametrize("typed", ["", "   ", "high", "internal", "low internal"])
def test_the_quick_form_needs_some_words(typed: str) -> None:
    with pytest.raises(RiskFormError, match="Say what could go wrong"):
        parse_quick_risk(typed)


def test_the_quick_form_refuses_a_title_over_the_limit() -> None:
    with pytest.raises(RiskFormError, match="at most 200 characters; yours has 201"):
        parse_quick_risk("high " + "z" * 201)


@pytest.mark.parametrize(
    ("typed", "number"),
    [("3", 3), ("R-3", 3), ("r-12", 12), ("R7", 7), ("FB-3", None), ("three", None), ("", None)],
)
def test_risk_references(typed: str, number: int | None) -> None:
    assert parse_risk_number(typed) == number


def test_age_counts_from_when_it_was_logged() -> None:
    blocks = build_risk_list(
        [make_risk()], project_name="Acme", now=MONDAY + timedelta(minutes=5), team=False
    )
    assert "5 min old" in all_text(blocks)
