"""The plumbing for a Chinese-speaking person through the real server: an owner whose Slack is in
Chinese gets the export's answers, DM and README.txt in Chinese (the files' columns stay
English), and is told in Chinese to try again while the database is away."""

from __future__ import annotations

import csv
import io
import sqlite3
from dataclasses import replace

import pytest
from sqlalchemy.engine import make_url

from bot.export.service import send_export
from bot.platform.i18n import speaking
from bot.platform.slack_client import make_web_client
from bot.sandbox.fake_types import Entry
from bot.sandbox.stack import Stack
from bot.sandbox.workspace import CLIENT_CHANNEL, DESIGNER, OWNER
from storage.db import session_scope
from storage.models import Project
from storage.projects import project_by_name
from tests.conftest import PG_URL, Database
from tests.e2e.conftest import setup_project, wait_ephemeral
from tests.e2e.test_database_faults import running
from tests.language import assert_chinese

pytestmark = pytest.mark.e2e

CHEN_DM = f"D{DESIGNER[1:]}"
FILES = [
    "README.txt",
    "status_updates.csv",
    "feedback.csv",
    "decision_log.csv",
    "poll_results.csv",
    "poll_votes.csv",
    "risks.csv",
    "changes.csv",
    "response_times.csv",
    "incidents.csv",
    "meetings.csv",
    "communication_plan.md",
]
DATA = [*FILES, "Acme Website", "Europe/Berlin", "EXPORT_MAX_BYTES", "kB", "file_uploads_disabled"]


def speaks_chinese(stack: Stack, user_id: str) -> None:
    """Their Slack is in Chinese (users.info says `zh-CN` with include_locale)."""
    stack.fake.users[user_id].locale = "zh-CN"


def shared_files(stack: Stack) -> list[Entry]:
    return [e for e in stack.fake.timeline if e.kind == "file"]


def the_project(stack: Stack) -> Project:
    with session_scope(stack.deps.engine) as session:
        project = project_by_name(session=session, name="Acme Website")
    assert project is not None
    return project


def test_an_owner_whose_slack_is_in_chinese_gets_the_export_in_chinese(stack: Stack) -> None:
    speaks_chinese(stack, DESIGNER)
    setup_project(stack)
    stack.sender.command(OWNER, CLIENT_CHANNEL, "/project", "set owner @chen")
    stack.sender.command(DESIGNER, CLIENT_CHANNEL, "/status", "on-track 40% 登录页面已上线")

    reply = stack.sender.command(DESIGNER, CLIENT_CHANNEL, "/project", "export")
    assert reply.status == 200
    answer = wait_ephemeral(stack, DESIGNER, "已发到你和我的私信中")
    assert answer.text == (
        "📦 *Acme Website* 的导出（12 个文件：全部数据，不限时间）已发到你和我的私信中。"
    )
    uploads = stack.fake.wait_for(lambda: len(shared_files(stack)) == 2 and shared_files(stack))
    assert [u.channel for u in uploads] == [CHEN_DM, CHEN_DM]
    assert uploads[0].text == (
        "📦 *Acme Website* 的导出（第 1 部分，共 2 部分）：全部数据，不限时间。时间均为 UTC；"
        "项目时区为 Europe/Berlin。各文件的说明见 README.txt。"
    )
    assert_chinese([answer.text, *(u.text for u in uploads)], allowed=DATA)
    data = {f["name"]: f["data"].decode("utf-8") for u in uploads for f in u.files}
    assert list(data) == FILES
    readme = data["README.txt"]
    assert readme.startswith("Rapport 导出：项目 Acme Website\n")
    assert_chinese(readme, allowed=[*DATA, "ISO 8601"])
    # The files are data: the same English columns and values whatever the reader's language.
    [status] = list(csv.DictReader(io.StringIO(data["status_updates.csv"])))
    assert status["health"] == "on-track" and status["text"] == "登录页面已上线"
    assert status["progress_percent"] == "40" and status["author"] == DESIGNER


def test_an_export_that_fails_or_comes_in_parts_is_explained_in_chinese(stack: Stack) -> None:
    setup_project(stack)
    project, client = the_project(stack), make_web_client(stack.deps.settings)
    with speaking("zh_CN"):
        parts = send_export(stack.deps, client, project, OWNER, per_upload=4)
        uploads = stack.fake.wait_for(lambda: len(shared_files(stack)) == 3 and shared_files(stack))
        small = replace(stack.deps, settings=replace(stack.deps.settings, export_max_bytes=100))
        too_big = send_export(small, client, project, OWNER)
        stack.fake.fail_next(
            "files.completeUploadExternal",
            status=200,
            error="file_uploads_disabled",
            retry_after=None,
        )
        refused = send_export(stack.deps, client, project, OWNER)
    assert "12 个文件" in parts
    assert "（第 1 部分，共 3 部分）" in uploads[0].text
    assert "（第 3 部分，共 3 部分）" in uploads[2].text
    assert too_big.startswith("未发送任何文件：README.txt（")
    assert "100字节 的导出上限" in too_big and "python -m bot export" in too_big
    assert refused == "Slack 拒绝了上传（file_uploads_disabled）：未发送任何文件。请稍后再试。"
    assert_chinese([parts, *(u.text for u in uploads), too_big, refused], allowed=DATA)


@pytest.mark.skipif(bool(PG_URL), reason="SQLite's file lock; the PostgreSQL run is in English")
def test_try_again_is_said_in_the_language_of_the_person_who_asked(database: Database) -> None:
    path = make_url(database.url).database
    assert path is not None
    holder = sqlite3.connect(path, timeout=0, isolation_level=None)
    with running(database.url, lock_wait=0.5) as stack:
        speaks_chinese(stack, DESIGNER)
        setup_project(stack)
        holder.execute("BEGIN EXCLUSIVE")  # another process writing for a long time
        chinese = stack.sender.command(DESIGNER, CLIENT_CHANNEL, "/status", "on-track 已上线")
        english = stack.sender.command(OWNER, CLIENT_CHANNEL, "/status", "on-track Shipped")
        holder.execute("ROLLBACK")
    holder.close()
    assert "我暂时连不上数据库，所以没有保存任何内容" in chinese.text, chinese.text
    assert_chinese(chinese.text)
    assert "I cannot reach my database right now" in english.text
