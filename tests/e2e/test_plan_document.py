"""The plan as a document, through the real server: the goal and background (owners only, in
the decision log), the document as the channel's canvas edited in place with a version line,
and, where the workspace refuses canvases, a Markdown file and a PDF in the channel."""

from __future__ import annotations

from typing import Any

import pytest
from slack_sdk.errors import SlackApiError

from bot.platform.slack_client import make_web_client
from bot.sandbox.limits import check_canvas_markdown
from bot.sandbox.stack import Stack
from bot.sandbox.workspace import CLIENT, CLIENT_CHANNEL, DEV, OWNER
from tests.e2e.conftest import open_modal, posts, setup_project, visible, wait_ephemeral

pytestmark = pytest.mark.e2e


def canvases(stack: Stack) -> list[dict[str, Any]]:
    return list(stack.fake.canvases.values())


def canvas_text(stack: Stack, contains: str) -> str:
    """The channel canvas's markdown once it contains `contains`."""
    found = stack.fake.wait_for(
        lambda: next((c["markdown"] for c in canvases(stack) if contains in c["markdown"]), None)
    )
    assert isinstance(found, str)
    return found


def test_owners_write_the_goal_and_background_and_the_decision_log_keeps_them(
    stack: Stack,
) -> None:
    setup_project(stack)
    send = stack.sender
    set_goal = send.command(
        OWNER, CLIENT_CHANNEL, "/project", "set goal Launch the new site by March"
    )
    assert "Goal set" in set_goal.text
    refused = send.command(CLIENT, CLIENT_CHANNEL, "/project", "set goal Something else")
    assert "Only the project's owners can change the plan" in refused.text
    plan = send.command(DEV, CLIENT_CHANNEL, "/project", "plan")
    assert "*Goal*\nLaunch the new site by March" in plan.text

    send.command(DEV, CLIENT_CHANNEL, "/project", "describe")
    assert not stack.fake.opened_views()  # the team reads the plan; owners write it
    send.command(OWNER, CLIENT_CHANNEL, "/project", "describe")
    form = open_modal(stack, "project_describe_modal")
    goal = next(b for b in form["blocks"] if b.get("block_id") == "goal")
    assert goal["element"]["initial_value"] == "Launch the new site by March"
    too_long = send.submit(OWNER, form["id"], {"goal": "x" * 501, "background": ""})
    assert "Keep it to 500 characters" in too_long.json()["errors"]["goal"]
    saved = send.submit(
        OWNER,
        form["id"],
        {"goal": "Launch the new site by March", "background": "Acme's old site is slow <@U0X>"},
    )
    assert saved.body == ""
    wait_ephemeral(stack, OWNER, "The goal and background are saved")
    plan = send.command(DEV, CLIENT_CHANNEL, "/project", "plan")
    assert "Acme's old site is slow &lt;@U0X&gt;" in plan.text  # typed text stays inert

    log = send.command(DEV, CLIENT_CHANNEL, "/project", "log")
    assert "*PLAN* goal written (set) by <@U0ANA>" in log.text
    assert "*PLAN* background written (set) by <@U0ANA>" in log.text
    cleared = send.command(OWNER, CLIENT_CHANNEL, "/project", "set goal none")
    assert "The goal is cleared" in cleared.text
    assert (
        "goal written (set → cleared)" in send.command(DEV, CLIENT_CHANNEL, "/project", "log").text
    )


def test_the_plan_document_is_the_channels_canvas_edited_in_place(stack: Stack) -> None:
    setup_project(stack)
    send = stack.sender
    send.command(OWNER, CLIENT_CHANNEL, "/project", "set goal Launch the new site by March")
    refused = send.command(CLIENT, CLIENT_CHANNEL, "/project", "plan document")
    assert "Only the project's owners publish the plan document" in refused.text
    assert canvases(stack) == []

    answer = send.command(OWNER, CLIENT_CHANNEL, "/project", "plan document")
    assert "Publishing the plan document" in answer.text
    wait_ephemeral(stack, OWNER, "is now the canvas of <#C0ACME>")
    [canvas] = canvases(stack)
    first = canvas["markdown"]
    assert canvas["channel"] == CLIENT_CHANNEL and stack.fake.channels[CLIENT_CHANNEL].canvas_id
    assert first.startswith("# Communication plan — Acme Website\n")
    assert "_Version 1 · published " in first and "(Europe/Berlin)" in first
    for heading in (
        "## 1. Introduction",
        "## 2. Objectives of communication",
        "## 3. Channels",
        "## 4. Frequency and timing",
        "## 5. Status meetings",
        "## 6. Content",
        "## 7. Participants, roles and responsibilities",
        "## 8. Tools",
        "## 9. Communication risks",
        "## 10. Evaluation and improvement",
        "## 11. Summary",
    ):
        assert heading in first, heading
    assert "Launch the new site by March" in first
    assert "| ![](@U0ANA) | Owner |" in first and "| Weekly digest | Every Friday 4:00" in first
    assert check_canvas_markdown(first) == []

    changed = send.command(OWNER, CLIENT_CHANNEL, "/project", "set digest thu 15:00")
    assert "Weekly digest set to Thursday" in changed.text
    second = canvas_text(stack, "_Version 2 · published ")
    assert "| Weekly digest | Every Thursday 3:00" in second
    assert len(canvases(stack)) == 1  # the same canvas, edited, not a new one
    assert len(stack.fake.calls_of("conversations.canvases.create")) == 1
    send.command(OWNER, CLIENT_CHANNEL, "/project", "set digest someday")  # refused: no version
    send.command(DEV, CLIENT_CHANNEL, "/status", "on-track 40% Checkout built")  # not the plan
    stack.fake.wait_quiet()
    assert len(stack.fake.calls_of("canvases.edit")) == 1

    log = send.command(DEV, CLIENT_CHANNEL, "/project", "log")
    assert "*PLAN* document published (v1 → v2) by <@U0ANA> — “canvas”" in log.text
    assert "*PLAN* document published (v1) by <@U0ANA>" in log.text


