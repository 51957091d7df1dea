"""Every word Rapport shows, in the reader's language: gettext catalogues managed with Babel.

Text is marked with `_()` (or `ngettext`, `pgettext`) and looked up in the language of the
*current reader*, which the code that knows the reader chooses:

    with speaking(project.language):      # a post in the project's channel
        text, blocks = build_digest(digest)

Requests start in the person's language (their Slack locale, else their project's; see
`language.py`), and work handed to the after-ack pool keeps it. English is the source
language: a message without a translation shows its English msgid. A third language is a new
catalogue under `bot/locale/`, no code change: `scripts/i18n init xx`.

Module-level labels are marked with `N_()` (extraction only) and translated where they are read.
Dates, times, numbers and durations are formatted here with Babel's locale data (CLDR).
"""

from __future__ import annotations

import functools
import gettext
import threading
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime, time, timedelta
from io import BytesIO
from pathlib import Path
from typing import Literal, TypeVar

from babel import Locale, UnknownLocaleError
from babel.dates import format_skeleton, format_time, get_day_names
from babel.lists import format_list
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent
from babel.units import format_unit

from bot.platform.text import fold

DOMAIN = "rapport"
LOCALE_DIR = Path(__file__).parent.parent / "locale"  # bot/locale
SOURCE_LANGUAGE = "en"

_current: ContextVar[str] = ContextVar("rapport_language", default=SOURCE_LANGUAGE)
_loaded: dict[str, gettext.NullTranslations] = {}
_load_lock = threading.Lock()


def languages() -> tuple[str, ...]:
    """The languages Rapport speaks: English and every catalogue under `bot/locale/`."""
    return _languages_in(LOCALE_DIR)


