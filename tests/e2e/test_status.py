"""/status through the real server: quick form, modal, edit, delete, list, digest, refusals."""

from __future__ import annotations

import pytest
from sqlmodel import select

from bot.sandbox.stack import Stack
from bot.sandbox.workspace import CLIENT, CLIENT_CHANNEL, DESIGNER, DEV, INTERNAL_CHANNEL, OWNER
from storage.db import session_scope
from storage.models import StatusUpdate
from tests.e2e.conftest import open_modal, setup_project, visible, wait_ephemeral, wait_post

pytestmark = pytest.mark.e2e


def stored_updates(stack: Stack) -> list[StatusUpdate]:
    with session_scope(stack.deps.engine) as session:
        return list(session.exec(select(StatusUpdate).order_by(StatusUpdate.id)))  # type: ignore[arg-type]


def test_quick_form_is_stored_and_confirmed_with_edit_and_delete(stack: Stack) -> None:
    setup_project(stack)
    reply = stack.sender.command(
        DEV,
        CLIENT_CHANNEL,
        "/status",
        "at-risk 45% Login page built; next: password reset; blocked: SSO metadata",
    )
    assert "Update posted" in reply.text and "At risk" in reply.text and "45%" in reply.text
    buttons = [
        e["action_id"]
        for b in reply.json()["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
    ]
    assert buttons == ["status_edit", "status_delete"]
    [update] = stored_updates(stack)
    assert (update.author_id, update.health, update.progress) == (DEV, "at-risk", 45)
    assert (update.text, update.next_steps, update.blockers) == (
        "Login page built",
        "password reset",
        "SSO metadata",
    )
    assert update.visibility == "client"


def test_bad_quick_forms_are_explained_and_store_nothing(stack: Stack) -> None:
    setup_project(stack)
    assert "over 100%" in stack.sender.command(DEV, CLIENT_CHANNEL, "/status", "150% done").text
    assert (
        "needs some text" in stack.sender.command(DEV, CLIENT_CHANNEL, "/status", "on-track").text
    )
    too_long = stack.sender.command(DEV, CLIENT_CHANNEL, "/status", "x" * 2500).text
    assert "2,500 characters long; the limit is 2,000" in too_long
    assert stored_updates(stack) == []


def test_clients_are_pointed_to_feedback(stack: Stack) -> None:
    setup_project(stack)
    for text in ["", "on-track all good", "list", "digest post"]:
        reply = stack.sender.command(CLIENT, CLIENT_CHANNEL, "/status", text)
        assert "/feedback" in reply.text and "project team" in reply.text
    assert stored_updates(stack) == []
    assert stack.fake.calls_of("views.open") == []


def test_modal_posts_an_update(stack: Stack) -> None:
    setup_project(stack)
    stack.sender.command(DEV, INTERNAL_CHANNEL, "/status")
    modal = open_modal(stack, "status_modal")
    assert modal["title"]["text"] == "Status update"
    reply = stack.sender.submit(
        DEV,
        modal["id"],
        {
            "health": "off-track",
            "progress": "30",
            "text": "Payments blocked",
            "next": "Escalate",
            "blockers": "Contract unsigned",
            "visibility": "internal",
        },
    )
    assert reply.status == 200 and reply.body == ""  # closes the modal
    receipt = wait_ephemeral(stack, DEV, "Update posted")
    assert "team only" in visible(receipt)
    [update] = stored_updates(stack)
    assert (update.health, update.progress, update.visibility) == ("off-track", 30, "internal")
    assert (update.next_steps, update.blockers) == ("Escalate", "Contract unsigned")


def test_modal_refuses_over_long_text_inline(stack: Stack) -> None:
    setup_project(stack)
    stack.sender.command(DEV, CLIENT_CHANNEL, "/status")
    modal = open_modal(stack, "status_modal")
    reply = stack.sender.submit(DEV, modal["id"], {"text": "y" * 2100})
    assert reply.json()["response_action"] == "errors"
    assert "limit is 2,000" in reply.json()["errors"]["text"]
    # Pressing Submit again unchanged gets the same answer, not a modal closed on nothing.
    again = stack.sender.submit(DEV, modal["id"], {"text": "y" * 2100})
    assert again.json()["response_action"] == "errors"
    assert stored_updates(stack) == []


def test_author_edits_an_update_from_its_confirmation(stack: Stack) -> None:
    setup_project(stack)
    stack.sender.command(DEV, CLIENT_CHANNEL, "/status", "on-track 20% Wireframes done")
    receipt = wait_ephemeral(stack, DEV, "Update posted")
    stack.sender.click(DEV, receipt, "status_edit")
    modal = open_modal(stack, "status_modal")
    assert modal["title"]["text"] == "Edit update"
    text_input = next(b for b in modal["blocks"] if b.get("block_id") == "text")
    assert text_input["element"]["initial_value"] == "Wireframes done"
    stack.sender.submit(DEV, modal["id"], {"text": "Wireframes approved by Acme", "progress": "25"})
    wait_ephemeral(stack, DEV, "Update edited")
    [update] = stored_updates(stack)
    assert (update.text, update.progress, update.health) == (
        "Wireframes approved by Acme",
        25,
        "on-track",
    )
    assert update.edited_at is not None
    listing = stack.sender.command(DEV, CLIENT_CHANNEL, "/status", "list").text
    assert "Wireframes approved by Acme" in listing and "Wireframes done" not in listing


def test_only_the_author_can_edit_or_delete(stack: Stack) -> None:
    setup_project(stack)
    stack.sender.command(DEV, CLIENT_CHANNEL, "/status", "on-track Wireframes done")
    receipt = wait_ephemeral(stack, DEV, "Update posted")
    stack.sender.click(DESIGNER, receipt, "status_delete")
    wait_ephemeral(stack, DESIGNER, "not yours")
    stack.sender.click(DESIGNER, receipt, "status_edit")
    wait_ephemeral(stack, DESIGNER, "not yours to edit")
    assert stored_updates(stack)[0].deleted_at is None
    assert stack.fake.calls_of("views.open") == []


def test_delete_removes_the_update_from_list_and_digest(stack: Stack) -> None:
    setup_project(stack)
    stack.sender.command(DEV, CLIENT_CHANNEL, "/status", "on-track Typo-ridden update")
    stack.sender.command(DEV, CLIENT_CHANNEL, "/status", "on-track Clean update")
    receipt = wait_ephemeral(stack, DEV, "Typo-ridden")
    stack.sender.click(DEV, receipt, "status_delete")
    replaced = wait_ephemeral(stack, DEV, "Update deleted")
    assert replaced.kind == "update"  # the confirmation itself is replaced
    listing = stack.sender.command(OWNER, CLIENT_CHANNEL, "/status", "list").text
    assert "Clean update" in listing and "Typo-ridden" not in listing
    preview = stack.sender.command(OWNER, CLIENT_CHANNEL, "/status", "digest").text
    assert "Clean update" in preview and "Typo-ridden" not in preview


def test_list_shows_the_week_newest_first_with_internal_marked(stack: Stack) -> None:
    setup_project(stack)
    stack.sender.command(DEV, CLIENT_CHANNEL, "/status", "First thing")
    stack.sender.command(DESIGNER, CLIENT_CHANNEL, "/status", "internal Second thing")
    listing = stack.sender.command(OWNER, CLIENT_CHANNEL, "/status", "list").text
    assert listing.index("Second thing") < listing.index("First thing")
    assert "🔒 Second thing" in listing


def test_digest_preview_is_private_and_shows_what_the_client_will_see(stack: Stack) -> None:
    setup_project(stack)
    stack.sender.command(DEV, CLIENT_CHANNEL, "/status", "on-track 60% Checkout shipped")
    stack.sender.command(DESIGNER, CLIENT_CHANNEL, "/status", "internal Margin is thin")
    reply = stack.sender.command(OWNER, CLIENT_CHANNEL, "/status", "digest")
    assert reply.json().get("response_type", "ephemeral") == "ephemeral"
    assert "Preview" in reply.text and "Checkout shipped" in reply.text
    assert "Margin is thin" not in reply.text
    assert stack.fake.calls_of("chat.postMessage") == []


def test_digest_post_sends_client_and_internal_variants(stack: Stack) -> None:
    setup_project(stack)
    stack.sender.command(
        DEV, CLIENT_CHANNEL, "/status", "at-risk 40% Login built; next: payments; blocked: SSO keys"
    )
    stack.sender.command(DESIGNER, CLIENT_CHANNEL, "/status", "internal 45% Margin is thin")
    stack.sender.command(CLIENT, CLIENT_CHANNEL, "/feedback", "question: when is the demo?")
    stack.sender.command(OWNER, CLIENT_CHANNEL, "/status", "digest post")
    client_digest = wait_post(stack, CLIENT_CHANNEL, "Weekly update")
    internal_digest = wait_post(stack, INTERNAL_CHANNEL, "Weekly update")
    client_text, internal_text = visible(client_digest), visible(internal_digest)
    for expected in ["Login built", "payments", "SSO keys", "1 received (1 question)"]:
        assert expected in client_text and expected in internal_text
    assert "Margin is thin" not in client_text and "Margin is thin" in internal_text
    assert "At risk" in client_text and "40%" in client_text
    assert "45%" in internal_text  # the latest progress, internal notes included
    assert "when is the demo" not in client_text  # the client digest counts, it does not quote
    assert client_digest.metadata and client_digest.metadata["event_type"] == "rapport_digest"
    answer = wait_ephemeral(stack, OWNER, "The client digest is posted in")
    assert "The internal digest is posted in" in visible(answer)


def test_help_lists_the_quick_form(stack: Stack) -> None:
    setup_project(stack)
    answer = stack.sender.command(DEV, CLIENT_CHANNEL, "/status", "help").text
    assert "[on-track|at-risk|off-track]" in answer and "digest post" in answer


def test_an_update_that_starts_like_a_subcommand_is_still_an_update(stack: Stack) -> None:
    setup_project(stack)
    for text in [
        "List view redesigned and shipped",
        "digest emails now go out daily",
        "Help page rewritten",
    ]:
        reply = stack.sender.command(DEV, CLIENT_CHANNEL, "/status", text)
        assert "Update posted" in reply.text, text
    assert [u.text for u in stored_updates(stack)] == [
        "List view redesigned and shipped",
        "digest emails now go out daily",
        "Help page rewritten",
    ]
