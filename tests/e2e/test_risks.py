"""/risk through the real server: a risk from its logging to its closing, the owners' alert for
a high one, what clients see and may not do."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import col, select

from bot.report.monthly import load_report
from bot.report.monthly_blocks import build_report
from bot.sandbox.fake_types import Entry
from bot.sandbox.stack import Stack
from bot.sandbox.workspace import (
    CLIENT,
    CLIENT_CHANNEL,
    DESIGNER,
    DEV,
    GUEST,
    INTERNAL_CHANNEL,
    OTHER_CHANNEL,
    OWNER,
)
from storage.db import session_scope
from storage.models import Event, Project, Risk
from tests.e2e.conftest import (
    Clock,
    open_modal,
    posts,
    setup_project,
    visible,
    wait_ephemeral,
    wait_post,
)
from tests.reading import all_text

pytestmark = pytest.mark.e2e

OWNER_DM = "D" + OWNER[1:]


def stored_risks(stack: Stack) -> list[Risk]:
    with session_scope(stack.deps.engine) as session:
        return list(session.exec(select(Risk).order_by(col(Risk.number))))


def risk_events(stack: Stack) -> list[tuple[str, str, str | None, str, str | None]]:
    with session_scope(stack.deps.engine) as session:
        events = session.exec(select(Event).where(Event.subject == "risk").order_by(col(Event.id)))
        return [(e.ref, e.action, e.from_state, e.to_state, e.note) for e in events]


def latest_list(stack: Stack, user: str) -> Entry:
    """The last `/risk list` answer `user` saw, as a message they can click on."""
    found = stack.fake.wait_for(
        lambda: next(
            (
                e
                for e in reversed(stack.fake.timeline)
                if e.kind == "ephemeral" and e.to_user == user and "Open risks" in visible(e)
            ),
            None,
        )
    )
    assert isinstance(found, Entry)
    return found


def close_buttons(entry: Entry) -> list[str]:
    return [
        b["accessory"]["value"]
        for b in entry.blocks
        if b.get("accessory", {}).get("action_id") == "risk_close"
    ]


def add_by_form(stack: Stack, user: str, channel: str, values: dict[str, object]) -> None:
    stack.sender.command(user, channel, "/risk")
    stack.sender.submit(user, open_modal(stack, "risk_modal")["id"], values)


def test_a_risk_logged_with_the_quick_form_gets_its_reference(stack: Stack) -> None:
    setup_project(stack)
    reply = stack.sender.command(DEV, CLIENT_CHANNEL, "/risk", "add Fonts licence unclear")
    assert "*R-1*" in reply.text and "Fonts licence unclear" in reply.text
    assert "the client sees it" in reply.text and "alerted" not in reply.text
    internal = stack.sender.command(DEV, INTERNAL_CHANNEL, "/risk", "add low internal QA is thin")
    assert "*R-2*" in internal.text and "🔒 internal" in internal.text
    first, second = stored_risks(stack)
    assert (first.severity, first.likelihood, first.owner_id, first.visibility) == (
        "medium",
        "medium",
        DEV,
        "client",
    )
    assert (second.severity, second.visibility, second.title) == ("low", "internal", "QA is thin")
    assert risk_events(stack) == [
        ("R-1", "created", None, "open", None),
        ("R-2", "created", None, "open", None),
    ]


def test_full_width_typing_is_read_and_the_words_kept_as_typed(stack: Stack) -> None:
    """A Chinese keyboard types the subcommand full-width (`ａｄｄ`, an ideographic space): it is
    read as `add`, while the title and the note keep their full-width characters."""
    setup_project(stack)
    added = stack.sender.command(
        DEV, CLIENT_CHANNEL, "/risk", "ａｄｄ　ｌｏｗ　供应商交付延迟（３周）"
    )
    assert "*R-1*" in added.text
    closed = stack.sender.command(
        OWNER, CLIENT_CHANNEL, "/risk", "ｃｌｏｓｅ　Ｒ－１　换了供应商（Ｂ）"
    )
    assert "*R-1*" in closed.text
    [risk] = stored_risks(stack)
    assert (risk.severity, risk.title) == ("low", "供应商交付延迟（３周）")
    assert (risk.state, risk.close_note) == ("closed", "换了供应商（Ｂ）")


def test_the_form_logs_a_risk_with_every_field_and_explains_mistakes(stack: Stack) -> None:
    setup_project(stack)
    stack.sender.command(DEV, CLIENT_CHANNEL, "/risk")
    modal = open_modal(stack, "risk_modal")
    empty = stack.sender.submit(DEV, modal["id"], {"title": ""})
    assert empty.json()["response_action"] == "errors" and "title" in empty.json()["errors"]
    long = stack.sender.submit(DEV, modal["id"], {"title": "Slip", "mitigation": "m" * 1001})
    assert list(long.json()["errors"]) == ["mitigation"]
    assert stored_risks(stack) == []
    stack.sender.submit(
        DEV,
        modal["id"],
        {
            "title": "Hosting <contract> ends in May",
            "severity": "low",
            "likelihood": "high",
            "owner": DESIGNER,
            "mitigation": "Renew in March",
            "visibility": "internal",
        },
    )
    receipt = wait_ephemeral(stack, DEV, "*R-1*")
    assert receipt.channel == CLIENT_CHANNEL
    assert "Hosting &lt;contract&gt; ends in May" in visible(receipt)
    [risk] = stored_risks(stack)
    assert (
        risk.title,
        risk.severity,
        risk.likelihood,
        risk.owner_id,
        risk.mitigation,
        risk.visibility,
        risk.created_by,
    ) == (
        "Hosting <contract> ends in May",
        "low",
        "high",
        DESIGNER,
        "Renew in March",
        "internal",
        DEV,
    )


def test_a_high_risk_alerts_every_owner_in_the_internal_channel(stack: Stack) -> None:
    setup_project(stack)
    named = stack.sender.command(OWNER, CLIENT_CHANNEL, "/project", f"set owner <@{DESIGNER}>")
    assert "now has the role owner" in named.text, named.text
    stack.sender.command(DEV, CLIENT_CHANNEL, "/risk", "add high Payment API may ship late")
    alert = wait_post(stack, INTERNAL_CHANNEL, "R-1")
    assert alert.text.startswith(f"<@{OWNER}> <@{DESIGNER}> 🚨")
    assert "Payment API may ship late" in visible(alert)
    receipt = wait_ephemeral(stack, DEV, "*R-1*")
    assert f"alerted <@{OWNER}> and <@{DESIGNER}> in <#{INTERNAL_CHANNEL}>" in visible(receipt)
    assert [e.channel for e in stack.fake.messages() if "R-1" in visible(e)] == [INTERNAL_CHANNEL]
    stack.fake.wait_quiet()
    assert not [e for e in posts(stack, CLIENT_CHANNEL) if "R-1" in visible(e)]


def test_a_high_risk_reaches_the_owners_directly_without_an_internal_channel(stack: Stack) -> None:
    setup_project(stack, internal=None)
    stack.sender.command(DEV, CLIENT_CHANNEL, "/risk", "add high internal Key developer leaves")
    dm = wait_post(stack, OWNER_DM, "R-1")
    assert "Key developer leaves" in visible(dm) and "no internal channel" in visible(dm)
    assert "by direct message" in visible(wait_ephemeral(stack, DEV, "*R-1*"))
    stack.fake.wait_quiet()
    assert not [e for e in posts(stack, CLIENT_CHANNEL) if "R-1" in visible(e)]


def test_when_slack_refuses_the_internal_channel_the_owners_get_a_dm(stack: Stack) -> None:
    setup_project(stack)
    stack.fake.fail_next("chat.postMessage", status=200, error="not_in_channel", retry_after=None)
    add_by_form(stack, DEV, INTERNAL_CHANNEL, {"title": "Server room floods", "severity": "high"})
    dm = wait_post(stack, OWNER_DM, "R-1")
    assert "Server room floods" in visible(dm) and "Invite me there" in visible(dm)
    assert "by direct message" in visible(wait_ephemeral(stack, DEV, "*R-1*"))


def test_the_team_lists_everything_open_and_clients_what_is_theirs(stack: Stack) -> None:
    setup_project(stack)
    for typed in ["add low Fonts", "add high internal Vendor wobbles", "add Launch slips"]:
        stack.sender.command(DEV, CLIENT_CHANNEL, "/risk", typed)
    wait_ephemeral(stack, DEV, "*R-2*")
    team = stack.sender.command(OWNER, CLIENT_CHANNEL, "/risk", "list")
    shown = team.text
    assert "Open risks — Acme Website (3)" in shown
    assert shown.index("*R-2*") < shown.index("*R-3*") < shown.index("*R-1*")
    assert "🔒 internal" in shown and "Vendor wobbles" in shown
    assert close_buttons(latest_list(stack, OWNER)) == ["2", "3", "1"]
    client = stack.sender.command(CLIENT, CLIENT_CHANNEL, "/risk", "list")
    assert "Open risks — Acme Website (2)" in client.text
    assert "Vendor" not in client.text and "🔒" not in client.text
    assert close_buttons(latest_list(stack, CLIENT)) == []
    guest = stack.sender.command(GUEST, CLIENT_CHANNEL, "/risk", "list")
    assert "Vendor" not in guest.text and "Fonts" in guest.text


def test_an_empty_list_says_how_to_add_one(stack: Stack) -> None:
    setup_project(stack)
    reply = stack.sender.command(DEV, CLIENT_CHANNEL, "/risk", "list")
    assert "No open risks" in reply.text and "/risk add" in reply.text


def test_closing_by_command_records_the_note_once(stack: Stack) -> None:
    setup_project(stack)
    stack.sender.command(DEV, CLIENT_CHANNEL, "/risk", "add Fonts licence unclear")
    done = stack.sender.command(OWNER, CLIENT_CHANNEL, "/risk", "close R-1 Bought the licence")
    assert "*R-1* is closed: Bought the licence" in done.text
    again = stack.sender.command(DEV, CLIENT_CHANNEL, "/risk", "close 1")
    assert "closed already" in again.text and f"<@{OWNER}>" in again.text
    unknown = stack.sender.command(DEV, CLIENT_CHANNEL, "/risk", "close r-9")
    assert "There is no R-9" in unknown.text
    [risk] = stored_risks(stack)
    assert (risk.state, risk.closed_by, risk.close_note) == ("closed", OWNER, "Bought the licence")
    assert risk_events(stack)[-1] == ("R-1", "closed", "open", "closed", "Bought the licence")
    assert len(risk_events(stack)) == 2
    assert "No open risks" in stack.sender.command(DEV, CLIENT_CHANNEL, "/risk", "list").text


def test_the_close_button_asks_for_a_note_and_closes(stack: Stack) -> None:
    setup_project(stack)
    stack.sender.command(DEV, INTERNAL_CHANNEL, "/risk", "add internal Vendor wobbles")
    stack.sender.command(DEV, INTERNAL_CHANNEL, "/risk", "list")
    stack.sender.click(DEV, latest_list(stack, DEV), "risk_close")
    modal = open_modal(stack, "risk_close_modal")
    assert modal["title"]["text"] == "Close R-1"
    stack.sender.submit(DEV, modal["id"], {"note": "Signed a second vendor"})
    receipt = wait_ephemeral(stack, DEV, "*R-1* is closed")
    assert receipt.channel == INTERNAL_CHANNEL and "Signed a second vendor" in visible(receipt)
    assert risk_events(stack)[-1] == ("R-1", "closed", "open", "closed", "Signed a second vendor")


def test_a_replayed_close_closes_once(stack: Stack) -> None:
    setup_project(stack)
    stack.sender.command(DEV, CLIENT_CHANNEL, "/risk", "add Launch slips")
    stack.sender.command(DEV, CLIENT_CHANNEL, "/risk", "list")
    listing = latest_list(stack, DEV)
    # A double click: two modals open; both are submitted.
    stack.sender.click(DEV, listing, "risk_close")
    first = open_modal(stack, "risk_close_modal")
    stack.sender.click(DEV, listing, "risk_close")
    second = stack.fake.wait_for(
        lambda: next(
            (
                v
                for v in stack.fake.opened_views()
                if v["callback_id"] == "risk_close_modal" and v["id"] != first["id"]
            ),
            None,
        )
    )
    assert stack.sender.submit(DEV, first["id"], {"note": "Moved the date"}).body == ""
    late = stack.sender.submit(DEV, second["id"], {"note": "Moved the date"})
    assert "closed already" in late.json()["errors"]["note"]
    # The same submission delivered again, and a click on the old list, change nothing.
    assert "closed already" in stack.sender.submit(DEV, first["id"], {}).json()["errors"]["note"]
    stack.sender.click(OWNER, listing, "risk_close")
    wait_ephemeral(stack, OWNER, "closed already")
    actions = [(ref, action) for ref, action, *_ in risk_events(stack)]
    assert actions == [("R-1", "created"), ("R-1", "closed")]
    assert stored_risks(stack)[0].close_note == "Moved the date"


def test_clients_cannot_add_or_close_and_hear_what_they_can_do(stack: Stack) -> None:
    setup_project(stack)
    stack.sender.command(DEV, CLIENT_CHANNEL, "/risk", "add Launch slips")
    for user in (CLIENT, GUEST):
        for typed in ["add high The budget is gone", "", "close R-1 fine"]:
            reply = stack.sender.command(user, CLIENT_CHANNEL, "/risk", typed)
            assert "only they can add or close risks" in reply.text and "/feedback" in reply.text
    # Not even with a button from someone else's list.
    stack.sender.command(DEV, CLIENT_CHANNEL, "/risk", "list")
    stack.sender.click(CLIENT, latest_list(stack, DEV), "risk_close")
    wait_ephemeral(stack, CLIENT, "Only the project team")
    assert stack.fake.calls_of("views.open") == []
    [risk] = stored_risks(stack)
    assert risk.state == "open"


def test_too_long_text_is_refused_and_nothing_is_stored(stack: Stack) -> None:
    setup_project(stack)
    reply = stack.sender.command(DEV, CLIENT_CHANNEL, "/risk", "add high " + "z" * 250)
    assert "at most 200 characters; yours has 250" in reply.text
    empty = stack.sender.command(DEV, CLIENT_CHANNEL, "/risk", "add high")
    assert "Say what could go wrong" in empty.text
    assert stored_risks(stack) == [] and risk_events(stack) == []


def test_help_unknown_words_and_channels_without_a_project(stack: Stack) -> None:
    setup_project(stack)
    assert (
        "The risk and issue log" in stack.sender.command(DEV, CLIENT_CHANNEL, "/risk", "help").text
    )
    assert "/risk close" in stack.sender.command(DEV, CLIENT_CHANNEL, "/risk", "remove 3").text
    outside = stack.sender.command(DEV, OTHER_CHANNEL, "/risk", "add Slip")
    assert "has no project yet" in outside.text
    assert stored_risks(stack) == []


def test_typed_text_cannot_ping_anyone(stack: Stack) -> None:
    setup_project(stack)
    stack.sender.command(DEV, CLIENT_CHANNEL, "/risk", "add high <!channel> & <@U0DANA> pay now")
    alert = wait_post(stack, INTERNAL_CHANNEL, "R-1")
    assert "<!channel>" not in visible(alert) and "&amp;" in visible(alert)
    listing = stack.sender.command(CLIENT, CLIENT_CHANNEL, "/risk", "list")
    assert "<!channel>" not in listing.body


def test_a_risk_lives_in_the_digests_and_the_report_each_audience_its_own(
    timed_stack: Stack, clock: Clock
) -> None:
    stack = timed_stack
    setup_project(stack)
    send = stack.sender
    send.command(DEV, CLIENT_CHANNEL, "/risk", "add high SSO metadata may slip the launch")
    wait_ephemeral(stack, DEV, "R-1")
    send.command(DEV, CLIENT_CHANNEL, "/risk", "add internal Margin is thin")
    send.command(DESIGNER, INTERNAL_CHANNEL, "/risk", "add Key developer away in December")
    assert [r.visibility for r in stored_risks(stack)] == ["client", "internal", "internal"]

    send.command(OWNER, CLIENT_CHANNEL, "/status", "digest post")
    client_text = visible(wait_post(stack, CLIENT_CHANNEL, "Weekly update"))
    internal_text = visible(wait_post(stack, INTERNAL_CHANNEL, "Weekly update"))
    assert "3 new this week · 3 open · 0 closed this week" in internal_text
    assert "🆕 🔒 R-2 🟠 Medium: Margin is thin" in internal_text
    assert "🆕 🔒 R-3" in internal_text and "🆕 R-1 🔴 High: SSO metadata" in internal_text
    assert "1 new this week · 1 open · 0 closed this week" in client_text
    assert "🆕 R-1 🔴 High: SSO metadata may slip the launch" in client_text
    assert "R-2" not in client_text and "Margin" not in client_text and "R-3" not in client_text

    clock.now += timedelta(days=8)
    closed = send.command(DEV, CLIENT_CHANNEL, "/risk", "close R-1 Acme IT sent the metadata")
    assert "R-1" in closed.text
    send.command(OWNER, CLIENT_CHANNEL, "/status", "digest post")
    stack.fake.wait_for(lambda: len(posts(stack, CLIENT_CHANNEL)) >= 2)
    client_text = visible(posts(stack, CLIENT_CHANNEL)[-1])
    assert "0 new this week · 0 open · 1 closed this week" in client_text
    assert "✅ R-1 🔴 High: SSO metadata may slip the launch" in client_text
    assert "(closed: Acme IT sent the metadata)" in client_text
    internal_text = visible(
        stack.fake.wait_for(
            lambda: len(posts(stack, INTERNAL_CHANNEL)) >= 3 and posts(stack, INTERNAL_CHANNEL)[-1]
        )
    )
    assert "0 new this week · 2 open · 1 closed this week" in internal_text
    assert "🆕" not in internal_text.split("Risks and issues")[1]

    # The month's report: the client's variant counts the client's risks only.
    with session_scope(stack.deps.engine) as session:
        [project] = session.exec(select(Project)).all()
        month = clock.now.astimezone(ZoneInfo(project.timezone)).date().replace(day=1)
        reports = {
            audience: build_report(
                load_report(session=session, project=project, audience=audience, month=month)
            )
            for audience in ("client", "internal")
        }
    client_report, internal_report = (all_text(reports[a][1]) for a in ("client", "internal"))
    assert "this month" in client_report and "Margin" not in client_report
    assert "🔒 R-2" in internal_report
