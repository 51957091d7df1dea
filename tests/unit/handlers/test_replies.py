"""What the handlers answer by themselves, in each reader's language: a client typing `/status`,
and someone mentioning the bot."""

from __future__ import annotations

import pytest

from bot.platform.i18n import _, speaking
from handlers.events import MENTION_REPLY
from handlers.status import CLIENT_REFUSAL
from tests.language import LANGUAGES, assert_in_language

REFUSAL = {
    "en": "Status updates come from the project team. To tell the team something — praise, "
    "a problem, a question — type `/feedback`.",
    "zh_CN": "状态更新由项目团队发布。想告诉团队什么（表扬、问题、疑问），请输入 `/feedback` 。",
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_client_typing_status_is_pointed_to_feedback(language: str) -> None:
    with speaking(language):
        refusal = _(CLIENT_REFUSAL)

    assert_in_language(refusal, language)
    assert refusal == REFUSAL[language]


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_mention_is_answered_with_what_each_command_does(language: str) -> None:
    with speaking(language):
        mention = _(MENTION_REPLY)

    assert_in_language(mention, language)