def test_a_canvas_deleted_in_slack_is_made_again(stack: Stack) -> None:
    setup_project(stack)
    stack.sender.command(OWNER, CLIENT_CHANNEL, "/project", "plan document")
    wait_ephemeral(stack, OWNER, "is now the canvas")
    stack.fake.canvases.clear()  # someone deleted it in Slack
    stack.fake.channels[CLIENT_CHANNEL].canvas_id = None
    stack.sender.command(OWNER, CLIENT_CHANNEL, "/project", "set sla 4h")
    assert "4 hours" in canvas_text(stack, "_Version 2 ·")


def test_without_canvases_the_plan_is_a_markdown_file_and_a_pdf_in_the_channel(
    stack: Stack,
) -> None:
    setup_project(stack)
    stack.fake.scopes.discard("canvases:write")  # installed before the manifest asked for it
    stack.sender.command(OWNER, CLIENT_CHANNEL, "/project", "plan document")
    said = stack.fake.wait_for(  # drawing the PDF takes a moment
        lambda: next(
            (e for e in stack.fake.timeline if "Slack said `missing_scope`" in e.text), None
        ),
        timeout=20,
    )
    assert "as a Markdown file and a PDF" in said.text and "asks for `canvases:write`" in said.text
    [message] = [e for e in posts(stack, CLIENT_CHANNEL) if "Communication plan" in e.text]
    assert "version 1" in visible(message)
    [shared] = files_in_thread(stack, message.ts)
    names = {f["name"]: f["data"] for f in shared.files}
    assert set(names) == {"communication-plan-v1.md", "communication-plan-v1.pdf"}
    markdown = names["communication-plan-v1.md"].decode()
    assert "| @Ana Lopez | Owner |" in markdown and "#acme-website" in markdown
    assert "![](" not in markdown  # names, not canvas mentions, in a file read anywhere
    assert names["communication-plan-v1.pdf"].startswith(b"%PDF")
    assert canvases(stack) == []

    stack.sender.command(OWNER, CLIENT_CHANNEL, "/project", "set reminder 2h")
    stack.fake.wait_for(lambda: len(files_in_thread(stack, message.ts)) == 2, timeout=20)
    assert "version 2" in visible(stack.fake.latest(message))  # the same message, edited
    assert [e for e in posts(stack, CLIENT_CHANNEL) if "Communication plan" in e.text] == [message]


def files_in_thread(stack: Stack, ts: str) -> list[Any]:
    return [e for e in stack.fake.timeline if e.kind == "file" and e.thread_ts == ts]


def test_a_chinese_project_gets_its_plan_in_chinese(stack: Stack) -> None:
    setup_project(stack)
    stack.sender.command(OWNER, CLIENT_CHANNEL, "/project", "set language zh-CN")
    stack.sender.command(OWNER, CLIENT_CHANNEL, "/project", "set goal 3 月前上线新网站")
    stack.sender.command(OWNER, CLIENT_CHANNEL, "/project", "plan document")
    markdown = canvas_text(stack, "# 沟通计划 — Acme Website")
    assert "## 1. 简介" in markdown and "3 月前上线新网站" in markdown
    assert "## 10. 评估与改进" in markdown and "| 周报 | 每星期五 16:00" in markdown


def test_a_workspace_that_refuses_canvases_is_answered_as_slack_documents_it(stack: Stack) -> None:
    """The stand-in's canvases, as the bot meets them: refusals, the one canvas per channel,
    and edits of a canvas that is gone."""
    client = make_web_client(stack.deps.settings, retries="none")
    content = {"type": "markdown", "markdown": "# Plan"}
    made = client.conversations_canvases_create(channel_id=CLIENT_CHANNEL, document_content=content)
    with pytest.raises(SlackApiError) as again:
        client.conversations_canvases_create(channel_id=CLIENT_CHANNEL, document_content=content)
    assert again.value.response["error"] == "channel_canvas_already_exists"
    with pytest.raises(SlackApiError) as two:
        client.canvases_edit(canvas_id=made["canvas_id"], changes=[{"operation": "replace"}] * 2)
    assert two.value.response["error"] == "invalid_arguments"
    with pytest.raises(SlackApiError) as gone:
        client.canvases_edit(canvas_id="F0GONE", changes=[{"operation": "replace"}])
    assert gone.value.response["error"] == "canvas_not_found"
    stack.fake.refuse_canvases("canvas_disabled_user_team")
    with pytest.raises(SlackApiError) as refused:
        client.conversations_canvases_create(channel_id="C0OTHER", document_content=content)
    assert refused.value.response["error"] == "canvas_disabled_user_team"
    stack.fake.scopes.discard("canvases:write")
    with pytest.raises(SlackApiError) as scope:
        client.canvases_edit(canvas_id=made["canvas_id"], changes=[{"operation": "replace"}])
    assert scope.value.response["error"] == "missing_scope"
    assert scope.value.response["needed"] == "canvases:write"
