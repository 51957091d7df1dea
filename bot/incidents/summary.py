"""Block Kit for an incident after the fact: the resolution's summary and timeline for the
client, the post-incident review (asked of the owner, then shared), and the incident lines of
the digest, the monthly report, `/project report` and the App Home."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.incidents.blocks import INCIDENT_REVIEW, local_clock, severity_label
from bot.platform import i18n
from bot.platform.blocks import Block, actions, bullet_list, button, context, header, section
from bot.platform.i18n import _, duration, ngettext
from bot.platform.text import clip, escape, one_line
from storage.models import Incident, IncidentUpdate
from storage.refs import incident_ref
from storage.rows import IncidentRow

REVIEWED_SEVERITIES = ("sev1", "sev2")


@dataclass(frozen=True)
class Punctuality:
    """Whether the client heard on time: updates (and the resolution) by the time promised."""

    on_time: int
    promised: int
    first_notice: timedelta | None  # from the declaration to the notice in the client channel

    @property
    def late(self) -> int:
        return self.promised - self.on_time


def punctuality(incident: IncidentRow, updates: list[IncidentUpdate]) -> Punctuality:
    promised = [u for u in updates if u.due_at is not None]
    on_time = sum(1 for u in promised if u.due_at is not None and u.at <= u.due_at)
    first = incident.noticed_at - incident.declared_at if incident.noticed_at else None
    return Punctuality(on_time, len(promised), first)


def timeline(incident: Incident, updates: list[IncidentUpdate], timezone: str) -> list[str]:
    """Declared, the notice, each update (on time or how late), resolved: one line each."""

    def at(moment: datetime) -> str:
        return local_clock(moment, timezone, incident.declared_at)

    lines = [
        _("{time} Declared, {severity}").format(
            time=at(incident.declared_at), severity=severity_label(incident.declared_severity)
        )
    ]
    if incident.noticed_at is not None:
        lines.append(
            _("{time} First notice in this channel ({taken} after)").format(
                time=at(incident.noticed_at),
                taken=duration(incident.noticed_at - incident.declared_at),
            )
        )
    for update in updates:
        when = (
            _("on time")
            if update.due_at is None or update.at <= update.due_at
            else _("{late} late").format(late=duration(update.at - update.due_at))
        )
        lines.append(
            _("{time} Update ({when}): {text}").format(
                time=at(update.at), when=when, text=escape(clip(one_line(update.text), 300))
            )
        )
    if incident.resolved_at is not None:
        lines.append(_("{time} Resolved").format(time=at(incident.resolved_at)))
    return lines


def build_resolution(
    incident: Incident, updates: list[IncidentUpdate], *, timezone: str
) -> tuple[str, list[Block]]:
    """The summary in the client channel: what was done, the timeline, how long it took and
    whether updates came when promised."""
    assert incident.resolved_at is not None
    ref = incident_ref(incident.number)
    kept = punctuality(incident, updates)
    figures = _("Duration {taken} · updates on time: {on_time} of {promised}").format(
        taken=duration(incident.resolved_at - incident.declared_at),
        on_time=i18n.number(kept.on_time),
        promised=i18n.number(kept.promised),
    )
    blocks = [
        header(_("✅ {ref} resolved: {title}").format(ref=ref, title=one_line(incident.title))),
        section("*{}*\n{}".format(_("What was done"), escape(clip(incident.summary or "", 2500)))),
        section(
            _("*Timeline* ({timezone})\n{items}").format(
                timezone=timezone,
                items=bullet_list(timeline(incident, updates, timezone), limit=2700),
            )
        ),
        context(figures),
    ]
    if incident.severity in REVIEWED_SEVERITIES:
        blocks.append(
            context(_("A post-incident review (cause, fix, prevention) will follow here."))
        )
    text = _("{ref} is resolved: {title}").format(
        ref=ref, title=escape(clip(one_line(incident.title), 200))
    )
    return text, blocks


def build_review_request(incident: Incident, *, project_name: str) -> tuple[str, list[Block]]:
    """To the owner of a resolved SEV1 or SEV2: the review the client will read."""
    assert incident.id is not None
    line = _(
        "📝 *{ref}* on *{project}* is resolved. Please write the post-incident review: the "
        "cause, the fix and what prevents it from happening again. The client reads it in "
        "their channel."
    ).format(ref=incident_ref(incident.number), project=escape(project_name))
    return _("Post-incident review of {ref}").format(ref=incident_ref(incident.number)), [
        section(line),
        actions(button(_("Write the review"), INCIDENT_REVIEW, str(incident.id), style="primary")),
    ]


def build_review(incident: Incident) -> tuple[str, list[Block]]:
    """The review, shared in the client channel."""
    ref = incident_ref(incident.number)
    parts = (
        (_("Cause"), incident.review_cause),
        (_("Fix"), incident.review_fix),
        (_("Prevention"), incident.review_prevention),
    )
    blocks: list[Block] = [
        header(_("📝 Post-incident review — {ref}: {title}").format(
            ref=ref, title=one_line(incident.title)
        ))
    ]  # fmt: skip
    blocks += [
        section("*{}*\n{}".format(name, escape(clip(text or "", 2500)))) for name, text in parts
    ]
    return _("Post-incident review of {ref}").format(ref=ref), blocks


def incident_summary_line(incident: IncidentRow, timezone: str, now: datetime) -> str:
    """One line of the digest or a report: open, or resolved and how fast."""
    ref, title = incident_ref(incident.number), escape(clip(one_line(incident.title), 200))
    if incident.resolved_at is not None:
        return _("✅ *{ref}* {severity}: {title} · resolved in {taken}").format(
            ref=ref,
            severity=incident.severity.upper(),
            title=title,
            taken=duration(incident.resolved_at - incident.declared_at),
        )
    return _("🚨 *{ref}* {severity}: {title} · open since {time}").format(
        ref=ref,
        severity=incident.severity.upper(),
        title=title,
        time=local_clock(incident.declared_at, timezone, now),
    )


def incident_section(incidents: Sequence[IncidentRow], timezone: str, now: datetime) -> str:
    """`*Incidents*` and one line each: the digest's and the monthly report's section."""
    items = bullet_list([incident_summary_line(i, timezone, now) for i in incidents], limit=2800)
    count = ngettext("{count} incident", "{count} incidents", len(incidents)).format(
        count=i18n.number(len(incidents))
    )
    return _("*Incidents* ({count})\n{items}").format(count=count, items=items)


def incident_figures(incidents: Sequence[IncidentRow], updates: list[IncidentUpdate]) -> str:
    """`/project report`'s line: how many, how fast the client first heard, how punctual."""
    by_incident: dict[int, list[IncidentUpdate]] = {}
    for update in updates:
        by_incident.setdefault(update.incident_id, []).append(update)
    kept = [punctuality(i, by_incident.get(i.id or 0, [])) for i in incidents]
    notices = sorted(k.first_notice for k in kept if k.first_notice is not None)
    first = notices[len(notices) // 2] if notices else None
    return _(
        "*Incidents*: {count} ({sev1} SEV1) · median time to the first notice {first} · "
        "updates on time {on_time} of {promised}"
    ).format(
        count=i18n.number(len(incidents)),
        sev1=i18n.number(sum(1 for i in incidents if i.severity == "sev1")),
        first=duration(first),
        on_time=i18n.number(sum(k.on_time for k in kept)),
        promised=i18n.number(sum(k.promised for k in kept)),
    )
