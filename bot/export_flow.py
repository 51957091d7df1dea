"""`/project export`: the project's files, sent to the owner who asked by direct message.

Slack shares at most 10 files per `files_upload_v2` call, so more are sent in several calls.
Every file is measured before anything is sent: one over `EXPORT_MAX_BYTES` stops the export
whole rather than leaving the owner with part of it. The answer names only what Slack confirmed.
"""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.deps import Deps
from bot.export import PERIOD, batches, export_project, oversized
from bot.notify import dm_channel
from bot.text import escape
from storage.db import session_scope
from storage.models import Project

logger = logging.getLogger(__name__)
FILES_PER_UPLOAD = 10


def _size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{size / 1024:.1f} KB" if size >= 1024 else f"{size} bytes"


def _reason(error: SlackClientError) -> str:
    if isinstance(error, SlackApiError):
        return str(error.response.get("error") or "an error")
    return "no answer"


def send_export(
    deps: Deps,
    client: WebClient,
    project: Project,
    user_id: str,
    *,
    per_upload: int = FILES_PER_UPLOAD,
) -> str:
    """Upload the export to the user's DM; the answer for the channel says what happened."""
    name = escape(project.name)
    with session_scope(deps.engine) as session:
        files = export_project(session, project, now=deps.clock())
    limit = deps.settings.export_max_bytes
    if too_big := oversized(files, limit):
        sizes = ", ".join(f"{n} ({_size(len(files[n]))})" for n in too_big)
        return (
            f"Nothing was sent: too big for the export limit of {_size(limit)} "
            f"(EXPORT_MAX_BYTES): {sizes}. Whoever runs Rapport can raise it, or write the "
            "files with "
            f'`python -m bot export --project "{name}" --out DIR`.'
        )
    parts = batches(list(files), per_upload)
    sent: list[str] = []
    try:
        dm = dm_channel(client, user_id)
        for number, part in enumerate(parts, start=1):
            of = f" (part {number} of {len(parts)})" if len(parts) > 1 else ""
            client.files_upload_v2(
                channel=dm,
                file_uploads=[{"content": files[n], "filename": n, "title": n} for n in part],
                initial_comment=(
                    f"📦 Export of *{name}*{of}: {PERIOD}. Times are in UTC; the project's "
                    f"time zone is {project.timezone}. README.txt explains the files."
                ),
            )
            sent.extend(part)
    except SlackClientError as error:
        reason = _reason(error)
        logger.warning("the export of project %s was refused by Slack: %s", project.id, reason)
        if not sent:
            return f"Slack refused the upload ({reason}): nothing was sent. Try again later."
        return (
            f"Slack refused part of the upload ({reason}): only {', '.join(sent)} reached "
            "your direct messages. Try `/project export` again later for the whole set."
        )
    return (
        f"📦 The export of *{name}* ({len(sent)} files: {PERIOD}) is in your "
        f"direct messages with me."
    )
