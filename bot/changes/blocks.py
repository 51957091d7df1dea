"""Change requests as Block Kit: the form, the request the client decides on, the list.

The request and its notices are read in the channel they are posted in: build them inside
`i18n.speaking(<the project's language>)`. The form and the list are for whoever asked.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.changes.forms import NOTE_LIMIT
from bot.changes.impact import describe_cost, describe_days
from bot.platform import i18n
from bot.platform.blocks import (
    Block,
    actions,
    bullet_list,
    button,
    confirm_dialog,
    context,
    fields,
    fit_message,
    header,
    label,
    section,
    source_note,
    user,
)
from bot.platform.i18n import N_, _, alternatives, pgettext
from bot.platform.text import clip, escape, one_line
from storage.models import ChangeRequest
from storage.refs import change_ref
from storage.rows import ChangeRow

CHANGE_APPROVE, CHANGE_REJECT = "change_approve", "change_reject"

CHANGE_ASK, CHANGE_WITHDRAW = "change_ask", "change_withdraw"

STATE_LABELS = {
    "pending": N_("⏳ Waiting for a decision"),
    "approved": N_("✅ Approved"),
    "rejected": N_("❌ Rejected"),
    "withdrawn": N_("↩️ Withdrawn"),
}

# The notification text of the request, whole per state.
_NOTIFICATIONS = {
    "pending": N_("Change request {ref}: {title} — waiting for a decision"),
    "approved": N_("Change request {ref}: {title} — approved"),
    "rejected": N_("Change request {ref}: {title} — rejected"),
    "withdrawn": N_("Change request {ref}: {title} — withdrawn"),
}


def change_state_label(state: str) -> str:
    """`✅ Approved` / `✅ 已批准`, in the reader's language."""
    return label(STATE_LABELS, state)


def build_change_request(
    change: ChangeRequest, *, project_name: str, timezone: str, approver_ids: list[str]
) -> tuple[str, list[Block]]:
    """The message in the client channel: with the decision buttons while it is pending, with
    the outcome (and no buttons) afterwards. In the project's language."""
    assert change.id is not None
    ref = change_ref(change.number)
    days, cost = describe_days(change.schedule_days), describe_cost(change.cost_cents)
    blocks: list[Block] = [
        header(_("🔀 {ref}: {title}").format(ref=ref, title=change.title)),
        context(_("Change request on *{project}*").format(project=escape(project_name))),
        section(_("*Why*\n{reason}").format(reason=escape(clip(change.reason, 2900)))),
    ]
    if change.scope_impact:
        blocks.append(
            section(_("*Scope*\n{scope}").format(scope=escape(clip(change.scope_impact, 2900))))
        )
    blocks.append(
        fields(
            _("*Schedule*\n{days}").format(days=days),
            _("*Cost*\n{cost}").format(cost=cost),
            _("*Asked by*\n{person}").format(
                person=user(change.requested_by or change.proposed_by)
            ),
            _("*Proposed by*\n{person}").format(person=user(change.proposed_by)),
        )
    )
    if (note := source_note(change.source_link)) is not None:
        blocks.append(note)
    if change.state == "pending":
        blocks += _decision_buttons(change, approver_ids, days=days, cost=cost)
    else:
        blocks.append(section(decision_line(change, timezone)))
    text = _(_NOTIFICATIONS.get(change.state, _NOTIFICATIONS["pending"])).format(
        ref=ref, title=escape(one_line(change.title))
    )
    return text, fit_message(blocks)


def _decision_buttons(
    change: ChangeRequest, approver_ids: list[str], *, days: str, cost: str
) -> list[Block]:
    """Who decides, and the buttons: Approve (confirmed, since a name goes on the record),
    Reject, Ask a question, Withdraw."""
    ref, waiting = change_ref(change.number), change_state_label("pending")
    approve = pgettext("change decision", "Approve")
    confirm = confirm_dialog(
        _("Approve {ref}?").format(ref=ref),
        _("Schedule {days}, cost {cost}. Your name goes on the record.").format(
            days=days, cost=cost
        ),
        approve,
        _("Cancel"),
        style="primary",
    )
    return [
        context(
            _("{state} · decided by {deciders}").format(
                state=waiting, deciders=alternatives(user(u) for u in approver_ids)
            )
            if approver_ids
            else _("{state} · decided by any member of the client's team").format(state=waiting)
        ),
        actions(
            button(approve, CHANGE_APPROVE, str(change.id), style="primary", confirm=confirm),
            button(
                pgettext("change decision", "Reject"), CHANGE_REJECT, str(change.id), style="danger"
            ),
            button(_("Ask a question"), CHANGE_ASK, str(change.id)),
            button(pgettext("change decision", "Withdraw"), CHANGE_WITHDRAW, str(change.id)),
            block_id=f"change-{change.id}",
        ),
    ]


