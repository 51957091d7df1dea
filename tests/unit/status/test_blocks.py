"""`/status` in Slack, in each reader's language: the author's receipt with its buttons, the list,
the help, and the reminders before a digest."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from bot.platform.i18n import speaking
from bot.sandbox.limits import check_message_blocks
from bot.status.blocks import (
    build_quiet_week_notice,
    build_reminder,
    build_status_help,
    build_status_list,
    build_status_receipt,
)
from bot.status.quick_form import StatusDraft, parse_status, spellings
from tests.factories import MONDAY, make_project, make_update
from tests.language import LANGUAGES, assert_in_language
from tests.reading import all_text, buttons, section_texts

PROJECT = {"en": "Acme", "zh_CN": "官网改版"}
ZONE = "Asia/Shanghai"
BUTTONS = {"en": ["Edit", "Delete"], "zh_CN": ["编辑", "删除"]}

# -- the receipt -------------------------------------------------------------------------------

# What each author wrote: the update, its next steps, its blockers.
WRITTEN = {
    "en": ("Login page is live", "Payments", "Waiting for the client's keys"),
    "zh_CN": ("登录页已上线", "支付", "等待客户的密钥"),
}
RECEIPT_FIRST_LINE = {  # (edited, visibility): what the author reads first
    "en": {
        (False, "client"): "✅ Update posted to *{project}* — seen by client and team.",
        (False, "internal"): "✅ Update posted to *{project}* — seen by the team only (internal).",
        (True, "client"): "✅ Update edited to *{project}* — seen by client and team.",
        (True, "internal"): "✅ Update edited to *{project}* — seen by the team only (internal).",
    },
    "zh_CN": {
        (False, "client"): "✅ 已在 *{project}* 发布更新，客户和团队可见。",
        (False, "internal"): "✅ 已在 *{project}* 发布更新，仅团队可见（内部）。",
        (True, "client"): "✅ 已修改 *{project}* 的更新，客户和团队可见。",
        (True, "internal"): "✅ 已修改 *{project}* 的更新，仅团队可见（内部）。",
    },
}
RECEIPT_SUMMARY = {
    "en": [
        "🟢 On track · 60%",
        "Login page is live",
        "Next: Payments",
        "Blocked: Waiting for the client's keys",
    ],
    "zh_CN": ["🟢 正常 · 60%", "登录页已上线", "下一步：支付", "阻塞：等待客户的密钥"],
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_receipt_offers_edit_and_delete_of_that_update(language: str) -> None:
    update = StatusDraft("Login page built", health="on-track", progress=60)

    with speaking(language):
        blocks = build_status_receipt(update, 42, "Acme Website")
    edit, delete = buttons(blocks)

    assert (edit["action_id"], edit["value"], edit["text"]["text"]) == (
        "status_edit",
        "42",
        BUTTONS[language][0],
    )
    assert (delete["action_id"], delete["value"]) == ("status_delete", "42")
    assert delete["style"] == "danger"
    assert "confirm" in delete
    assert check_message_blocks(blocks) == []


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("visibility", ["client", "internal"])
@pytest.mark.parametrize("edited", [False, True])
def test_the_receipt_says_who_sees_the_update(language: str, visibility: str, edited: bool) -> None:
    text, next_steps, blockers = WRITTEN[language]
    update = StatusDraft(
        text,
        health="on-track",
        progress=60,
        next_steps=next_steps,
        blockers=blockers,
        visibility=visibility,
    )

    with speaking(language):
        blocks = build_status_receipt(update, 4, PROJECT[language], edited=edited)

    assert_in_language(blocks, language, allowed=[PROJECT[language], *WRITTEN[language]])
    first, *summary = section_texts(blocks)[0].splitlines()
    assert first == RECEIPT_FIRST_LINE[language][edited, visibility].format(
        project=PROJECT[language]
    )
    assert summary == RECEIPT_SUMMARY[language]
    assert [b["text"]["text"] for b in blocks[1]["elements"]] == BUTTONS[language]


def test_the_receipt_summarises_the_update_escaped() -> None:
    update = StatusDraft(
        "<!channel> login done",
        health="at-risk",
        progress=45,
        next_steps="reset & <b>",
        blockers="SSO",
    )

    text = section_texts(build_status_receipt(update, 1, "Acme"))[0]

    assert "🟡 At risk · 45%" in text
    assert "&lt;!channel&gt; login done" in text
    assert "Next: reset &amp; &lt;b&gt;" in text
    assert "Blocked: SSO" in text
    assert "<!channel>" not in text


# -- the list ----------------------------------------------------------------------------------

EMPTY_LIST = {
    "en": "No updates on *Acme* in the last 7 days. "
    "Post one with `/status on-track 50% what got done`.",
    "zh_CN": "*官网改版* 最近 7 天没有更新。发一条： `/status 正常 50% 完成的工作` 。",
}
LISTED = [  # (language, the project's clock, the updates written, what the list shows)
    (
        "en",
        "Europe/Berlin",  # 09:00 UTC on Monday 16 November is 10:00 in Berlin
        ("Vendor escalation", "Login built"),
        [
            "Updates — Acme",
            "• Mon, Nov 16, 10:00\u202fAM · <@U0BEN> · 🔒 Vendor escalation",
            "• Mon, Nov 16, 10:00\u202fAM · <@U0ANA> · Login built",
            "Last 7 days, newest first · times in Europe/Berlin",
        ],
    ),
    (
        "zh_CN",
        "Asia/Shanghai",  # …and 17:00 in Shanghai
        ("供应商延期", "登录页已上线"),
        [
            "更新 — 官网改版",
            "• 11月16日周一 17:00 · <@U0BEN> · 🔒 供应商延期",
            "• 11月16日周一 17:00 · <@U0ANA> · 登录页已上线",
            "最近 7 天，最新的在前 · 时间为 Asia/Shanghai 时区",
        ],
    ),
]
LIST_MORE = {"en": "more", "zh_CN": "另有"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_empty_list_says_how_to_post(language: str) -> None:
    with speaking(language):
        blocks = build_status_list([], PROJECT[language], "Europe/Berlin")

    assert_in_language(blocks, language, allowed=[PROJECT[language]])
    assert section_texts(blocks) == [EMPTY_LIST[language]]


@pytest.mark.parametrize(("language", "zone", "written", "shown"), LISTED)
def test_the_list_shows_local_times_authors_and_internal_locks(
    language: str, zone: str, written: tuple[str, str], shown: list[str]
) -> None:
    updates = [
        make_update(written[0], id=2, visibility="internal", created_at=MONDAY),
        make_update(written[1], id=1, author_id="U0ANA", created_at=MONDAY),
    ]

    with speaking(language):
        blocks = build_status_list(updates, PROJECT[language], zone)

    assert_in_language(blocks, language, allowed=[PROJECT[language], zone, *written])
    assert all_text(blocks).splitlines() == shown
    assert check_message_blocks(blocks) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_long_list_stays_within_limits(language: str) -> None:
    updates = [make_update("x" * 2000, id=n, next_steps="y" * 2000) for n in range(100)]

    with speaking(language):
        blocks = build_status_list(updates, "Acme", "UTC")

    assert check_message_blocks(blocks) == []
    assert LIST_MORE[language] in section_texts(blocks)[0].splitlines()[-1]


# -- the help ----------------------------------------------------------------------------------

HELP_QUICK_FORM = {
    "en": "• `/status [on-track|at-risk|off-track] [NN%] [internal] what got done "
    "[; next: …] [; blocked: …]`",
    "zh_CN": "• `/status [正常|有风险|严重滞后] [NN%] [内部] 完成的工作 [；下一步：…] [；阻塞：…]`",
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_help_shows_the_quick_form_and_the_keywords_of_every_language(language: str) -> None:
    with speaking(language):
        blocks = build_status_help()
    help_text = all_text(blocks)

    # Every language's keywords are listed, on purpose, whatever the reader's language.
    keywords = [f"`{word}`" for words in spellings().values() for word in words]
    assert_in_language(blocks, language, allowed=keywords)
    assert HELP_QUICK_FORM[language] in help_text
    assert "`/status digest post`" in help_text
    assert "`on-track` `正常` `顺利`" in help_text and "`next` `下一步`" in help_text


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_help_example_is_itself_a_valid_update(language: str) -> None:
    with speaking(language):
        shown = all_text(build_status_help())
    example = re.search(r"`/status ([^`\[]+)`", shown)
    assert example is not None

    draft = parse_status(example.group(1))

    assert (draft.health, draft.progress) == ("at-risk", 40)
    assert draft.next_steps and draft.blockers


# -- reminders before the digest ---------------------------------------------------------------

REMINDER_BUTTON = {"en": ["Post an update"], "zh_CN": ["发布更新"]}
REMINDERS = {
    "en": {
        "due": "The weekly digest of {project} is due: add your update?",
        "at": "The weekly digest of {project} goes out Fri, Nov 20, 4:00\u202fPM (Asia/Shanghai): "
        "add your update?",
        "owners named": "<@U0ANA>, <@U0BEN>: a `/status` now",
        "soon": "The client digest goes out soon",
        "nobody named": "The owners: a `/status` now",
        "quiet week": "No status updates on {project} this week yet",
    },
    "zh_CN": {
        "due": "{project} 的周报就要发出了：来写一条更新吧？",
        "at": "{project} 的周报将于 11月20日周五 16:00（Asia/Shanghai） 发出：来写一条更新吧？",
        "owners named": "<@U0ANA>、<@U0BEN>：现在发一条 `/status`",
        "soon": "客户周报即将发出",
        "nobody named": "负责人：现在发一条",
        "quiet week": "{project} 本周还没有状态更新",
    },
}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("digest_at", [None, datetime(2026, 11, 20, 8, 0, tzinfo=UTC)])
def test_reminders_say_when_the_digest_goes_out(language: str, digest_at: datetime | None) -> None:
    name = PROJECT[language]
    project = make_project(name=name, timezone=ZONE)
    said = REMINDERS[language]

    with speaking(language):
        text, blocks = build_reminder(project, digest_at)
        notice_text, notice = build_quiet_week_notice(project, ["U0ANA", "U0BEN"], digest_at)
        nobody_text, nobody = build_quiet_week_notice(project, [], digest_at)

    for shown in (text, blocks, notice_text, notice, nobody_text, nobody):
        assert_in_language(shown, language, allowed=[name, ZONE])
    assert [b["text"]["text"] for b in blocks[1]["elements"]] == REMINDER_BUTTON[language]
    if digest_at is not None:
        # 08:00 UTC is 16:00 in Shanghai, a Friday.
        assert text == said["at"].format(project=name)
        assert said["owners named"] in all_text(notice)
    else:
        assert text == said["due"].format(project=name)
        assert said["soon"] in all_text(notice)
    assert said["nobody named"] in all_text(nobody)
    assert notice_text == said["quiet week"].format(project=name)
