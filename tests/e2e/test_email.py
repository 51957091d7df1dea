"""Stakeholders outside Slack get the client digest by email, each their own message, once per
period; they leave with one click. Through the real server, the real scheduler, a real
database and a real SMTP server (aiosmtpd, bot/sandbox/smtp_sink.py)."""

from __future__ import annotations

import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage

import pytest

from bot.app import build_scheduler
from bot.platform.slack_client import make_web_client
from bot.sandbox.smtp_sink import SmtpSink
from bot.sandbox.stack import Stack, start_stack
from bot.sandbox.workspace import CLIENT, CLIENT_CHANNEL, DEV, OWNER
from bot.scheduling.runner import PlanScheduler
from tests.conftest import Database
from tests.e2e.conftest import Clock, setup_project

pytestmark = [pytest.mark.e2e]

MONDAY = datetime(2026, 11, 16, 8, 0, tzinfo=UTC)
DIGEST_AT = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)  # Friday 16:00 in Berlin
CFO, FINANCE = "cfo@acme.example", "finance@acme.example"


@pytest.fixture
def sink() -> Iterator[SmtpSink]:
    server = SmtpSink().start()
    yield server
    server.stop()


@pytest.fixture
def mailing(database: Database, clock: Clock, sink: SmtpSink) -> Iterator[Stack]:
    clock.now = MONDAY
    running = start_stack(
        database_url=database.url, engine=database.engine, clock=clock, smtp_port=sink.port
    )
    setup_project(running)
    yield running
    running.stop()


@pytest.fixture
def scheduler(mailing: Stack) -> Iterator[PlanScheduler]:
    planner = build_scheduler(mailing.deps, make_web_client(mailing.deps.settings))
    yield planner
    planner.shutdown()


def say(stack: Stack, user: str, text: str) -> str:
    return stack.sender.command(user, CLIENT_CHANNEL, "/project", text).text


def fire_digest(stack: Stack, scheduler: PlanScheduler) -> None:
    from tests.e2e.test_scheduler import project

    scheduler.fire("digest", project(stack).id or 0)
    assert stack.deps.mail.wait_idle(timeout=10)


def body(message: EmailMessage, kind: str) -> str:
    part = message.get_body(preferencelist=(kind,))
    assert part is not None
    content = part.get_content()
    assert isinstance(content, str)
    return content.replace("\r\n", "\n")


