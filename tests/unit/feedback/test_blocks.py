"""`/feedback` in Slack: the form, the sender's receipt, the team's triage card, the notices."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from bot.feedback.blocks import (
    build_acknowledged_notice,
    build_feedback_card,
    build_feedback_list,
    build_feedback_receipt,
    build_resolution_notice,
    card_text,
)
from bot.feedback.forms import (
    FEEDBACK_MODAL,
    build_feedback_modal,
    build_resolve_modal,
    read_feedback_modal,
)
from bot.platform.blocks import Block
from bot.sandbox.limits import check_message_blocks, check_view
from storage.models import Feedback
from tests.factories import MONDAY, make_feedback
from tests.reading import all_text, buttons, submitted_values

OPEN = make_feedback("Staging logs me out\nevery few minutes", id=7, number=3)
ACKNOWLEDGED = make_feedback(
    "Staging logs me out",
    id=7,
    number=3,
    state="acknowledged",
    acknowledged_by="U0ANA",
    acknowledged_at=MONDAY,
)
RESOLVED = make_feedback(
    "Staging logs me out",
    id=7,
    number=3,
    state="resolved",
    acknowledged_by="U0ANA",
    acknowledged_at=MONDAY,
    resolved_by="U0BEN",
    resolved_at=MONDAY,
    resolution="Sessions now last 8 hours",
)


def card(feedback: Feedback) -> list[Block]:
    return build_feedback_card(feedback, project_name="Acme Website", timezone="Europe/Berlin")


def test_an_open_card_offers_acknowledge_and_resolve() -> None:
    blocks = card(OPEN)

    assert [(b["text"]["text"], b["action_id"], b["value"]) for b in buttons(blocks)] == [
        ("Acknowledge", "feedback_ack", "7"),
        ("Resolve…", "feedback_resolve", "7"),
    ]
    shown = all_text(blocks)
    assert "*FB-3* · ⚠️ Problem on *Acme Website* from <@U0DANA>" in shown
    assert ">Staging logs me out\n>every few minutes" in shown
    assert "Answer due Tue, Nov 24, 12:14\u202fPM (Europe/Berlin)" in shown
    assert check_message_blocks(blocks) == []


def test_an_acknowledged_card_offers_only_resolve_and_says_who() -> None:
    blocks = card(ACKNOWLEDGED)

    assert [b["action_id"] for b in buttons(blocks)] == ["feedback_resolve"]
    assert "Acknowledged by <@U0ANA>" in all_text(blocks)
    assert "👀 Acknowledged" in all_text(blocks)
    assert check_message_blocks(blocks) == []


def test_a_resolved_card_has_no_buttons_and_shows_the_resolution() -> None:
    blocks = card(RESOLVED)

    assert buttons(blocks) == []
    assert "Resolved by <@U0BEN>: Sessions now last 8 hours" in all_text(blocks)
    assert "Answer due" not in all_text(blocks)
    assert check_message_blocks(blocks) == []


@pytest.mark.parametrize("state", ["open", "acknowledged", "resolved"])
def test_an_anonymous_card_names_nobody_as_the_sender(state: str) -> None:
    anonymous = make_feedback(author_id=None, state=state)

    shown = all_text(card(anonymous))

    assert "from someone (anonymous)" in shown
    assert "U0DANA" not in shown


def test_the_card_escapes_feedback_and_project_name() -> None:
    feedback = make_feedback("<!channel> look <http://x|y>")

    blocks = build_feedback_card(feedback, project_name="<!here>", timezone="UTC")
    shown = all_text(blocks)

    assert "<!" not in shown
    assert "<http" not in shown
    assert "&lt;!channel&gt; look &lt;http://x|y&gt;" in shown


def test_a_huge_feedback_card_stays_within_limits() -> None:
    feedback = make_feedback(("&<>\n" * 2000), resolution="&" * 2000, state="resolved")

    assert check_message_blocks(card(feedback)) == []


def test_card_text_for_notifications() -> None:
    assert card_text(ACKNOWLEDGED) == "FB-3 (problem, acknowledged)"


def test_the_receipt_gives_the_reference_owners_and_due_time() -> None:
    blocks = build_feedback_receipt(OPEN, owner_ids=["U0ANA", "U0BEN"], timezone="Europe/Berlin")
    shown = all_text(blocks)

    assert "Thanks — your feedback is logged as *FB-3*." in shown
    assert (
        "<@U0ANA> and <@U0BEN> will answer by Tue, Nov 24, 12:14\u202fPM (Europe/Berlin)." in shown
    )
    assert "anonymously" not in shown


def test_an_anonymous_receipt_says_the_name_is_not_stored() -> None:
    blocks = build_feedback_receipt(make_feedback(author_id=None), owner_ids=[], timezone="UTC")
    shown = all_text(blocks)

    assert "The team will answer by Tue, Nov 24, 11:14\u202fAM (UTC)." in shown
    assert "your name is not stored" in shown


def test_the_resolution_notice_closes_the_loop_without_naming_the_sender() -> None:
    text, blocks = build_resolution_notice(RESOLVED)
    shown = all_text(blocks)

    assert text.startswith("✅ Feedback FB-3 (") and text.endswith(") is resolved.")
    assert "U0DANA" not in shown  # the sender is thanked privately, not in the channel
    assert "*What was done:* Sessions now last 8 hours" in shown
    assert "Resolved by <@U0BEN>" in shown
    assert check_message_blocks(blocks) == []


def test_the_resolution_notice_for_anonymous_feedback_thanks_nobody() -> None:
    anonymous = make_feedback(
        author_id=None, state="resolved", resolved_by="U0BEN", resolution="<!channel> fixed"
    )

    _, blocks = build_resolution_notice(anonymous)
    shown = all_text(blocks)

    assert "Thank you" not in shown
    assert "<@U0DANA>" not in shown
    assert "&lt;!channel&gt; fixed" in shown
    assert "<!channel>" not in shown


def test_the_acknowledged_notice_names_who_picked_it_up() -> None:
    assert build_acknowledged_notice(ACKNOWLEDGED) == (
        "👀 <@U0ANA> has picked up your feedback *FB-3* and is on it."
    )


def test_the_feedback_form_defaults_and_reads_back() -> None:
    view = build_feedback_modal(project_id=5, project_name="Acme Website", channel_id="C0ACME")

    assert view["callback_id"] == FEEDBACK_MODAL
    assert json.loads(view["private_metadata"]) == {"project_id": 5, "channel_id": "C0ACME"}
    assert check_view(view) == []
    values = submitted_values(view)
    values["text"]["text"]["value"] = "  Please add dark mode  "
    assert read_feedback_modal(values) == ("request", "normal", "Please add dark mode", False)


def test_the_feedback_form_reads_anonymous_and_choices() -> None:
    view = build_feedback_modal(project_id=5, project_name="Acme Website", channel_id="C0ACME")
    values = submitted_values(view)
    kinds = {b["block_id"]: b["element"] for b in view["blocks"] if b["type"] == "input"}
    values["kind"]["kind"]["selected_option"] = kinds["kind"]["options"][1]
    values["urgency"]["urgency"]["selected_option"] = kinds["urgency"]["options"][2]
    values["anonymous"]["anonymous"]["selected_options"] = kinds["anonymous"]["options"]
    values["text"]["text"]["value"] = "Staging is down"

    assert read_feedback_modal(values) == ("problem", "urgent", "Staging is down", True)


def test_the_resolve_form_names_the_reference() -> None:
    view = build_resolve_modal(OPEN)

    assert view["title"]["text"] == "Resolve FB-3"
    assert json.loads(view["private_metadata"]) == {"feedback_id": 7}
    assert check_view(view) == []


def test_a_long_list_of_open_feedback_stays_within_slacks_limits() -> None:
    items = [
        make_feedback(
            id=n, number=n, text="x" * 1900, created_at=MONDAY, due_at=MONDAY + timedelta(days=1)
        )
        for n in range(1, 31)
    ]
    now = MONDAY + timedelta(days=3)
    blocks = build_feedback_list(items, project_name="Acme", timezone="Europe/Berlin", now=now)
    assert check_message_blocks(blocks) == []
    assert "…and 15 more" in all_text(blocks)
    assert "overdue" in all_text(blocks)


def test_an_empty_list_says_everything_has_an_answer() -> None:
    now = make_feedback().created_at
    blocks = build_feedback_list([], project_name="Acme", timezone="UTC", now=now)
    assert "every piece of feedback has an answer" in all_text(blocks)
