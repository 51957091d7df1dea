"""`/risk` in Slack, in every language Rapport speaks: the form, the list as the team and as a
client see it, the alert, the receipt, closing; and the quick form
`/risk add [high|medium|low] [internal] text`.

Each test renders inside `speaking(language)` and compares with a small table keyed by
language. What people typed is theirs: an English team types English, a Chinese team Chinese
(so the check that a zh_CN message is wholly Chinese also catches English the builder adds)."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.changes.impact import parse_days
from bot.platform import i18n
from bot.platform.blocks import Block
from bot.platform.i18n import _, speaking
from bot.platform.telling import why_directly
from bot.platform.text import half_width
from bot.risks.blocks import (
    RISK_CLOSE,
    build_already_closed,
    build_closed_receipt,
    build_risk_alert,
    build_risk_list,
    build_risk_receipt,
    risk_line,
)
from bot.risks.forms import (
    CLOSE_MODAL,
    RISK_MODAL,
    RiskForm,
    build_close_modal,
    build_risk_modal,
    form_errors,
    read_risk_modal,
)
from bot.risks.quick_form import RiskFormError, parse_quick_risk, parse_risk_number
from bot.risks.service import LEVELS
from bot.sandbox.limits import check_message_blocks, check_view
from handlers import risk as risk_handlers
from storage.models import Risk
from tests.factories import FRIDAY, MONDAY, make_risk
from tests.language import LANGUAGES, assert_in_language, risk_keywords
from tests.reading import all_text, submitted_values

FORGED = "<!channel> see <https://evil.example|the invoice> & pay"
FORGED_SHOWN = "&lt;!channel&gt; see &lt;https://evil.example|the invoice&gt; &amp; pay"
PROJECT = {"en": "Acme", "zh_CN": "官网改版"}
# The risk as its team typed it; English is the factory's ("The payment provider may ship
# late", "Mock the API until it ships").
TYPED: dict[str, dict[str, str]] = {
    "en": {},
    "zh_CN": {"title": "支付服务商可能延期交付接口", "mitigation": "先用模拟接口开发"},
}


def risk_in(language: str, **overrides: Any) -> Risk:
    """The factory's risk, its text typed in `language`."""
    return make_risk(**{**TYPED[language], **overrides})


def accessories(blocks: list[Block]) -> list[Block]:
    return [b["accessory"] for b in blocks if "accessory" in b]


def modal() -> dict[str, Any]:
    return build_risk_modal(
        project_id=1, project_name="Acme <Web>", channel_id="C0CLIENT", user_id="U0ANA"
    )


# The form

