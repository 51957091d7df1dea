"""The forms of a poll, for a reader of each language: a client's comment on their score, and
the team's follow-up of a low one."""

from __future__ import annotations

import pytest

from bot.platform.i18n import speaking
from bot.polls.forms import build_comment_modal, build_follow_up_modal
from bot.sandbox.limits import check_view
from tests.factories import make_poll
from tests.language import LANGUAGES, assert_in_language

TITLES = {
    "en": ["Add a comment", "Add a comment", "Follow up"],
    "zh_CN": ["补充意见", "补充意见", "跟进"],
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_comment_and_follow_up_forms_are_in_the_readers_language(language: str) -> None:
    with speaking(language):
        views = [
            build_comment_modal(make_poll()),
            build_comment_modal(make_poll(anonymity="named")),
            build_follow_up_modal(make_poll()),
        ]
    for view in views:
        assert_in_language(view, language)
        assert check_view(view) == []
    assert [view["title"]["text"] for view in views] == TITLES[language]
