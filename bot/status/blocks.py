"""Block Kit for `/status`: the modal, the author's receipt, the list, the help, and the
reminders before a digest (in the language of whoever reads them: see bot/status/reminders.py)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.platform import i18n
from bot.platform.blocks import (
    Block,
    actions,
    bullet_list,
    button,
    confirm_dialog,
    context,
    header,
    label,
    section,
    user,
)
from bot.platform.i18n import N_, _, listing
from bot.platform.text import clip, escape, one_line
from bot.status.quick_form import StatusDraft, spellings
from storage.models import Project, TimeOff
from storage.rows import StatusRow

HEALTH_LABELS = {
    "on-track": N_("🟢 On track"),
    "at-risk": N_("🟡 At risk"),
    "off-track": N_("🔴 Off track"),
}


def health_label(health: str | None) -> str:
    return label(HEALTH_LABELS, health, _("⚪ Not reported"))


def progress_label(progress: int | None) -> str:
    return "—" if progress is None else i18n.percent(progress / 100)


STATUS_EDIT = "status_edit"

STATUS_DELETE = "status_delete"
STATUS_OPEN = "status_open"  # the reminder's button: the form for its project


def build_status_receipt(
    update: StatusDraft, status_id: int, project_name: str, *, edited: bool = False
) -> list[Block]:
    """The author's receipt, with Edit and Delete: `update` as it was saved under `status_id`."""
    internal = update.visibility == "internal"
    if edited and internal:
        done = _("✅ Update edited to *{project}* — seen by the team only (internal).")
    elif edited:
        done = _("✅ Update edited to *{project}* — seen by client and team.")
    elif internal:
        done = _("✅ Update posted to *{project}* — seen by the team only (internal).")
    else:
        done = _("✅ Update posted to *{project}* — seen by client and team.")
    return [
        section(done.format(project=escape(project_name)) + "\n" + _summary(update)),
        actions(
            button(_("Edit"), STATUS_EDIT, str(status_id)),
            button(
                _("Delete"),
                STATUS_DELETE,
                str(status_id),
                style="danger",
                confirm=confirm_dialog(
                    _("Delete this update?"),
                    _("It leaves every list and digest."),
                    _("Delete"),
                    _("Cancel"),
                ),
            ),
        ),
    ]


def build_status_list(
    updates: Sequence[StatusRow], project_name: str, timezone: str
) -> list[Block]:
    if not updates:
        return [
            section(
                _(
                    "No updates on *{project}* in the last 7 days. "
                    "Post one with `/status on-track 50% what got done`."
                ).format(project=escape(project_name))
            )
        ]
    zone = ZoneInfo(timezone)
    items = [
        f"{i18n.moment(u.created_at.astimezone(zone))} · {user(u.author_id)} · "
        + ("🔒 " if u.visibility == "internal" else "")
        + _summary(u).replace("\n", " · ")
        for u in updates
    ]
    return [
        header(_("Updates — {project}").format(project=project_name)),
        section(bullet_list(items)),
        context(_("Last 7 days, newest first · times in {timezone}").format(timezone=timezone)),
    ]


def build_status_help() -> list[Block]:
    lines = [
        _("*Post a status update*"),
        _("• `/status` — open the form"),
        _(
            "• `/status [on-track|at-risk|off-track] [NN%] [internal] what got done "
            "[; next: …] [; blocked: …]`"
        ),
        _("   e.g. `/status at-risk 40% Sign-up done; next: payments; blocked: API keys`"),
        _("• `/status list` — this week's updates"),
        _("• `/status digest` — preview the weekly digest (only you see it)"),
        _("• `/status digest post` — post the digest to the client channel now"),
        _("• `/status remind off` / `on` — the weekly reminder, for you"),
        _(
            "• `/status away until 2026-12-10` (or `away from 2026-12-21 until 2027-01-03`) · "
            "`/status back` — your time off, on every project"
        ),
        _("`internal` keeps an update out of the client's digest."),
    ]
    # The keywords of every language work, mixed as one likes: list them all.
    every = " · ".join(" ".join(f"`{word}`" for word in words) for words in spellings().values())
    return [
        section("\n".join(lines)),
        context(_("The keywords work in every language: {keywords}").format(keywords=every)),
    ]


