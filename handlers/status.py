"""`/status`: team members post, edit and delete updates; preview and post the digest."""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from sqlmodel import Session

from bot.digest.not_posted import describe_posting
from bot.digest.posting import post_digest, preview_digest
from bot.platform.answers import beside, privately
from bot.platform.asking import Asking, Later, about, metadata
from bot.platform.deps import Deps
from bot.platform.i18n import N_, _
from bot.platform.listeners import View, opens_a_form
from bot.platform.roles import Act
from bot.platform.text import command_text
from bot.projects.blocks import no_project
from bot.status.away import (
    AwayError,
    come_back,
    current_time_off,
    go_away,
    is_away_command,
    parse_away,
    zone_for,
)
from bot.status.blocks import (
    STATUS_DELETE,
    STATUS_EDIT,
    STATUS_OPEN,
    build_away_answer,
    build_back_answer,
    build_reminders_answer,
    build_status_help,
    build_status_list,
    build_status_receipt,
)
from bot.status.forms import STATUS_MODAL, build_status_modal, read_status_modal
from bot.status.quick_form import QuickFormError, StatusDraft, form_errors, parse_status
from bot.status.service import (
    Refusal,
    delete_own_update,
    own_update,
    post_update,
    save_from_form,
    set_my_reminders,
    this_week,
)
from storage.models import Project

# Subcommands are typed in English in every language, like the command itself.
REMIND_OFF, REMIND_ON = "remind off", "remind on"  # i18n: not shown
DIGEST_POST = "digest post"  # i18n: not shown
CLIENT_REFUSAL = N_(
    "Status updates come from the project team. To tell the team something — "
    "praise, a problem, a question — type `/feedback`."
)


def register(app: App) -> None:
    app.command("/status")(handle_status_command)
    app.view(STATUS_MODAL)(handle_status_form)
    app.action(STATUS_OPEN)(opens_a_form(update_form))
    app.action(STATUS_EDIT)(opens_a_form(edit_form))
    app.action(STATUS_DELETE)(handle_delete_update)


def handle_status_command(
    ack: Ack,
    command: dict[str, Any],
    client: WebClient,
    respond: Respond,
    asking: Asking,
    deps: Deps,
    session: Session,
    later: Later,
) -> None:
    # Subcommands only when they stand alone: "/status List view shipped" is an update.
    typed = command_text(command)
    words = " ".join(typed.lower().split())
    project = asking.project
    if is_away_command(words):  # time off is a person's: typed anywhere, for every project
        ack(text=_time_off(session, asking, words, deps.clock()))
    elif project is None:
        ack(text=no_project())
    elif not asking.may(Act.POST_STATUS):
        ack(text=_(CLIENT_REFUSAL))
    elif words == "":
        ack()
        form = build_status_modal(
            project_id=_id(project), project_name=project.name, channel_id=command["channel_id"]
        )
        later(partial(client.views_open, trigger_id=command["trigger_id"], view=form))
    elif words in (REMIND_OFF, REMIND_ON):
        assert asking.role is not None
        set_my_reminders(session, project, asking.user_id, asking.role, off=words == REMIND_OFF)
        ack(text=build_reminders_answer(project.name, off=words == REMIND_OFF))
    elif words == "help":
        ack(text=_("How to use `/status`"), blocks=build_status_help())
    elif words == "list":
        updates = this_week(session, project, deps.clock())
        ack(
            text=_("Updates this week"),
            blocks=build_status_list(updates, project.name, project.timezone),
        )
    elif words == DIGEST_POST:
        ack()
        later(partial(_post_digest_now, deps, client, respond, project))
    elif words == "digest":
        text, blocks = preview_digest(session, project, deps.clock())
        ack(text=text, blocks=blocks)
    else:
        _post_quick_update(ack, session, asking, project, typed, deps.clock())


