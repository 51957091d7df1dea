"""Block Kit for `/feedback`: the modal, the sender's receipt, the triage card, the resolution.

Built in the current language: the triage card, the overdue reminder and the resolution notice
are channel posts (build them in the project's language); the receipt and the notices to the
sender are theirs."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from babel.lists import format_list

from bot.feedback.labels import (
    feedback_state_label,
    kind_label,
    kind_word,
    urgency_label,
)
from bot.platform import i18n
from bot.platform.blocks import (
    Block,
    actions,
    button,
    context,
    fields,
    header,
    section,
    source_note,
    user,
)
from bot.platform.i18n import N_, _, duration, ngettext, pgettext
from bot.platform.text import clip, escape, one_line
from storage.models import Feedback
from storage.refs import feedback_ref

FEEDBACK_ACK = "feedback_ack"
FEEDBACK_RESOLVE = "feedback_resolve"


def local_time(moment: datetime, timezone: str) -> str:
    """`Tue, Nov 24, 12:14 PM (Europe/Berlin)` / `11月24日周二 12:14（Europe/Berlin）`: a
    moment on the project's clock, its zone named."""
    local = i18n.moment(moment.astimezone(ZoneInfo(timezone)))
    return _("{moment} ({timezone})").format(moment=local, timezone=timezone)


def people(user_ids: list[str]) -> str:
    """`<@A>, <@B>, and <@C>` / `<@A>、<@B>和<@C>`."""
    return format_list([user(u) for u in user_ids], locale=i18n.current()) if user_ids else ""


def state_word(state: str) -> str:
    """The state as a word inside a sentence or a notification: `acknowledged`."""
    words = {
        "open": pgettext("feedback state", "open"),
        "acknowledged": pgettext("feedback state", "acknowledged"),
        "resolved": pgettext("feedback state", "resolved"),
        "withdrawn": pgettext("feedback state", "withdrawn"),
    }
    return words.get(state, state)


def build_feedback_receipt(
    feedback: Feedback, *, owner_ids: list[str], timezone: str
) -> list[Block]:
    due = local_time(feedback.due_at, timezone)
    lines = [
        _("Thanks — your feedback is logged as *{ref}*.").format(ref=feedback_ref(feedback.number)),
        _("{people} will answer by {time}.").format(people=people(owner_ids), time=due)
        if owner_ids
        else _("The team will answer by {time}.").format(time=due),
    ]
    if feedback.author_id is None:
        lines.append(_("Sent anonymously: your name is not stored with it."))
    return [section("\n".join(lines))]


def build_feedback_card(feedback: Feedback, *, project_name: str, timezone: str) -> list[Block]:
    """The triage card in the internal channel; updated in place as the state changes."""
    assert feedback.id is not None
    ref = feedback_ref(feedback.number)
    title = _("*{ref}* · {kind} on *{project}* from {sender}").format(
        ref=ref,
        kind=kind_label(feedback.kind),
        project=escape(project_name),
        sender=user(feedback.author_id),
    )
    quoted = escape(clip(feedback.text, 2500)).replace("\n", "\n>")
    blocks = [
        section(f"{title}\n>{quoted}"),
        fields(
            "*{}*\n{}".format(_("Urgency"), urgency_label(feedback.urgency)),
            "*{}*\n{}".format(_("State"), feedback_state_label(feedback.state)),
        ),
    ]
    if (note := source_note(feedback.source_link, feedback.logged_by)) is not None:
        blocks.append(note)
    if feedback.state == "resolved":
        blocks.append(
            section(
                _("Resolved by {person}: {resolution}").format(
                    person=user(feedback.resolved_by),
                    resolution=escape(clip(feedback.resolution or "", 2000)),
                )
            )
        )
        return blocks
    if feedback.state == "withdrawn":
        return blocks  # nothing left to do
    if feedback.state == "acknowledged":
        blocks.append(
            context(_("Acknowledged by {person}").format(person=user(feedback.acknowledged_by)))
        )
    blocks.append(
        context(_("Answer due {time}").format(time=local_time(feedback.due_at, timezone)))
    )
    blocks.append(actions(*_triage_buttons(feedback), block_id=f"feedback-{feedback.id}"))
    return blocks


def _triage_buttons(feedback: Feedback) -> list[Block]:
    buttons = [button(_("Resolve…"), FEEDBACK_RESOLVE, str(feedback.id), style="primary")]
    if feedback.state == "open":
        buttons.insert(0, button(_("Acknowledge"), FEEDBACK_ACK, str(feedback.id)))
    return buttons


