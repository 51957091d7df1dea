"""/project through the real server: setup, the plan, every setting, who may change what."""

from __future__ import annotations

import time

import pytest

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
from storage.projects import members, owners_of, project_by_name
from tests.e2e.conftest import (
    open_modal,
    posts,
    setup_project,
    visible,
    wait_ephemeral,
    wait_post,
)
from tests.language import assert_chinese

pytestmark = pytest.mark.e2e


def project_command(
    stack: Stack, text: str, user: str = OWNER, channel: str = CLIENT_CHANNEL
) -> str:
    reply = stack.sender.command(user, channel, "/project", text)
    assert reply.status == 200
    return reply.text


def test_setup_binds_the_channel_makes_the_caller_owner_and_takes_their_time_zone(
    stack: Stack,
) -> None:
    answer = project_command(stack, "setup Acme Website")  # the project exists when answered
    assert "is set up" in answer and "Acme Website" in answer and "owner" in answer
    assert "Europe/Berlin, from your profile" in answer
    stack.fake.wait_quiet()
    said = [visible(e) for e in stack.fake.timeline if e.to_user == OWNER]
    assert not [text for text in said if "/invite" in text]  # a public channel: the bot joined
    with session_scope(stack.deps.engine) as session:
        project = project_by_name(session=session, name="Acme Website")
        assert project is not None
        assert project.client_channel_id == CLIENT_CHANNEL
        assert project.timezone == "Europe/Berlin"
        assert (project.digest_weekday, project.digest_time) == (4, "16:00")
        assert owners_of(session=session, project=project) == [OWNER]
    # The bot joins the public client channel so it can post there.
    assert stack.fake.calls_of("conversations.join")[0]["channel"] == CLIENT_CHANNEL


def test_a_setting_typed_right_after_setup_finds_the_project(stack: Stack) -> None:
    assert "*Acme Website* is set up" in project_command(stack, "setup Acme Website")
    answer = project_command(stack, "set internal-channel #acme-team")  # no wait in between
    assert f"Internal channel set to <#{INTERNAL_CHANNEL}>" in answer, answer
    assert f"<#{INTERNAL_CHANNEL}>" in project_command(stack, "plan")


def test_setup_in_a_private_channel_asks_to_be_invited(stack: Stack) -> None:
    stack.fake.add_channel("G0PRIVATE", "acme-private", [OWNER, CLIENT], is_private=True)
    answer = project_command(stack, "setup Acme Private", channel="G0PRIVATE")
    assert "*Acme Private* is set up" in answer and "/invite" not in answer
    hint = wait_ephemeral(stack, OWNER, "invite me with `/invite @Rapport`")
    assert hint.channel == "G0PRIVATE"
    assert "Acme Private" in project_command(stack, "plan", channel="G0PRIVATE")


def test_setup_when_slack_did_not_say_the_time_zone_takes_it_from_the_profile_after(
    stack: Stack,
) -> None:
    stack.fake.fail_next("users.info", status=500, error="fatal_error", retry_after=None)
    answer = project_command(stack, "setup Acme Website")
    assert "*Acme Website* is set up" in answer and "UTC until Slack tells me yours" in answer
    wait_ephemeral(stack, OWNER, "Time zone set to Europe/Berlin.")
    with session_scope(stack.deps.engine) as session:
        project = project_by_name(session=session, name="Acme Website")
        assert project is not None and project.timezone == "Europe/Berlin"
    assert "Europe/Berlin" in project_command(stack, "plan")


def test_setup_refuses_what_cannot_work(stack: Stack) -> None:
    assert "80" in project_command(stack, "setup " + "x" * 81)
    assert "Only the delivery team" in project_command(stack, "setup Acme", user=CLIENT)
    setup_project(stack, internal=None)
    assert "already belongs to *Acme Website*" in project_command(stack, "setup Another")
    taken = project_command(stack, "setup Acme Website", channel=OTHER_CHANNEL)
    assert "exists already" in taken


def test_setup_without_a_name_opens_a_form(stack: Stack) -> None:
    assert project_command(stack, "setup") == ""
    modal = open_modal(stack, "project_setup_modal")
    blank = stack.sender.submit(OWNER, modal["id"], {"name": "   "})
    assert "Give the project a name" in blank.json()["errors"]["name"]
    assert stack.sender.submit(OWNER, modal["id"], {"name": "Acme Website"}).body == ""
    confirmation = wait_ephemeral(stack, OWNER, "is set up")
    assert confirmation.channel == CLIENT_CHANNEL
    assert "Acme Website" in project_command(stack, "plan")


