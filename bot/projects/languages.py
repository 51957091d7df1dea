"""`/project set language`: the catalogue a person names, by tag or by name in any language."""

from __future__ import annotations

from babel import Locale

from bot.platform import i18n
from bot.platform.i18n import _, listing
from bot.platform.text import escape, fold
from bot.projects.timing import (
    PlanError,
)
from storage.models import Project


def language_named(typed: str) -> str | None:
    """The catalogue a person names: a tag (`zh-CN`, `zh_CN`, `zh`, `en-US`) or the language's
    name in any language Rapport speaks (`中文`, `简体中文`, `Chinese`, `English`, `英语`). None
    when Rapport does not speak it or the name fits more than one catalogue."""
    if (found := i18n.supported(typed)) is not None:
        return found
    wanted = _loose(typed)
    if not wanted:
        return None
    names: dict[str, set[str]] = {}
    for language in i18n.languages():
        locale = Locale.parse(language)
        known = {language, locale.language, str(locale)}
        if locale.script:  # `zh-Hans`
            known.add(f"{locale.language}_{locale.script}")
        for reader in i18n.languages():
            known.add(locale.get_display_name(reader) or "")
            known.add(locale.get_language_name(reader) or "")
            if locale.script:  # `简体中文`, `Simplified Chinese`
                known.add(
                    Locale.parse(reader).languages.get(f"{locale.language}_{locale.script}", "")
                )
        for name in known:
            names.setdefault(_loose(name), set()).add(language)
    matches = names.get(wanted, set())
    return next(iter(matches)) if len(matches) == 1 else None


def _loose(name: str) -> str:
    """A language's name compared loosely: no case, spaces, brackets or punctuation."""
    return "".join(c for c in fold(name) if c.isalnum())


def language_choices() -> str:
    """`en` (English), `zh-CN` (中文 (简体, 中国)): what `/project set language` takes."""
    return listing(
        _("`{tag}` ({name})").format(
            tag=language.replace("_", "-"), name=i18n.display_name(language)
        )
        for language in i18n.languages()
    )


def set_language(project: Project, value: str) -> str:
    """`language zh-CN`, `language English`: the language of the project's channel posts; the
    answer is already in it."""
    language = language_named(value)
    if language is None:
        raise PlanError(
            _("I don't speak `{typed}` yet. Choose one of: {choices}.").format(
                typed=escape(value.strip()), choices=language_choices()
            )
        )
    project.language = language
    with i18n.speaking(language):
        return _(
            "*{project}* now speaks {language}: digests, reports, polls and the plan in its "
            "channels. Private answers follow each person's Slack language."
        ).format(project=escape(project.name), language=i18n.display_name(language))