def card_text(feedback: Feedback) -> str:
    """The card's notification text: `FB-3 (problem, acknowledged)`."""
    return _("{ref} ({kind}, {state})").format(
        ref=feedback_ref(feedback.number),
        kind=kind_word(feedback.kind),
        state=state_word(feedback.state),
    )


def build_resolution_notice(feedback: Feedback) -> tuple[str, list[Block]]:
    """The message that closes the loop in the channel where the feedback was given. It names
    no sender: a complaint made privately stays private."""
    ref = feedback_ref(feedback.number)
    text = _("✅ Feedback {ref} ({kind}) is resolved.").format(
        ref=ref, kind=kind_word(feedback.kind)
    )
    done = _("*What was done:* {resolution}").format(
        resolution=escape(clip(feedback.resolution or "", 2000))
    )
    return text, [
        section(f"{text}\n{done}"),
        context(
            _("Resolved by {person} · more to say? `/feedback`").format(
                person=user(feedback.resolved_by)
            )
        ),
    ]


def build_resolved_for_sender(feedback: Feedback) -> str:
    said = _("✅ Your feedback *{ref}* is resolved: {resolution}\nThank you for raising it.")
    return said.format(
        ref=feedback_ref(feedback.number),
        resolution=escape(clip(feedback.resolution or "", 2000)),
    )


def build_acknowledged_notice(feedback: Feedback) -> str:
    return _("👀 {person} has picked up your feedback *{ref}* and is on it.").format(
        person=user(feedback.acknowledged_by), ref=feedback_ref(feedback.number)
    )


LIST_LIMIT = 15  # two blocks each, inside Slack's 50


def build_feedback_list(
    items: list[Feedback], *, project_name: str, timezone: str, now: datetime
) -> list[Block]:
    """Open feedback, oldest first, each with the same actions as its triage card."""
    if not items:
        return [
            section(
                _("Nothing open on *{project}*: every piece of feedback has an answer. 🎉").format(
                    project=escape(project_name)
                )
            )
        ]
    blocks: list[Block] = [
        header(
            _("Open feedback — {project} ({count})").format(
                project=project_name, count=i18n.number(len(items))
            )
        )
    ]
    for feedback in items[:LIST_LIMIT]:
        assert feedback.id is not None
        line = (
            _("*{ref}* · {kind} · {state} · {age} old · from {sender} · ⏰ *overdue*")
            if feedback.due_at <= now
            else _("*{ref}* · {kind} · {state} · {age} old · from {sender}")
        ).format(
            ref=feedback_ref(feedback.number),
            kind=kind_label(feedback.kind),
            state=feedback_state_label(feedback.state),
            age=duration(now - feedback.created_at),
            sender=user(feedback.author_id),
        )
        blocks.append(section(f"{line}\n>{escape(clip(one_line(feedback.text), 280))}"))
        blocks.append(actions(*_triage_buttons(feedback), block_id=f"feedback-list-{feedback.id}"))
    if len(items) > LIST_LIMIT:
        more = len(items) - LIST_LIMIT
        blocks.append(
            context(
                ngettext(
                    "…and {count} more, a newer one.", "…and {count} more, newer ones.", more
                ).format(count=i18n.number(more))
            )
        )
    blocks.append(
        context(
            _(
                "Answer targets in {timezone} · each card in the internal channel shows the "
                "same buttons"
            ).format(timezone=timezone)
        )
    )
    return blocks


def build_overdue_notice(feedback: Feedback, owner_ids: list[str], timezone: str) -> str:
    return (
        _(
            "⏰ {owners} *{ref}* ({kind}) from {sender} has had no answer since {since}; its "
            "target was {due}. `/feedback list` shows what is open."
        )
        .format(
            owners=" ".join(user(o) for o in owner_ids),
            ref=feedback_ref(feedback.number),
            kind=kind_word(feedback.kind),
            sender=user(feedback.author_id),
            since=local_time(feedback.created_at, timezone),
            due=local_time(feedback.due_at, timezone),
        )
        .replace("  ", " ")
        .strip()
    )


def build_feedback_help() -> str:
    """`/feedback help`: the form, the list, withdrawing, and the quick form's keywords in the
    reader's language (the words of every language are understood)."""

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


NOT_TEAM = N_("Only the project team can do that.")
