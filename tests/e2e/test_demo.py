"""The demo a newcomer runs first must tell the whole story and leave its data behind."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.sandbox.demo import run_demo

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def test_demo_plays_a_week_and_says_where_the_data_is(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = tmp_path / "demo.sqlite3"
    assert run_demo(database) == 0
    transcript = capsys.readouterr().out
    for moment in [
        "Ana Lopez typed\n    │ /project setup Acme Website",
        "is set up",
        # Monday: the plan as the channel's canvas; Thursday: the same canvas, version 2.
        "#acme-website  Rapport made the channel canvas\n    │ # Communication plan — Acme Website",
        "Launch Acme's new website by March, with self-service accounts",
        "📄 The plan document (version 1) is now the canvas of #acme-website.",
        "#acme-website  Rapport edited the channel canvas",
        "_Version 2 · published Thu,",
        "Dana Smith (client) typed",
        "logged as *FB-1*",
        "[Acknowledge] [Resolve…]",
        "Feedback FB-1 (problem) is resolved",
        "Status updates come from the project team",  # a client trying /status
        # Eli's Slack is in Chinese: his form and receipt are, the team's card is not.
        "谢谢！您的反馈已记录，编号为 *FB-2*。",
        "匿名发送：您的姓名不会随反馈保存。",
        "*FB-2* · 🙌 Praise on *Acme Website* from someone (anonymous)",
        "🆕 R-1 🔴 High: The SSO metadata from Acme IT may slip the launch",  # Friday's digest
        "Ben Okafor wrote (in a thread)",  # Tuesday: the team answers a question in 40 min
        "App Home of Ana Lopez",  # Friday: the dashboard
        "⏱ First response ···▂ · median 40 min vs target 9 hr",
        "[Approve] [Reject] [Ask a question] [Withdraw]",  # Thursday: a change request
        "*✅ Approved* by @Dana Smith",
        "CR-1 Sign-in with Acme's Okta (SSO): *✅ Approved*",  # and in Friday's digest
        "WEEKLY UPDATE — ACME WEBSITE",
        "WEEKLY UPDATE — ACME WEBSITE (INTERNAL)",
        "🔒 Payment provider contract",
        "DM with Ana Lopez  Rapport",  # Friday 13:00: the reminder, from the scheduler
        "nothing from you in it yet",
        # Tuesday: the meeting's agenda in both channels, then the minutes
        "🗓️ AGENDA — WEEKLY STATUS CALL WITH ACME\n",
        "🗓️ AGENDA — WEEKLY STATUS CALL WITH ACME (TEAM)",
        "• Launch date for the mobile app — @Ben Okafor",
        "📝 MINUTES — WEEKLY STATUS CALL WITH ACME",
        "• D-1 The mobile app launches with the website on Monday, December 7",
        # Thursday: Dana's action item is reminded and she closes it
        "⏰ An action item of yours on *Acme Website* is due:",
        "✅ Closed by @Dana Smith:",
        # Friday: the open one in the digest
        "• A-2 Draft the launch-week plan — @Ana Lopez · due Tue, ",
        "/project set email add cfo@acme.example",  # Monday: Acme's CFO, outside Slack
        "Email to cfo@acme.example, from the local SMTP sink",  # Friday: the digest by email
        "  Subject: Weekly update — Acme Website: 🟢 On track, progress 60%",
        "    │ • Budget review with Acme done: December is fully staffed — Ana Lopez",
        # Wednesday: an incident from notice to review, the reminder from the scheduler.
        "🚨 INC-1: CHECKOUT FAILS FOR CARD PAYMENTS",
        "🕑 Next update by 2:30\u202fPM (Europe/Berlin).",
        "⏰ The client of *Acme Website* expects an update on *INC-1*",
        "2:40\u202fPM Update (10 min late)",
        "📝 POST-INCIDENT REVIEW — INC-1",
        "✅ *INC-1* SEV2: Checkout fails for card payments · resolved in 1.2 hr",  # the digest
        # Friday: Dana's words logged from a thread, as her feedback.
        "Ben Okafor chose in a message's ⋯ menu\n    │ [Log as feedback]",
        "📌 Logged as feedback *FB-3* by @Ben Okafor.",
        "@Ben Okafor logged your message as your feedback *FB-3*",
        str(database.resolve()),
    ]:
        assert moment in transcript, moment
    client_digest = transcript.split("WEEKLY UPDATE — ACME WEBSITE\n")[1].split("#acme-team")[0]
    assert "Payment provider" not in client_digest  # internal notes stay internal
    assert "Traceback" not in transcript
    assert database.exists()
