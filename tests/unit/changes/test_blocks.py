"""Change requests as the client and the team read them; no I/O."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from bot.changes.blocks import build_change_list, build_change_request, build_decision_notice
from bot.changes.forms import build_change_modal, read_change_form
from bot.sandbox.limits import check_message_blocks, check_view
from storage.models import ChangeRequest
from tests.factories import make_change
from tests.reading import all_text, buttons, submitted_values


def request(change: ChangeRequest, approvers: list[str] | None = None) -> tuple[str, list[Any]]:
    return build_change_request(
        change, project_name="Acme", timezone="Europe/Berlin", approver_ids=approvers or []
    )


def test_a_pending_request_offers_the_decision_and_says_who_decides() -> None:
    text, blocks = request(make_change(), ["U0DANA"])
    assert [b["action_id"] for b in buttons(blocks)] == [
        "change_approve",
        "change_reject",
        "change_ask",
        "change_withdraw",
    ]
    approve = buttons(blocks)[0]
    assert approve["value"] == "3" and "+5 working days" in approve["confirm"]["text"]["text"]
    assert approve["confirm"]["style"] == "primary"  # agreeing is not a danger
    shown = all_text(blocks)
    assert "CR-2" in text and "decided by <@U0DANA>" in shown and "+4,800" in shown
    assert "Okta on the admin pages" in shown and check_message_blocks(blocks) == []


def test_a_decided_request_shows_the_outcome_and_no_buttons() -> None:
    decided = make_change(
        state="rejected",
        decided_by="U0ELI",
        decided_at=datetime(2026, 11, 19, 13, 5, tzinfo=UTC),
        decision_note="Not <!channel> this quarter",
    )
    text, blocks = request(decided)
    assert buttons(blocks) == [] and text.endswith("rejected")
    shown = all_text(blocks)
    assert "*❌ Rejected* by <@U0ELI> on Thu, Nov 19, 2:05\u202fPM (Europe/Berlin)" in shown
    assert "&lt;!channel&gt;" in shown and "<!channel>" not in shown
    notice = build_decision_notice(decided, project_name="Acme", timezone="Europe/Berlin")
    assert "CR-2" in notice and "Rejected" in notice and "+4,800" in notice


def test_typed_text_is_inert_and_long_text_fits_slack() -> None:
    change = make_change(title="<@U0ALL> " + "t" * 400, reason="r" * 5000, scope_impact="&" * 4000)
    text, blocks = request(change)
    assert check_message_blocks(blocks) == []
    # The header is plain text (Slack reads no markup there); everything else is escaped.
    assert blocks[0]["text"]["type"] == "plain_text"
    assert "<@U0ALL>" not in all_text(blocks[1:]) and "<@U0ALL>" not in text


def test_the_list_totals_only_what_was_approved() -> None:
    changes = [
        make_change(number=1, state="approved", schedule_days=5, cost_cents=200000),
        make_change(number=2, state="approved", schedule_days=-2, cost_cents=-50000),
        make_change(number=3, state="rejected", schedule_days=40, cost_cents=9000000),
        make_change(number=4),
    ]
    shown = all_text(build_change_list(changes, project_name="Acme"))
    assert "2 of 4 (1 waiting)" in shown and "+3 working days" in shown and "+1,500" in shown
    assert "No change requests" in all_text(build_change_list([], project_name="Acme"))


def test_the_form_is_valid_and_its_untouched_state_reads_back() -> None:
    view = build_change_modal(
        project_id=1, project_name="Acme", channel_id="C0A", caller_id="U0ANA", title="Dark mode"
    )
    assert check_view(view) == []
    form, errors = read_change_form(submitted_values(view))
    assert form is None and set(errors) == {"reason"}  # the title came filled in
