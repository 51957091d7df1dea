"""The failure policy's pure parts: what a malformed request is, what a person is told (in their
language, whatever failed and whenever), and which Web API calls are asked again after a slow
answer."""

from __future__ import annotations

import json
from typing import Any
from urllib.error import URLError

import pytest
from slack_bolt import BoltResponse
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.state import RetryState
from sqlalchemy.exc import OperationalError

from bot.platform.deps import Background
from bot.platform.errors import (
    SLACK_ERROR_ADVICE,
    after_ack,
    database_down,
    database_lost,
    handle_error,
    slack_error_advice,
    slow_slack,
    sorry,
)
from bot.platform.i18n import speaking
from bot.platform.metrics import Metrics
from bot.platform.middleware.malformed import problem_with
from bot.platform.slack_client import SlowReadRetryHandler
from bot.platform.unit_of_work import database_down_answer
from tests.language import LANGUAGES, assert_in_language

COMMAND = {"command": "/status", "user_id": "U1", "channel_id": "C1", "text": "x"}
CLICK = {
    "type": "block_actions",
    "user": {"id": "U1"},
    "actions": [{"action_id": "feedback_ack", "value": "1"}],
    "channel": {"id": "C1"},
}
VIEW = {"type": "view_submission", "user": {"id": "U1"}, "view": {"callback_id": "m", "state": {}}}
EVENT = {"type": "event_callback", "event_id": "Ev1", "event": {"type": "message"}}
ANSWERABLE_CLICK = {**CLICK, "response_url": "https://hooks.slack.com/x"}

SORRY = {
    "en": "Sorry, that did not work on my side. Try again in a minute; if it keeps failing, "
    "tell whoever runs Rapport.",
    "zh_CN": "抱歉，我这边出了问题。请稍后再试；如果一直失败，请联系 Rapport 的管理员。",
}
DATABASE_DOWN = {
    "en": "⚠️ I cannot reach my database right now, so nothing was saved. Try again in a minute; "
    "if it keeps failing, tell whoever runs Rapport.",
    "zh_CN": "⚠️ 我暂时连不上数据库，所以没有保存任何内容。"
    "请稍后再试；如果一直失败，请联系 Rapport 的管理员。",
}
DATABASE_LOST = {
    "en": "⚠️ I lost my database in the middle of that; whatever was not finished is undone. "
    "Check in a minute and try again; if it keeps failing, tell whoever runs Rapport.",
    "zh_CN": "⚠️ 操作进行到一半时与数据库的连接断开了，未完成的部分已全部撤销。请稍后检查并重试；"
    "如果一直失败，请联系 Rapport 的管理员。",
}
SLOW_SLACK = {
    "en": "Slack took too long to answer me, so I cannot tell whether that went through. "
    "Check before you try again, so nothing is done twice.",
    "zh_CN": "Slack 响应超时，我无法确定刚才的操作是否已完成。请先确认再重试，以免重复操作。",
}
NOT_IN_CHANNEL = {
    "en": "I am not in that channel yet: type `/invite @Rapport` there, then retry.",
    "zh_CN": "我还不在那个频道里：请在该频道输入 `/invite @Rapport`，然后重试。",
}


@pytest.mark.parametrize("body", [COMMAND, CLICK, VIEW, EVENT, {"type": "url_verification"}])
def test_what_slack_sends_passes(body: dict[str, Any]) -> None:
    assert problem_with(body) is None


@pytest.mark.parametrize(
    "body",
    [
        [],
        {**COMMAND, "user_id": ""},
        {k: v for k, v in COMMAND.items() if k != "channel_id"},
        {**CLICK, "user": 5},
        {**CLICK, "user": {"id": 5}},
        {**CLICK, "actions": []},
        {**CLICK, "actions": [5]},
        {**CLICK, "channel": "C1"},
        {**CLICK, "trigger_id": 5},
        {**VIEW, "view": "V1"},
        {**VIEW, "view": {"state": {}}},
        {**EVENT, "event": "x"},
        {**EVENT, "event_id": 5},
    ],
)
def test_malformed_payloads_are_named(body: Any) -> None:
    assert problem_with(body)


class Recorder:
    def __init__(self) -> None:
        self.said: list[str] = []

    def __call__(self, **arguments: Any) -> None:
        self.said.append(arguments["text"])


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_failure_answer_is_in_the_readers_language(language: str) -> None:
    with speaking(language):
        answers = [sorry(), database_down(), database_lost(), slow_slack()]
        answers += [slack_error_advice(code) for code in SLACK_ERROR_ADVICE]
        unknown = slack_error_advice("ratelimited")
        missing = slack_error_advice(None)
        assert sorry() == SORRY[language]
        assert database_down() == DATABASE_DOWN[language]
        assert slow_slack() == SLOW_SLACK[language]
        assert slack_error_advice("not_in_channel") == NOT_IN_CHANNEL[language]
    assert_in_language(answers, language)
    assert unknown == missing == SORRY[language]