def test_every_command_in_a_channel_without_project_says_how_to_set_one_up(stack: Stack) -> None:
    for command, text in [
        ("/project", ""),
        ("/project", "plan"),
        ("/status", "hello"),
        ("/status", ""),
        ("/feedback", "hello"),
        ("/project", "set timezone UTC"),
    ]:
        reply = stack.sender.command(DEV, OTHER_CHANNEL, command, text)
        assert "/project setup NAME" in reply.text, (command, text, reply.text)


def test_plan_shows_channels_cadence_people_and_response_target(stack: Stack) -> None:
    setup_project(stack)
    project_command(stack, "set team @ben")
    project_command(stack, "set client @dana")
    plan = project_command(stack, "plan")
    for expected in [
        f"<#{CLIENT_CHANNEL}>",
        f"<#{INTERNAL_CHANNEL}>",
        f"<@{OWNER}>",
        f"<@{DEV}>",
        f"<@{CLIENT}>",
        "Friday 4:00\u202fPM",  # CLDR's English clock: a narrow space before PM
        "1 business day",
        "Europe/Berlin",
        "/feedback",
    ]:
        assert expected in plan
    assert project_command(stack, "") == plan  # `/project` alone is the plan


def test_plan_post_shares_it_in_the_channel_owners_only(stack: Stack) -> None:
    setup_project(stack)
    assert "Only the project's owners" in project_command(stack, "plan post", user=DEV)
    project_command(stack, "plan post")
    post = wait_post(stack, CLIENT_CHANNEL, "Communication plan")
    assert "Friday 4:00\u202fPM" in visible(post)


@pytest.mark.parametrize(
    ("setting", "answer", "in_plan"),
    [
        ("timezone america/new_york", "America/New_York", "America/New_York"),
        ("digest Tue 9:30", "Tuesday 9:30\u202fAM", "Tuesday 9:30\u202fAM"),
        ("digest 周二 9：30", "Tuesday 9:30\u202fAM", "Tuesday 9:30\u202fAM"),
        ("sla 4h", "4 hours", "4 hours"),
        ("report 9:30", "at 9:30\u202fAM", "first working day of each month at 9:30\u202fAM"),
        ("report off", "turned off", "Monthly report: off"),
        (
            "reminder 2h",
            "Friday 2:00\u202fPM",
            "one reminder 2 hours before the digest (Friday 2:00\u202fPM)",
        ),
        ("language zh-CN", "现在使用中文", "*Language*\n中文 (简体, 中国)"),
        ("reminder off", "turned off", "no reminders"),
        (
            f"internal-channel {INTERNAL_CHANNEL}",
            f"<#{INTERNAL_CHANNEL}>",
            f"<#{INTERNAL_CHANNEL}>",
        ),
    ],
)
def test_settings_change_the_plan(stack: Stack, setting: str, answer: str, in_plan: str) -> None:
    setup_project(stack)
    assert answer in project_command(stack, f"set {setting}")
    assert in_plan in project_command(stack, "plan")


@pytest.mark.parametrize(
    ("setting", "advice"),
    [
        ("timezone Mars/Olympus", "IANA name"),
        ("digest someday 16:00", "`fri 16:00`"),
        ("digest fri 25:00", "`fri 16:00`"),
        ("sla soon", "`1d` or `4h`"),
        ("reminder soon", "`1h` to `72h`"),
        ("report 25:00", "24-hour clock"),
        ("internal-channel acme-team", "is not a channel"),
        ("internal-channel #acme-website", "must differ"),
        ("owner ana", "Mention people with `@`"),
        ("colour blue", "I can't set `colour`"),
        ("timezone", "Give a value"),
    ],
)
def test_bad_settings_are_refused_with_advice_and_change_nothing(
    stack: Stack, setting: str, advice: str
) -> None:
    setup_project(stack)
    before = project_command(stack, "plan")
    assert advice in project_command(stack, f"set {setting}")
    assert project_command(stack, "plan") == before


def test_only_owners_change_the_plan(stack: Stack) -> None:
    setup_project(stack)
    answer = project_command(stack, "set timezone UTC", user=DEV)
    assert "Only the project's owners" in answer and f"<@{OWNER}>" in answer
    assert "Only the project's owners" in project_command(stack, "set digest mon 9:00", user=CLIENT)
    assert "Europe/Berlin" in project_command(stack, "plan")


