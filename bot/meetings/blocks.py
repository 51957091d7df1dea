"""Status meetings as people read them: the plan's meetings, the minutes as posted, action items
(their lines, the reminder to their owner, the list with Close buttons). Pure builders, in the
current language; the agenda is in agenda_blocks.py."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, time

from bot.meetings.quick_form import describe_lead
from bot.platform import i18n
from bot.platform.blocks import (
    Block,
    actions,
    bullet_list,
    button,
    context,
    fit_message,
    header,
    section,
    user,
)
from bot.platform.i18n import _, ngettext
from bot.platform.text import clip, escape, one_line
from storage.models import ActionItem, Decision, Meeting, Minutes
from storage.refs import action_item_ref, decision_ref
from storage.rows import ActionItemRow

ACTION_ITEM_CLOSE = "action_item_close"
ITEM_TEXT = 300


def describe_meeting(meeting: Meeting, timezone: str) -> str:
    """`*Weekly status call* — every Tuesday 10:00 AM (Europe/Berlin)`."""
    return _("*{title}* — {when} ({timezone})").format(
        title=escape(clip(one_line(meeting.title), 150)),
        when=meeting_when(meeting),
        timezone=timezone,
    )


def meeting_when(meeting: Meeting) -> str:
    """`every Tuesday 10:00 AM`, `every 2 weeks on Tuesday 10:00 AM`: in the project's zone."""
    day = i18n.weekday(meeting.weekday)
    at = i18n.clock(time.fromisoformat(meeting.time))
    if meeting.every_weeks == 1:
        return _("every {weekday} {time}").format(weekday=day, time=at)
    return ngettext(
        "every {count} week on {weekday} {time}",
        "every {count} weeks on {weekday} {time}",
        meeting.every_weeks,
    ).format(count=meeting.every_weeks, weekday=day, time=at)


def build_meeting_list(
    meetings: list[Meeting], *, project_name: str, timezone: str, next_days: dict[int, date]
) -> tuple[str, list[Block]]:
    """`/project meetings`: each meeting, its next day and its agenda's lead."""
    title = _("Meetings — {project}").format(project=project_name)
    if not meetings:
        return title, [
            section(
                _(
                    "*{project}* has no recurring meeting. An owner adds one with "
                    "`/project set meeting tue 10:00 Weekly status call with Acme`."
                ).format(project=escape(project_name))
            )
        ]
    lines = []
    for meeting in meetings:
        parts = [describe_meeting(meeting, timezone)]
        if meeting.id in next_days:
            parts.append(_("next on {day}").format(day=i18n.day(next_days[meeting.id])))
        parts.append(
            _("agenda {lead} before").format(lead=describe_lead(meeting.agenda_lead_minutes))
        )
        lines.append(" · ".join(parts))
    blocks = [
        header(f"🗓️ {title}"),
        section(bullet_list(lines, limit=2900)),
        context(
            _(
                "Owners: `/project set meeting tue 10:00 Title` adds or changes one, "
                "`/project remove meeting tue 10:00` removes it."
            )
        ),
    ]
    return title, blocks


def action_item_line(item: ActionItemRow, *, today: date, link: str | None = None) -> str:
    """`A-2 Send the SSO metadata — @Dana · due Tue, Nov 24 (overdue)`, the reference linked
    to the minutes it comes from when there is a link."""
    ref = action_item_ref(item.number)
    named = f"<{link}|{ref}>" if link else ref
    lock = "🔒 " if item.visibility == "internal" else ""
    due = _("due {day}").format(day=i18n.day(item.due_on))
    if item.due_on < today:
        due = _("{due} (overdue)").format(due=due)
    elif item.due_on == today:
        due = _("due today")
    return _("{lock}{ref} {text} — {owner} · {due}").format(
        lock=lock,
        ref=named,
        text=escape(clip(one_line(item.text), ITEM_TEXT)),
        owner=user(item.owner_id),
        due=due,
    )


