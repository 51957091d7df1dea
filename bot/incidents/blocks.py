"""Block Kit for an incident as it happens: the notice in the client channel (its status line
edited as it moves), the team's alert, each update in the notice's thread, the owner's reminder,
the late-update warning, the receipts, the list.

Channel posts are built in the project's language, private words in the reader's; the caller
chooses with `i18n.speaking`. Times are on the project's clock, its zone named."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.incidents.labels import SEVERITY_LABELS
from bot.platform import i18n
from bot.platform.blocks import (
    Block,
    actions,
    button,
    context,
    fields,
    fit_message,
    header,
    label,
    section,
    user,
)
from bot.platform.i18n import _, duration
from bot.platform.text import clip, escape, one_line
from storage.models import Incident, IncidentUpdate
from storage.refs import incident_ref

INCIDENT_UPDATE = "incident_update"
INCIDENT_RESOLVE = "incident_resolve"
INCIDENT_REVIEW = "incident_review"
NOTICE_EVENT = "rapport_incident_notice"


def severity_label(severity: str) -> str:
    return label(SEVERITY_LABELS, severity)


def local_clock(at: datetime, timezone: str, now: datetime | None = None) -> str:
    """`2:30 PM` on the same day as `now`, `Fri, Nov 20, 2:30 PM` otherwise."""
    zone = ZoneInfo(timezone)
    local = at.astimezone(zone)
    if now is not None and now.astimezone(zone).date() == local.date():
        return i18n.clock(local)
    return i18n.moment(local)


def status_line(incident: Incident, timezone: str, now: datetime) -> str:
    """The notice's last line, edited at every update: what the client may expect next."""
    if incident.state == "resolved" and incident.resolved_at is not None:
        return _("✅ Resolved {time} ({timezone}), {taken} after it was declared.").format(
            time=local_clock(incident.resolved_at, timezone, now),
            timezone=timezone,
            taken=duration(incident.resolved_at - incident.declared_at),
        )
    assert incident.next_update_at is not None
    return _("🕑 Next update by {time} ({timezone}).").format(
        time=local_clock(incident.next_update_at, timezone, now), timezone=timezone
    )


def build_notice(incident: Incident, *, timezone: str, now: datetime) -> tuple[str, list[Block]]:
    """The notice in the client channel: what is affected, what is known, who is on it, when
    the next update comes; the team's buttons while it is open."""
    assert incident.id is not None
    ref = incident_ref(incident.number)
    state = _("Resolved") if incident.state == "resolved" else _("Investigating")
    blocks = [
        header(_("🚨 {ref}: {title}").format(ref=ref, title=one_line(incident.title))),
        fields(
            "*{}*\n{}".format(_("Severity"), severity_label(incident.severity)),
            "*{}*\n{}".format(_("State"), state),
            "*{}*\n{}".format(_("Who is on it"), user(incident.owner_id)),
            "*{}*\n{}".format(_("Declared"), local_clock(incident.declared_at, timezone, now)),
        ),
        section(
            "*{}*\n{}".format(
                _("What is known"),
                escape(clip(incident.known, 2500)) or _("We are looking into it now."),
            )
        ),
        context(status_line(incident, timezone, now)),
    ]
    if incident.state == "open":
        value = str(incident.id)
        blocks.append(
            actions(
                button(_("Post an update"), INCIDENT_UPDATE, value, style="primary"),
                button(_("Resolve…"), INCIDENT_RESOLVE, value),
                block_id=f"incident-{incident.id}",
            )
        )
    text = _("{ref} ({severity}): {title}. {status}").format(
        ref=ref,
        severity=incident.severity.upper(),
        title=escape(clip(one_line(incident.title), 200)),
        status=status_line(incident, timezone, now),
    )
    return text, fit_message(blocks)


def build_alert(
    incident: Incident, *, project_name: str, owner_ids: list[str], timezone: str, now: datetime
) -> tuple[str, list[Block]]:
    """The team's alert in its internal channel (or each owner's DM): owners mentioned, so a
    muted channel still rings."""
    line = _(
        "🚨 *{ref}* ({severity}) declared on *{project}* by {declarer}: {title}\n"
        "On it: {owner} · next update due by {time} ({timezone})."
    ).format(
        ref=incident_ref(incident.number),
        severity=severity_label(incident.severity),
        project=escape(project_name),
        declarer=user(incident.declared_by),
        title=escape(clip(one_line(incident.title), 500)),
        owner=user(incident.owner_id),
        time=local_clock(incident.next_update_at or now, timezone, now),
        timezone=timezone,
    )
    mentions = " ".join(user(o) for o in owner_ids)
    return f"{mentions} {line}".strip(), [section(line)]


