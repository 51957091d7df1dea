"""The email says what the client's Slack post says, in the project's language, naming people
rather than mentioning them, with nothing of Slack's markup and nothing of the team's variant;
its text and HTML parts are built from the same document, and the HTML escapes what people
typed."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from bot.digest.contents import assemble_digest
from bot.email.document import Document, digest_document, report_document
from bot.email.render import Footer, as_html, as_text
from bot.platform.i18n import speaking
from bot.report.monthly import assemble_report
from bot.risks.summary import RiskSummary
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

NAMES = {"U0BEN": "Ben Okafor", "U0ANA": "Ana Lopez", "U0DANA": "Dana Smith"}
TYPED = {"en": "Login page <b>shipped</b> & tested", "zh_CN": "登录页<b>已上线</b>并测试"}
FOOTER = Footer(
    "Why you get this", "Unsubscribe", "https://rapport.example/email/unsubscribe?t=a&b"
)


def name_of(user_id: str) -> str:
    return NAMES[user_id]


def a_digest(language: str) -> Document:
    project = make_project(language=language)
    updates = [
        make_update(TYPED[language], health="at-risk", progress=55, next_steps="SSO"),
        make_update("Vendor invoice is late", visibility="internal", created_at=MONDAY),
    ]
    resolved = make_feedback(state="resolved", resolution="Sessions last 8 h", resolved_at=FRIDAY)
    digest = assemble_digest(
        project=project,
        audience="client",
        since=FRIDAY - timedelta(days=7),
        until=FRIDAY,
        updates=updates,
        received=[resolved],
        resolved=[resolved],
    )
    waiting = make_change(title="Okta sign-in")
    risk = make_risk(title="Payment provider", created_at=MONDAY, owner_id="U0ANA")
    digest = replace(
        digest,
        changes_waiting=[waiting],
        risks=RiskSummary(new=[risk], still_open=[], closed=[]),
    )
    with speaking(language):
        return digest_document(digest, name_of)


EXPECTED = {
    "en": (
        "📋 Weekly update — Acme Website\n"
        "Fri, Nov 13 – Fri, Nov 20, 2026 · times in Europe/Berlin\n\n"
        "Health: 🟡 At risk\nProgress: 55%\n\n"
        "Highlights\n• Login page <b>shipped</b> & tested — Ben Okafor\n\n"
        "Next steps\n• SSO — Ben Okafor\n\n"
        "Your feedback\n1 received (1 problem) · 1 resolved\n"
        "• ✅ FB-1 resolved: Sessions last 8 h\n\n"
        "Risks and issues\n1 new this week · 1 open · 0 closed this week\n"
        "• 🆕 R-3 🟠 Medium: Payment provider — Ana Lopez\n\n"
        "Change requests\n"
        "• ⏳ CR-2 Okta sign-in waits for your decision, in the project's Slack channel\n"
    ),
    "zh_CN": (
        "📋 周报 — Acme Website\n"
        "11月13日周五 – 2026年11月20日周五 · 时区：Europe/Berlin\n\n"
        "项目状态: 🟡 有风险\n进度: 55%\n\n"
        "本周进展\n• 登录页<b>已上线</b>并测试 — Ben Okafor\n\n"
        "下一步\n• SSO — Ben Okafor\n\n"
        "您的反馈\n收到 1 条（1 个问题） · 已解决 1 条\n"
        "• ✅ FB-1 已解决：Sessions last 8 h\n\n"
        "风险与问题\n本周新增 1 个 · 未关闭 1 个 · 本周关闭 0 个\n"
        "• 🆕 R-3 🟠 中：Payment provider — Ana Lopez\n\n"
        "变更请求\n"
        "• ⏳ CR-2 Okta sign-in 等待您的决定，请在项目的 Slack 频道中处理\n"
    ),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_digest_email_reads_like_the_client_post(language: str) -> None:
    document = a_digest(language)
    text = as_text(document, FOOTER)
    assert text.startswith(EXPECTED[language]), text
    assert "Vendor invoice" not in text and "<@" not in text and "*" not in text
    assert text.endswith(f"-- \n{FOOTER.why}\nUnsubscribe: {FOOTER.unsubscribe_url}\n")
    allowed = [TYPED[language], "Ben Okafor", "Ana Lopez", "SSO", "Sessions last 8 h"]
    allowed += ["Payment provider", "Okta sign-in", "Acme Website", "Europe/Berlin"]
    assert_in_language([s.heading for s in document.sections], language)
    assert_in_language(text.split("-- \n")[0], language, allowed=allowed)


def test_the_html_part_escapes_what_people_typed_and_shows_the_charts_from_the_message() -> None:
    html = as_html(a_digest("en"), FOOTER, language="zh_CN", chart_ids=("chart0.x@y",))
    assert "Login page &lt;b&gt;shipped&lt;/b&gt; &amp; tested" in html
    assert "<b>shipped" not in html
    assert '<html lang="zh-CN">' in html and '<img src="cid:chart0.x@y"' in html
    assert 'href="https://rapport.example/email/unsubscribe?t=a&amp;b"' in html
    assert "http" not in html.replace(FOOTER.unsubscribe_url.replace("&", "&amp;"), "")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_report_email_has_the_months_figures_and_weeks(language: str) -> None:
    project = make_project(language=language)
    report = assemble_report(
        project=project,
        audience="client",
        month=date(2026, 11, 1),
        updates=[make_update(TYPED[language], health="on-track", progress=40)],
        received=[],
        resolved=[],
    )
    report = replace(report, changes_decided=[make_change(state="approved", decided_by="U0DANA")])
    with speaking(language):
        document = report_document(report, name_of)
    text = as_text(document, FOOTER)
    expected = {
        "en": ["📈 November 2026 — Acme Website", "Progress: 40% → 40%", "Health week by week\n"],
        "zh_CN": ["📈 2026年11月 — Acme Website", "进度: 40% → 40%", "每周项目状态\n"],
    }
    for said in expected[language]:
        assert said in text, text
    assert "Dana Smith" in text and "<@" not in text
    assert_in_language([s.heading for s in document.sections], language)