def action_items_section(
    items: Sequence[ActionItemRow], *, today: date, links: dict[int, str] | None = None
) -> str:
    """The open action items as one section's text, soonest due first: for the agenda and the
    weekly digest."""
    lines = [action_item_line(i, today=today, link=(links or {}).get(i.id or 0)) for i in items]
    head = _("*Action items*")
    return head + "\n" + bullet_list(lines, limit=2900 - len(head))


def build_minutes_post(
    minutes: Minutes, decisions: list[Decision], items: list[ActionItem], *, today: date
) -> tuple[str, list[Block]]:
    """The minutes as posted where they were recorded, in the project's language."""
    title = _("📝 Minutes — {meeting}, {day}").format(
        meeting=one_line(minutes.title), day=i18n.day(minutes.held_on)
    )
    blocks = [header(title), context(_("Recorded by {who}").format(who=user(minutes.recorded_by)))]
    if decisions:
        lines = [
            _("{ref} {text}").format(
                ref=decision_ref(d.number), text=escape(clip(one_line(d.text), 500))
            )
            for d in decisions
        ]
        head = _("*Decisions*")
        blocks.append(section(head + "\n" + bullet_list(lines, limit=2900 - len(head))))
    if items:
        blocks.append(section(action_items_section(items, today=today)))
    blocks.append(
        context(
            _(
                "Decisions are in the decision log (`/project log`); each action item's owner "
                "is reminded on its due date."
            )
        )
    )
    text = _("Minutes of {meeting}: {decisions}, {items}").format(
        meeting=escape(minutes.title),
        decisions=ngettext("{count} decision", "{count} decisions", len(decisions)).format(
            count=len(decisions)
        ),
        items=ngettext("{count} action item", "{count} action items", len(items)).format(
            count=len(items)
        ),
    )
    return text, fit_message(blocks)


def build_action_item_reminder(
    item: ActionItem, *, project_name: str, meeting: str, today: date, link: str | None
) -> tuple[str, list[Block]]:
    """The owner's reminder on the due date, with the Close button."""
    line = action_item_line(item, today=today, link=link)
    text = _("⏰ An action item of yours on *{project}* is due: {line}").format(
        project=escape(project_name), line=line
    )
    blocks = [
        section(text),
        context(_("From the minutes of *{meeting}*.").format(meeting=escape(meeting))),
        actions(button(_("Close"), ACTION_ITEM_CLOSE, str(item.id), style="primary")),
    ]
    return text, blocks


def build_closed_item(
    item: ActionItem, *, project_name: str, today: date, link: str | None
) -> tuple[str, list[Block]]:
    """The reminder once the item is closed: no button left to press."""
    line = action_item_line(item, today=today, link=link)
    text = _("✅ Closed by {who}: {line}").format(who=user(item.closed_by), line=line)
    return text, [section(text), context(escape(project_name))]


def build_action_item_list(
    items: list[ActionItem], *, project_name: str, today: date, may_close: set[int]
) -> list[Block]:
    """`/project actions`: open items, soonest due first; a Close button on those the reader
    may close."""
    title = _("Open action items — {project}").format(project=project_name)
    if not items:
        return [
            section(_("No open action items on *{project}*.").format(project=escape(project_name)))
        ]
    blocks: list[Block] = [header(title)]
    for item in items:
        line = action_item_line(item, today=today)
        if item.id in may_close:
            closing = button(_("Close"), ACTION_ITEM_CLOSE, str(item.id))
            blocks.append(section(line, accessory=closing))
        else:
            blocks.append(section(line))
    return fit_message(blocks)


def build_meetings_help() -> list[Block]:
    """The meetings' part of `/project help`."""
    return [
        section(
            _(
                "*Status meetings*\n"
                "• `/project set meeting tue 10:00 Weekly status call with Acme` — (owners) a "
                "recurring meeting; add `every 2 weeks`, or `agenda 2h` for the agenda 2 hours "
                "before (1 hour unless said)\n"
                "• `/project meetings` — the plan's meetings · `/project remove meeting tue "
                "10:00` — (owners)\n"
                "• `/project agenda add …` — (team) a point for the next agenda (`internal` "
                "first: the team's agenda only)\n"
                "• `/project minutes` — (team) after the meeting: decisions and action items\n"
                "• `/project actions` — open action items, with Close buttons"
            )
        )
    ]
