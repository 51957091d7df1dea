"""The `/status` form in each reader's language: a new update or its author's edit, its labels and
choices, Slack's limits, and the same update given back when it is submitted unchanged."""

from __future__ import annotations

import json

import pytest

from bot.platform.i18n import speaking
from bot.sandbox.limits import check_view
from bot.status.forms import STATUS_MODAL, build_status_modal, read_status_modal
from bot.status.quick_form import StatusDraft
from tests.language import LANGUAGES, assert_in_language
from tests.reading import all_text, submitted_values

DRAFTS = [
    StatusDraft(text=""),
    StatusDraft(text="Login page built"),
    StatusDraft(
        text="Login page built",
        health="at-risk",
        progress=45,
        next_steps="Password reset",
        blockers="SSO metadata",
        visibility="internal",
    ),
    StatusDraft(text="Kick-off", health="off-track", progress=0),
    StatusDraft(text="Launched", health="on-track", progress=100, visibility="client"),
]

PROJECT = {"en": "Acme Website", "zh_CN": "官网改版"}
# An update as each reader types it, reopened in the form.
FILLED = {
    "en": StatusDraft(
        text="Login page is live",
        health="at-risk",
        progress=45,
        next_steps="Payments",
        blockers="Waiting for the client's API keys",
        visibility="internal",
    ),
    "zh_CN": StatusDraft(
        text="登录页已上线",
        health="at-risk",
        progress=45,
        next_steps="支付",
        blockers="等待客户的 API 密钥",
        visibility="internal",
    ),
}
TITLES = {  # (title, submit button) of a new form, then of an edit form
    "en": [("Status update", "Post"), ("Edit update", "Save")],
    "zh_CN": [("状态更新", "发布"), ("编辑更新", "保存")],
}
LABELS = {
    "en": ["Health", "Progress (%)", "What got done", "Next", "Blockers", "Who sees it"],
    "zh_CN": ["项目状态", "进度（%）", "完成的工作", "下一步", "阻塞", "谁能看到"],
}
VISIBILITY_CHOICES = {
    "en": ["Client and team", "Team only (internal)"],
    "zh_CN": ["客户和团队", "仅团队（内部）"],
}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("draft", DRAFTS)
def test_the_form_submitted_unchanged_gives_back_the_same_update(
    draft: StatusDraft, language: str
) -> None:
    with speaking(language):
        view = build_status_modal(
            project_id=3, channel_id="C0ACME", project_name="Acme Website", draft=draft
        )

    assert read_status_modal(submitted_values(view)) == draft


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("draft", DRAFTS)
def test_the_form_is_within_slacks_limits(draft: StatusDraft, language: str) -> None:
    with speaking(language):
        view = build_status_modal(
            project_id=3, channel_id="C0ACME", project_name="A" * 80, draft=draft, status_id=12
        )

    assert check_view(view) == []


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("draft", DRAFTS)
def test_preselected_options_are_among_the_choices(draft: StatusDraft, language: str) -> None:
    """Slack refuses to open a view whose initial option is not one of its options, word for
    word: so the translated label must be the same on both."""
    with speaking(language):
        view = build_status_modal(
            project_id=3, channel_id="C0ACME", project_name="Acme", draft=draft
        )

    for block in view["blocks"]:
        element = block.get("element", {})
        if "initial_option" in element:
            assert element["initial_option"] in element["options"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_new_form_posts_and_an_edit_form_saves_the_same_update(language: str) -> None:
    with speaking(language):
        new = build_status_modal(project_id=3, channel_id="C0ACME", project_name="Acme")
        edit = build_status_modal(
            project_id=3, channel_id="C0ACME", project_name="Acme", status_id=12
        )

    assert new["callback_id"] == edit["callback_id"] == STATUS_MODAL
    assert (new["title"]["text"], new["submit"]["text"]) == TITLES[language][0]
    assert (edit["title"]["text"], edit["submit"]["text"]) == TITLES[language][1]
    assert json.loads(new["private_metadata"]) == {
        "project_id": 3,
        "status_id": None,
        "channel_id": "C0ACME",
    }
    assert json.loads(edit["private_metadata"]) == {
        "project_id": 3,
        "status_id": 12,
        "channel_id": "C0ACME",
    }


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("filled", [False, True])
@pytest.mark.parametrize("status_id", [None, 12])
def test_the_form_is_labelled_in_its_readers_language(
    language: str, filled: bool, status_id: int | None
) -> None:
    with speaking(language):
        view = build_status_modal(
            project_id=3,
            project_name=PROJECT[language],
            channel_id="C0ACME",
            draft=FILLED[language] if filled else None,
            status_id=status_id,
        )

    assert_in_language(view, language, allowed=[PROJECT[language], "API"])
    title_and_submit = (view["title"]["text"], view["submit"]["text"])
    assert title_and_submit == TITLES[language][1 if status_id else 0]
    labels = [b["label"]["text"] for b in view["blocks"] if b["type"] == "input"]
    assert labels == LABELS[language]
    visibility = view["blocks"][-1]["element"]
    assert [o["text"]["text"] for o in visibility["options"]] == VISIBILITY_CHOICES[language]


@pytest.mark.parametrize("language", LANGUAGES)
def test_only_the_text_and_visibility_are_required(language: str) -> None:
    with speaking(language):
        view = build_status_modal(project_id=3, channel_id="C0ACME", project_name="Acme")
    required = {b["block_id"] for b in view["blocks"] if b["type"] == "input" and not b["optional"]}

    assert required == {"text", "visibility"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_empty_form_defaults_to_a_client_update(language: str) -> None:
    with speaking(language):
        view = build_status_modal(project_id=3, channel_id="C0ACME", project_name="Acme")

    draft = read_status_modal(submitted_values(view))

    assert draft.visibility == "client"
    assert draft.health is None
    assert draft.progress is None


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_form_escapes_the_project_name(language: str) -> None:
    with speaking(language):
        view = build_status_modal(project_id=3, channel_id="C0ACME", project_name="<!channel> & co")

    assert "*&lt;!channel&gt; &amp; co*" in all_text(view["blocks"])