def fetch(url: str, data: bytes | None = None) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=data), timeout=5) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_each_stakeholder_gets_the_client_digest_once_and_can_leave_with_one_click(
    mailing: Stack, clock: Clock, sink: SmtpSink, scheduler: PlanScheduler
) -> None:
    assert "Who receives emails is for the project's owners" in say(
        mailing, CLIENT, f"set email add {CFO}"
    )
    added = say(mailing, OWNER, f"set email add {CFO}, {FINANCE}")
    assert f"{CFO}, {FINANCE} will receive the client digest and the monthly report" in added
    assert "not an email address" in say(mailing, OWNER, "set email add cfo-at-acme")
    mailing.sender.command(DEV, CLIENT_CHANNEL, "/status", "on-track 50% Checkout <shipped> & live")
    mailing.sender.command(DEV, CLIENT_CHANNEL, "/status", "internal Vendor invoice is late")

    clock.now = DIGEST_AT
    # Two replicas' schedulers fire at once, and one fires again: one email per person.
    other = build_scheduler(mailing.deps, make_web_client(mailing.deps.settings))
    both = [threading.Thread(target=fire_digest, args=(mailing, s)) for s in (scheduler, other)]
    for thread in both:
        thread.start()
    for thread in both:
        thread.join()
    fire_digest(mailing, scheduler)
    scheduler.sweep()
    assert mailing.deps.mail.wait_idle(timeout=10)
    received = sink.wait_for(2)
    assert sorted(r.recipients for r in received) == [(CFO,), (FINANCE,)]
    [to_cfo] = sink.to(CFO)
    assert to_cfo["To"] == CFO and to_cfo["Cc"] is None and to_cfo["Bcc"] is None
    assert to_cfo["Subject"] == "Weekly update — Acme Website: 🟢 On track, progress 50%"
    assert to_cfo.get_content_type() == "multipart/alternative"
    text, html = body(to_cfo, "plain"), body(to_cfo, "html")
    assert "📋 Weekly update — Acme Website\nFri, Nov 13 – Fri, Nov 20, 2026" in text
    assert "• Checkout <shipped> & live — Ben Okafor" in text
    assert "Checkout &lt;shipped&gt; &amp; live — Ben Okafor" in html
    assert "Vendor invoice" not in text + html  # the client's variant only
    unsubscribe = to_cfo["List-Unsubscribe"].strip("<>")
    assert unsubscribe.startswith(f"{mailing.server.url}/email/unsubscribe?t=")
    assert to_cfo["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe in text and unsubscribe.replace("&", "&amp;") in html
    assert sink.to(FINANCE)[0]["List-Unsubscribe"] != to_cfo["List-Unsubscribe"]

    # Opening the link changes nothing (mail scanners open links); one click unsubscribes.
    status, page = fetch(unsubscribe)
    assert status == 200 and "Unsubscribe from Acme Website?" in page and "<form" in page
    assert "🚫" not in say(mailing, OWNER, "set email list")
    status, page = fetch(unsubscribe, b"List-Unsubscribe=One-Click")
    assert status == 200 and "You are unsubscribed" in page
    listed = say(mailing, OWNER, "set email list")
    assert f"🚫 {CFO}: unsubscribed on Fri, Nov 20, 2026" in listed
    assert f"{FINANCE}: added by <@{OWNER}>" in listed
    assert "only they can subscribe again" in say(mailing, OWNER, f"set email add {CFO}")
    assert fetch(unsubscribe.replace("?t=", "?t=x"))[0] == 400  # a forged link does nothing

    clock.now = DIGEST_AT + timedelta(days=7)
    fire_digest(mailing, scheduler)
    assert [r.recipients for r in sink.wait_for(3)][2:] == [(FINANCE,)]
    assert len(sink.to(CFO)) == 1


def test_without_smtp_the_owner_is_told_what_to_configure(stack: Stack) -> None:
    setup_project(stack)
    answer = say(stack, OWNER, f"set email add {CFO}")
    assert "Email is not set up on this Rapport" in answer and "`SMTP_HOST`" in answer


def test_the_monthly_report_email_is_in_the_projects_language_with_its_charts_and_a_pdf(
    mailing: Stack, clock: Clock, sink: SmtpSink, scheduler: PlanScheduler
) -> None:
    from tests.e2e.test_scheduler import project

    say(mailing, OWNER, "set language zh-CN")
    say(mailing, OWNER, f"set email add {CFO}")
    mailing.sender.command(DEV, CLIENT_CHANNEL, "/status", "正常 20% 线框图已获批准")
    clock.now = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)  # Tuesday 1 December, 10:00 in Berlin
    scheduler.fire("report", project(mailing).id or 0)
    assert mailing.deps.mail.wait_idle(timeout=20)
    [report] = sink.to(CFO)
    assert report["Subject"] == "月报 2026年11月 — Acme Website"
    assert report["Content-Language"] == "zh-CN"
    assert report.get_content_type() == "multipart/mixed"
    text, html = body(report, "plain"), body(report, "html")
    assert "线框图已获批准 — Ben Okafor" in text and "退订" in text
    related = report.get_body(preferencelist=("related",))
    assert related is not None
    images = [part for part in related.iter_parts() if part.get_content_type() == "image/png"]
    assert len(images) == 2  # progress; response times and satisfaction
    for image in images:
        assert f'src="cid:{image["Content-ID"].strip("<>")}"' in html
    [pdf] = list(report.iter_attachments())
    assert pdf.get_content_type() == "application/pdf"
    assert pdf.get_filename() == "acme-website-2026-11.pdf"
    assert pdf.get_content().startswith(b"%PDF-")
