"""`/project export`: the project's files, sent to the owner who asked by direct message.

Slack shares at most 10 files per `files_upload_v2` call, so more are sent in several calls.
Every file is measured before anything is sent: one over `EXPORT_MAX_BYTES` stops the export
whole rather than leaving the owner with part of it. The answer names only what Slack confirmed.

Everything here is said to the owner who asked (their answer, their DM), so in their language:
the request's (platform/language.py), which the after-ack pool keeps. The files' names and columns
stay English (see bot/export/tables.py); README.txt is written in the owner's language.
"""

from __future__ import annotations

import logging
from functools import partial
from urllib.error import URLError

from babel.lists import format_list
from babel.units import format_unit
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.export.files import PERIOD, batches, export_project, oversized
from bot.export.upload import SharingUnconfirmed, share_files
from bot.plandoc.files import mention_names
from bot.platform import i18n
from bot.platform.deps import Deps
from bot.platform.errors import slack_reason, timed_out
from bot.platform.i18n import _, ngettext
from bot.platform.telling import dm_channel
from bot.platform.text import escape
from storage.db import session_scope
from storage.models import Project

logger = logging.getLogger(__name__)

FILES_PER_UPLOAD = 10


def _size(size: int) -> str:
    """`100 bytes`, `1.5 kB`, `12.3 MB` / `100字节`, `1.5 kB`, `12.3 MB`."""
    if size >= 1024 * 1024:
        return format_unit(
            round(size / (1024 * 1024), 1), "digital-megabyte", "short", locale=i18n.current()
        )
    if size >= 1024:
        return format_unit(
            round(size / 1024, 1), "digital-kilobyte", "short", locale=i18n.current()
        )
    return format_unit(size, "digital-byte", "long", locale=i18n.current())


def _names(names: list[str]) -> str:
    """`a.csv, b.csv, and c.csv` / `a.csv、b.csv和c.csv`."""
    return format_list(names, locale=i18n.current())


def send_export(
    deps: Deps,
    client: WebClient,
    project: Project,
    user_id: str,
    *,
    per_upload: int = FILES_PER_UPLOAD,
) -> str:
    """Upload the export to the user's DM; the answer for the channel says what happened."""
    name, period = escape(project.name), _(PERIOD)
    with session_scope(deps.engine) as session:
        files = export_project(
            session, project, now=deps.clock(), names=partial(mention_names, client)
        )
    limit = deps.settings.export_max_bytes
    if too_big := oversized(files, limit):
        sizes = _names(
            [_("{file} ({size})").format(file=n, size=_size(len(files[n]))) for n in too_big]
        )
        return _(
            "Nothing was sent: too big for the export limit of {limit} (`EXPORT_MAX_BYTES`): "
            "{sizes}. Whoever runs Rapport can raise it, or write the files with "
            '`python -m bot export --project "{name}" --out DIR`.'
        ).format(limit=_size(limit), sizes=sizes, name=name)
    parts = batches(list(files), per_upload)
    sent: list[str] = []
    unconfirmed: list[str] = []
    try:
        dm = dm_channel(client, user_id)
        for number, part in enumerate(parts, start=1):
            comment = _comment(project, number, len(parts))
            try:
                share_files(client, dm, {n: files[n] for n in part}, comment)
                sent.extend(part)
            except SharingUnconfirmed:
                # Slack may still show this part: the others go on, the owner is told which.
                unconfirmed.extend(part)
    except (SlackClientError, TimeoutError, URLError) as error:
        if isinstance(error, URLError) and not timed_out(error):
            raise
        return _refused(project, error, sent)
    if unconfirmed:
        return _unconfirmed(sent, unconfirmed)
    return ngettext(
        "📦 The export of *{name}* ({count} file: {period}) is in your direct messages with me.",
        "📦 The export of *{name}* ({count} files: {period}) is in your direct messages with me.",
        len(sent),
    ).format(name=name, count=i18n.number(len(sent)), period=period)


def _comment(project: Project, number: int, total: int) -> str:
    """What comes with the files (with several uploads: which part this is)."""
    name, period = escape(project.name), _(PERIOD)
    if total > 1:
        return _(
            "📦 Export of *{name}* (part {number} of {total}): {period}. Times are in "
            "UTC; the project's time zone is {timezone}. README.txt explains the files."
        ).format(
            name=name,
            number=i18n.number(number),
            total=i18n.number(total),
            period=period,
            timezone=project.timezone,
        )
    return _(
        "📦 Export of *{name}*: {period}. Times are in UTC; the project's time "
        "zone is {timezone}. README.txt explains the files."
    ).format(name=name, period=period, timezone=project.timezone)


def _unconfirmed(sent: list[str], unconfirmed: list[str]) -> str:
    """Slack took too long to answer for some files: say which, and that they may yet come."""
    if not sent:
        return _(
            "Slack took too long to answer, so I cannot tell whether the files went through: "
            "look in our direct messages in a minute before you try `/project export` again, "
            "so nothing comes twice."
        )
    return _(
        "Slack confirmed {sent} in our direct messages, but took too long to answer for "
        "{unconfirmed}: they may still arrive. Look in a minute before you try `/project "
        "export` again, so nothing comes twice."
    ).format(sent=_names(sent), unconfirmed=_names(unconfirmed))


def _refused(project: Project, error: Exception, sent: list[str]) -> str:
    """Slack stopped the upload: what reached the person, if anything, and what to do."""
    reason = slack_reason(error, _("no answer"))
    code = error.response.get("error") if isinstance(error, SlackApiError) else None
    logger.warning(
        "the export of project %s was refused by Slack: %s",
        project.id,
        code or type(error).__name__,
    )
    if not sent:
        return _("Slack refused the upload ({reason}): nothing was sent. Try again later.").format(
            reason=reason
        )
    return _(
        "Slack refused part of the upload ({reason}): only {files} reached your direct "
        "messages. Try `/project export` again later for the whole set."
    ).format(reason=reason, files=_names(sent))
