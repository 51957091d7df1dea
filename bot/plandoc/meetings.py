"""The plan document's section on status meetings (bot/meetings/): each recurring meeting, when,
and how its agenda and minutes keep the client informed."""

from __future__ import annotations

from datetime import timedelta

from bot.meetings.blocks import meeting_when
from bot.plandoc.facts import PlanFacts
from bot.plandoc.model import Heading, Paragraph, Part, Table, typed
from bot.platform.i18n import _, duration


def meetings(facts: PlanFacts) -> list[Part]:
    parts: list[Part] = [Heading(2, _("Status meetings"))]
    if not facts.meetings:
        parts.append(
            Paragraph(
                _(
                    "No recurring meeting yet: an owner adds one with `/project set meeting tue "
                    "10:00 Weekly status call`."
                )
            )
        )
        return parts
    rows = tuple(
        (
            typed(meeting.title),
            _("{when}; its agenda {lead} before").format(
                when=meeting_when(meeting),
                lead=duration(timedelta(minutes=meeting.agenda_lead_minutes)),
            ),
        )
        for meeting in facts.meetings
    )
    parts += [
        Paragraph(
            _(
                "Times are in {timezone}. Before each meeting Rapport posts its agenda: the "
                "client's in the client channel, the team's in the internal channel. After it "
                "the team records the minutes (`/project minutes`): decisions go into the "
                "decision log, and each action item's owner is reminded on its due date."
            ).format(timezone=facts.project.timezone)
        ),
        Table((_("Meeting"), _("When")), rows),
    ]
    return parts
