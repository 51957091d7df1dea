"""The catalogues are complete and in step with the code, every user-facing string goes through
them, and dates, numbers and durations follow the reader's locale."""

from __future__ import annotations

import ast
import re
import threading
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from babel.messages.catalog import Message
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from bot.platform import i18n
from bot.platform.deps import Background
from bot.platform.i18n import _, speaking

ROOT = Path(__file__).resolve().parents[3]
CATALOGUE = ROOT / "bot/locale/zh_CN/LC_MESSAGES/rapport.po"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}
PLACEHOLDER = re.compile(r"\{[^{}]*\}")

# Files people never read text from: start-up and operator messages (English, in logs and the
# terminal), HTTP plumbing, and the bot's own stand-in for Slack.
NOT_SHOWN_IN_SLACK = {
    "bot/__main__.py",
    "bot/cli/main.py",
    "bot/cli/operations.py",
    "bot/cli/serving.py",
    "bot/email/render.py",  # HTML markup only: an email's words come translated to it
    "bot/platform/email_settings.py",
    "bot/platform/i18n.py",
    "bot/platform/logs.py",
    "bot/platform/metrics.py",
    "bot/platform/middleware/malformed.py",
    "bot/platform/settings.py",
    "bot/platform/slack_client.py",
    "bot/platform/slack_ids.py",
    "bot/platform/socket_mode.py",
    "bot/platform/web.py",
    "bot/platform/workers.py",
    "bot/scheduling/runner.py",
}
# Two words or more: prose someone reads. (Ids, keys and Slack method names have no spaces.)
PROSE = re.compile(r"[A-Za-z]{2,}[,.:;!?'’()]*\s+[A-Za-z]{2,}")
TRANSLATING_CALLS = {"_", "N_", "ngettext", "pgettext", "translated_in"}
LOG_METHODS = {"debug", "info", "warning", "error", "exception", "critical", "log"}
IGNORE_MARK = "# i18n: not shown"


def _catalogue() -> list[Message]:
    with CATALOGUE.open("rb") as source:
        return [message for message in read_po(source) if message.id]


def test_slack_locales_map_to_catalogues() -> None:
    assert i18n.languages() == ("en", "zh_CN")
    assert i18n.supported("zh-CN") == "zh_CN"
    assert i18n.supported("zh_CN") == "zh_CN"
    assert i18n.supported("en-US") == "en"
    assert i18n.supported("en-GB") == "en"
    assert i18n.supported("EN") == "en"
    # Traditional Chinese is another language, not a variant of this catalogue.
    assert i18n.supported("zh") == "zh_CN"
    assert i18n.supported("zh-Hans") == "zh_CN"
    assert i18n.supported("zh-TW") is None
    assert i18n.supported("zh-Hant") is None
    assert i18n.supported("ja-JP") is None
    assert i18n.supported("") is None
    assert i18n.supported("not a locale!") is None


def test_speaking_is_scoped_and_unknown_languages_read_as_english() -> None:
    assert i18n.current() == "en"
    with speaking("zh-CN"):
        assert _("🟢 On track") == "🟢 正常"
        with speaking("en"):
            assert _("🟢 On track") == "🟢 On track"
        assert i18n.current() == "zh_CN"
    assert i18n.current() == "en"
    with speaking("tlh"):
        assert _("🟢 On track") == "🟢 On track"


def test_work_after_the_acknowledgement_keeps_the_readers_language() -> None:
    pool, seen, done = Background(workers=1), [], threading.Event()

    def work() -> None:
        seen.append(_("🔴 Off track"))
        done.set()

    with speaking("zh_CN"):
        pool.submit(work)
    assert done.wait(5)
    pool.shutdown()
    assert seen == ["🔴 严重滞后"]


