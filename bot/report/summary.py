"""The figures said in a few words each, in the reader's language: for the communication
review's message and the plan document's evaluation, where a table of figures would be too
much."""

from __future__ import annotations

from bot.platform import i18n
from bot.platform.i18n import _, duration, ngettext
from bot.report.figures import ProjectFigures
from bot.report.figures_blocks import hours_or_dash, satisfaction_trend


def first_response(figures: ProjectFigures) -> str:
    """`median 40 working min`."""
    return _("median {time}").format(time=hours_or_dash(figures.responses.median_seconds))


def within_target(figures: ProjectFigures) -> str:
    """`85% (17 of 20)`, or a dash before any message could be judged."""
    responses = figures.responses
    if responses.within_target is None:
        return "—"
    return _("{share} ({count} of {total})").format(
        share=i18n.percent(responses.within_target),
        count=i18n.number(round(responses.within_target * responses.judged)),
        total=i18n.number(responses.judged),
    )


def punctuality(figures: ProjectFigures) -> str:
    """`11 of 13 weeks`: weeks with an update before that week's digest."""
    return ngettext(
        "{punctual} of {count} week", "{punctual} of {count} weeks", figures.digest_weeks
    ).format(punctual=i18n.number(figures.punctual_weeks), count=i18n.number(figures.digest_weeks))


def feedback_resolution(figures: ProjectFigures) -> str:
    """`median 1.5 days (4 resolved)`."""
    return ngettext(
        "median {duration} ({count} resolved)",
        "median {duration} ({count} resolved)",
        figures.feedback_resolved,
    ).format(
        duration=duration(figures.median_resolution), count=i18n.number(figures.feedback_resolved)
    )


def satisfaction(figures: ProjectFigures) -> str:
    return satisfaction_trend(figures.polls)


def figures_line(figures: ProjectFigures) -> str:
    """The period's figures in one line: first response, within target, punctuality,
    satisfaction."""
    return _(
        "First response {median}, {within} within target · status before the digest in "
        "{punctual} · satisfaction: {satisfaction}"
    ).format(
        median=first_response(figures),
        within=within_target(figures),
        punctual=punctuality(figures),
        satisfaction=satisfaction(figures),
    )
