"""The pure parts of the export: cells a spreadsheet cannot run, numbers left as numbers,
Slack's ten files per upload, the size limit and its setting, and the README in the reader's
language."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from bot.export.files import batches, oversized, readme, row_count
from bot.export.tables import cell, cost, table
from bot.platform.i18n import speaking
from bot.platform.settings import SettingsError, settings_from_env
from storage.export import ProjectRecords
from tests.factories import make_project
from tests.language import LANGUAGES, assert_in_language

REQUIRED = {"SLACK_BOT_TOKEN": "xoxb-1-2-3", "SLACK_SIGNING_SECRET": "s3cret"}


@pytest.mark.parametrize("text", ["=1+1", "+31 6 1234", "-2", "@SUM(A1:A2)", "\t=1", "\r=1"])
def test_text_a_spreadsheet_would_run_gets_a_leading_quote(text: str) -> None:
    assert cell(text) == "'" + text


@pytest.mark.parametrize("text", ["Plain words", "1+1=2", "", "a=b"])
def test_other_text_is_left_as_typed(text: str) -> None:
    assert cell(text) == text


def test_numbers_the_export_writes_itself_keep_their_sign() -> None:
    assert cell(cost(-30000)) == "-300.00"
    assert cell(cost(5)) == "0.05"
    assert cell(cost(0)) == "0.00"
    assert cost(123456) == Decimal("1234.56")
    assert cell(-100) == "-100"
    assert cell(-1.5) == "-1.50"


def test_times_are_iso_8601_in_utc_and_empty_values_are_empty() -> None:
    berlin = timezone(timedelta(hours=1))
    assert cell(datetime(2026, 11, 20, 16, 0, 30, 999, tzinfo=berlin)) == "2026-11-20T15:00:30Z"
    assert cell(datetime(2026, 11, 20, tzinfo=UTC)) == "2026-11-20T00:00:00Z"
    assert cell(None) == "" and cell(True) == "true" and cell(False) == "false"


def test_a_table_reads_back_with_commas_quotes_and_new_lines_in_its_text() -> None:
    text = table(("a", "b"), [('x, "y"\nz', 3), (None, "=cmd")])
    assert list(csv.DictReader(io.StringIO(text))) == [
        {"a": 'x, "y"\nz', "b": "3"},
        {"a": "", "b": "'=cmd"},
    ]
    assert row_count("t.csv", text.encode()) == 2
    assert row_count("README.txt", b"hello\n") is None


def test_files_go_ten_to_an_upload() -> None:
    names = [f"f{i}.csv" for i in range(23)]
    parts = batches(names, 10)
    assert [len(p) for p in parts] == [10, 10, 3]
    assert [n for p in parts for n in p] == names
    assert batches(names[:10], 10) == [names[:10]]


def test_files_over_the_limit_are_named() -> None:
    files = {"a.csv": b"x" * 10, "b.csv": b"x" * 11, "c.csv": b""}
    assert oversized(files, 10) == ["b.csv"]
    assert oversized(files, 11) == []


def test_the_export_limit_defaults_to_50_mb_and_stays_within_slacks_1_gb() -> None:
    assert settings_from_env(REQUIRED).export_max_bytes == 50 * 1024 * 1024
    assert settings_from_env({**REQUIRED, "EXPORT_MAX_BYTES": "1000"}).export_max_bytes == 1000
    with pytest.raises(SettingsError, match="EXPORT_MAX_BYTES"):
        settings_from_env({**REQUIRED, "EXPORT_MAX_BYTES": str(2 * 1024**3)})
    with pytest.raises(SettingsError, match="EXPORT_MAX_BYTES"):
        settings_from_env({**REQUIRED, "EXPORT_MAX_BYTES": "lots"})


# -- README.txt ----------------------------------------------------------------------------------

FILE_NAMES = [
    "status_updates.csv",
    "feedback.csv",
    "decision_log.csv",
    "poll_results.csv",
    "poll_votes.csv",
    "risks.csv",
    "changes.csv",
    "response_times.csv",
    "communication_plan.md",
    "incidents.csv",
    "meetings.csv",
]
README_TITLE = {
    "en": "Rapport export of the project 官网改版",
    "zh_CN": "Rapport 导出：项目 官网改版",
}
README_EXPORTED = {
    "en": "Exported at 2026-11-27T08:00:00Z. Period: everything, all time.",
    "zh_CN": "导出时间：2026-11-27T08:00:00Z。范围：全部数据，不限时间。",
}
README_ZONE = {
    "en": "The project's time zone is Asia/Shanghai.",
    "zh_CN": "项目时区为 Asia/Shanghai。",
}
README_STATUS_UPDATES = {
    "en": "status_updates.csv      `/status` updates (2 deleted by their authors left out)",
    "zh_CN": "status_updates.csv      `/status` 状态更新（不含已被作者删除的 2 条）",
}
README_RISKS = {
    "en": "risks.csv               the risk and issue log",
    "zh_CN": "risks.csv               风险与问题登记册",
}
README_DELETED = {
    "en": "(2 deleted by their authors left out)",
    "zh_CN": "（不含已被作者删除的 2 条）",
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_export_readme_is_in_the_readers_language_and_names_the_files_as_they_are(
    language: str,
) -> None:
    project = make_project(name="官网改版", timezone="Asia/Shanghai")
    records = ProjectRecords([], 2, [], [], [], [], [], [], [])
    now = datetime(2026, 11, 27, 8, 0, tzinfo=UTC)
    with speaking(language):
        text = readme(project, records, now)
    lines = text.splitlines()
    assert lines[0] == README_TITLE[language]
    assert lines[1] == README_EXPORTED[language]
    assert README_ZONE[language] in lines[3]
    assert README_STATUS_UPDATES[language] in lines
    assert README_RISKS[language] in lines
    assert README_DELETED[language] in text
    assert_in_language(
        text,
        language,
        allowed=[*FILE_NAMES, "官网改版", "ISO 8601", "Asia/Shanghai", "2026-11-27T08:00:00Z"],
    )