def test_the_answers_are_looked_up_when_said() -> None:
    """Across languages by nature: the same call, made again outside `speaking("zh_CN")`, is in
    English, so a constant computed once would be caught here."""
    with speaking("zh_CN"):
        assert sorry() == SORRY["zh_CN"]
    assert sorry().startswith("Sorry, that did not work")
    assert slack_error_advice("is_archived").startswith("That channel is archived")


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_command_failing_before_ack_is_answered_in_words(language: str) -> None:
    respond = Recorder()
    with speaking(language):
        answer = handle_error(KeyError("x"), COMMAND, respond, None, None, BoltResponse(status=500))
    assert answer is not None and answer.status == 200 and answer.body == SORRY[language]
    assert respond.said == []  # said once, in the answer


@pytest.mark.parametrize("language", LANGUAGES)
def test_after_ack_there_is_no_answer_to_change_and_the_person_is_told(language: str) -> None:
    respond = Recorder()
    with speaking(language):
        assert handle_error(KeyError("x"), ANSWERABLE_CLICK, respond) is None
    assert respond.said == [SORRY[language]]


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_database_lost_midway_is_told_that_the_unfinished_part_is_undone(
    language: str,
) -> None:
    respond = Recorder()
    with speaking(language):
        handle_error(OperationalError("SELECT 1", {}, Exception("gone")), ANSWERABLE_CLICK, respond)
    assert respond.said == [DATABASE_LOST[language]]


@pytest.mark.parametrize("error", [TimeoutError("timed out"), URLError(TimeoutError())])
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_slow_slack_is_not_followed_by_try_again(language: str, error: Exception) -> None:
    respond = Recorder()
    with speaking(language):
        handle_error(error, ANSWERABLE_CLICK, respond)
    assert_in_language(respond.said, language)
    assert respond.said == [SLOW_SLACK[language]]


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_failure_after_the_acknowledgement_keeps_the_callers_language(language: str) -> None:
    pool, respond = Background(workers=1), Recorder()

    def work() -> None:
        with after_ack(Metrics(), ANSWERABLE_CLICK, respond, None):  # type: ignore[arg-type]
            raise KeyError("x")

    with speaking(language.replace("_", "-")):  # as Slack writes a locale: `zh-CN`
        pool.submit(work)
    assert pool.wait_idle(5)
    pool.shutdown()
    assert respond.said == [SORRY[language]]


@pytest.mark.parametrize("language", LANGUAGES)
def test_try_again_while_the_database_is_away_in_every_form(
    language: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    told: list[str] = []

    class Webhook:
        def __init__(self, url: str, timeout: int) -> None:
            pass

        def send(self, *, text: str, **_options: Any) -> None:
            told.append(text)

    monkeypatch.setattr("bot.platform.unit_of_work.WebhookClient", Webhook)
    view = {
        "type": "view_submission",
        "view": {"id": "V1", "blocks": [{"type": "input", "block_id": "text"}]},
    }
    with speaking(language):
        command = json.loads(database_down_answer(COMMAND).body)
        submission = json.loads(database_down_answer(view).body)
        click = database_down_answer(ANSWERABLE_CLICK)
        event = database_down_answer({"type": "event_callback", "event_id": "Ev1"})
    assert command == {"response_type": "ephemeral", "text": DATABASE_DOWN[language]}
    assert submission == {
        "response_action": "errors",
        "errors": {"text": DATABASE_DOWN[language]},
    }
    assert click.status == 200 and told == [DATABASE_DOWN[language]]
    assert event.status == 503


@pytest.mark.parametrize(
    ("method", "retried"),
    [
        ("users.info", True),
        ("conversations.history", True),
        ("conversations.join", True),
        ("chat.postMessage", False),
        ("files.completeUploadExternal", False),
        ("views.open", False),
    ],
)
def test_only_reads_are_asked_again_after_a_timeout(method: str, retried: bool) -> None:
    handler = SlowReadRetryHandler(max_retry_count=1)
    request = HttpRequest(
        method="POST", url=f"https://slack.com/api/{method}", headers={}, data=b""
    )
    state = RetryState()
    assert handler.can_retry(state=state, request=request, error=TimeoutError()) is retried
    assert not handler.can_retry(state=state, request=request, error=ValueError())
