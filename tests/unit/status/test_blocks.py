"""`/status` in Slack: the form, the author's receipt with its buttons, the list and the help."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from bot.sandbox.limits import check_message_blocks, check_view
from bot.status.blocks import build_status_help, build_status_list, build_status_receipt
from bot.status.forms import STATUS_MODAL, build_status_modal, read_status_modal
from bot.status.quick_form import StatusDraft
from tests.factories import MONDAY, make_update
from tests.reading import all_text, buttons, section_texts, submitted_values

DRAFTS = [
    StatusDraft(text=""),
    StatusDraft(text="Login page built"),
    StatusDraft(
        text="Login page built",
        health="at-risk",
        progress=45,
        next_steps="Password reset",
        blockers="SSO metadata",
        visibility="internal",
    ),
    StatusDraft(text="Kick-off", health="off-track", progress=0),
    StatusDraft(text="Launched", health="on-track", progress=100, visibility="client"),
]


@pytest.mark.parametrize("draft", DRAFTS)
def test_the_form_submitted_unchanged_gives_back_the_same_update(draft: StatusDraft) -> None:
    view = build_status_modal(
        project_id=3, channel_id="C0ACME", project_name="Acme Website", draft=draft
    )

    assert read_status_modal(submitted_values(view)) == draft


@pytest.mark.parametrize("draft", DRAFTS)
def test_the_form_is_within_slacks_limits(draft: StatusDraft) -> None:
    view = build_status_modal(
        project_id=3, channel_id="C0ACME", project_name="A" * 80, draft=draft, status_id=12
    )

    assert check_view(view) == []


@pytest.mark.parametrize("draft", DRAFTS)
def test_preselected_options_are_among_the_choices(draft: StatusDraft) -> None:
    """Slack refuses to open a view whose initial option is not one of its options."""
    view = build_status_modal(project_id=3, channel_id="C0ACME", project_name="Acme", draft=draft)

    for block in view["blocks"]:
        element = block.get("element", {})
        if "initial_option" in element:
            assert element["initial_option"] in element["options"]


def test_a_new_form_posts_and_an_edit_form_saves_the_same_update() -> None:
    new = build_status_modal(project_id=3, channel_id="C0ACME", project_name="Acme")
    edit = build_status_modal(project_id=3, channel_id="C0ACME", project_name="Acme", status_id=12)

    assert new["callback_id"] == edit["callback_id"] == STATUS_MODAL
    assert (new["title"]["text"], new["submit"]["text"]) == ("Status update", "Post")
    assert (edit["title"]["text"], edit["submit"]["text"]) == ("Edit update", "Save")
    assert json.loads(new["private_metadata"]) == {
        "project_id": 3,
        "status_id": None,
        "channel_id": "C0ACME",
    }
    assert json.loads(edit["private_metadata"]) == {
        "project_id": 3,
        "status_id": 12,
        "channel_id": "C0ACME",
    }


def test_only_the_text_and_visibility_are_required() -> None:
    view = build_status_modal(project_id=3, channel_id="C0ACME", project_name="Acme")
    required = {b["block_id"] for b in view["blocks"] if b["type"] == "input" and not b["optional"]}

    assert required == {"text", "visibility"}


def test_an_empty_form_defaults_to_a_client_update() -> None:
    view = build_status_modal(project_id=3, channel_id="C0ACME", project_name="Acme")

    draft = read_status_modal(submitted_values(view))

    assert draft.visibility == "client"
    assert draft.health is None
    assert draft.progress is None


def test_the_form_escapes_the_project_name() -> None:
    view = build_status_modal(project_id=3, channel_id="C0ACME", project_name="<!channel> & co")

    assert "*&lt;!channel&gt; &amp; co*" in all_text(view["blocks"])


def test_the_receipt_offers_edit_and_delete_of_that_update() -> None:
    update = make_update("Login page built", id=42, health="on-track", progress=60)

    blocks = build_status_receipt(update, "Acme Website")
    edit, delete = buttons(blocks)

    assert (edit["action_id"], edit["value"], edit["text"]["text"]) == ("status_edit", "42", "Edit")
    assert (delete["action_id"], delete["value"]) == ("status_delete", "42")
    assert delete["style"] == "danger"
    assert "confirm" in delete
    assert check_message_blocks(blocks) == []


def test_the_receipt_says_who_sees_the_update() -> None:
    client = build_status_receipt(make_update("Done", id=1), "Acme")
    internal = build_status_receipt(make_update("Done", id=1, visibility="internal"), "Acme")

    assert "posted to *Acme* — seen by client and team" in all_text(client)
    assert "seen by the team only (internal)" in all_text(internal)


def test_the_receipt_of_an_edit_says_edited() -> None:
    update = make_update("Done", id=1, edited_at=MONDAY + timedelta(hours=1))

    assert "✅ Update edited to" in all_text(build_status_receipt(update, "Acme"))


def test_the_receipt_summarises_the_update_escaped() -> None:
    update = make_update(
        "<!channel> login done",
        id=1,
        health="at-risk",
        progress=45,
        next_steps="reset & <b>",
        blockers="SSO",
    )

    text = section_texts(build_status_receipt(update, "Acme"))[0]

    assert "🟡 At risk · 45%" in text
    assert "&lt;!channel&gt; login done" in text
    assert "Next: reset &amp; &lt;b&gt;" in text
    assert "Blocked: SSO" in text
    assert "<!channel>" not in text


def test_an_empty_list_says_how_to_post() -> None:
    blocks = build_status_list([], "Acme", "Europe/Berlin")

    assert "No updates on *Acme* in the last 7 days" in all_text(blocks)
    assert "/status" in all_text(blocks)


def test_the_list_shows_local_times_authors_and_internal_locks() -> None:
    updates = [
        make_update("Vendor escalation", id=2, visibility="internal", created_at=MONDAY),
        make_update("Login built", id=1, author_id="U0ANA", created_at=MONDAY),
    ]

    blocks = build_status_list(updates, "Acme", "Europe/Berlin")
    shown = all_text(blocks)

    assert "Mon, Nov 16, 10:00\u202fAM · <@U0BEN> · 🔒 Vendor escalation" in shown
    assert "Mon, Nov 16, 10:00\u202fAM · <@U0ANA> · Login built" in shown
    assert "times in Europe/Berlin" in shown
    assert check_message_blocks(blocks) == []


def test_a_long_list_stays_within_limits() -> None:
    updates = [make_update("x" * 2000, id=n, next_steps="y" * 2000) for n in range(100)]

    blocks = build_status_list(updates, "Acme", "UTC")

    assert check_message_blocks(blocks) == []
    assert "more" in section_texts(blocks)[0].splitlines()[-1]


def test_help_shows_the_quick_form() -> None:
    help_text = all_text(build_status_help())

    assert "[on-track|at-risk|off-track] [NN%] [internal]" in help_text
    assert "`/status digest post`" in help_text
