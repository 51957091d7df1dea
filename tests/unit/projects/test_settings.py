"""`/project set`, `pause` and `resume` as the owner reads the answers, in each language: what
changed, word for word, and why a setting is refused."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import cast

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from bot.platform.i18n import speaking
from bot.projects.settings import apply_setting, pause_project, resume_project
from bot.projects.timing import PlanError
from storage.db import session_scope
from tests.factories import make_project, new_project
from tests.language import LANGUAGES, assert_in_language

NAME = {"en": "Acme Website", "zh_CN": "官网改版"}
# What stays as it was typed or named: time zones, the poll question.
DATA = ["Europe/Berlin", "Asia/Shanghai", "我们做得怎么样？"]
LANGUAGE_NAMES = ["English", "中文 (简体, 中国)"]  # each language named in its own, in the choices
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
NO_SESSION = cast(Session, None)  # the settings that touch no table

SETTINGS = [  # (language, key, value typed, the answer)
    ("en", "timezone", "asia/shanghai", "Time zone set to Asia/Shanghai."),
    ("en", "digest", "fri 16:00", "Weekly digest set to Friday 4:00\u202fPM (Europe/Berlin)."),
    (
        "en",
        "report",
        "9:30",
        "Monthly report on the first working day of each month at 9:30\u202fAM (Europe/Berlin).",
    ),
    ("en", "report", "off", "Monthly report turned off."),
    (
        "en",
        "reminder",
        "2h",
        "Reminders go out 2 hours before the digest: Friday 2:00\u202fPM (Europe/Berlin).",
    ),
    (
        "en",
        "reminder",
        "off",
        "Reminders before the digest turned off for everyone on this project.",
    ),
    (
        "en",
        "poll",
        "every 2 weeks",
        "A satisfaction poll every 2 weeks, on the digest day, open for 3 days.",
    ),
    ("en", "poll", "off", "Satisfaction polls turned off."),
    ("en", "poll-kind", "nps", "Polls ask NPS from now on."),
    (
        "en",
        "poll-anonymity",
        "named",
        "New polls are named; an open poll keeps the mode it was opened with.",
    ),
    (
        "en",
        "poll-anonymity",
        "anonymous",
        "New polls are anonymous; an open poll keeps the mode it was opened with.",
    ),
    ("en", "poll-question", "How are we doing?", "New polls ask: “How are we doing?”"),
    ("en", "poll-question", "default", "Polls ask the standard question again."),
    ("en", "sla", "4h", "Feedback will be answered within 4 hours."),
    (
        "en",
        "hours",
        "sun-thu 08:00-17:00",
        "Working hours set to Sun–Thu 8:00\u202fAM–5:00\u202fPM (Europe/Berlin): response times "
        "count only these.",
    ),
    ("zh_CN", "timezone", "asia/shanghai", "时区已设为 Asia/Shanghai。"),
    ("zh_CN", "digest", "周五 16:00", "周报时间已设为 星期五 16:00（Europe/Berlin）。"),
    ("zh_CN", "digest", "星期一 下午4点", "周报时间已设为 星期一 16:00（Europe/Berlin）。"),
    ("zh_CN", "report", "9：30", "月报将在每月第一个工作日 09:30（Europe/Berlin）发送。"),
    ("zh_CN", "report", "off", "月报已关闭。"),
    ("zh_CN", "reminder", "2h", "提醒将在周报前 2 小时发出：星期五 14:00（Europe/Berlin）。"),
    ("zh_CN", "reminder", "off", "已为本项目所有人关闭周报前的提醒。"),
    ("zh_CN", "poll", "every 2 weeks", "每 2 周在周报当天发起一次满意度调查，持续 3 天。"),
    ("zh_CN", "poll", "off", "满意度调查已关闭。"),
    ("zh_CN", "poll-kind", "nps", "今后的调查采用 NPS。"),
    ("zh_CN", "poll-anonymity", "named", "新的调查为实名；进行中的调查保持发起时的方式。"),
    ("zh_CN", "poll-anonymity", "anonymous", "新的调查为匿名；进行中的调查保持发起时的方式。"),
    ("zh_CN", "poll-question", "我们做得怎么样？", "新的调查将提问：“我们做得怎么样？”"),
    ("zh_CN", "poll-question", "default", "调查恢复使用标准问题。"),
    ("zh_CN", "sla", "4h", "反馈将在4小时内答复。"),
    (
        "zh_CN",
        "hours",
        "周日-周四 08:00-17:00",
        "工作时间已设为 周日至周四 08:00–17:00（Europe/Berlin）：响应时间只按这段时间计算。",
    ),
    (
        "en",
        "review",
        "quarterly",
        "A communication review every 3 months, in the first week of the month, on the digest day.",
    ),
    (
        "en",
        "review",
        "every 1 month",
        "A communication review every month, in its first week on the digest day.",
    ),
    ("en", "review", "off", "Communication reviews turned off; `/project review` still opens one."),
    ("zh_CN", "review", "every 6 months", "每 6 个月进行一次沟通回顾，在当月第一周的周报当天。"),
]

REFUSED = [  # (language, key, value typed, what the answer says)
    (
        "en",
        "digest",
        "someday 16:00",
        "`someday` is not a day of the week. Write it as a day and a 24-hour time, e.g. "
        "`fri 16:00`.",
    ),
    (
        "en",
        "digest",
        "fri 25:00",
        "`25:00` is not a time of day. Write it as a day and a 24-hour time, e.g. `fri 16:00`.",
    ),
    (
        "en",
        "digest",
        "every fri",
        "`every` is not a day of the week. Write it as a day and a 24-hour time, e.g. `fri 16:00`.",
    ),
    ("en", "report", "25:00", "`25:00` is not a time of day: use the 24-hour clock, e.g. `10:00`."),
    (
        "en",
        "timezone",
        "Mars",
        "`Mars` is not a time zone I know. Use an IANA name such as `Europe/Berlin`, "
        "`America/New_York` or `Asia/Shanghai`.",
    ),
    (
        "en",
        "sla",
        "soon",
        "`soon` is not a response target. Use business days or hours, e.g. `1d` or `4h`.",
    ),
    (
        "en",
        "reminder",
        "soon",
        "`soon` is not a lead time: say how many hours before the digest, from `1h` to `72h`, "
        "or `off`.",
    ),
    ("en", "poll", "weekly", "Say `poll every 4 weeks` (1 to 26), `poll monthly` or `poll off`."),
    ("en", "poll-kind", "stars", "Polls are `csat` (1–5) or `nps` (0–10)."),
    (
        "en",
        "poll-anonymity",
        "secret",
        "Polls are `anonymous` (nobody sees who gave which score) or `named`.",
    ),
    ("en", "poll-question", "ok?", "Give the question in 5 to 200 characters, or `default`."),
    (
        "en",
        "hours",
        "weekdays",
        "Say the days and the hours, e.g. `/project set hours mon-fri 09:00-18:00` or "
        "`sun-thu 08:00-17:00`.",
    ),
    (
        "en",
        "hours",
        "mon-fry 09:00-18:00",
        "I can't read `mon-fry` as days of the week: use mon, tue, wed, thu, fri, sat, sun.",
    ),
    (
        "en",
        "hours",
        "mon-fri 18:00-09:00",
        "The working day must end after it starts, e.g. 09:00-18:00.",
    ),
    (
        "en",
        "language",
        "Martian",
        "I don't speak `Martian` yet. Choose one of: `en` (English), `zh-CN` (中文 (简体, 中国)).",
    ),
    ("zh_CN", "digest", "someday 16:00", "`someday` 不是星期几。"),
    ("zh_CN", "digest", "周五 25:00", "`25:00` 不是有效的时间。"),
    ("zh_CN", "digest", "每周五", "无法把 `每周五` 识别为每周的某个时间。"),
    ("zh_CN", "report", "25:00", "`25:00` 不是有效的时间：请使用 24 小时制"),
    ("zh_CN", "timezone", "火星", "`火星` 不是已知的时区。"),
    ("zh_CN", "sla", "很快", "`很快` 不是有效的响应时限。"),
    ("zh_CN", "reminder", "很快", "`很快` 不是有效的提前时间"),
    ("zh_CN", "poll", "每周", "请输入 `poll every 4 weeks`"),
    ("zh_CN", "poll-kind", "星级", "调查类型为 `csat`（1–5 分）"),
    ("zh_CN", "poll-anonymity", "保密", "调查可以是 `anonymous`"),
    ("zh_CN", "poll-question", "好吗", "问题长度须为 5 到 200 个字符"),
    ("zh_CN", "hours", "工作日", "请给出工作日和时间"),
    ("zh_CN", "hours", "周一-周八 09:00-18:00", "无法把 `周一-周八` 识别为星期几"),
    ("zh_CN", "hours", "周一-周五 18:00-09:00", "工作日的结束时间必须晚于开始时间"),
    (
        "zh_CN",
        "language",
        "火星文",
        "暂不支持 `火星文`。可选语言：`en`（English）、`zh-CN`（中文 (简体, 中国)）。",
    ),
    (
        "en",
        "review",
        "sometimes",
        "Say `review quarterly`, `review every 6 months` (1 to 12) or `review off`.",
    ),
    (
        "zh_CN",
        "review",
        "every 13 months",
        "请输入 `review quarterly`、`review every 6 months`（1 到 12）或 `review off`。",
    ),
]


@pytest.mark.parametrize(("language", "key", "value", "expected"), SETTINGS)
def test_each_setting_says_what_it_changed(
    language: str, key: str, value: str, expected: str
) -> None:
    project = make_project(name=NAME[language], language=language)

    with speaking(language):
        answer = apply_setting(session=NO_SESSION, project=project, key=key, value=value, now=NOW)

    assert_in_language(answer, language, allowed=[NAME[language], *DATA])
    assert answer == expected


@pytest.mark.parametrize(("language", "key", "value", "expected"), REFUSED)
def test_a_refused_setting_says_why(language: str, key: str, value: str, expected: str) -> None:
    project = make_project(name=NAME[language], language=language)

    with speaking(language), pytest.raises(PlanError) as refused:
        apply_setting(session=NO_SESSION, project=project, key=key, value=value, now=NOW)

    assert_in_language(
        str(refused.value), language, allowed=[NAME[language], value, *DATA, *LANGUAGE_NAMES]
    )
    assert expected in str(refused.value)


CONFIRMED = {  # in the new language, whatever the owner's own
    "zh_CN": "*{project}* 现在使用中文 (简体, 中国)："
    "频道中的周报、月报、调查和沟通计划都将使用该语言。私下回复仍按每个人的 Slack 语言。",
    "en": "*{project}* now speaks English: digests, reports, polls and the plan in its channels. "
    "Private answers follow each person's Slack language.",
}
BEFORE = {"zh_CN": "en", "en": "zh_CN"}  # the project's language, and its owner's, before


@pytest.mark.parametrize(
    ("typed", "language"),
    [
        *(
            (typed, "zh_CN")
            for typed in ["zh-CN", "zh_CN", "zh", "中文", "简体中文", "Chinese", "ZH-cn"]
        ),
        *((typed, "en") for typed in ["en", "English", "en-US", "英语"]),
    ],
)
def test_the_language_is_set_and_confirmed_in_the_new_language(typed: str, language: str) -> None:
    before = BEFORE[language]
    name = NAME[before]
    project = make_project(name=name, language=before)

    with speaking(before):  # the owner's own language does not matter: the answer is in the new one
        answer = apply_setting(
            session=NO_SESSION, project=project, key="language", value=typed, now=NOW
        )

    assert project.language == language
    assert_in_language(answer, language, allowed=[name])
    assert answer == CONFIRMED[language].format(project=name)


PAUSE = {  # paused until 4 December, resumed, and a pause that ended in the past
    "en": (
        "⏸️ Scheduled posts of *{project}* are paused until Fri, Dec 4, 2026 (inclusive). "
        "`/project resume` restarts them sooner.",
        "▶️ Scheduled posts of *{project}* run again.",
        "Sun, Jan 4, 2026 has passed: give a date from today on.",
    ),
    "zh_CN": (
        "⏸️ *{project}* 的定时消息已暂停至 2026年12月4日周五（含当天）。"
        "用 `/project resume` 可提前恢复。",
        "▶️ *{project}* 的定时消息已恢复。",
        "2026年1月4日周日 已经过去：请给出今天或之后的日期。",
    ),
}
NOT_A_DATE = {"en": "next week", "zh_CN": "下周"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_pause_says_until_when_and_resume_restarts_the_posts(language: str) -> None:
    name = NAME[language]
    paused = make_project(name=name, language=language)

    with speaking(language):
        answer = pause_project(project=paused, until="2026-12-04", today=NOW)
        resumed = resume_project(paused)
        not_paused = resume_project(paused)
        with pytest.raises(PlanError) as passed:
            pause_project(project=paused, until="2026-01-04", today=NOW)
        with pytest.raises(PlanError) as not_a_date:
            pause_project(project=paused, until=NOT_A_DATE[language], today=NOW)

    for text in (answer, resumed, not_paused, str(passed.value), str(not_a_date.value)):
        assert_in_language(text, language, allowed=[name, NOT_A_DATE[language]])
    paused_until, running_again, in_the_past = PAUSE[language]
    assert answer == paused_until.format(project=name)
    assert resumed == running_again.format(project=name)
    assert str(passed.value) == in_the_past


# -- settings that touch the database ----------------------------------------------------------

SECOND = {"en": "Second project", "zh_CN": "第二个项目"}
NOT_A_CHANNEL = {"en": "team channel", "zh_CN": "团队频道"}
PEOPLE_AND_CHANNELS = {  # the team, the client, an approver, none, the internal channel
    "en": [
        "<@U0ANA>, <@U0BEN> now have the role team on *{project}*.",
        "<@U0DANA> now has the role client on *{project}*.",
        "Change requests on *{project}* are decided by <@U0DANA>.",
        "No approvers named: any client member decides change requests.",
        "Internal channel set to <#C0TEAM>. Invite me there: `/invite @Rapport`.",
    ],
    "zh_CN": [
        "<@U0ANA>、<@U0BEN> 现在是 *{project}* 的团队成员。",
        "<@U0DANA> 现在是 *{project}* 的客户。",
        "*{project}* 的变更请求由 <@U0DANA> 审批。",
        "未指定审批人：任何客户成员都可以审批变更请求。",
        "内部频道已设为 <#C0TEAM>。请在该频道邀请我：`/invite @Rapport`。",
    ],
}
REFUSED_PEOPLE_AND_CHANNELS = {  # the last owner removed, a channel of another project
    "en": (
        "A project needs at least one owner: name another owner first.",
        "<#C0OTHER> already belongs to *{second}*.",
    ),
    "zh_CN": ("项目至少需要一名负责人：请先指定另一名负责人。", "<#C0OTHER> 已属于 *{second}*。"),
}


@pytest.mark.db
@pytest.mark.parametrize("language", LANGUAGES)
def test_people_and_channels_are_set_or_refused_with_the_reason(
    engine: Engine, language: str
) -> None:
    name, second = NAME[language], SECOND[language]
    with session_scope(engine) as session, speaking(language):
        acme = new_project(session, name=name)
        new_project(session, name=second, channel_id="C0OTHER")

        def setting(key: str, value: str) -> str:
            return apply_setting(session=session, project=acme, key=key, value=value, now=NOW)

        answers = [
            setting("team", "<@U0ANA> <@U0BEN>"),
            setting("client", "<@U0DANA>"),
            setting("approver", "<@U0DANA>"),
            setting("approver", "none"),
            setting("internal-channel", "<#C0TEAM|acme-team>"),
        ]
        refusals = []
        for key, value in [
            ("team", "ana"),
            ("team", "<@U0OWNER>"),
            ("approver", "dana"),
            ("internal-channel", NOT_A_CHANNEL[language]),
            ("internal-channel", "<#C0CLIENT|acme>"),
            ("internal-channel", "<#C0OTHER|other>"),
        ]:
            with pytest.raises(PlanError) as refused:
                setting(key, value)
            refusals.append(str(refused.value))

    for text in [*answers, *refusals]:
        assert_in_language(
            text, language, allowed=[name, second, NOT_A_CHANNEL[language], "ana", "dana"]
        )
    assert answers == [said.format(project=name) for said in PEOPLE_AND_CHANNELS[language]]
    last_owner, taken = REFUSED_PEOPLE_AND_CHANNELS[language]
    assert refusals[1] == last_owner
    assert refusals[5] == taken.format(second=second)
