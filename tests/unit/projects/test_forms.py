"""The setup form, for `/project setup` typed without a name, in each reader's language."""

from __future__ import annotations

import pytest

from bot.platform.i18n import speaking
from bot.projects.forms import build_setup_modal
from bot.sandbox.limits import check_view
from tests.language import LANGUAGES, assert_in_language

TITLE = {"en": "Set up a project", "zh_CN": "创建项目"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_setup_form_asks_for_the_projects_name(language: str) -> None:
    with speaking(language):
        modal = build_setup_modal(channel_id="C0CLIENT")

    assert_in_language(modal, language)
    assert modal["title"]["text"] == TITLE[language]
    assert check_view(modal) == []