def test_whom_to_ask_is_any_one_of_the_owners(stack: Stack) -> None:
    setup_project(stack)
    project_command(stack, "set owner @chen")
    answer = project_command(stack, "set timezone UTC", user=DEV)
    assert f"ask <@{OWNER}> or <@{DESIGNER}>." in answer, answer
    export = project_command(stack, "export", user=DEV)
    assert f"ask <@{OWNER}> or <@{DESIGNER}>." in export, export
    stack.fake.users[CLIENT].locale = "zh-CN"
    chinese = project_command(stack, "set timezone UTC", user=CLIENT)
    assert f"<@{OWNER}>或<@{DESIGNER}>" in chinese, chinese


def test_owners_can_hand_over_but_never_leave_the_project_ownerless(stack: Stack) -> None:
    setup_project(stack)
    assert "at least one owner" in project_command(stack, "set team @ana")
    assert "now has the role owner" in project_command(stack, "set owner @ben")
    assert "now has the role team" in project_command(stack, "set team @ana")
    # Ana is team now: she can no longer change the plan, Ben can.
    assert "Only the project's owners" in project_command(stack, "set timezone UTC")
    assert "UTC" in project_command(stack, "set timezone UTC", user=DEV)


def test_approvers_named_for_the_first_time_get_the_role_slack_says_they_have(
    stack: Stack,
) -> None:
    setup_project(stack)
    answer = project_command(stack, "set approver @ben @dana")
    assert f"decided by <@{DEV}>, <@{CLIENT}>" in answer, answer

    def roles() -> dict[str, str]:
        with session_scope(stack.deps.engine) as session:
            project = project_by_name(session=session, name="Acme Website")
            assert project is not None
            return {m.user_id: m.role for m in members(session=session, project=project)}

    # Slack is asked after the answer: Ben is of our workspace, Dana of the client's.
    settled = stack.fake.wait_for(lambda: roles().get(DEV) == "team" and roles())
    assert settled == {OWNER: "owner", DEV: "team", CLIENT: "client"}
    update = stack.sender.command(DEV, CLIENT_CHANNEL, "/status", "on-track Still on the team")
    assert "Update posted" in update.text
    refused = stack.sender.command(CLIENT, CLIENT_CHANNEL, "/status", "on-track Not team")
    assert "/feedback" in refused.text


def test_an_internal_channel_belongs_to_one_project(stack: Stack) -> None:
    setup_project(stack)
    setup_project(stack, "Globex App", channel=OTHER_CHANNEL, internal=None)
    answer = project_command(stack, "set internal-channel #acme-team", channel=OTHER_CHANNEL)
    assert "already belongs to *Acme Website*" in answer


def test_slack_connect_guests_are_clients_unless_named_team(stack: Stack) -> None:
    setup_project(stack)
    refused = stack.sender.command(CLIENT, CLIENT_CHANNEL, "/status", "on-track Reviewed designs")
    assert "/feedback" in refused.text
    project_command(stack, "set team @dana")
    accepted = stack.sender.command(CLIENT, CLIENT_CHANNEL, "/status", "on-track Reviewed designs")
    assert "Update posted" in accepted.text
    # And the reverse: someone of our own workspace named as client is treated as one.
    project_command(stack, "set client @ben")
    assert "/feedback" in stack.sender.command(DEV, CLIENT_CHANNEL, "/status", "x").text


def test_help_and_unknown_subcommands_answer_with_the_commands(stack: Stack) -> None:
    assert "/project setup NAME" in project_command(stack, "help")
    answer = project_command(stack, "frobnicate")
    assert "don't know `/project frobnicate`" in answer and "/project set" in answer
    assert not posts(stack, CLIENT_CHANNEL)


def test_guests_of_our_workspace_are_clients(stack: Stack) -> None:
    setup_project(stack)
    refused = stack.sender.command(GUEST, CLIENT_CHANNEL, "/status", "on-track Sneaky update")
    assert "/feedback" in refused.text
    assert "Only the delivery team" in project_command(
        stack, "setup Guest Project", user=GUEST, channel=OTHER_CHANNEL
    )
    reply = stack.sender.command(GUEST, CLIENT_CHANNEL, "/feedback", "Loving the progress")
    assert "FB-1" in reply.text
    listing = stack.sender.command(GUEST, CLIENT_CHANNEL, "/status", "list")
    assert "/feedback" in listing.text  # internal updates stay out of a guest's sight


def test_slack_being_slow_to_say_who_someone_is_does_not_block_them(stack: Stack) -> None:
    setup_project(stack)
    stack.fake.fail_next("users.info", status=429, retry_after=30)
    started = time.monotonic()
    reply = stack.sender.command(DEV, CLIENT_CHANNEL, "/status", "on-track Still works")
    assert "Update posted" in reply.text
    assert time.monotonic() - started < 2  # no waiting out a 30 s Retry-After before ack


