"""`/feedback`: anyone tells the team something; the team acknowledges and resolves it.

The quick form's leading keywords (`problem: …`, `紧急：…`) come from the catalogues: every
language Rapport speaks is understood, whatever the sender's."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot import i18n
from bot.blocks.common import state_value
from bot.blocks.feedback import (
    FEEDBACK_ACK,
    FEEDBACK_LIMIT,
    FEEDBACK_MODAL,
    FEEDBACK_RESOLVE,
    RESOLUTION_LIMIT,
    RESOLVE_MODAL,
    build_feedback_list,
    build_feedback_modal,
    build_feedback_receipt,
    build_resolve_modal,
    read_feedback_modal,
)
from bot.blocks.labels import KIND_LABELS, feedback_ref
from bot.blocks.project import NO_PROJECT
from bot.deps import Deps
from bot.feedback_loop import acknowledge, post_card, record_feedback, resolve, withdraw
from bot.i18n import _, pgettext
from bot.roles import Act, allowed
from bot.text import escape
from handlers.context import (
    clicker_on_project,
    command_project,
    command_text,
    metadata,
)
from storage.db import session_scope
from storage.feedback import get_feedback, open_feedback
from storage.models import Project

WITHDRAW = re.compile(r"^withdraw\s+(?:FB-?)?(\d+)$", re.IGNORECASE)

# What a leading keyword of the quick form says: its English msgid (context "feedback keyword")
# → (kind, urgency), None where it says nothing. Each catalogue gives that language's words for
# the msgid, several separated by `|` (`紧急|加急`); `_help` marks them for the catalogue.
KEYWORD_CONTEXT = "feedback keyword"  # i18n: not shown (a msgctxt)
KEYWORDS: dict[str, tuple[str | None, str | None]] = {
    "problem": ("problem", None),
    "praise": ("praise", None),
    "question": ("question", None),
    "request": ("request", None),
    "urgent": (None, "urgent"),
}
# A keyword stands alone: an opening bracket may come before it, and after it a closing bracket,
# punctuation (half- or full-width), a space or the end; `problem-solving` and `紧急情况` are
# just words.
_KEYWORD = re.compile(
    r"[\s\[【(（「]*(?P<word>[^\W\d_]+)"
    r"(?:[\]】)）」]+[\s:：,，.。!！;；、]*|[\s:：,，.。!！;；、]+|$)"
)


def _help() -> str:
    def keyword(said: str) -> str:
        return f"`{said.split('|')[0].strip()}`"

    return _(
        "*Tell the team something*\n"
        "• `/feedback` — open the form (kind, urgency, anonymous)\n"
        "• `/feedback list` — (team) what is still open, oldest first\n"
        "• `/feedback withdraw FB-12` — take back feedback you sent under your name\n"
        "• `/feedback your words` — send it as it is; start with {problem}, {praise}, "
        "{question} or {request} to say what it is, and {urgent} when it cannot wait\n"
        "You get a reference (FB-12) and who will answer by when."
    ).format(
        problem=keyword(pgettext("feedback keyword", "problem")),
        praise=keyword(pgettext("feedback keyword", "praise")),
        question=keyword(pgettext("feedback keyword", "question")),
        request=keyword(pgettext("feedback keyword", "request")),
        urgent=keyword(pgettext("feedback keyword", "urgent")),
    )


def _not_team() -> str:
    return _("Only the project team can do that.")


def register(app: App, deps: Deps) -> None:
    def handle_feedback(
        ack: Ack,
        command: dict[str, Any],
        client: WebClient,
        context: BoltContext,
        respond: Respond,
    ) -> None:
        text = command_text(command).strip()
        project, role = command_project(deps, command, context)
        if project is None:
            ack(text=_(NO_PROJECT))
        elif text == "":
            ack()

            @deps.later(command, respond, client)
            def finish() -> None:
                client.views_open(
                    trigger_id=command["trigger_id"],
                    view=build_feedback_modal(
                        project_id=_id(project),
                        project_name=project.name,
                        channel_id=command["channel_id"],
                    ),
                )
        elif text.lower() == "help":
            ack(text=_help())
        elif (withdrawal := WITHDRAW.match(text)) is not None:
            number = int(withdrawal.group(1))
            done = withdraw(
                deps, client, project=project, number=number, user_id=command["user_id"]
            )
            answer = (
                _("↩️ {ref} is withdrawn. Thank you for letting us know.")
                if done is not None
                else _(
                    "{ref} is not yours to withdraw, or it is already closed. Only whoever sent "
                    "feedback under their name can withdraw it, before it is resolved."
                )
            )
            ack(text=answer.format(ref=feedback_ref(number)))
        elif text.lower() == "list":
            if not allowed(Act.TRIAGE_FEEDBACK, role):
                ack(
                    text=_(
                        "The list of open feedback is for the project team. To add yours, type "
                        "`/feedback` and your words."
                    )
                )
                return
            with session_scope(deps.engine) as session:
                items = open_feedback(session=session, project=project)
            ack(
                text=_("Open feedback on {project}").format(project=escape(project.name)),
                blocks=build_feedback_list(
                    items, project_name=project.name, timezone=project.timezone, now=deps.clock()
                ),
            )
        elif len(text) > FEEDBACK_LIMIT:
            ack(
                text=_(
                    "Your feedback is {length} characters; the limit is {limit}. Shorten it, or "
                    "type `/feedback` for the form and send it in parts."
                ).format(length=i18n.number(len(text)), limit=i18n.number(FEEDBACK_LIMIT))
            )
        else:
            kind, urgency = _guess_kind(text)
            feedback, owners = record_feedback(
                deps,
                project=project,
                author_id=command["user_id"],
                kind=kind,
                urgency=urgency,
                text=text,
                origin_channel_id=command["channel_id"],
            )
            ack(
                text=_("Feedback logged"),
                blocks=build_feedback_receipt(
                    feedback, owner_ids=owners, timezone=project.timezone
                ),
            )

            @deps.later(command, respond, client)
            def finish() -> None:
                post_card(deps, client, project=project, feedback=feedback, owner_ids=owners)

    def handle_feedback_submission(
        ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient
    ) -> None:
        kind, urgency, text, anonymous = read_feedback_modal(view["state"]["values"])
        if not text:
            ack(response_action="errors", errors={"text": _("Write a few words of feedback.")})
            return
        if len(text) > FEEDBACK_LIMIT or kind not in KIND_LABELS:
            ack(
                response_action="errors",
                errors={
                    "text": _("Keep it to {limit} characters.").format(
                        limit=i18n.number(FEEDBACK_LIMIT)
                    )
                },
            )
            return
        meta = metadata(view)
        with session_scope(deps.engine) as session:
            project = session.get(Project, int(meta.get("project_id", 0)))
        if project is None:
            ack(response_action="errors", errors={"text": _("This project no longer exists.")})
            return
        user_id = body["user"]["id"]
        feedback, owners = record_feedback(
            deps,
            project=project,
            author_id=None if anonymous else user_id,
            kind=kind,
            urgency=urgency,
            text=text,
            origin_channel_id=str(meta.get("channel_id") or project.client_channel_id),
        )
        ack()

        # Two guards: a refused receipt must not keep the card from the owners.
        @deps.later(body, None, client)
        def send_receipt() -> None:
            client.chat_postEphemeral(
                channel=feedback.origin_channel_id or project.client_channel_id,
                user=user_id,
                text=_("Feedback logged"),
                blocks=build_feedback_receipt(
                    feedback, owner_ids=owners, timezone=project.timezone
                ),
            )

        @deps.later(body, None, client)
        def send_card() -> None:
            post_card(deps, client, project=project, feedback=feedback, owner_ids=owners)

    def handle_acknowledge(
        ack: Ack,
        body: dict[str, Any],
        action: dict[str, Any],
        client: WebClient,
        context: BoltContext,
        respond: Respond,
    ) -> None:
        ack()

        @deps.later(body, respond, client)
        def finish() -> None:
            _acknowledge(deps, body, int(action["value"]), client, context, respond)

    def handle_resolve(
        ack: Ack,
        body: dict[str, Any],
        action: dict[str, Any],
        client: WebClient,
        context: BoltContext,
        respond: Respond,
    ) -> None:
        ack()

        @deps.later(body, respond, client)
        def finish() -> None:
            _open_resolve(deps, body, int(action["value"]), client, context, respond)

    def handle_resolve_submission(
        ack: Ack,
        body: dict[str, Any],
        view: dict[str, Any],
        client: WebClient,
        context: BoltContext,
    ) -> None:
        note = state_value(view["state"]["values"], "note")
        if not note or len(note) > RESOLUTION_LIMIT:
            ack(
                response_action="errors",
                errors={
                    "note": _("Say what was done, in at most {limit} characters.").format(
                        limit=i18n.number(RESOLUTION_LIMIT)
                    )
                },
            )
            return
        feedback_id = int(metadata(view).get("feedback_id", 0))
        project = _team_project(deps, body, context, feedback_id)
        if project is None:
            ack(response_action="errors", errors={"note": _not_team()})
            return
        ack()

        @deps.later(body, None, client)
        def finish() -> None:
            resolve(
                deps,
                client,
                project=project,
                feedback_id=feedback_id,
                user_id=body["user"]["id"],
                resolution=note,
            )

    app.command("/feedback")(handle_feedback)
    app.view(FEEDBACK_MODAL)(handle_feedback_submission)
    app.action(FEEDBACK_ACK)(handle_acknowledge)
    app.action(FEEDBACK_RESOLVE)(handle_resolve)
    app.view(RESOLVE_MODAL)(handle_resolve_submission)


def _acknowledge(
    deps: Deps,
    body: dict[str, Any],
    feedback_id: int,
    client: WebClient,
    context: BoltContext,
    respond: Respond,
) -> None:
    project = _team_project(deps, body, context, feedback_id)
    if project is None:
        respond(text=_not_team(), replace_original=False, response_type="ephemeral")
        return
    user_id = body["user"]["id"]
    if acknowledge(deps, client, project=project, feedback_id=feedback_id, user_id=user_id) is None:
        respond(
            text=_("Someone already picked this one up."),
            replace_original=False,
            response_type="ephemeral",
        )


def _open_resolve(
    deps: Deps,
    body: dict[str, Any],
    feedback_id: int,
    client: WebClient,
    context: BoltContext,
    respond: Respond,
) -> None:
    project = _team_project(deps, body, context, feedback_id)
    if project is None:
        respond(text=_not_team(), replace_original=False, response_type="ephemeral")
        return
    with session_scope(deps.engine) as session:
        feedback = get_feedback(session=session, feedback_id=feedback_id)
    if feedback is None or feedback.state == "resolved":
        respond(
            text=_("This feedback is resolved already."),
            replace_original=False,
            response_type="ephemeral",
        )
        return
    client.views_open(trigger_id=body["trigger_id"], view=build_resolve_modal(feedback))


def _team_project(
    deps: Deps, body: dict[str, Any], context: BoltContext, feedback_id: int
) -> Project | None:
    """The feedback's project, if the person clicking is on its team."""
    with session_scope(deps.engine) as session:
        feedback = get_feedback(session=session, feedback_id=feedback_id)
    if feedback is None:
        return None
    project, role = clicker_on_project(deps, body, context, feedback.project_id)
    return project if allowed(Act.TRIAGE_FEEDBACK, role) else None