def build_thread_update(
    update: IncidentUpdate, incident: Incident, *, was: str, timezone: str, now: datetime
) -> tuple[str, list[Block]]:
    """One update, in the notice's thread."""
    if update.severity != was:
        heading = _("*Update* from {person} · severity now {severity} (was {was})").format(
            person=user(update.author_id),
            severity=severity_label(update.severity),
            was=was.upper(),
        )
    else:
        heading = _("*Update* from {person}").format(person=user(update.author_id))
    quoted = escape(clip(update.text, 2500)).replace("\n", "\n>")
    blocks = [section(f"{heading}\n>{quoted}"), context(status_line(incident, timezone, now))]
    return _("Update on {ref}: {text}").format(
        ref=incident_ref(incident.number), text=escape(clip(one_line(update.text), 300))
    ), blocks


def build_reminder(
    incident: Incident, *, project_name: str, timezone: str
) -> tuple[str, list[Block]]:
    """To the incident's owner, when the next update is due (at any hour)."""
    assert incident.id is not None and incident.next_update_at is not None
    line = _(
        "⏰ The client of *{project}* expects an update on *{ref}* ({title}) by {time} "
        "({timezone}). Two lines are enough: what changed, what happens next."
    ).format(
        project=escape(project_name),
        ref=incident_ref(incident.number),
        title=escape(clip(one_line(incident.title), 200)),
        time=local_clock(incident.next_update_at, timezone),
        timezone=timezone,
    )
    buttons = actions(
        button(_("Post an update"), INCIDENT_UPDATE, str(incident.id), style="primary")
    )
    return _("Update due on {ref}").format(ref=incident_ref(incident.number)), [
        section(line),
        buttons,
    ]


def build_late_warning(
    incident: Incident, *, project_name: str, timezone: str, now: datetime
) -> tuple[str, list[Block]]:
    """To the owners when an update is late by more than its interval."""
    assert incident.next_update_at is not None
    line = _(
        "⚠️ *{ref}* on *{project}*: the update promised by {time} ({timezone}) is {late} late, "
        "and the client is waiting. {owner} is on it; `/incident update {ref} …` posts one."
    ).format(
        ref=incident_ref(incident.number),
        project=escape(project_name),
        time=local_clock(incident.next_update_at, timezone, now),
        timezone=timezone,
        late=duration(now - incident.next_update_at),
        owner=user(incident.owner_id),
    )
    return one_line(line), [section(line)]


def build_declared_receipt(incident: Incident, *, timezone: str, now: datetime) -> str:
    """The private answer to whoever declared it."""
    return _(
        "🚨 *{ref}* is declared. The client channel gets the notice now and the team is "
        "alerted; the next update is due by {time} ({timezone}), and {owner} will be reminded."
    ).format(
        ref=incident_ref(incident.number),
        time=local_clock(incident.next_update_at or now, timezone, now),
        timezone=timezone,
        owner=user(incident.owner_id),
    )


def build_updated_receipt(incident: Incident, *, timezone: str, now: datetime) -> str:
    return _(
        "Update posted in the thread of *{ref}*. The next one is due by {time} ({timezone})."
    ).format(
        ref=incident_ref(incident.number),
        time=local_clock(incident.next_update_at or now, timezone, now),
        timezone=timezone,
    )


def incident_line(incident: Incident, timezone: str, now: datetime) -> str:
    """`*INC-2* · 🟠 SEV2 · Checkout fails · on it @ana · next update by 2:30 PM`."""
    return _("*{ref}* · {severity} · {title} · on it {owner} · {status}").format(
        ref=incident_ref(incident.number),
        severity=severity_label(incident.severity),
        title=escape(clip(one_line(incident.title), 200)),
        owner=user(incident.owner_id),
        status=status_line(incident, timezone, now),
    )


def build_incident_list(
    incidents: list[Incident], *, project_name: str, timezone: str, now: datetime
) -> list[Block]:
    if not incidents:
        return [section(_("No open incident on *{project}*.").format(project=escape(project_name)))]
    lines = "\n".join(f"• {incident_line(i, timezone, now)}" for i in incidents[:20])
    title = _("*Open incidents on {project}*").format(project=escape(project_name))
    return [section(f"{title}\n{lines}")]


def build_incident_help() -> str:
    return _(
        "*`/incident`* tells the client at once when production breaks, and keeps them "
        "posted:\n"
        "• `/incident` — the form; or `/incident sev1 Checkout fails for card payments`\n"
        "• `/incident update [INC-2] [sev2] what changed` — in the notice's thread\n"
        "• `/incident resolve [INC-2] what was done` — the summary and timeline for the client\n"
        "• `/incident list` — open incidents\n"
        "Updates are due SEV1 every 30 minutes, SEV2 every 2 hours, SEV3 every working day "
        "unless `/project set incident-updates` says otherwise."
    )