def decision_line(change: ChangeRow, timezone: str) -> str:
    """`*✅ Approved* by @dana on Thu, Nov 19, 2:05 PM (Europe/Berlin)`, and the decision's note
    quoted on the next line."""
    label = change_state_label(change.state)
    when = None
    if change.decided_at is not None:
        when = i18n.moment(change.decided_at.astimezone(ZoneInfo(timezone)))
    if change.state == "withdrawn":
        person = user(change.proposed_by)
        if when is None:
            return _("{state} by {person}").format(state=label, person=person)
        return _("{state} by {person} on {moment} ({zone})").format(
            state=label, person=person, moment=when, zone=timezone
        )
    person = user(change.decided_by)
    if when is None:
        line = _("*{state}* by {person}").format(state=label, person=person)
    else:
        line = _("*{state}* by {person} on {moment} ({zone})").format(
            state=label, person=person, moment=when, zone=timezone
        )
    if change.decision_note:
        line += f"\n>{escape(clip(one_line(change.decision_note), 1000))}"
    return line


def build_decision_notice(change: ChangeRequest, *, project_name: str, timezone: str) -> str:
    """For the internal channel: what the client decided. In the project's language."""
    return _("{ref} “{title}” on *{project}*: {decision}. Schedule {days}, cost {cost}.").format(
        ref=change_ref(change.number),
        title=escape(one_line(change.title)),
        project=escape(project_name),
        decision=decision_line(change, timezone),
        days=describe_days(change.schedule_days),
        cost=describe_cost(change.cost_cents),
    )


def build_proposal_notice(change: ChangeRequest, *, project_name: str, channel_id: str) -> str:
    """For the internal channel: a request went to the client, in `channel_id`. In the
    project's language."""
    return _(
        "🔀 {proposer} proposed {ref} “{title}” to the client of *{project}* (schedule {days}, "
        "cost {cost}) in <#{channel}>."
    ).format(
        proposer=user(change.proposed_by),
        ref=change_ref(change.number),
        title=escape(one_line(change.title)),
        project=escape(project_name),
        days=describe_days(change.schedule_days),
        cost=describe_cost(change.cost_cents),
        channel=channel_id,
    )


def build_question_post(change: ChangeRequest, *, asker_id: str, question: str) -> str:
    """The thread reply that starts the conversation under the request. In the project's
    language."""
    return _(
        "❓ {asker} asks about {ref}: {question}\n{proposer}, please answer in this thread."
    ).format(
        asker=user(asker_id),
        ref=change_ref(change.number),
        question=escape(clip(question, NOTE_LIMIT)),
        proposer=user(change.proposed_by),
    )


def build_change_list(changes: list[ChangeRequest], *, project_name: str) -> list[Block]:
    if not changes:
        return [
            section(
                _("No change requests on *{project}* yet. Propose one with `/change`.").format(
                    project=escape(project_name)
                )
            )
        ]
    approved = [c for c in changes if c.state == "approved"]
    pending = sum(1 for c in changes if c.state == "pending")
    items = [
        _("*{ref}* {state} · {title} · schedule {days} · cost {cost}").format(
            ref=change_ref(c.number),
            state=change_state_label(c.state),
            title=escape(clip(one_line(c.title), 120)),
            days=describe_days(c.schedule_days),
            cost=describe_cost(c.cost_cents),
        )
        for c in changes
    ]
    return [
        header(_("🔀 Change requests — {project}").format(project=project_name)),
        section(bullet_list(items, limit=2900)),
        fields(
            _("*Approved*\n{approved} of {total} ({waiting} waiting)").format(
                approved=i18n.number(len(approved)),
                total=i18n.number(len(changes)),
                waiting=i18n.number(pending),
            ),
            _("*Approved schedule impact*\n{days}").format(
                days=describe_days(sum(c.schedule_days for c in approved))
            ),
            _("*Approved cost impact*\n{cost}").format(
                cost=describe_cost(sum(c.cost_cents for c in approved))
            ),
        ),
    ]


# What a second decision is told, whole per state the request is in.
_DECIDED_ALREADY = {
    "approved": N_("{ref} is approved already; nothing more to decide."),
    "rejected": N_("{ref} is rejected already; nothing more to decide."),
    "withdrawn": N_("{ref} is withdrawn already; nothing more to decide."),
}


def decide_again_answer(change: ChangeRequest) -> str:
    answer = _DECIDED_ALREADY.get(change.state, _DECIDED_ALREADY["approved"])
    return _(answer).format(ref=change_ref(change.number))
