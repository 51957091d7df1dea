"""The weekly digest as the client and the team read it in Slack, in every language Rapport
speaks; and what the person who posted it is told of where it went.

Each test renders inside `speaking(language)` and compares with a small table keyed by
language. What people typed is theirs: an English team types English, a Chinese team Chinese
(so the check that a zh_CN digest is wholly Chinese also catches English the builder adds).
Some words come from other modules (a change's decision line, schedule and cost): what they say
is their own tests' business, so they are `allowed` here as whatever they render."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.changes.blocks import STATE_LABELS, decision_line
from bot.changes.impact import describe_cost, describe_days
from bot.digest.blocks import build_digest
from bot.digest.contents import Digest, NotPosted, assemble_digest
from bot.digest.not_posted import describe_posting
from bot.platform.blocks import Block
from bot.platform.i18n import _, speaking
from bot.risks.summary import RiskSummary
from bot.sandbox.limits import check_message_blocks
from bot.scheduling.publishing import NO_ANSWER, NOT_BUILT, UNCHECKED, Posted
from storage.models import ChangeRequest, Feedback, StatusUpdate
from tests.factories import (
    FRIDAY,
    MONDAY,
    make_change,
    make_feedback,
    make_project,
    make_risk,
    make_update,
)
from tests.language import LANGUAGES, assert_in_language
from tests.reading import all_text, section_texts

PROJECT = {"en": "Acme Website", "zh_CN": "Acme 官网"}
ZONE = {"en": "Europe/Berlin", "zh_CN": "Asia/Shanghai"}
# Latin letters the Chinese test data itself brings in.
DATA = [PROJECT["zh_CN"], ZONE["zh_CN"], "Acme", "SSO", "IT", "API"]

# What the team typed this week, in its language.
TYPED = {
    "en": {
        "secret": "Vendor escalation, keep quiet",
        "login": "Login page on staging",
        "reset": "Password reset",
        "blocker": "SSO metadata from Acme IT",
        "wireframes": "Wireframes approved",
    },
    "zh_CN": {
        "secret": "供应商升级处理中，暂不对外",
        "login": "登录页已部署到预发布环境",
        "reset": "密码重置",
        "blocker": "等待 Acme IT 提供 SSO 元数据",
        "wireframes": "线框图已通过",
    },
}


def week(language: str) -> list[StatusUpdate]:
    """Three updates, newest first as storage returns them; the newest is for the team only."""
    typed = TYPED[language]
    return [
        make_update(
            typed["secret"],
            id=3,
            author_id="U0ANA",
            health="off-track",
            progress=70,
            visibility="internal",
            created_at=MONDAY + timedelta(days=2),
        ),
        make_update(
            typed["login"],
            id=2,
            health="at-risk",
            progress=55,
            next_steps=typed["reset"],
            blockers=typed["blocker"],
            created_at=MONDAY + timedelta(days=1),
        ),
        make_update(typed["wireframes"], id=1, health="on-track", progress=40, created_at=MONDAY),
    ]


def digest_for(
    language: str,
    audience: str,
    updates: list[StatusUpdate] | None = None,
    received: list[Feedback] | None = None,
    resolved: list[Feedback] | None = None,
    project_name: str | None = None,
) -> Digest:
    return assemble_digest(
        project=make_project(name=project_name or PROJECT[language], timezone=ZONE[language]),
        audience=audience,
        since=MONDAY,
        until=FRIDAY,
        updates=week(language) if updates is None else updates,
        received=received or [],
        resolved=resolved or [],
    )


def render(language: str, audience: str, **rows: Any) -> tuple[str, list[Block]]:
    with speaking(language):
        return build_digest(digest_for(language, audience, **rows))


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("audience", ["client", "internal"])
def test_every_digest_is_within_slacks_limits(language: str, audience: str) -> None:
    _text, blocks = render(language, audience)

    assert check_message_blocks(blocks) == []


HEADLINE = {  # notification text, header, health, progress
    ("en", "client"): (
        "Weekly update — Acme Website: 🟡 At risk, progress 55%",
        "📋 Weekly update — Acme Website",
        "*Health*\n🟡 At risk",
        "*Progress*\n55%",
    ),
    ("en", "internal"): (
        "Weekly update — Acme Website: 🔴 Off track, progress 70%",
        "📋 Weekly update — Acme Website (internal)",
        "*Health*\n🔴 Off track",
        "*Progress*\n70%",
    ),
    ("zh_CN", "client"): (
        "周报 — Acme 官网：🟡 有风险，进度 55%",
        "📋 周报 — Acme 官网",
        "*项目状态*\n🟡 有风险",
        "*进度*\n55%",
    ),
    ("zh_CN", "internal"): (
        "周报 — Acme 官网：🔴 严重滞后，进度 70%",
        "📋 周报 — Acme 官网（内部）",
        "*项目状态*\n🔴 严重滞后",
        "*进度*\n70%",
    ),
}
SECRET = {"en": "Vendor escalation", "zh_CN": "供应商升级"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_client_digest_hides_internal_updates_and_their_health(language: str) -> None:
    text, blocks = render(language, "client")
    shown = all_text(blocks)
    headline, header, health, progress = HEADLINE[(language, "client")]

    assert_in_language(blocks, language, allowed=DATA)
    assert SECRET[language] not in shown
    assert "🔒" not in shown
    assert TYPED[language]["login"] in shown
    assert health in shown
    assert progress in shown
    assert "70%" not in shown
    assert blocks[0]["text"]["text"] == header
    assert text == headline


INTERNAL_LINE = {
    "en": "🔒 Vendor escalation, keep quiet — <@U0ANA>",
    "zh_CN": "• 🔒 供应商升级处理中，暂不对外 — <@U0ANA>",
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_internal_digest_shows_internal_updates_with_a_lock(language: str) -> None:
    text, blocks = render(language, "internal")
    shown = all_text(blocks)
    headline, header, health, progress = HEADLINE[(language, "internal")]
    login = TYPED[language]["login"]

    assert_in_language(blocks, language, allowed=DATA)
    assert INTERNAL_LINE[language] in shown
    assert f"• {login} — <@U0BEN>" in shown
    assert f"🔒 {login}" not in shown
    assert health in shown
    assert progress in shown
    assert blocks[0]["type"] == "header"
    assert blocks[0]["text"]["text"] == header
    assert text == headline


SECTIONS = {  # highlights, next steps, blockers
    "en": (
        "*Highlights*\n• Wireframes approved — <@U0BEN>\n• Login page on staging — <@U0BEN>",
        "*Next steps*\n• Password reset — <@U0BEN>",
        "*Blockers*\n• SSO metadata from Acme IT — <@U0BEN>",
    ),
    "zh_CN": (
        "*本周进展*\n• 线框图已通过 — <@U0BEN>\n• 登录页已部署到预发布环境 — <@U0BEN>",
        "*下一步*\n• 密码重置 — <@U0BEN>",
        "*阻塞*\n• 等待 Acme IT 提供 SSO 元数据 — <@U0BEN>",
    ),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_highlights_read_oldest_first_with_next_steps_and_blockers(language: str) -> None:
    _text, blocks = render(language, "client")
    sections = section_texts(blocks)
    highlights, next_steps, blockers = SECTIONS[language]
    typed = TYPED[language]

    [found] = [s for s in sections if s.startswith(highlights.split("\n")[0])]
    assert found.index(typed["wireframes"]) < found.index(typed["login"])
    assert highlights in sections
    assert next_steps in sections
    assert blockers in sections


PERIOD = {
    "en": "Mon, Nov 16 – Fri, Nov 20, 2026 · times in Europe/Berlin",
    # Monday 17:00 to Friday 23:00 in Shanghai.
    "zh_CN": "11月16日周一 – 2026年11月20日周五 · 时区：Asia/Shanghai",
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_period_is_shown_in_the_projects_time_zone(language: str) -> None:
    _text, blocks = render(language, "client")

    assert PERIOD[language] in all_text(blocks)


FOOTER = {
    "en": "Questions or concerns? Type `/feedback` in this channel.",
    "zh_CN": "有问题或顾虑？请在本频道输入 `/feedback`。",
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_only_the_client_digest_invites_feedback(language: str) -> None:
    _text, client_blocks = render(language, "client")
    _text, internal_blocks = render(language, "internal")

    assert client_blocks[-1]["elements"][0]["text"] == FOOTER[language]
    assert "/feedback" not in all_text(internal_blocks)


QUIET = {  # the notification text, and what the client's highlights and feedback say
    "en": (
        "Weekly update — Acme Website: ⚪ Not reported, progress —",
        "*Highlights*\nNo status updates were posted this week. The project's owner can tell "
        "you where things stand: ask with `/feedback`.",
        "*Your feedback*\nNo feedback this week.",
        "⚪ Not reported",
    ),
    "zh_CN": (
        "周报 — Acme 官网：⚪ 未报告，进度 —",
        "*本周进展*\n本周没有发布状态更新。想了解项目进展，请用 `/feedback` 询问项目负责人。",
        "*您的反馈*\n本周没有反馈。",
        "⚪ 未报告",
    ),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_quiet_week_says_so(language: str) -> None:
    text, blocks = render(language, "client", updates=[])
    headline, highlights, feedback, health = QUIET[language]

    assert_in_language(blocks, language, allowed=DATA)
    assert highlights in section_texts(blocks)
    assert feedback in section_texts(blocks)
    assert health in all_text(blocks)
    assert text == headline


NOBODY_POSTED = {
    "en": "*Highlights*\nNobody posted an update this week.",
    "zh_CN": "*本周进展*\n本周没有人发布更新。",
}


@pytest.mark.parametrize(
    ("language", "owners", "named"),
    [
        (
            "en",
            ["U0ANA"],
            "*Highlights*\nNo status updates were posted this week. <@U0ANA> can tell you where "
            "things stand: ask with `/feedback`.",
        ),
        (
            "en",
            ["U0ANA", "U0BEN"],
            "*Highlights*\nNo status updates were posted this week. <@U0ANA> or <@U0BEN> can "
            "tell you where things stand: ask with `/feedback`.",
        ),
        (
            "zh_CN",
            ["U0ANA"],
            "*本周进展*\n本周没有发布状态更新。想了解项目进展，请用 `/feedback` 询问 <@U0ANA>。",
        ),
        (
            "zh_CN",
            ["U0ANA", "U0BEN"],
            "*本周进展*\n本周没有发布状态更新。想了解项目进展，请用 `/feedback` 询问 "
            "<@U0ANA>或<@U0BEN>。",
        ),
    ],
)
def test_a_quiet_week_names_the_owners_to_the_client_and_is_plain_internally(
    language: str, owners: list[str], named: str
) -> None:
    digest = replace(digest_for(language, "client", updates=[]), owner_ids=owners)
    with speaking(language):
        _text, blocks = build_digest(digest)
        _text, internal = build_digest(replace(digest, audience="internal"))

    for shown in (blocks, internal):
        assert_in_language(shown, language, allowed=DATA)
    assert named in section_texts(blocks)
    assert NOBODY_POSTED[language] in section_texts(internal)


LATE = {  # posted late, what was missed (in the project's zone), the heading of the missed
    "en": (
        "posted late",
        [
            "the digest of Fri, Nov 13, 4:00\u202fPM: Rapport was down past the catch-up window",
            "the monthly report of Nov 2: Slack refused it (`not_in_channel`)",
        ],
        "Not posted",
    ),
    "zh_CN": (
        "晚于计划时间补发",
        [
            "11月13日周五 23:00 的周报：Rapport 停机时间超出了补发时限",
            "11月2日的月报：Slack 拒绝了发布（`not_in_channel`）",
        ],
        "未发布",
    ),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_late_digest_says_so_and_missed_ones_are_listed_internally(language: str) -> None:
    missed = [
        NotPosted("digest", datetime(2026, 11, 13, 15, 0, tzinfo=UTC), "missed"),
        NotPosted("report", datetime(2026, 11, 2, 9, 0, tzinfo=UTC), "refused", "not_in_channel"),
    ]
    digest = replace(digest_for(language, "internal"), late=True, missed=missed)
    late, lines, heading = LATE[language]
    with speaking(language):
        _text, blocks = build_digest(digest)
        _text, client = build_digest(replace(digest, audience="client"))
    shown = all_text(blocks)

    assert_in_language(blocks, language, allowed=[*DATA, "not_in_channel"])
    assert late in shown
    for line in lines:
        assert line in shown
    assert heading not in all_text(client)


@pytest.mark.parametrize("language", LANGUAGES)
def test_user_text_cannot_ping_or_forge_links(language: str) -> None:
    nasty = "<!channel> done & dusted <http://evil.example|bank> <@U0CEO>"
    updates = [make_update(nasty, next_steps="<!here> next", blockers="<!everyone> blocked")]
    resolved = [make_feedback(number=1, state="resolved", resolution="<!channel> fixed")]
    received = [make_feedback("<!here> open issue", number=2)]

    for audience in ("client", "internal"):
        _text, blocks = render(
            language, audience, updates=updates, received=received, resolved=resolved
        )
        shown = all_text(blocks)

        assert "<!" not in shown
        assert "<http" not in shown
        assert "<@U0CEO>" not in shown
        assert "&lt;!channel&gt; done &amp; dusted" in shown
        assert "<@U0BEN>" in shown  # the real author mention still works


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_project_name_cannot_ping_through_the_notification_text(language: str) -> None:
    text, _blocks = render(language, "client", project_name="<!channel> Acme")

    assert "<!channel>" not in text


def test_feedback_summary_for_the_client() -> None:
    received = [
        make_feedback("Logs me out", number=1, kind="problem", state="resolved"),
        make_feedback("Great demo", number=2, kind="praise"),
    ]
    resolved = [
        make_feedback(
            "Logs me out", number=1, state="resolved", resolution="Sessions now last 8 hours"
        )
    ]

    _text, blocks = render("en", "client", received=received, resolved=resolved)
    summary = next(s for s in section_texts(blocks) if s.startswith("*Your feedback*"))

    assert "2 received (1 problem, 1 praise) · 1 resolved" in summary
    assert "✅ FB-1 resolved: Sessions now last 8 hours" in summary
    assert "Great demo" not in summary


def test_internal_feedback_summary_also_lists_what_is_still_open() -> None:
    received = [
        make_feedback("Logs me out", number=1, state="resolved"),
        make_feedback("Need an invoice", number=2, kind="request", state="acknowledged"),
    ]

    _text, blocks = render("en", "internal", received=received)
    summary = next(s for s in section_texts(blocks) if s.startswith("*Client feedback*"))

    assert "FB-2 (request, 👀 Acknowledged): Need an invoice" in summary
    assert "Logs me out" not in summary


HIGHLIGHTS_LEFT_OUT = {  # the title of the highlights, and how the last line counts the rest
    "en": ("*Highlights*", r"\n…and (\d+) more$"),
    "zh_CN": ("*本周进展*", r"\n…另有 (\d+) 项$"),
}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("audience", ["client", "internal"])
def test_a_huge_week_still_fits_in_one_message(language: str, audience: str) -> None:
    long_text = "&<" * 1500  # escaping makes it longer still
    updates = [
        make_update(
            f"{n} {long_text}",
            id=n,
            health="at-risk",
            progress=n % 101,
            next_steps=long_text,
            blockers=long_text,
            visibility="internal" if n % 2 else "client",
            created_at=MONDAY + timedelta(minutes=n),
        )
        for n in range(400, 0, -1)
    ]
    received = [
        make_feedback(long_text, number=n, resolution=long_text, state="resolved")
        for n in range(1, 201)
    ]
    title, more = HIGHLIGHTS_LEFT_OUT[language]

    _text, blocks = render(
        language, audience, updates=updates, received=received, resolved=received
    )

    assert len(blocks) <= 50
    assert check_message_blocks(blocks) == []
    assert all(len(text) <= 3000 for text in section_texts(blocks))
    highlights = next(s for s in section_texts(blocks) if s.startswith(title))
    shown = highlights.count("\n• ")
    left_out = re.search(more, highlights)
    assert left_out is not None, highlights[-200:]
    assert shown >= 1
    assert shown + int(left_out.group(1)) == (400 if audience == "internal" else 200)


# -- a full week: feedback, poll follow-ups, risks, change requests, what was not posted -----

FULL_WEEK_TYPED = {
    "en": {
        "logs_me_out": "Staging keeps logging me out",
        "praise": "Great demo",
        "invoice": "Need an invoice",
        "when": "When is the demo?",
        "slow": "Export is slow",
        "resolution": "Sessions now last 8 hours",
        "follow_up": "We now post every Tuesday",
        "mitigation": "Mock the API first",
        "new_risk": "The payment provider may be late",
        "open_risk": "Design is short of people",
        "closed_risk": "The SSO metadata is slow to come",
        "closed_note": "Received",
        "other_closed_risk": "The test environment is unstable",
        "native_app": "Native app",
    },
    "zh_CN": {
        "logs_me_out": "预发布环境总是把我登出",
        "praise": "演示很精彩",
        "invoice": "需要一张发票",
        "when": "演示什么时候？",
        "slow": "导出很慢",
        "resolution": "会话有效期已延长到 8 小时",
        "follow_up": "我们现在每周二发布",
        "mitigation": "先模拟 API",
        "new_risk": "支付服务商可能延期",
        "open_risk": "设计资源紧张",
        "closed_risk": "SSO 元数据迟迟未到",
        "closed_note": "已收到",
        "other_closed_risk": "测试环境不稳定",
        "native_app": "原生应用",
    },
}
# A change request as its team typed it; English is the factory's.
CHANGE_TYPED: dict[str, dict[str, str]] = {
    "en": {},
    "zh_CN": {"title": "增加单点登录", "reason": "IT 要求", "scope_impact": "管理后台接入 Okta"},
}


def feedback_received(language: str) -> list[Feedback]:
    typed = FULL_WEEK_TYPED[language]
    return [
        make_feedback(typed["logs_me_out"], number=1, kind="problem", state="resolved"),
        make_feedback(typed["praise"], number=2, kind="praise"),
        make_feedback(typed["invoice"], number=3, kind="request", state="acknowledged"),
        make_feedback(typed["when"], number=4, kind="question"),
        make_feedback(typed["slow"], number=5, kind="problem"),
    ]


def feedback_resolved(language: str) -> list[Feedback]:
    typed = FULL_WEEK_TYPED[language]
    return [
        make_feedback(
            typed["logs_me_out"],
            number=1,
            kind="problem",
            state="resolved",
            resolution=typed["resolution"],
            resolved_at=MONDAY + timedelta(days=1),
        )
    ]


def risks(language: str) -> RiskSummary:
    """One new, two still open (one of them the new one), two closed."""
    typed = FULL_WEEK_TYPED[language]
    mitigation = typed["mitigation"]
    return RiskSummary(
        new=[make_risk(typed["new_risk"], id=4, number=4, severity="high", mitigation=mitigation)],
        still_open=[
            make_risk(
                typed["open_risk"],
                id=2,
                number=2,
                owner_id=None,
                visibility="internal",
                mitigation=mitigation,
            )
        ],
        closed=[
            make_risk(
                typed["closed_risk"],
                id=1,
                number=1,
                state="closed",
                closed_at=FRIDAY,
                close_note=typed["closed_note"],
                mitigation=mitigation,
            ),
            make_risk(
                typed["other_closed_risk"],
                id=3,
                number=3,
                severity="low",
                state="closed",
                closed_at=FRIDAY,
                mitigation=mitigation,
            ),
        ],
    )


def change(language: str, number: int, state: str, **overrides: Any) -> ChangeRequest:
    """A change request proposed three days before the week; decided on its Tuesday."""
    if state in ("approved", "rejected"):
        overrides = {"decided_by": "U0DANA", "decided_at": MONDAY + timedelta(days=1), **overrides}
    return make_change(
        **{
            **CHANGE_TYPED[language],
            "id": number,
            "number": number,
            "state": state,
            "created_at": MONDAY - timedelta(days=3),
            **overrides,
        }
    )


def decided(language: str) -> list[ChangeRequest]:
    return [
        change(language, 1, "approved"),
        change(language, 2, "rejected", schedule_days=0, cost_cents=-30000),
    ]


def waiting(language: str) -> list[ChangeRequest]:
    return [change(language, 3, "pending", title=FULL_WEEK_TYPED[language]["native_app"])]


def theirs(changes: list[ChangeRequest], zone: str) -> list[str]:
    """What the change-request module says about these changes, in the current language."""
    said = []
    for item in changes:
        if item.decided_at is not None:
            said.append(decision_line(item, zone).splitlines()[0])
            said.append(_(STATE_LABELS[item.state]))
        said += [describe_days(item.schedule_days), describe_cost(item.cost_cents)]
    said += [describe_days(sum(c.schedule_days for c in changes if c.state == "approved"))]
    said += [describe_cost(sum(c.cost_cents for c in changes if c.state == "approved"))]
    return said


def full_week(language: str, audience: str) -> Digest:
    digest = digest_for(
        language,
        audience,
        received=feedback_received(language),
        resolved=feedback_resolved(language),
    )
    return replace(
        digest,
        owner_ids=["U0ANA"],
        late=True,
        missed=[
            NotPosted("digest", datetime(2026, 11, 13, 8, 0, tzinfo=UTC), "missed"),
            NotPosted("digest", datetime(2026, 11, 6, 8, 0, tzinfo=UTC), "unverified"),
            NotPosted(
                "report", datetime(2026, 11, 2, 1, 0, tzinfo=UTC), "refused", "not_in_channel"
            ),
            NotPosted("report", datetime(2026, 10, 1, 1, 0, tzinfo=UTC), "refused"),
            NotPosted("digest", datetime(2026, 10, 30, 8, 0, tzinfo=UTC), "error"),
        ]
        if audience == "internal"
        else [],
        follow_ups=[FULL_WEEK_TYPED[language]["follow_up"]],
        changes_decided=decided(language),
        changes_waiting=waiting(language),
        risks=risks(language),
    )


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("audience", ["client", "internal"])
def test_every_section_of_a_full_week_is_in_the_readers_language(
    language: str, audience: str
) -> None:
    with speaking(language):
        text, blocks = build_digest(full_week(language, audience))
        other_modules = theirs(decided(language) + waiting(language), ZONE[language])
    assert_in_language(text, language, allowed=DATA)
    assert_in_language(blocks, language, allowed=DATA + other_modules)
    assert check_message_blocks(blocks) == []


FULL_WEEK_FOR_THE_CLIENT = {
    "en": [
        "Mon, Nov 16 – Fri, Nov 20, 2026 · times in Europe/Berlin · posted late, after its "
        "planned time",
        "*Your feedback*\n5 received (2 problems, 1 praise, 1 request, 1 question) · 1 being "
        "answered · 1 resolved\n• ✅ FB-1 resolved: Sessions now last 8 hours",
        "*About your recent poll answers*\n• We now post every Tuesday",
        "*Risks and issues*\n1 new this week · 2 open · 2 closed this week\n"
        "• 🆕 R-4 🔴 High: The payment provider may be late — <@U0BEN>\n"
        "• R-2 🟠 Medium: Design is short of people\n"
        "• ✅ R-1 🟠 Medium: The SSO metadata is slow to come — <@U0BEN> (closed: Received)\n"
        "• ✅ R-3 🟢 Low: The test environment is unstable — <@U0BEN> (closed)",
        "• ⏳ CR-3 Native app waits for your decision: Approve or Reject it on its message above",
    ],
    "zh_CN": [
        # Monday 17:00 to Friday 23:00 in Shanghai; the digest came late.
        "11月16日周一 – 2026年11月20日周五 · 时区：Asia/Shanghai · 晚于计划时间补发",
        "*您的反馈*\n收到 5 条（2 个问题、1 条表扬、1 个需求、1 个疑问） · 1 条处理中 · "
        "已解决 1 条\n• ✅ FB-1 已解决：会话有效期已延长到 8 小时",
        "*关于您最近的调查回答*\n• 我们现在每周二发布",
        "*风险与问题*\n本周新增 1 个 · 未关闭 2 个 · 本周关闭 2 个\n"
        "• 🆕 R-4 🔴 高：支付服务商可能延期 — <@U0BEN>\n"
        "• R-2 🟠 中：设计资源紧张\n"
        "• ✅ R-1 🟠 中：SSO 元数据迟迟未到 — <@U0BEN>（已关闭：已收到）\n"
        "• ✅ R-3 🟢 低：测试环境不稳定 — <@U0BEN>（已关闭）",
        "• ⏳ CR-3 原生应用 等待您的决定：请在上方对应的消息中批准或拒绝",
    ],
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_full_week_tells_the_client_in_these_words(language: str) -> None:
    with speaking(language):
        _text, blocks = build_digest(full_week(language, "client"))
    shown = all_text(blocks)
    for expected in FULL_WEEK_FOR_THE_CLIENT[language]:
        assert expected in shown


FULL_WEEK_FOR_THE_TEAM = {  # what was not posted; then the rest
    "en": (
        "⚠️ *Not posted:*\n"
        "• the digest of Fri, Nov 13, 9:00\u202fAM: Rapport was down past the catch-up window\n"
        "• the digest of Fri, Nov 6, 9:00\u202fAM: after a crash I could not read the channel to "
        "check it was not posted already; look, and post it with `/status digest post` if it "
        "is missing\n"
        "• the monthly report of Nov 2: Slack refused it (`not_in_channel`)\n"
        "• the monthly report of Oct 1: Slack refused it\n"
        "• the digest of Fri, Oct 30, 9:00\u202fAM: it failed on every attempt; see the logs",
        [
            "*Client feedback*\n5 received",
            "• FB-3 (request, 👀 Acknowledged): Need an invoice",
            "• 🔒 R-2 🟠 Medium: Design is short of people",
            "⚠️ CR-3 Native app has waited ",
            " days for the client's decision, past the response target",
        ],
        "• R-2 🟠 Medium: Design is short of people",
    ),
    "zh_CN": (
        "⚠️ *未发布：*\n"
        "• 11月13日周五 16:00 的周报：Rapport 停机时间超出了补发时限\n"
        "• 11月6日周五 16:00 的周报：崩溃后我无法读取频道，无法确认它是否已经发布；请查看一下，"
        "如果确实没有，请用 `/status digest post` 发布\n"
        "• 11月2日的月报：Slack 拒绝了发布（`not_in_channel`）\n"
        "• 10月1日的月报：Slack 拒绝了发布\n"
        "• 10月30日周五 16:00 的周报：每次尝试都失败了；请查看日志",
        [
            "*客户反馈*\n收到 5 条",
            "• FB-3（需求，👀 已确认）：需要一张发票",
            "• 🔒 R-2 🟠 中：设计资源紧张",
            "⚠️ CR-3 原生应用 已等待客户决定 ",
            "，超过了响应时限",
        ],
        "• R-2 🟠 中：设计资源紧张",
    ),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_full_week_tells_the_team_what_was_not_posted_and_what_waits(language: str) -> None:
    with speaking(language):
        _text, blocks = build_digest(full_week(language, "internal"))
    shown = all_text(blocks)
    not_posted, expected, unlocked = FULL_WEEK_FOR_THE_TEAM[language]
    assert not_posted in shown
    for words in expected:
        assert words in shown
    assert unlocked not in shown


def test_an_english_digest_counts_in_plurals() -> None:
    """English only: Chinese has no plural forms, English says `1 praise` and `2 problems`."""
    with speaking("en"):
        text, blocks = build_digest(full_week("en", "client"))
    shown = all_text(blocks)
    assert text == "Weekly update — Acme Website: 🟡 At risk, progress 55%"
    assert "5 received (2 problems, 1 praise, 1 request, 1 question) · 1 being answered" in shown
    assert "*Risks and issues*\n1 new this week · 2 open · 2 closed this week" in shown


# -- where the digest went, as its poster is told ------------------------------------------

POSTING = {
    "en": [
        "✅ The client digest is posted in <#C0ACME>.",
        "✅ The internal digest is posted in <#G0TEAM>.",
        "⚠️ The client digest could not be posted in <#C0ACME> (Slack said `not_in_channel`). "
        "Invite me there with `/invite @Rapport`; the next digest will reach it.",
        "⚠️ The internal digest could not be posted in <#G0TEAM> (Slack said "
        "`channel_not_found`). Invite me there with `/invite @Rapport`; the next digest will "
        "reach it.",
        "⚠️ The client digest could not be posted in <#C0ACME>: it could not be put together; "
        "see the logs.",
        "⚠️ The internal digest could not be posted in <#G0TEAM>: Slack did not answer; look in "
        "the channel before posting it again.",
        "⚠️ The client digest could not be posted in <#C0ACME>: I could not read the channel to "
        "check for an earlier attempt.",
    ],
    "zh_CN": [
        "✅ 客户周报已发布到 <#C0ACME>。",
        "✅ 内部周报已发布到 <#G0TEAM>。",
        "⚠️ 客户周报未能发布到 <#C0ACME>（Slack 返回 `not_in_channel`）。请用 `/invite @Rapport` "
        "邀请我加入该频道，下一期周报就能发到那里。",
        "⚠️ 内部周报未能发布到 <#G0TEAM>（Slack 返回 `channel_not_found`）。请用 "
        "`/invite @Rapport` 邀请我加入该频道，下一期周报就能发到那里。",
        "⚠️ 客户周报未能发布到 <#C0ACME>：消息无法生成；请查看日志。",
        "⚠️ 内部周报未能发布到 <#G0TEAM>：Slack 没有响应；再次发布前请先查看频道。",
        "⚠️ 客户周报未能发布到 <#C0ACME>：我无法读取频道，无法确认之前是否已经发布。",
    ],
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_what_became_of_a_posted_digest_is_told_in_the_posters_language(language: str) -> None:
    posted = [
        Posted("C0ACME", "client", ts="1.0"),
        Posted("G0TEAM", "internal", ts="2.0"),
        Posted("C0ACME", "client", error="not_in_channel"),
        Posted("G0TEAM", "internal", error="channel_not_found"),
        Posted("C0ACME", "client", error=NOT_BUILT),
        Posted("G0TEAM", "internal", error=NO_ANSWER),
        Posted("C0ACME", "client", error=UNCHECKED),
    ]
    with speaking(language):
        said = describe_posting(posted)
    assert_in_language(said, language, allowed=["not_in_channel", "channel_not_found"])
    assert said.splitlines() == POSTING[language]
    # Outside `speaking`, English.
    assert describe_posting(posted[4:5]) == (
        "⚠️ The client digest could not be posted in <#C0ACME>: it could not be put together; "
        "see the logs."
    )
