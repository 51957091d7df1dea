"""The plan document's outline, a list of sections in the order a client communication plan
is read: introduction, objectives, channels, frequency and timing, status meetings, content,
participants, tools, risks, evaluation, summary. Each section is a function of the facts
(bot/plandoc/facts.py) that returns its parts, heading first; `build_document` numbers them.

Built in the project's language (`i18n.speaking`): the document is the channel's."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from bot.plandoc.evaluation import evaluation, risks
from bot.plandoc.facts import PlanFacts
from bot.plandoc.meetings import meetings
from bot.plandoc.model import Bullets, Document, Heading, Paragraph, Part, paragraphs, typed
from bot.plandoc.people import participants, tools
from bot.plandoc.running import channels, content, frequency
from bot.platform import i18n
from bot.platform.blocks import user
from bot.platform.i18n import _, alternatives
from bot.projects.timing import describe_response_target, weekday_and_time

Section = Callable[[PlanFacts], list[Part]]


def introduction(facts: PlanFacts) -> list[Part]:
    project = facts.project
    parts: list[Part] = [
        Heading(2, _("Introduction")),
        Paragraph(
            _(
                "This plan says how the team and the client of **{project}** keep each other "
                "informed: where, when, what and who. Rapport runs it every day and keeps this "
                "document current."
            ).format(project=typed(project.name))
        ),
        Heading(3, _("Background")),
    ]
    parts += paragraphs(project.background) if project.background else [_unwritten()]
    parts.append(Heading(3, _("Goals")))
    parts += paragraphs(project.goal) if project.goal else [_unwritten()]
    return parts


def _unwritten() -> Paragraph:
    return Paragraph(_("Not written yet: the owners add it with `/project describe`."), note=True)


def objectives(facts: PlanFacts) -> list[Part]:
    target = describe_response_target(facts.project.response_target)
    return [
        Heading(2, _("Objectives of communication")),
        Paragraph(_("Communication on this project sets out to:")),
        _bullets(
            _("keep the client informed every week: progress, next steps and blockers;"),
            _("answer the client within {target};").format(target=target),
            _(
                "bring problems, risks and changes of scope into the open early, and decide them "
                "on the record;"
            ),
            _("measure how well all this works, and improve it every quarter."),
        ),
    ]


def summary(facts: PlanFacts) -> list[Part]:
    project = facts.project
    owners = [m.user_id for m in facts.members if m.role == "owner"] or [project.created_by]
    return [
        Heading(2, _("Summary")),
        Paragraph(
            _(
                "Every {when} the client gets the week in one digest; messages and feedback are "
                "answered within {target}; risks and changes are raised early and decided on the "
                "record; and every review asks how this works and changes what does not. "
                "Questions about this plan: ask {owners}, or type `/feedback` in the channel."
            ).format(
                when=weekday_and_time(project.digest_weekday, project.digest_time),
                target=describe_response_target(project.response_target),
                owners=alternatives(user(owner) for owner in owners),
            )
        ),
    ]


def _bullets(*items: str) -> Part:
    return Bullets(tuple(items))


# The sections in the order the document reads.
SECTIONS: list[Section] = [
    introduction,
    objectives,
    channels,
    frequency,
    meetings,
    content,
    participants,
    tools,
    risks,
    evaluation,
    summary,
]


def build_document(facts: PlanFacts, sections: Sequence[Section] = SECTIONS) -> Document:
    """The whole document, its sections numbered in order, in the current language."""
    parts: list[Part] = []
    for number, section in enumerate(sections, start=1):
        made = section(facts)
        if made and isinstance(made[0], Heading):
            made[0] = replace(made[0], text=f"{i18n.number(number)}. {made[0].text}")
        parts += made
    return Document(
        title=_("Communication plan — {project}").format(project=typed(facts.project.name)),
        version_line=version_line(facts),
        parts=parts,
    )


def version_line(facts: PlanFacts) -> str:
    """`Version 3 · published Fri, Nov 20, 2026 4:00 PM (Europe/Berlin) · …`."""
    local = facts.at.astimezone(facts.zone)
    if facts.version == 0:  # an export: the plan as it stands, between versions
        return _(
            "As it stands on {date} {time} ({timezone}) · kept current by Rapport in the "
            "client channel."
        ).format(
            date=i18n.day_and_year(local), time=i18n.clock(local), timezone=facts.project.timezone
        )
    return _(
        "Version {version} · published {date} {time} ({timezone}) · kept current by Rapport: a "
        "change of the plan is a new version of this document."
    ).format(
        version=i18n.number(facts.version),
        date=i18n.day_and_year(local),
        time=i18n.clock(local),
        timezone=facts.project.timezone,
    )