def keywords() -> dict[str, tuple[str | None, str | None]]:
    """Every keyword of every language Rapport speaks (casefolded) → what it says. A word that
    means two things in two languages keeps its meaning in the first (English)."""
    found: dict[str, tuple[str | None, str | None]] = {}
    for language in i18n.languages():
        for message, meaning in KEYWORDS.items():
            said = i18n.translated_in(language, message, KEYWORD_CONTEXT)
            for word in said.split("|"):
                if word.strip():
                    found.setdefault(word.strip().casefold(), meaning)
    return found


def _guess_kind(text: str) -> tuple[str, str]:
    """(kind, urgency): up to two leading keywords, in any language and either order, say what
    the feedback is (`urgent question: …`, `紧急 需求：…`); `urgent` alone is an urgent problem,
    no keyword a request. The text itself is kept as typed."""
    known = keywords()
    kind: str | None = None
    urgency: str | None = None
    position = 0
    while (found := _KEYWORD.match(text, position)) is not None:
        meaning = known.get(found["word"].casefold())
        if meaning is None:
            break
        said_kind, said_urgency = meaning
        if (said_kind and kind) or (said_urgency and urgency):
            break  # a second kind is the start of the text: `problem problem solved`
        kind = kind or said_kind
        urgency = urgency or said_urgency
        position = found.end()
    if urgency == "urgent":
        return kind or "problem", "urgent"
    return kind or "request", "normal"


def _id(project: Project) -> int:
    assert project.id is not None
    return project.id