def test_while_slack_does_not_answer_who_someone_is_the_next_people_do_not_wait_for_it(
    stack: Stack,
) -> None:
    setup_project(stack)
    stack.fake.delay_next("users.info", 5)  # longer than the lookup waits: it times out
    started = time.monotonic()
    reply = stack.sender.command(DEV, CLIENT_CHANNEL, "/status", "on-track Still works")
    assert "Update posted" in reply.text
    assert time.monotonic() - started >= 0.9  # it asked, and waited for its timeout
    stack.fake.delay_next("users.info", 5)  # Slack still silent: asking would wait again
    started = time.monotonic()
    reply = stack.sender.command(DESIGNER, CLIENT_CHANNEL, "/status", "on-track Works too")
    assert "Update posted" in reply.text
    assert time.monotonic() - started < 0.9  # taken at the payload's word, not asked


# --- languages: the caller's for private answers, the project's for the channel ---------------


def test_a_chinese_speaking_owner_reads_chinese_and_the_channel_keeps_the_projects_language(
    stack: Stack,
) -> None:
    stack.fake.users[OWNER].locale = "zh-CN"  # before Rapport first asks Slack who Ana is
    stack.fake.users[DESIGNER].locale = "ja-JP"  # a language Rapport lacks: the project's
    assert "此频道还没有项目" in project_command(stack, "plan")
    project_command(stack, "setup Acme Website")
    answer = visible(wait_ephemeral(stack, OWNER, "已创建"))
    assert "✅ *Acme Website* 已创建：此频道为客户频道，你是项目负责人" in answer
    assert "内部频道已设为" in project_command(stack, "set internal-channel #acme-team")
    assert "周报时间已设为 星期五 16:00（Europe/Berlin）" in project_command(
        stack, "set digest 周五 下午4点"
    )
    hours = project_command(stack, "set hours 周日至周四 8：00-17：00")
    assert "工作时间已设为 周日至周四 08:00–17:00（Europe/Berlin）" in hours
    assert "无法设置 `colour`" in project_command(stack, "set colour blue")

    # Ana reads the plan in Chinese; the project still speaks English in its channel.
    plan = project_command(stack, "plan")
    assert "沟通计划 — Acme Website" in plan and "*语言*\nEnglish" in plan
    project_command(stack, "plan post")
    post = wait_post(stack, CLIENT_CHANNEL, "Communication plan — Acme Website")
    assert "Weekly digest: Friday 4:00\u202fPM" in visible(post) and "沟通" not in visible(post)

    # In Chinese from now on: the confirmation already is, and so are the channel's posts.
    assert "*Acme Website* 现在使用中文 (简体, 中国)" in project_command(stack, "set language 中文")
    project_command(stack, "plan post")
    post = wait_post(stack, CLIENT_CHANNEL, "沟通计划 — Acme Website")
    assert_chinese(
        [post.text, post.blocks], allowed=["Acme Website", "Slack Connect", "Europe/Berlin"]
    )

    # Private answers: Ben's Slack is in English; Chen's language Rapport lacks, so the project's.
    assert "*Language*\n中文 (简体, 中国)" in project_command(stack, "plan", user=DEV)
    assert "沟通计划 — Acme Website" in project_command(stack, "plan", user=DESIGNER)
    with session_scope(stack.deps.engine) as session:
        project = project_by_name(session=session, name="Acme Website")
        assert project is not None and project.language == "zh_CN"


def test_an_unknown_language_is_refused_with_the_choices(stack: Stack) -> None:
    setup_project(stack)
    answer = project_command(stack, "set language klingon")
    choices = "`en` (English), `zh-CN` (中文 (简体, 中国))"
    assert answer == f"I don't speak `klingon` yet. Choose one of: {choices}."
    assert "Only the project's owners" in project_command(stack, "set language zh-CN", user=DEV)
    assert "*Language*\nEnglish" in project_command(stack, "plan")


@pytest.mark.parametrize("command", ["/status", "/feedback", "/risk", "/change", "/project"])
def test_a_channel_without_a_project_is_said_in_the_readers_language(
    stack: Stack, command: str
) -> None:
    """Every command answers "no project yet" in the reader's language (`/change` and `/risk`
    once answered it in English whatever the reader's)."""
    stack.fake.users[CLIENT].locale = "zh-CN"
    typed = "plan" if command == "/project" else "list"
    chinese = stack.sender.command(CLIENT, CLIENT_CHANNEL, command, typed)
    assert chinese.text.startswith("此频道还没有项目"), chinese.text
    english = stack.sender.command(DEV, CLIENT_CHANNEL, command, typed)
    assert english.text.startswith("This channel has no project yet"), english.text