def _summary(update: StatusRow | StatusDraft) -> str:
    parts = [escape(clip(one_line(update.text), 400))]
    if update.health or update.progress is not None:
        parts.insert(0, f"{health_label(update.health)} · {progress_label(update.progress)}")
    if update.next_steps:
        steps = escape(clip(one_line(update.next_steps), 300))
        parts.append(_("Next: {steps}").format(steps=steps))
    if update.blockers:
        blockers = escape(clip(one_line(update.blockers), 300))
        parts.append(_("Blocked: {blockers}").format(blockers=blockers))
    return "\n".join(parts)


def _when(digest_at: datetime, timezone: str) -> str:
    """`Fri, Nov 27, 4:00 PM (Europe/Berlin)`: the project's clock, and which clock it is."""
    local = i18n.moment(digest_at.astimezone(ZoneInfo(timezone)))
    return _("{moment} ({timezone})").format(moment=local, timezone=timezone)


def build_reminder(project: Project, digest_at: datetime | None) -> tuple[str, list[Block]]:
    assert project.id is not None
    name = escape(project.name)
    if digest_at is not None:
        when = _when(digest_at, project.timezone)
        text = _("The weekly digest of {project} goes out {when}: add your update?").format(
            project=name, when=when
        )
        ask = _(
            "👋 The weekly digest of *{project}* goes out {when}, and there is nothing from you "
            "in it yet. Two lines are plenty: what got done, what is next."
        ).format(project=name, when=when)
    else:
        text = _("The weekly digest of {project} is due: add your update?").format(project=name)
        ask = _(
            "👋 The weekly digest of *{project}* is due, and there is nothing from you in it "
            "yet. Two lines are plenty: what got done, what is next."
        ).format(project=name)
    return text, [
        section(ask),
        actions(button(_("Post an update"), STATUS_OPEN, str(project.id), style="primary")),
        context(_("One reminder a week at most. `/status remind off` stops them for you.")),
    ]


def build_quiet_week_notice(
    project: Project, owner_ids: list[str], digest_at: datetime | None
) -> tuple[str, list[Block]]:
    name = escape(project.name)
    owners = listing(user(o) for o in owner_ids) or _("The owners")
    text = _("No status updates on {project} this week yet").format(project=name)
    if digest_at is not None:
        notice = _(
            "🤫 *No status updates on {project} this week yet.* The client digest goes out "
            "{when} and will say so. {owners}: a `/status` now keeps the client in the loop."
        ).format(project=name, when=_when(digest_at, project.timezone), owners=owners)
    else:
        notice = _(
            "🤫 *No status updates on {project} this week yet.* The client digest goes out "
            "soon and will say so. {owners}: a `/status` now keeps the client in the loop."
        ).format(project=name, owners=owners)
    return text, [section(notice)]


def build_reminders_answer(project_name: str, *, off: bool) -> str:
    """What `/status remind off|on` did."""
    if off:
        return _(
            "🔕 No more reminders from *{project}* for you. `/status remind on` brings them back."
        ).format(project=escape(project_name))
    return _("🔔 Reminders from *{project}* are on: at most one a week, in your hours.").format(
        project=escape(project_name)
    )


def build_away_answer(time_off: TimeOff, now: datetime) -> str:
    """What `/status away` did, for the person (in their language)."""
    first, last = i18n.day_and_year(time_off.first_day), i18n.day_and_year(time_off.last_day)
    if time_off.starts_at <= now:
        said = _(
            "🌴 You are away until {last} ({timezone}). On every project you are on, Rapport "
            "sends you no reminders, the digest says you are away, and feedback due meanwhile "
            "goes to another owner. `/status back` ends it early."
        )
    else:
        said = _(
            "🌴 You will be away from {first} until {last} ({timezone}). On every project you "
            "are on, Rapport will send you no reminders, the digest will say you are away, and "
            "feedback due meanwhile goes to another owner. `/status back` calls it off."
        )
    return said.format(first=first, last=last, timezone=time_off.timezone)


def build_back_answer(time_off: TimeOff | None) -> str:
    if time_off is None:
        return _("You are not marked away. `/status away until 2026-12-10` marks your time off.")
    return _(
        "👋 Welcome back: your time off until {last} is over, and reminders and feedback reach "
        "you again."
    ).format(last=i18n.day_and_year(time_off.last_day))