def test_dates_times_numbers_and_durations_follow_the_locale() -> None:
    # In the project's zone: what is formatted is the time as the reader's clock shows it.
    friday = datetime(2026, 11, 27, 16, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    with speaking("en"):
        # CLDR puts a narrow no-break space before PM.
        assert i18n.moment(friday) == "Fri, Nov 27, 4:00\u202fPM"
        assert i18n.weekday(4) == "Friday"
        assert i18n.percent(0.734) == "73%"
        assert i18n.duration(timedelta(minutes=25)) == "25 min"
        assert i18n.duration(timedelta(hours=13.5)) == "13.5 hr"
        assert i18n.duration(timedelta(days=3.2)) == "3.2 days"
    with speaking("zh_CN"):
        assert i18n.moment(friday) == "11月27日周五 16:00"
        assert i18n.weekday(4) == "星期五"
        assert i18n.month(friday) == "2026年11月"
        assert i18n.percent(0.734) == "73%"
        assert i18n.duration(timedelta(minutes=25)) == "25分钟"
        assert i18n.duration(timedelta(hours=13.5)) == "13.5小时"
        assert i18n.duration(timedelta(days=3.2)) == "3.2天"


def test_the_chinese_catalogue_is_complete_and_keeps_every_placeholder() -> None:
    messages = _catalogue()
    assert messages, "the zh_CN catalogue is empty"
    for message in messages:
        assert not message.fuzzy, f"fuzzy entry: {message.id!r}"
        ids = (message.id,) if isinstance(message.id, str) else tuple(message.id)
        assert message.string is not None, f"untranslated: {message.id!r}"
        strings = (message.string,) if isinstance(message.string, str) else tuple(message.string)
        assert all(strings), f"untranslated: {message.id!r}"
        wanted = set(PLACEHOLDER.findall(ids[-1]))
        for string in strings:
            assert set(PLACEHOLDER.findall(string)) == wanted, (message.id, string)


def test_the_catalogue_holds_exactly_what_the_code_marks() -> None:
    """`scripts/i18n update` was run after the last change to a marked string."""
    in_code: set[tuple[str | None, str]] = set()
    for folder in ("bot", "handlers"):
        for _file, _line, message, _comments, context in extract_from_dir(
            ROOT / folder,
            method_map=[("**.py", "python")],
            keywords=KEYWORDS,
        ):
            in_code.add((context, message if isinstance(message, str) else message[0]))
    in_catalogue = {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in _catalogue()}
    assert sorted(in_code - in_catalogue, key=str) == [], "run scripts/i18n update"
    assert sorted(in_catalogue - in_code, key=str) == [], "run scripts/i18n update"


def _prose_outside_the_catalogue(path: Path) -> list[tuple[int, str]]:
    source = path.read_text()
    tree = ast.parse(source)
    lines = source.splitlines()
    exempt: set[int] = set()  # ids of constants that are docstrings, log lines or marked
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            if isinstance(body[0].value, ast.Constant):
                exempt.add(id(body[0].value))
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            logged = isinstance(func, ast.Attribute) and name in LOG_METHODS
            if name in TRANSLATING_CALLS or logged:
                exempt.update(id(inner) for inner in ast.walk(node))
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
            continue
        if id(node) in exempt or not PROSE.search(node.value):
            continue
        if IGNORE_MARK in lines[node.lineno - 1]:
            continue
        found.append((node.lineno, node.value))
    return found


def _user_facing_files() -> list[str]:
    files = sorted(
        str(path.relative_to(ROOT))
        for folder in ("bot", "handlers")
        for path in (ROOT / folder).rglob("*.py")
        if "sandbox" not in path.parts
    )
    return [name for name in files if name not in NOT_SHOWN_IN_SLACK]


@pytest.mark.parametrize("name", _user_facing_files())
def test_user_facing_text_goes_through_the_catalogue(name: str) -> None:
    found = _prose_outside_the_catalogue(ROOT / name)
    assert found == [], f"{name}: wrap these in _() or mark the line '{IGNORE_MARK}'"


def test_no_module_that_translates_rebinds_the_underscore() -> None:
    """`for _ in …` or `x, _ = …` makes `_` a local name in the whole function: the `_("…")`
    calls there would fail (or call the wrong thing) at run time."""
    offenders = []
    for name in _user_facing_files():
        tree = ast.parse((ROOT / name).read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and node.id == "_" and isinstance(node.ctx, ast.Store):
                offenders.append(f"{name}:{node.lineno}")
            if isinstance(node, ast.FunctionDef) and node.name == "_":
                offenders.append(f"{name}:{node.lineno}")
    assert offenders == []