@functools.cache
def _languages_in(folder: Path) -> tuple[str, ...]:
    found = sorted(path.parent.parent.name for path in folder.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    return (SOURCE_LANGUAGE, *[name for name in found if name != SOURCE_LANGUAGE])


def supported(tag: str | None) -> str | None:
    """The catalogue for a language tag as Slack or a person writes it (`zh-CN`, `zh_CN`,
    `en-US`, `EN`), or None when Rapport does not speak it (`zh-TW` is not `zh_CN`)."""
    return _supported(tag.strip() if tag else "", languages())


@functools.lru_cache(maxsize=512)  # every request asks, with one of a few Slack locales
def _supported(tag: str, names: tuple[str, ...]) -> str | None:
    if not tag:
        return None
    try:
        wanted = Locale.parse(tag.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        return None
    for candidate in (str(wanted), wanted.language):
        if candidate in names:
            return candidate
    # `zh_Hans_CN` and `zh_CN` name the same catalogue; a bare `zh` (or `zh-Hans`) means it too,
    # but `zh-TW` and `zh-Hant` (Traditional) do not.
    for name in names:
        known = Locale.parse(name)
        if known.language != wanted.language:
            continue
        same_script = wanted.script is None or wanted.script == known.script
        same_place = wanted.territory is None or wanted.territory == known.territory
        if same_script and same_place:
            return name
    return None


def display_name(language: str) -> str:
    """`English`, `中文 (中国)`: a language named in itself, for menus and confirmations."""
    return Locale.parse(language).get_display_name(language) or language


def current() -> str:
    return _current.get()


def set_current(language: str) -> None:
    """For a request's first step (Bolt's middleware cannot wrap its listener); elsewhere
    prefer `speaking`."""
    _current.set(language)


@contextmanager
def speaking(language: str | None) -> Iterator[None]:
    """Everything inside is said in `language` (unknown or None: English)."""
    token = _current.set(supported(language) or SOURCE_LANGUAGE)
    try:
        yield
    finally:
        _current.reset(token)


def _translations(language: str) -> gettext.NullTranslations:
    found = _loaded.get(language)
    if found is not None:
        return found
    with _load_lock:
        if language not in _loaded:
            _loaded[language] = _load(language)
        return _loaded[language]


def _load(language: str) -> gettext.NullTranslations:
    """The compiled catalogue when it is at least as new as its .po, else the .po itself
    compiled in memory: a fresh checkout works without a build step."""
    folder = LOCALE_DIR / language / "LC_MESSAGES"
    po, mo = folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as compiled:
            return gettext.GNUTranslations(compiled)
    if not po.exists():
        return gettext.NullTranslations()
    with po.open("rb") as source:
        catalog = read_po(source, locale=language)
    buffer = BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def warm_up_languages() -> None:
    """Every catalogue loaded and every language's CLDR data read, now rather than on a first
    request (a process about to fork its workers shares them this way)."""
    moment = datetime(2026, 1, 2, 9, 30)  # noqa: DTZ001 (only formatted, never compared)
    for language in languages():
        with speaking(language):
            _translations(language)
            day(moment), clock(moment), weekday(0), number(4800), percent(0.5)
            duration(timedelta(hours=3)), alternatives(["a", "b"])


def _(message: str) -> str:
    return _translations(_current.get()).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    return _translations(_current.get()).ngettext(singular, plural, count)


def pgettext(context: str, message: str) -> str:
    return _translations(_current.get()).pgettext(context, message)


def N_(message: str) -> str:
    """Marks a string for the catalogue without translating it (module-level labels)."""
    return message


def listing(items: Iterable[str]) -> str:
    """`<@A>, <@B>` / `<@A>、<@B>`: items side by side, the reader's way."""
    return pgettext("list separator", ", ").join(items)


def alternatives(items: Iterable[str]) -> str:
    """`<@A>, <@B>, or <@C>` / `<@A>、<@B>或<@C>`: any one of them, the reader's way (CLDR's)."""
    return format_list(list(items), "or", locale=current())


def all_of(items: Iterable[str]) -> str:
    """`A, B, and C` / `A、B和C`: every one of them, the reader's way (CLDR's); for items that
    hold commas themselves (dates), where `listing` would blur them."""
    return format_list(list(items), locale=current())


def translated_in(language: str, message: str, context: str | None = None) -> str:
    """One message in a given language, whatever the reader's: for parsers that accept the
    words of every language."""
    catalogue = _translations(language)
    return catalogue.pgettext(context, message) if context else catalogue.gettext(message)


def words_in_every_language(message: str, context: str | None = None) -> tuple[str, ...]:
    """Every word an entry stands for in every language Rapport speaks, English first, each
    once: a translation may list several split by `|` (`正常|顺利`). For parsers that accept the
    words of every language, whoever types them; a new catalogue brings its words along."""
    return _words_of(message, context, languages())


Meaning = TypeVar("Meaning")


def keyword_table(meanings: Mapping[str, Meaning], context: str) -> dict[str, Meaning]:
    """A quick form's keywords: every word of every language for each English one, folded, to
    what it means; where two languages spell different meanings alike, English wins."""
    table = {fold(english): meaning for english, meaning in meanings.items()}
    for english, meaning in meanings.items():
        for word in words_in_every_language(english, context):
            table.setdefault(fold(word), meaning)
    return table


@functools.lru_cache(maxsize=256)
def _words_of(message: str, context: str | None, names: tuple[str, ...]) -> tuple[str, ...]:
    found: dict[str, None] = {}
    for language in names:
        for word in translated_in(language, message, context).split("|"):
            if word.strip():
                found.setdefault(word.strip(), None)
    return tuple(found)


# Dates, times and numbers: Babel's CLDR data for the reader's locale.


@functools.cache
def _locale_data(name: str) -> Locale:
    return Locale.parse(name)


# Babel takes tens of µs to format a date, and a digest shows the same few dates many times:
# each (language, pattern, day) is formatted once (days and minutes are few; the caches are
# bounded all the same).


def day(value: date | datetime) -> str:
    """`Fri, Nov 27` / `11月27日周五`."""
    return _on_day("MMMEd", _date_of(value), current())


def day_and_year(value: date | datetime) -> str:
    """`Fri, Nov 27, 2026` / `2026年11月27日周五`."""
    return _on_day("yMMMEd", _date_of(value), current())


def short_day(value: date | datetime) -> str:
    """`Nov 27` / `11月27日`."""
    return _on_day("MMMd", _date_of(value), current())


def month(value: date | datetime) -> str:
    """`November 2026` / `2026年11月`."""
    return _on_day("yMMMM", _date_of(value).replace(day=1), current())


def clock(value: time | datetime) -> str:
    """`4:00 PM` / `16:00`."""
    return _at_minute(value.hour, value.minute, current())


def _date_of(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


@functools.lru_cache(maxsize=4096)
def _on_day(skeleton: str, value: date, language: str) -> str:
    return str(format_skeleton(skeleton, value, locale=language))


@functools.lru_cache(maxsize=4096)
def _at_minute(hour: int, minute: int, language: str) -> str:
    return str(format_time(time(hour, minute), "short", locale=language))


def moment(value: datetime) -> str:
    """`Fri, Nov 27, 4:00 PM` / `11月27日周五 16:00`: a date and time joined the locale's way."""
    pattern = _locale_data(current()).datetime_formats["medium"]
    return str(pattern).format(clock(value), day(value))


def weekday(index: int, width: Literal["abbreviated", "wide"] = "wide") -> str:
    """Monday is 0: `Friday` / `星期五` (`abbreviated`: `Fri` / `周五`)."""
    return str(get_day_names(width, locale=current())[index])


def number(value: float) -> str:
    """`4,800` / `4,800`; `2.5` stays `2.5`."""
    if isinstance(value, int) and -1000 < value < 1000:
        return str(value)  # nothing to group: Babel would take 25 µs to say the same
    return format_decimal(value, locale=current())


def percent(share: float, *, decimals: int = 0) -> str:
    """A share from 0 to 1: `73%`."""
    return _percent(share, decimals, _current.get())


@functools.lru_cache(maxsize=1024)  # every /status receipt shows one of a hundred or so values
def _percent(share: float, decimals: int, language: str) -> str:
    pattern = "#,##0%" if decimals == 0 else "#,##0." + "#" * decimals + "%"
    return format_percent(share, pattern, locale=language)


def duration(value: timedelta | None) -> str:
    """`25 min`, `13.5 hr`, `3.2 days` / `25分钟`, `13.5小时`, `3.2天`: how long something took
    or has waited."""
    if value is None:
        return "—"
    hours = value.total_seconds() / 3600
    if hours < 1:
        return _in_unit(max(1, round(hours * 60)), "duration-minute", locale=current())
    if hours < 48:
        return _in_unit(round(hours, 1), "duration-hour", locale=current())
    return _in_unit(round(hours / 24, 1), "duration-day", locale=current())


# Rounded to a tenth, a few hundred durations say them all; Babel takes some 40 µs for each.
_in_unit = functools.lru_cache(maxsize=1024)(functools.partial(format_unit, length="short"))
