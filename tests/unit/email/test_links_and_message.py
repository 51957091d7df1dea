"""An unsubscribe link works for its project and address only, until it expires; every email
carries its own, and the same email always carries the same Message-ID."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.email.document import Document, Section
from bot.email.links import LINK_LIFETIME, LinkError, make_token, read_token, unsubscribe_url
from bot.email.message import Attachment, Contents, compose, list_id_for, message_id_for
from bot.email.recipients import parse_addresses
from bot.email.render import Footer

SECRET, NOW = b"k" * 32, datetime(2026, 11, 20, 15, 0, tzinfo=UTC)


def test_a_link_names_its_project_and_address_until_it_expires() -> None:
    url = unsubscribe_url("https://rapport.example", SECRET, 7, "cfo@acme.example", NOW)
    token = url.split("?t=")[1]
    link = read_token(SECRET, token)
    assert (link.project_id, link.address) == (7, "cfo@acme.example")
    assert not link.expired(NOW + LINK_LIFETIME - timedelta(seconds=1))
    assert link.expired(NOW + LINK_LIFETIME)


@pytest.mark.parametrize(
    "forged",
    [
        make_token(b"another secret" * 3, 7, "cfo@acme.example", NOW + LINK_LIFETIME),
        "bm90IGEgdG9rZW4",
        "",
        "%%%.%%%",
    ],
)
def test_a_link_made_without_the_secret_or_changed_is_refused(forged: str) -> None:
    with pytest.raises(LinkError):
        read_token(SECRET, forged)
    payload, signature = make_token(SECRET, 7, "cfo@acme.example", NOW).split(".")
    other, _ = make_token(SECRET, 8, "cfo@acme.example", NOW).split(".")
    with pytest.raises(LinkError):
        read_token(SECRET, f"{other}.{signature}")  # another project under this signature


def test_one_message_per_recipient_with_the_unsubscribe_headers_and_a_stable_message_id() -> None:
    document = Document("Subject", "Title", "Sub", (("Health", "ok"),), (Section("H", "t"),))
    contents = Contents(
        document, "en", "Acme", charts=(b"\x89PNG",), pdf=Attachment("a.pdf", b"%PDF-1.7")
    )
    sender = "Rapport <rapport@northwind.example>"
    message_id = message_id_for(1, "cfo@acme.example", "report", "2026-11", "rapport@n.example")
    assert message_id == message_id_for(1, "cfo@acme.example", "report", "2026-11", "x@n.example")
    assert message_id != message_id_for(1, "cfo@acme.example", "report", "2026-12", "x@x")
    message = compose(
        contents,
        sender=sender,
        to="cfo@acme.example",
        message_id=message_id,
        footer=Footer("why", "Unsubscribe", "https://r.example/email/unsubscribe?t=abc"),
        list_id=list_id_for(1, 'Acme "Web"', "rapport@northwind.example"),
        date=NOW,
    )
    assert message["To"] == "cfo@acme.example" and message["Bcc"] is None
    assert message["List-Unsubscribe"] == "<https://r.example/email/unsubscribe?t=abc>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["List-Id"] == "\"Acme 'Web'\" <project-1.rapport.northwind.example>"
    assert message["Content-Language"] == "en"
    assert len(f"Message-ID: {message_id}") <= 78  # one line, never folded
    kinds = [part.get_content_type() for part in message.walk()]
    assert kinds == [
        "multipart/mixed",
        "multipart/alternative",
        "text/plain",
        "multipart/related",
        "text/html",
        "image/png",
        "application/pdf",
    ]


def test_addresses_are_read_as_typed_or_as_slack_links_them() -> None:
    typed = "<mailto:CFO@Acme.Example|CFO@Acme.Example>, finance@acme.example；cfo@acme.example x@"
    found, wrong = parse_addresses(typed)
    assert found == ["CFO@acme.example", "finance@acme.example", "cfo@acme.example"]
    assert wrong == ["x@"]
