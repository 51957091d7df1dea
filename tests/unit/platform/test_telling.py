"""Telling the team: in the internal channel, in the project's language; when Slack refuses the
post there, each owner directly, each in their own language, with why it came directly."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from slack_sdk.errors import SlackApiError

from bot.platform import i18n
from bot.platform.telling import tell_team
from tests.factories import make_project
from tests.language import LANGUAGES


class _Client:
    def __init__(self, refuse: set[str]) -> None:
        self.posts: list[tuple[str, str]] = []
        self.refuse = refuse

    def chat_postMessage(self, *, channel: str, text: str, **_extra: object) -> dict[str, str]:  # noqa: N802
        if channel in self.refuse:
            raise SlackApiError("refused", {"ok": False, "error": "not_in_channel"})  # type: ignore[no-untyped-call]
        self.posts.append((channel, text))
        return {"channel": channel, "ts": f"{len(self.posts)}.000"}


def _deps(locales: dict[str, str]) -> SimpleNamespace:
    directory = SimpleNamespace(
        caller=lambda user_id, _team, workspace=None: SimpleNamespace(locale=locales.get(user_id))
    )
    return SimpleNamespace(directory=directory, settings=SimpleNamespace(default_language="en"))


def _said() -> tuple[str, None]:
    return i18n._("🟢 On track"), None


ON_TRACK = {"en": "🟢 On track", "zh_CN": "🟢 正常"}


@pytest.mark.parametrize("refused", [False, True])
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_team_is_told_in_the_projects_language_or_each_owners(
    language: str, refused: bool
) -> None:
    project = make_project(language=language)
    client = _Client({"C0TEAM"} if refused else set())
    deps = _deps({"U0ANA": "en-US", "U0BEN": "zh-CN"})

    told = tell_team(deps, client, project, ["U0ANA", "U0BEN"], _said, what="a test")  # type: ignore[arg-type]

    assert told.anyone
    said = [(channel, text.split("\n")[0]) for channel, text in client.posts]
    if refused:  # each owner directly, in their language, with why it came directly
        assert said == [("U0ANA", "🟢 On track"), ("U0BEN", "🟢 正常")]
        assert told.channel_id is None and told.owner_ids == ("U0ANA", "U0BEN")
        assert (
            "Invite me there" in client.posts[0][1] and "请邀请我加入该频道" in client.posts[1][1]
        )
    else:
        assert said == [("C0TEAM", ON_TRACK[language])] and told.channel_id == "C0TEAM"