FIELD_LABELS = {
    "en": [
        "What could go wrong (or has)",
        "Severity",
        "Likelihood",
        "Owner",
        "Mitigation",
        "Who sees it",
    ],
    "zh_CN": ["可能出现（或已出现）的问题", "严重程度", "可能性", "责任人", "应对措施", "谁能看到"],
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_form_has_every_field_with_its_defaults(language: str) -> None:
    with speaking(language):
        view = modal()
    assert_in_language(view, language, allowed=["Acme &lt;Web&gt;"])
    assert view["callback_id"] == RISK_MODAL and check_view(view) == []
    inputs = {b["block_id"]: b for b in view["blocks"] if b["type"] == "input"}
    assert list(inputs) == ["title", "severity", "likelihood", "owner", "mitigation", "visibility"]
    assert [b["label"]["text"] for b in inputs.values()] == FIELD_LABELS[language]
    assert inputs["title"]["element"]["max_length"] == 200 and not inputs["title"]["optional"]
    assert (
        inputs["mitigation"]["optional"] and inputs["mitigation"]["element"]["max_length"] == 1000
    )
    assert inputs["owner"]["element"] == {
        "type": "users_select",
        "action_id": "owner",
        "initial_user": "U0ANA",
    }
    assert json.loads(view["private_metadata"]) == {"project_id": 1, "channel_id": "C0CLIENT"}
    assert "Acme &lt;Web&gt;" in all_text(view["blocks"])


TITLE_TYPED = {"en": "Launch slips", "zh_CN": "上线可能推迟"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_form_submitted_untouched_is_a_medium_client_visible_risk_of_the_caller(
    language: str,
) -> None:
    with speaking(language):
        values = submitted_values(modal())
        values["title"]["title"]["value"] = TITLE_TYPED[language]
        form = read_risk_modal(values)
        errors = form_errors(form)
    assert (form.title, form.severity, form.likelihood, form.owner_id, form.visibility) == (
        TITLE_TYPED[language],
        "medium",
        "medium",
        "U0ANA",
        "client",
    )
    assert form.mitigation == "" and errors == {}


@pytest.mark.parametrize("language", LANGUAGES)
def test_form_errors_land_under_their_field(language: str) -> None:
    with speaking(language):
        values = submitted_values(modal())
        values["mitigation"]["mitigation"]["value"] = "m" * 1001
        assert set(form_errors(read_risk_modal(values))) == {"title", "mitigation"}
        values["title"]["title"]["value"] = "t" * 201
        assert "200" in form_errors(read_risk_modal(values))["title"]


PICK_A_LEVEL = {"en": "Pick high, medium or low.", "zh_CN": "请选择高、中或低。"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_form_error_says_what_to_fix(language: str) -> None:
    wrong = RiskForm(
        title="", severity="x", likelihood="x", owner_id=None, mitigation="m" * 1001, visibility="x"
    )
    with speaking(language):
        errors = form_errors(wrong)
    assert_in_language(list(errors.values()), language)
    assert errors["severity"] == PICK_A_LEVEL[language]


# The list


def risks_for_list() -> list[Risk]:
    return [
        make_risk(
            "Supplier <b>bankrupt</b>", id=1, number=1, severity="high", visibility="internal"
        ),
        make_risk(FORGED, id=2, number=2, severity="medium", mitigation=FORGED),
    ]


SHOWN_IN_LISTS = [  # what the team typed, escaped
    "Supplier &lt;b&gt;bankrupt&lt;/b&gt;",
    FORGED_SHOWN,
    "Mock the API until it ships",
    "Acme",
]
TEAM_LIST = {  # what the team reads of risks_for_list()
    "en": [
        "Open risks — Acme (2)",
        "🔴 High severity",
        "likelihood 🟢 Low",
        "owner <@U0BEN>",
        "4.2 days old",
        "_Mitigation:_ Mock the API until it ships",
    ],
    "zh_CN": [
        "未关闭的风险 — Acme（2）",
        "严重程度 🔴 高",
        "可能性 🟢 低",
        "责任人 <@U0BEN>",
        "已登记 4.2天",
        "_应对措施：_ Mock the API until it ships",
    ],
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_team_sees_internal_risks_marked_and_a_close_button_each(language: str) -> None:
    with speaking(language):
        blocks = build_risk_list(risks_for_list(), project_name="Acme", now=FRIDAY, team=True)
    assert_in_language(blocks, language, allowed=SHOWN_IN_LISTS)
    assert check_message_blocks(blocks) == []
    text = all_text(blocks)
    for expected in TEAM_LIST[language]:
        assert expected in text
    assert text.index("*R-1*") < text.index("*R-2*")
    assert text.count("🔒") == 2  # the internal risk, and the legend
    buttons = accessories(blocks)
    assert [(b["action_id"], b["value"]) for b in buttons] == [(RISK_CLOSE, "1"), (RISK_CLOSE, "2")]


@pytest.mark.parametrize("language", LANGUAGES)
def test_clients_get_no_buttons_and_no_lock(language: str) -> None:
    client_visible = [r for r in risks_for_list() if r.visibility == "client"]
    with speaking(language):
        blocks = build_risk_list(client_visible, project_name="Acme", now=FRIDAY, team=False)
    assert_in_language(blocks, language, allowed=SHOWN_IN_LISTS)
    assert check_message_blocks(blocks) == []
    assert accessories(blocks) == [] and "🔒" not in all_text(blocks)
    assert "/feedback" in all_text(blocks)


LONG_LIST = {  # header, what is left out, a mitigation, the close button
    "en": (
        "Open risks — Acme (42)",
        "…and 2 more, lower in severity.",
        "_Mitigation:_ Mock the API until it ships",
        "Close…",
    ),
    "zh_CN": (
        "未关闭的风险 — 官网改版（42）",
        "……另有 2 个，严重程度较低。",
        "_应对措施：_ 先用模拟接口开发",
        "关闭…",
    ),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_list_over_forty_says_how_many_less_severe_ones_are_left_out(language: str) -> None:
    risks = [
        risk_in(
            language,
            id=i,
            number=i,
            severity="high",
            likelihood="medium",
            visibility="internal" if i % 2 else "client",
        )
        for i in range(1, 43)
    ]
    with speaking(language):
        team = build_risk_list(risks, project_name=PROJECT[language], now=FRIDAY, team=True)
    assert_in_language(team, language, allowed=[PROJECT[language]])
    assert check_message_blocks(team) == []
    header, left_out, mitigation, close = LONG_LIST[language]
    assert team[0]["text"]["text"] == header
    assert left_out in all_text(team)
    assert mitigation in all_text(team)
    assert team[1]["accessory"]["text"]["text"] == close


@pytest.mark.parametrize("language", LANGUAGES)
def test_typed_text_is_escaped_everywhere(language: str) -> None:
    risk = make_risk(FORGED, mitigation=FORGED, severity="high")
    with speaking(language):
        outputs: list[Any] = [
            build_risk_list([risk], project_name="Acme", now=FRIDAY, team=True),
            build_risk_alert(risk, project_name="<!here>", owner_ids=["U0ANA"]),
            build_risk_receipt(risk, alerted=["U0ANA"], alert_place="G0TEAM"),
            build_close_modal(risk, channel_id="C0CLIENT")["blocks"],
        ]
    dumped = json.dumps(outputs)
    assert "<!channel>" not in dumped and "<https://evil" not in dumped and "<!here>" not in dumped
    assert "&lt;!channel&gt;" in dumped and "&amp; pay" in dumped


MORE = {"en": "more", "zh_CN": "另有"}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("team", [True, False])
def test_sixty_long_risks_fit_in_one_message(language: str, team: bool) -> None:
    risks = [
        make_risk("x" * 200, id=i, number=i, mitigation="<&>" * 333, severity="high")
        for i in range(1, 61)
    ]
    with speaking(language):
        blocks = build_risk_list(risks, project_name="A" * 80, now=FRIDAY, team=team)
    assert check_message_blocks(blocks) == [] and len(blocks) <= 50
    assert MORE[language] in all_text(blocks[-3:])


@pytest.mark.parametrize(
    ("language", "team", "says"),
    [
        (
            "en",
            True,
            "No open risks on *Acme*. `/risk add high what could go wrong` or `/risk` for the "
            "form logs one.",
        ),
        (
            "en",
            False,
            "No open risks on *Acme*. The team logs risks here as they see them; to raise one, "
            "use `/feedback`.",
        ),
        (
            "zh_CN",
            True,
            "*官网改版* 没有未关闭的风险。用 `/risk add 高 可能出现的问题` "
            "或 `/risk` 打开表单即可登记。",
        ),
        (
            "zh_CN",
            False,
            "*官网改版* 没有未关闭的风险。团队发现风险时会在这里登记；"
            "如需提出风险，请用 `/feedback`。",
        ),
    ],
)
def test_an_empty_list_says_so_and_how_to_add_one(language: str, team: bool, says: str) -> None:
    with speaking(language):
        blocks = build_risk_list([], project_name=PROJECT[language], now=FRIDAY, team=team)
    assert_in_language(blocks, language, allowed=[PROJECT[language]])
    assert check_message_blocks(blocks) == []
    assert all_text(blocks) == says


@pytest.mark.parametrize(
    ("language", "line"),
    [
        (
            "en",
            "*R-3* · 🔴 High severity · likelihood 🟠 Medium · 🔒 internal · owner <@U0BEN> · "
            "4.2 days old",
        ),
        (
            "zh_CN",
            "*R-3* · 严重程度 🔴 高 · 可能性 🟠 中 · 🔒 仅内部 · 责任人 <@U0BEN> · 已登记 4.2天",
        ),
    ],
)
def test_a_risks_line_gives_severity_likelihood_who_sees_it_owner_and_age(
    language: str, line: str
) -> None:
    risk = risk_in(language, severity="high", likelihood="medium", visibility="internal")
    with speaking(language):
        said = risk_line(risk, now=FRIDAY)
    assert said == line


AGE = {"en": "5 min old", "zh_CN": "已登记 5分钟"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_age_counts_from_when_it_was_logged(language: str) -> None:
    risk = risk_in(language)
    with speaking(language):
        line = risk_line(risk, now=MONDAY + timedelta(minutes=5))
        blocks = build_risk_list(
            [risk], project_name="Acme", now=MONDAY + timedelta(minutes=5), team=False
        )
    assert line.endswith(AGE[language])
    assert AGE[language] in all_text(blocks)


# The alert and the receipt


@pytest.mark.parametrize(
    ("language", "owners", "text"),
    [
        ("en", ["U0ANA", "U0BEN"], "<@U0ANA> <@U0BEN> 🚨 High-severity risk R-3 on Acme"),
        ("en", ["U0ANA"], "<@U0ANA> 🚨 High-severity risk R-3 on Acme"),
        ("zh_CN", ["U0ANA", "U0BEN"], "<@U0ANA> <@U0BEN> 🚨 官网改版 出现高严重度风险 R-3"),
        ("zh_CN", ["U0ANA"], "<@U0ANA> 🚨 官网改版 出现高严重度风险 R-3"),
    ],
)
def test_the_alert_mentions_every_owner_in_its_notification_text(
    language: str, owners: list[str], text: str
) -> None:
    risk = risk_in(language, severity="high", likelihood="medium")
    with speaking(language):
        said, blocks = build_risk_alert(risk, project_name=PROJECT[language], owner_ids=owners)
    assert_in_language(said, language)
    assert_in_language(blocks, language)
    assert said == text
    assert check_message_blocks(blocks) == []
    assert risk.mitigation in all_text(blocks)


LOGGED = {"en": "Risk R-3 logged", "zh_CN": "风险 R-3 已登记"}


@pytest.mark.parametrize(
    ("language", "alerted", "place", "says"),
    [
        ("en", ["U0ANA"], "G0TEAM", "🚨 High severity: I alerted <@U0ANA> in <#G0TEAM>."),
        (
            "en",
            ["U0ANA", "U0CHEN"],
            "G0TEAM",
            "🚨 High severity: I alerted <@U0ANA> and <@U0CHEN> in <#G0TEAM>.",
        ),
        ("en", ["U0ANA"], None, "🚨 High severity: I alerted <@U0ANA> by direct message."),
        ("en", [], None, "⚠️ I could not alert the owners: tell them yourself."),
        ("zh_CN", ["U0ANA"], "G0TEAM", "🚨 严重程度高：我已在 <#G0TEAM> 提醒了 <@U0ANA>。"),
        (
            "zh_CN",
            ["U0ANA", "U0CHEN"],
            "G0TEAM",
            "🚨 严重程度高：我已在 <#G0TEAM> 提醒了 <@U0ANA>和<@U0CHEN>。",
        ),
        ("zh_CN", ["U0ANA"], None, "🚨 严重程度高：我已通过私信提醒了 <@U0ANA>。"),
        ("zh_CN", [], None, "⚠️ 我无法提醒项目负责人，请您亲自告知他们。"),
    ],
)
def test_a_high_risks_receipt_gives_the_reference_and_who_was_alerted_where(
    language: str, alerted: list[str], place: str | None, says: str
) -> None:
    risk = risk_in(language, severity="high", likelihood="medium")
    with speaking(language):
        text, blocks = build_risk_receipt(risk, alerted=alerted, alert_place=place)
    assert_in_language(text, language)
    assert_in_language(blocks, language)
    assert text == LOGGED[language]
    assert "*R-3*" in all_text(blocks)
    assert says in all_text(blocks)


ALERTED = {"en": "alerted", "zh_CN": "提醒"}
INTERNAL = {"en": "🔒 internal", "zh_CN": "🔒 仅内部"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_receipt_of_a_lesser_risk_alerts_nobody_and_marks_an_internal_one(
    language: str,
) -> None:
    with speaking(language):
        _text, medium = build_risk_receipt(risk_in(language), alerted=[], alert_place=None)
        _text, internal = build_risk_receipt(
            risk_in(language, severity="low", visibility="internal"), alerted=[], alert_place=None
        )
    for blocks in (medium, internal):
        assert_in_language(blocks, language)
    assert ALERTED[language] not in all_text(medium)
    assert INTERNAL[language] in all_text(internal)


NO_INTERNAL_CHANNEL = {
    "en": "This project has no internal channel",
    "zh_CN": "本项目还没有内部频道",
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_whoever_logs_a_high_risk_hears_why_the_owners_were_told_directly(language: str) -> None:
    """bot/platform/telling's words, as the receipt of a high risk adds them."""
    with speaking(language):
        no_channel = why_directly(None, None)
        refused = why_directly("G0TEAM", "not_in_channel")
    assert_in_language(no_channel, language)
    assert_in_language(refused, language, allowed=["not_in_channel"])
    assert no_channel.startswith(NO_INTERNAL_CHANNEL[language])


CLOSE_TITLE = {"en": "Close R-3", "zh_CN": "关闭 R-3"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_close_modal_asks_for_an_optional_note(language: str) -> None:
    with speaking(language):
        view = build_close_modal(risk_in(language), channel_id="C0CLIENT")
    assert_in_language(view, language)
    assert view["callback_id"] == CLOSE_MODAL and check_view(view) == []
    assert view["title"]["text"] == CLOSE_TITLE[language]
    [note] = [b for b in view["blocks"] if b["type"] == "input"]
    assert note["block_id"] == "note" and note["optional"]
    assert json.loads(view["private_metadata"]) == {"risk_id": 11, "channel_id": "C0CLIENT"}


NOTE_TYPED = {"en": "Signed a second supplier", "zh_CN": "已签第二家供应商"}
CLOSED = {  # with the note, without, and closed already by someone else
    "en": [
        "✅ *R-3* is closed: Signed a second supplier",
        "✅ *R-3* is closed.",
        "*R-3* is closed already, by <@U0ANA>.",
    ],
    "zh_CN": [
        "✅ *R-3* 已关闭：已签第二家供应商",
        "✅ *R-3* 已关闭。",
        "*R-3* 已由 <@U0ANA> 关闭。",
    ],
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_closing_says_so_with_the_note_and_who_closed_it_first(language: str) -> None:
    with speaking(language):
        closed = [
            build_closed_receipt(
                risk_in(language, state="closed", close_note=NOTE_TYPED[language])
            ),
            build_closed_receipt(risk_in(language, state="closed")),
            build_already_closed(risk_in(language, state="closed", closed_by="U0ANA")),
        ]
    assert_in_language(closed, language, allowed=[NOTE_TYPED[language]])
    assert closed == CLOSED[language]


QUICK_FORM_HELP = {
    "en": "`/risk add [high|medium|low] [internal] what could go wrong`",
    "zh_CN": "`/risk add [高|中|低] [内部] 可能出现的问题`",
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_commands_help_and_refusals_say_what_to_type(language: str) -> None:
    with speaking(language):
        answers = [
            _(risk_handlers.HELP),
            _(risk_handlers.CLIENT_REFUSAL),
            _(risk_handlers.NOT_TEAM),
            risk_handlers._close_by_command(None, None, "U0ANA", "第三个", None),  # type: ignore[arg-type]
        ]
    assert_in_language(answers, language)
    assert QUICK_FORM_HELP[language] in answers[0]


# The quick form


@pytest.mark.parametrize(
    ("language", "typed", "severity", "visibility", "title"),
    [
        ("en", "Launch may slip", "medium", "client", "Launch may slip"),
        ("en", "high Launch may slip", "high", "client", "Launch may slip"),
        ("en", "LOW: fonts licence", "low", "client", "fonts licence"),
        ("en", "internal high Vendor is unreliable", "high", "internal", "Vendor is unreliable"),
        ("en", "medium internal Vendor", "medium", "internal", "Vendor"),
        ("en", "high high risk of rain", "high", "client", "high risk of rain"),
        ("en", "Internal audit due", "medium", "internal", "audit due"),
        ("zh_CN", "高 内部 供应商交付延迟", "high", "internal", "供应商交付延迟"),
        ("zh_CN", "high 内部 Vendor 可能延期", "high", "internal", "Vendor 可能延期"),
        # 高并发 is not a keyword: a word of the title.
        ("zh_CN", "高并发压力大", "medium", "client", "高并发压力大"),
        ("zh_CN", "高 高 温天气影响施工", "high", "client", "高 温天气影响施工"),
    ],
)
def test_the_quick_form_reads_severity_and_visibility(
    language: str, typed: str, severity: str, visibility: str, title: str
) -> None:
    with speaking(language):
        draft = parse_quick_risk(typed)
    assert (draft.severity, draft.visibility, draft.title) == (severity, visibility, title)


@pytest.mark.parametrize(
    ("typed", "severity", "visibility", "title"),
    [
        ("高：内部，供应商交付延迟", "high", "internal", "供应商交付延迟"),
        ("内部\u3000低\u3000字体授权不明确", "low", "internal", "字体授权不明确"),
        ("高风险；测试人手不足", "high", "client", "测试人手不足"),
        ("中、内部：接口文档缺失", "medium", "internal", "接口文档缺失"),
    ],
)
def test_the_quick_form_reads_chinese_punctuation_after_its_keywords(
    typed: str, severity: str, visibility: str, title: str
) -> None:
    """Chinese only: full-width colons, commas and semicolons, the enumeration comma (、) and the
    ideographic space are how Chinese separates words; English has spaces and `:`."""
    draft = parse_quick_risk(typed)
    assert (draft.severity, draft.visibility, draft.title) == (severity, visibility, title)


NEEDS_WORDS = {"en": "Say what could go wrong", "zh_CN": "请在严重程度后写明可能出现的问题"}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("typed", ["", "   ", "high", "internal", "low internal", "高 内部"])
def test_the_quick_form_needs_some_words(language: str, typed: str) -> None:
    with speaking(language), pytest.raises(RiskFormError, match=NEEDS_WORDS[language]) as error:
        parse_quick_risk(typed)
    assert_in_language(str(error.value), language)


TITLE_TOO_LONG = {  # typed, and the start of the answer
    "en": ("high " + "z" * 201, "A risk's title is at most 200 characters; yours has 201."),
    "zh_CN": ("高 " + "长" * 201, "风险标题最多 200 个字符，您写了 201 个。"),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_quick_form_refuses_a_title_over_the_limit(language: str) -> None:
    typed, answer = TITLE_TOO_LONG[language]
    with speaking(language), pytest.raises(RiskFormError) as error:
        parse_quick_risk(typed)
    assert_in_language(str(error.value), language)
    assert str(error.value).startswith(answer)


@pytest.mark.parametrize(
    ("typed", "number"),
    [("3", 3), ("R-3", 3), ("r-12", 12), ("R7", 7), ("FB-3", None), ("three", None), ("", None)],
)
def test_risk_references(typed: str, number: int | None) -> None:
    assert parse_risk_number(typed) == number


def test_risk_references_in_full_width() -> None:
    """Chinese only: full-width letters, dashes and digits, as a Chinese input method types
    them."""
    assert parse_risk_number("Ｒ－３") == 3 and parse_risk_number("r３") == 3


def test_a_third_language_brings_its_own_keywords_without_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Japanese only: a catalogue that is not shipped, to show the quick form (and the days of a
    change) read a new language's words from its catalogue alone."""
    folder = tmp_path / "ja" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "rapport.po").write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgctxt "risk keyword"\nmsgid "high"\nmsgstr "重大|高い"\n\n'
        'msgctxt "risk keyword"\nmsgid "internal"\nmsgstr "社内"\n\n'
        'msgctxt "schedule unit"\nmsgid "d|day|days|working day|working days"\n'
        'msgstr "営業日|日間"\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    monkeypatch.setattr(i18n, "_loaded", {})
    assert i18n.languages() == ("en", "ja")
    draft = parse_quick_risk("重大 社内 ベンダーの遅延")
    assert (draft.severity, draft.visibility, draft.title) == ("high", "internal", "ベンダーの遅延")
    assert parse_days("3営業日") == 3


# Property tests: Chinese and mixed input. The English alphabet's are in
# tests/unit/test_properties.py.

KEYWORDS_ZH = {"high": "高", "medium": "中", "low": "低"}
SEPARATORS = st.sampled_from([" ", "\u3000", "：", "，", "；", "、", ": ", ", ", "：\u3000"])


@given(
    st.sampled_from(LEVELS),
    st.booleans(),
    st.booleans(),
    SEPARATORS,
    SEPARATORS,
    st.text(min_size=1, max_size=60),
)
def test_the_quick_form_typed_the_chinese_way_round_trips(
    level: str, internal: bool, internal_first: bool, first: str, second: str, title: str
) -> None:
    """Chinese only: Chinese keywords, separated the Chinese way (full-width punctuation, the
    enumeration comma, the ideographic space)."""
    words = title.split()
    leading = title.split(maxsplit=1)[0] if words else ""
    folded = half_width(leading).casefold()
    if not words or folded[0] in ":;," or any(folded.startswith(w) for w in risk_keywords()):
        return  # a title that starts with a keyword or a separator reads differently
    keywords = [KEYWORDS_ZH[level], *(["内部"] if internal else [])]
    if internal_first:
        keywords.reverse()
    typed = keywords[0] + first + (keywords[1] + second if len(keywords) > 1 else "") + title
    draft = parse_quick_risk(typed)
    assert (draft.severity, draft.visibility, draft.title) == (
        level,
        "internal" if internal else "client",
        " ".join(words),
    )
