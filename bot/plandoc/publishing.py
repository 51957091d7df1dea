"""The plan document published in the client channel and kept current: the channel's canvas,
made once and edited in place (`conversations.canvases.create`, `canvases.edit`, scope
`canvases:write`); where the workspace refuses canvases (a plan without them, an admin's switch,
a missing scope), a message in the channel with the document as a Markdown file and a PDF in its
thread, the message edited and new files added with each version. Each publication is a new
version, kept on the project and written in the decision log.

Everything here talks to Slack: it runs after the acknowledgement (`later`) or on its own, with
sessions of its own; the document is in the project's language."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlmodel import Session

from bot.plandoc.blocks import build_files_message, files_comment, files_comment_without_pdf
from bot.plandoc.facts import load_facts
from bot.plandoc.files import mention_names
from bot.plandoc.model import Document
from bot.plandoc.outline import build_document
from bot.plandoc.pdf import to_pdf
from bot.plandoc.render import to_canvas, to_markdown
from bot.platform.deps import Deps
from bot.platform.i18n import speaking
from bot.platform.language import of_project
from storage.db import session_scope
from storage.events import record_plan_event
from storage.models import Project
from storage.projects import project_by_id, save_project

logger = logging.getLogger(__name__)


class Unconfirmed(Exception):
    """Slack gave no answer (or a 5xx): the canvas may or may not have changed."""


@dataclass(frozen=True)
class Published:
    """What became of one publication: `where` is canvas, files or nothing; `created` when the
    canvas is new; `refused` is Slack's error that sent it to files (or kept it from Slack)."""

    version: int
    where: str
    channel_id: str
    created: bool = False
    refused: str | None = None
    pdf: bool = True


def publish_plan_document(
    deps: Deps, client: WebClient, project_id: int, actor_id: str | None
) -> Published | None:
    """Build the next version of the document and publish it; None without the project."""
    now = deps.clock()
    with session_scope(deps.engine) as session:
        project = project_by_id(session=session, project_id=project_id)
        if project is None:
            return None
        version = project.document_version + 1
        language = of_project(project, deps.settings.default_language)
        with speaking(language):
            document = build_document(load_facts(session, project, now=now, version=version))
    markdown = to_canvas(document)
    channel = project.client_channel_id
    try:
        canvas_id, created, refused = _to_canvas(client, project, document.title, markdown)
    except Unconfirmed as error:
        return Published(version, "nothing", channel, refused=str(error))
    message_ts, pdf = None, True
    if canvas_id is None:
        try:
            with speaking(language):
                message_ts, pdf = _to_files(client, project, document, markdown, version, now)
        except (SlackApiError, OSError) as error:
            logger.warning("plan document of project %s not shared: %s", project_id, error)
            return Published(version, "nothing", channel, refused=_code(error))
    where = "canvas" if canvas_id else "files"
    with session_scope(deps.engine) as session:
        stored = project_by_id(session=session, project_id=project_id)
        if stored is not None:
            outcome = _Outcome(canvas_id, message_ts, where, refused)
            _record(session, stored, version, now, outcome, actor_id)
    return Published(version, where, channel, created=created, refused=refused, pdf=pdf)


def keep_current(deps: Deps, client: WebClient, project_id: int, actor_id: str | None) -> None:
    """After a change of the plan: a new version where a document was published before."""
    with session_scope(deps.engine) as session:
        project = project_by_id(session=session, project_id=project_id)
    if project is None or project.document_version == 0:
        return
    published = publish_plan_document(deps, client, project_id, actor_id)
    if published is not None and published.where == "nothing":
        logger.warning(
            "plan document of project %s not kept current: %s", project_id, published.refused
        )


def _to_canvas(
    client: WebClient, project: Project, title: str, markdown: str
) -> tuple[str | None, bool, str | None]:
    """(canvas id, made now, Slack's refusal): the canvas edited in place, or made when there is
    none (or it was deleted); (None, False, error) when the workspace refuses canvases."""
    content = {"type": "markdown", "markdown": markdown}
    if project.plan_canvas_id:
        try:
            client.canvases_edit(
                canvas_id=project.plan_canvas_id,
                changes=[{"operation": "replace", "document_content": content}],
            )
            return project.plan_canvas_id, False, None
        except SlackApiError as error:
            _unconfirmed_if_unknown(error)
            if _code(error) != "canvas_not_found":
                return None, False, _code(error)
        except OSError as error:
            raise Unconfirmed(str(error)) from error
    try:
        created = client.conversations_canvases_create(
            channel_id=project.client_channel_id, document_content=content, title=title
        )
    except SlackApiError as error:
        _unconfirmed_if_unknown(error)
        return None, False, _code(error)
    except OSError as error:
        raise Unconfirmed(str(error)) from error
    return str(created["canvas_id"]), True, None


def _unconfirmed_if_unknown(error: SlackApiError) -> None:
    if error.response.status_code >= 500 or error.response.status_code == 429:
        raise Unconfirmed(_code(error)) from error


def _to_files(
    client: WebClient,
    project: Project,
    document: Document,
    markdown: str,
    version: int,
    now: datetime,
) -> tuple[str, bool]:
    """The message for the document (edited in place, or posted) and this version's files in
    its thread: (the message's ts, whether a PDF went along)."""
    names = mention_names(client, markdown)
    text, blocks = build_files_message(project, version, now)
    channel, ts = project.client_channel_id, project.plan_message_ts
    if ts is not None:
        try:
            client.chat_update(channel=channel, ts=ts, text=text, blocks=blocks)
        except SlackApiError as error:
            if _code(error) != "message_not_found":
                raise
            ts = None  # deleted: a new message
    if ts is None:
        ts = str(client.chat_postMessage(channel=channel, text=text, blocks=blocks)["ts"])
    stem = f"communication-plan-v{version}"
    files = {f"{stem}.md": to_markdown(document, names).encode()}
    pdf = to_pdf(document, names)
    if pdf is not None:
        files[f"{stem}.pdf"] = pdf
    uploads = [{"content": data, "filename": name, "title": name} for name, data in files.items()]
    client.files_upload_v2(
        channel=channel,
        thread_ts=ts,
        file_uploads=uploads,
        initial_comment=files_comment(version) if pdf else files_comment_without_pdf(version),
    )
    return ts, pdf is not None


@dataclass(frozen=True)
class _Outcome:
    canvas_id: str | None
    message_ts: str | None
    where: str
    refused: str | None


def _record(
    session: Session,
    project: Project,
    version: int,
    now: datetime,
    outcome: _Outcome,
    actor_id: str | None,
) -> None:
    """The new version on the project, and its line in the decision log."""
    canvas_id, message_ts = outcome.canvas_id, outcome.message_ts
    where, refused = outcome.where, outcome.refused
    project.document_version = max(project.document_version, version)
    project.document_published_at = now
    if canvas_id is not None:
        project.plan_canvas_id = canvas_id
    if message_ts is not None:
        project.plan_message_ts = message_ts
    save_project(session=session, project=project)
    assert project.id is not None
    record_plan_event(
        session=session,
        project_id=project.id,
        action="published",
        actor_id=actor_id,
        from_state=f"v{version - 1}" if version > 1 else None,
        to_state=f"v{version}",
        note=where if refused is None else f"{where}: {refused}",
        now=now,
    )


def _code(error: Exception) -> str:
    if isinstance(error, SlackApiError):
        return str(error.response.get("error"))
    return "no answer from Slack"  # i18n: not shown (logs and the decision log's note)
