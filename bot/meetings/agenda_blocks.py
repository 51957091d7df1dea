"""A meeting's agenda as Block Kit, the client's variant and the team's, in the current
language (the schedule builds it in the project's). Each line links to the message it comes
from, where there is one: a change request's post, a feedback card (the team's variant), the
minutes an action item was agreed in. Status updates and added items are typed as commands
and have no message to link to."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar
from zoneinfo import ZoneInfo

from bot.feedback.labels import feedback_state_label, kind_word
from bot.meetings.blocks import action_items_section
from bot.meetings.contents import Agenda
from bot.platform import i18n
from bot.platform.blocks import Block, bullet_list, context, fit_message, header, section, user
from bot.platform.i18n import _
from bot.platform.text import clip, escape, one_line
from bot.risks.labels import risk_level_label
from storage.models import AgendaItem, ChangeRequest, Feedback, Risk
from storage.refs import change_ref, feedback_ref, risk_ref
from storage.rows import StatusRow

Row = TypeVar("Row")
SECTION_ROOM = 2900


def build_agenda(agenda: Agenda) -> tuple[str, list[Block]]:
    """(notification text, blocks) for one audience."""
    zone = ZoneInfo(agenda.timezone)
    when = i18n.moment(agenda.starts_at.astimezone(zone))
    title = (
        _("🗓️ Agenda — {meeting} (team)") if agenda.internal else _("🗓️ Agenda — {meeting}")
    ).format(meeting=one_line(agenda.meeting_title))
    about = [
        _("{when} ({zone}) · {project}").format(
            when=when, zone=agenda.timezone, project=escape(agenda.project_name)
        )
    ]
    if agenda.late:
        about.append(_("posted late, after its planned time"))
    blocks: list[Block] = [header(title), context(" · ".join(about))]
    if agenda.is_empty:
        blocks.append(section(_("Nothing new since the last meeting: no updates, no open items.")))
    blocks += [section(text) for text in _sections(agenda) if text]
    if agenda.internal:
        hint = _(
            "Add a point: `/project agenda add …` · after the meeting: `/project minutes` "
            "records decisions and action items."
        )
    else:
        hint = _("Something to add? Tell the team with `/feedback` in this channel.")
    blocks.append(context(hint))
    text = _("Agenda of {meeting} on {when}").format(
        meeting=escape(agenda.meeting_title), when=when
    )
    return text, fit_message(blocks)


def _sections(agenda: Agenda) -> list[str]:
    links = agenda.links
    items = [
        _titled(_("*Updates since the last meeting*"), agenda.updates, _update_line),
        _titled(_("*Blockers*"), agenda.blockers, _blocker_line),
        _titled(_("*Open risks*"), agenda.risks, _risk_line),
        _titled(
            _("*Change requests waiting for a decision*"),
            agenda.changes,
            lambda c: _change_line(c, links.get(f"change:{c.id}")),
        ),
        _titled(
            _("*Open feedback*"),
            agenda.feedback,
            lambda f: _feedback_line(f, links.get(f"feedback:{f.id}"), agenda.internal),
        ),
        _titled(_("*Added by the team*"), agenda.added, _added_line),
    ]
    if agenda.action_items:
        action_links = {
            i.id or 0: links[f"action:{i.id}"]
            for i in agenda.action_items
            if f"action:{i.id}" in links
        }
        items.insert(
            5, action_items_section(agenda.action_items, today=agenda.today, links=action_links)
        )
    return items


def _titled(title: str, rows: list[Row], line: Callable[[Row], str]) -> str:
    if not rows:
        return ""
    return title + "\n" + bullet_list([line(row) for row in rows], limit=SECTION_ROOM - len(title))


def _linked(link: str | None, ref: str) -> str:
    return f"<{link}|{ref}>" if link else ref


def _lock(visibility: str) -> str:
    return "🔒 " if visibility == "internal" else ""


def _update_line(update: StatusRow) -> str:
    text = escape(clip(one_line(update.text), 300))
    return f"{_lock(update.visibility)}{text} — {user(update.author_id)}"


def _blocker_line(update: StatusRow) -> str:
    return f"{escape(clip(one_line(update.blockers), 300))} — {user(update.author_id)}"


def _risk_line(risk: Risk) -> str:
    said = _("{ref} {level}: {title}").format(
        ref=risk_ref(risk.number),
        level=risk_level_label(risk.severity),
        title=escape(clip(one_line(risk.title), 150)),
    )
    owner = f" — {user(risk.owner_id)}" if risk.owner_id else ""
    return f"{_lock(risk.visibility)}{said}{owner}"


def _change_line(change: ChangeRequest, link: str | None) -> str:
    return f"{_linked(link, change_ref(change.number))} {escape(clip(one_line(change.title), 200))}"


def _feedback_line(feedback: Feedback, link: str | None, internal: bool) -> str:
    """The team reads what was said; the client its reference, kind and state (anonymous
    feedback was sent privately: its words stay off the client channel)."""
    ref = _linked(link, feedback_ref(feedback.number))
    kind, state = kind_word(feedback.kind), feedback_state_label(feedback.state)
    if not internal:
        return _("{ref} ({kind}, {state})").format(ref=ref, kind=kind, state=state)
    return _("{ref} ({kind}, {state}): {text}").format(
        ref=ref, kind=kind, state=state, text=escape(clip(one_line(feedback.text), 200))
    )


def _added_line(item: AgendaItem) -> str:
    text = escape(clip(one_line(item.text), 300))
    return f"{_lock(item.visibility)}{text} — {user(item.author_id)}"
