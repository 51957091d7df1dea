"""The pure parts of the export: cells a spreadsheet cannot run, numbers left as numbers,
Slack's ten files per upload, the size limit and its setting."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from bot.export.files import batches, oversized, row_count
from bot.export.tables import cell, cost, table
from bot.platform.settings import SettingsError, settings_from_env

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
