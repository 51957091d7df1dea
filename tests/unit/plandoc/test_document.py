"""The plan document's builder, in both languages: the outline in order, every section from the
project's own data, typed text kept inert, canvas markdown Slack renders, and the PDF."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import pytest

from bot.plandoc.model import Heading, Paragraph, Part, Table, typed
from bot.plandoc.outline import build_document
from bot.plandoc.pdf import cjk_font, to_pdf
from bot.plandoc.render import to_canvas, to_markdown
from bot.platform.i18n import speaking
from bot.sandbox.limits import check_canvas_markdown
from storage.models import Meeting
from tests.factories import MONDAY, make_project
from tests.language import LANGUAGES, assert_in_language
from tests.unit.plandoc.facts import make_facts

HEADINGS = {
    "en": [
        "1. Introduction",
        "2. Objectives of communication",
        "3. Channels",
        "4. Frequency and timing",
        "5. Status meetings",
        "6. Content",
        "7. Participants, roles and responsibilities",
        "8. Tools",
        "9. Communication risks",
        "10. Evaluation and improvement",
        "11. Summary",
    ],
    "zh_CN": [
        "1. 简介",
        "2. 沟通目标",
        "3. 沟通渠道",
        "4. 频率与时间",
        "5. 状态会议",
        "6. 内容",
        "7. 参与者、角色与职责",
        "8. 工具",
        "9. 沟通风险",
        "10. 评估与改进",
        "11. 总结",
    ],
}
VERSION_LINE = {
    "en": "Version 3 · published Fri, Nov 20, 2026 4:00\u202fPM (Europe/Berlin) · kept current "
    "by Rapport: a change of the plan is a new version of this document.",
    "zh_CN": "第 3 版 · 发布于 2026年11月20日周五 16:00（Europe/Berlin）· 由 Rapport 保持最新："
    "计划的每次变更都是本文档的新版本。",
}
# The test's own data, which stays as typed in any language.
DATA = [
    "Acme Website",
    "Launch the new site by March",
    "Acme's old site is slow; the new one brings self-service.",
    "The digest moves to Thursday; delays are told the day they are known.",
    "Europe/Berlin",
    "How satisfied are you with how this project is going?",
    "FB-n",
    "Slack Connect",
]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_document_reads_the_outline_in_the_projects_language(language: str) -> None:
    with speaking(language):
        document = build_document(make_facts())
    headings = [p.text for p in document.parts if isinstance(p, Heading) and p.level == 2]
    assert headings == HEADINGS[language]
    assert document.version_line == VERSION_LINE[language]
    texts = [document.title, document.version_line, *_texts(document.parts)]
    question = "How satisfied are you with how this project is going?"
    assert_in_language(texts, language, allowed=[*DATA, question if language == "en" else ""])
    markdown = to_canvas(document)
    assert check_canvas_markdown(markdown) == []
    assert "Launch the new site by March" in markdown and "![](@U0DANA)" in markdown


def _texts(parts: list[Part]) -> list[str]:
    found: list[str] = []
    for part in parts:
        if isinstance(part, (Heading, Paragraph)):
            found.append(part.text)
        elif hasattr(part, "items"):
            found += list(part.items)
        else:
            found += [*part.header, *(cell for row in part.rows for cell in row)]
    return [re.sub(r"<[@#][A-Z0-9]+>", " ", text) for text in found]


def test_every_section_comes_from_the_projects_own_data() -> None:
    project = make_project(
        goal=None,
        internal_channel_id=None,
        reminder_lead_hours=0,
        report_time=None,
        poll_every_weeks=0,
        review_every_months=0,
        paused_until=date(2026, 12, 31),
        response_target="4h",
        poll_kind="nps",
    )
    markdown = to_canvas(build_document(make_facts(project=project, review=None)))
    assert "Not written yet: the owners add it with `/project describe`." in markdown
    assert "The team's internal channel" not in markdown
    assert "| Reminder to post status | Off |" in markdown
    assert "Reminders are off: the owners chase the updates themselves." in markdown
    assert "| Monthly report | Off |" in markdown and "| Satisfaction poll | Off |" in markdown
    assert "| Communication review | Off; `/project review` opens one |" in markdown
    assert "Paused until Thu, Dec 31, 2026" in markdown
    assert "answer the client within 4 hours;" in markdown
    assert "| Satisfaction, poll by poll | NPS +30 or more |" in markdown
    assert "No review has closed yet." in markdown


def test_the_evaluation_shows_the_figures_against_their_targets_and_the_review() -> None:
    markdown = to_canvas(build_document(make_facts()))
    assert "| Answered within target | 90% or more | 85% (17 of 20) |" in markdown
    assert "| Status before each digest | every week | 11 of 13 weeks |" in markdown
    assert "| Satisfaction, poll by poll | CSAT 4.0 / 5 or more | CSAT 4.5 / 5 (2 answers) |" in (
        markdown
    )
    assert "5 answers (3 from the client, 2 from the team)" in markdown
    assert "cadence about right for 80% · updates useful for 100%" in markdown
    assert "**What we will change**, by ![](@U0OWNER):" in markdown


def test_what_people_typed_stays_inert_in_the_document() -> None:
    said = typed("**loud** <@U0BEN|ben> [link](http://x) #1\n- not a list\n> not a quote")
    assert said == (
        "\\*\\*loud\\*\\* @ben \\[link\\](http://x) \\#1\n\\- not a list\n\\> not a quote"
    )
    project = make_project(goal="**Ship** ![](@U0EVIL) by March")
    markdown = to_canvas(build_document(make_facts(project=project)))
    assert "\\*\\*Ship\\*\\* \\!\\[\\](@U0EVIL) by March" in markdown
    assert "![](@U0EVIL)" not in markdown


MEETING_ROWS = {
    "en": [
        ("Weekly status call with Acme", "every Tuesday 10:00\u202fAM; its agenda 1 hr before"),
        ("Steering", "every 4 weeks on Thursday 3:30\u202fPM; its agenda 2 hr before"),
    ],
    "zh_CN": [
        ("Weekly status call with Acme", "每星期二 10:00；议程提前 1小时 发布"),
        ("Steering", "每 4 周的星期四 15:30；议程提前 2小时 发布"),
    ],
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_status_meetings_are_the_fifth_section(language: str) -> None:
    meetings = [
        Meeting(
            project_id=1,
            weekday=1,
            time="10:00",
            title="Weekly status call with Acme",
            created_by="U0OWNER",
            created_at=MONDAY,
            starts_on=MONDAY.date(),
        ),
        Meeting(
            project_id=1,
            created_by="U0OWNER",
            created_at=MONDAY,
            starts_on=MONDAY.date(),
            weekday=3,
            time="15:30",
            every_weeks=4,
            title="Steering",
            agenda_lead_minutes=120,
        ),
    ]
    with speaking(language):
        document = build_document(replace(make_facts(), meetings=meetings))
        empty = build_document(make_facts())
    tables = [p for p in document.parts if isinstance(p, Table)]
    assert [tuple(row) for row in tables[2].rows] == MEETING_ROWS[language]
    headings = [p.text for p in empty.parts if isinstance(p, Heading) and p.level == 2]
    assert headings[4] == HEADINGS[language][4]  # without meetings, the section says how


def test_a_file_names_people_and_channels_where_a_canvas_mentions_them() -> None:
    document = build_document(make_facts())
    names = {"U0OWNER": "Ana Lopez", "C0CLIENT": "acme-website"}
    markdown = to_markdown(document, names)
    assert "| @Ana Lopez | Owner |" in markdown and "| #acme-website |" in markdown
    assert "| @U0BEN | Team |" in markdown  # unknown to Slack: the id, still readable


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_pdf_holds_the_document_in_either_language(language: str) -> None:
    with speaking(language):
        document = build_document(make_facts())
    pdf = to_pdf(document, {"U0OWNER": "Ana Lopez"})
    if language == "zh_CN" and cjk_font() is None:
        assert pdf is None  # no font draws Chinese here: the Markdown carries it alone
        return
    assert pdf is not None and pdf.startswith(b"%PDF") and len(pdf) > 5000


def test_the_version_line_of_an_export_says_it_is_the_plan_as_it_stands() -> None:
    document = build_document(replace(make_facts(), version=0))
    assert document.version_line.startswith("As it stands on Fri, Nov 20, 2026 4:00")
