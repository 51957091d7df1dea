"""The sections on what can go wrong and how well it all works: the communication risks with
how Rapport answers each, and the evaluation (the figures Rapport tracks, this project's current
values against its targets, and the latest communication review with the owners' note)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.plandoc.facts import PlanFacts
from bot.plandoc.model import Heading, Paragraph, Part, Table, paragraphs
from bot.platform import i18n
from bot.platform.blocks import user
from bot.platform.i18n import _, ngettext
from bot.polls.scores import decimal
from bot.projects.timing import describe_reminder_time, describe_response_target
from bot.report import summary
from bot.responses.service import ALERT_AT
from bot.reviews.answers import headline, who_answered

# The plan's standing targets, beside the response target each project sets.
WITHIN_TARGET_GOAL = 0.9
SATISFACTION_GOAL = {"csat": 4.0, "nps": 30}
RESOLUTION_GOAL_DAYS = 5


def risks(facts: PlanFacts) -> list[Part]:
    project = facts.project
    target = describe_response_target(project.response_target)
    lead = project.reminder_lead_hours
    reminder = (
        ngettext(
            "Whoever has not posted gets one reminder {count} hour before it ({when}).",
            "Whoever has not posted gets one reminder {count} hours before it ({when}).",
            lead,
        ).format(count=lead, when=describe_reminder_time(project))
        if lead
        else _("Reminders are off: the owners chase the updates themselves.")
    )
    rows = (
        (_("No update before a digest"), reminder),
        (
            _("A client's message waiting"),
            _(
                "When it has waited {share} of the response target ({target}), the team gets one "
                "alert with a link to it."
            ).format(share=i18n.percent(ALERT_AT), target=target),
        ),
        (
            _("Feedback nobody picked up"),
            _("When it passes its answer target unacknowledged, the owners are reminded once."),
        ),
        (
            _("A high risk"),
            _("The owners are alerted at once; the digest shows it until it is closed."),
        ),
        (
            _("A change request left waiting"),
            _("Past the response target it is raised with the team in the internal digest."),
        ),
    )
    return [
        Heading(2, _("Communication risks")),
        Table((_("Risk"), _("How it is answered")), rows),
    ]


def evaluation(facts: PlanFacts) -> list[Part]:
    figures, project = facts.figures, facts.project
    kind = project.poll_kind
    satisfaction_goal = (
        _("CSAT {score} / 5 or more").format(score=decimal(SATISFACTION_GOAL["csat"]))
        if kind == "csat"
        else _("NPS +{score} or more").format(score=i18n.number(SATISFACTION_GOAL["nps"]))
    )
    rows = (
        (
            _("First response to the client"),
            _("within {target}").format(target=describe_response_target(project.response_target)),
            summary.first_response(figures),
        ),
        (
            _("Answered within target"),
            _("{share} or more").format(share=i18n.percent(WITHIN_TARGET_GOAL)),
            summary.within_target(figures),
        ),
        (_("Status before each digest"), _("every week"), summary.punctuality(figures)),
        (_("Satisfaction, poll by poll"), satisfaction_goal, summary.satisfaction(figures)),
        (
            _("Time to resolve feedback"),
            _("within {days} days").format(days=RESOLUTION_GOAL_DAYS),
            summary.feedback_resolution(figures),
        ),
    )
    return [
        Heading(2, _("Evaluation and improvement")),
        Paragraph(_("Rapport tracks these figures; “now” is the last 13 weeks, in working hours.")),
        Table((_("Measure"), _("Target"), _("Now")), rows),
        *_review(facts),
    ]


def _review(facts: PlanFacts) -> list[Part]:
    months = facts.project.review_every_months
    how = (
        _(
            "Every {count} months a short review asks the client and the team whether the cadence "
            "is right, whether the updates are useful and what should change; the owners answer "
            "with an improvement note, which appears here."
        ).format(count=months)
        if months
        else _(
            "Reviews of the communication are opened when the team asks for one "
            "(`/project review`); the owners' improvement note appears here."
        )
    )
    parts: list[Part] = [Heading(3, _("Communication review")), Paragraph(how)]
    results = facts.review
    if results is None:
        parts.append(Paragraph(_("No review has closed yet."), note=True))
        return parts
    closed = (results.closed_at or results.opened_at).astimezone(ZoneInfo(facts.project.timezone))
    parts.append(
        Paragraph(
            _("**Latest review** (closed {date}): {answered}; {headline}.").format(
                date=i18n.day_and_year(closed),
                answered=who_answered(results),
                headline=headline(results),
            )
        )
    )
    if results.note:
        parts.append(
            Paragraph(
                _("**What we will change**, by {person}:").format(person=user(results.note_by))
            )
        )
        parts += paragraphs(results.note)
    else:
        parts.append(Paragraph(_("The owners' improvement note is not written yet."), note=True))
    return parts
