"""Why `/project setup` cannot happen, told in the words of whoever typed it."""

from __future__ import annotations

import pytest

from bot.platform.i18n import speaking
from bot.platform.people import Caller
from bot.projects.creation import _refusal
from tests.language import LANGUAGES, assert_in_language

NAME = {"en": "Acme Website", "zh_CN": "官网改版"}
TOO_LONG = {"en": "N" * 81, "zh_CN": "名" * 81}
REFUSED = {  # a name over 80 characters, then a guest from another organisation
    "en": (
        "That name is 81 characters; keep it to 80.",
        "Only the delivery team can set up a project. Ask your contact there to do it.",
    ),
    "zh_CN": (
        "名称有 81 个字符；请不要超过 80 个。",
        "只有交付团队可以创建项目。请联系对方的对接人来创建。",
    ),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_setup_is_refused_with_the_reason(language: str) -> None:
    team = Caller("U0ANA", "T1")
    with speaking(language):
        answers = [
            _refusal("C0CLIENT", team, "T1", ""),
            _refusal("C0CLIENT", team, "T1", TOO_LONG[language]),
            _refusal("D0DM", team, "T1", NAME[language]),
            _refusal("C0CLIENT", Caller("U0DANA", "T2"), "T1", NAME[language]),
        ]

    for answer in answers:
        assert_in_language(answer, language, allowed=[NAME[language]])
    assert (answers[1], answers[3]) == REFUSED[language]