def _post_quick_update(
    ack: Ack, session: Session, asking: Asking, project: Project, typed: str, now: datetime
) -> None:
    try:
        draft = parse_status(typed)
    except QuickFormError as error:
        ack(text=_("{error}\nSee `/status help`.").format(error=error))
        return
    status_id = post_update(
        session, project=project, author_id=asking.user_id, draft=draft, now=now
    )
    ack(text=_("Update posted"), blocks=build_status_receipt(draft, status_id, project.name))


def _time_off(session: Session, asking: Asking, words: str, now: datetime) -> str:
    """`/status away until …`, `away` (what is set), `back`."""
    if asking.project is not None and not asking.may(Act.POST_STATUS):
        return _(CLIENT_REFUSAL)
    if words == "back":
        return build_back_answer(come_back(session, user_id=asking.user_id, now=now))
    if words == "away":  # what is set, if anything; else how to set it
        current = current_time_off(session, user_id=asking.user_id, now=now)
        if current is not None:
            return build_away_answer(current, now)
    try:
        time_off = go_away(
            session,
            user_id=asking.user_id,
            request=parse_away(words),
            timezone=zone_for(asking.caller.timezone, asking.project),
            now=now,
        )
    except AwayError as error:
        return str(error)
    return build_away_answer(time_off, now)


def _post_digest_now(deps: Deps, client: WebClient, respond: Respond, project: Project) -> None:
    """The digest goes out in the project's language; what became of it is said in the
    caller's."""
    respond(text=describe_posting(post_digest(deps, client, project)))


def handle_status_form(
    ack: Ack,
    view: dict[str, Any],
    client: WebClient,
    asking: Asking,
    deps: Deps,
    session: Session,
    later: Later,
) -> None:
    draft = read_status_modal(view["state"]["values"])
    if errors := form_errors(draft):
        ack(response_action="errors", errors=errors)
        return
    project = asking.project
    if project is None or not asking.may(Act.POST_STATUS):
        ack(response_action="errors", errors={"text": _("You can no longer post to this project.")})
        return
    meta = metadata(view)
    status_id = meta.get("status_id")
    saved = save_from_form(
        session,
        project=project,
        author_id=asking.user_id,
        draft=draft,
        status_id=int(status_id) if status_id is not None else None,
        now=deps.clock(),
    )
    if isinstance(saved, Refusal):
        ack(response_action="errors", errors={"text": saved.message})
        return
    ack()
    channel = str(meta.get("channel_id") or project.client_channel_id)
    receipt = build_status_receipt(draft, saved, project.name, edited=status_id is not None)
    later(partial(beside, client, channel, asking.user_id, _("Update saved"), receipt))


def update_form(session: Session, asking: Asking, project_id: int) -> View | str:
    """The button in a reminder (a DM, so the button names its project): the form for it."""
    on_project = about(session, asking, project_id)
    project = on_project.project
    if project is None or not on_project.may(Act.POST_STATUS):
        return _("This project is gone, or you are no longer on its team.")
    return build_status_modal(
        project_id=_id(project), project_name=project.name, channel_id=project.client_channel_id
    )


def edit_form(session: Session, asking: Asking, status_id: int) -> View | str:
    """The Edit button on a receipt: the form again, filled in, for its author only."""
    found = own_update(session, status_id, asking.user_id)
    if found is None:
        return _("This update was deleted or is not yours to edit.")
    update, project = found
    return build_status_modal(
        project_id=_id(project),
        project_name=project.name,
        channel_id=asking.channel_id or project.client_channel_id,
        draft=StatusDraft.of(update),
        status_id=update.id,
    )


def handle_delete_update(
    ack: Ack,
    action: dict[str, Any],
    respond: Respond,
    asking: Asking,
    deps: Deps,
    session: Session,
    later: Later,
) -> None:
    ack()
    if not delete_own_update(session, int(action["value"]), asking.user_id, deps.clock()):
        gone = _("This update was already deleted or is not yours.")
        later(partial(privately, respond, gone))
        return
    deleted = _("🗑️ Update deleted: it no longer appears in lists or digests.")
    later(partial(respond, text=deleted, replace_original=True))


def _id(project: Project) -> int:
    assert project.id is not None
    return project.id
