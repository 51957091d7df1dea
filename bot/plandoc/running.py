"""The sections on how the plan runs: the channels and what goes where, the frequency and timing
of every scheduled post (in the project's zone), and what each contains."""

from __future__ import annotations

from bot.plandoc.facts import PlanFacts
from bot.plandoc.model import Bullets, Heading, Paragraph, Part, Table, typed
from bot.platform import i18n
from bot.platform.i18n import _, ngettext, pgettext
from bot.polls.scores import QUESTIONS
from bot.projects.timing import (
    clock_label,
    describe_reminder_time,
    describe_response_target,
    weekday_and_time,
)


def channels(facts: PlanFacts) -> list[Part]:
    project = facts.project
    both, team, alone = _("The client and the team"), _("The team"), _("Each person alone")
    rows = [
        (
            f"<#{project.client_channel_id}>",
            _(
                "The weekly digest, the monthly report, polls and reviews, change requests, "
                "feedback and its resolutions; questions any time"
            ),
            both,
        ),
        (
            _("This document: the channel's canvas"),
            _("The plan as it stands, a new version with every change"),
            both,
        ),
    ]
    if project.internal_channel_id:
        rows.append(
            (
                _("The team's internal channel"),
                _(
                    "The internal digest, feedback to triage, alerts: slow answers, high risks, "
                    "low scores"
                ),
                team,
            )
        )
    rows += [
        (
            _("Direct messages from Rapport"),
            _(
                "Reminders before the digest, private answers, exports; alerts to the owners "
                "when there is no internal channel"
            ),
            alone,
        ),
        (
            _("Rapport's App Home"),
            _("Each person's projects: health, open feedback, how fast clients hear back"),
            alone,
        ),
    ]
    return [
        Heading(2, _("Channels")),
        Paragraph(
            _(
                "Formal communication goes through these channels; informal conversation "
                "happens in the client channel, where every message is answered in time."
            )
        ),
        Table((_("Channel"), _("What goes there"), _("Who sees it")), tuple(rows)),
    ]


def frequency(facts: PlanFacts) -> list[Part]:
    project = facts.project
    digest = _("Every {when}").format(
        when=weekday_and_time(project.digest_weekday, project.digest_time)
    )
    if facts.next_digest is not None:
        digest = _("{when}; next {moment}").format(
            when=digest, moment=i18n.moment(facts.next_digest)
        )
    rows = [
        (_("Weekly digest"), digest),
        (_("Reminder to post status"), _reminder(facts)),
        (_("Status updates"), _("Any time during the week, with `/status`")),
        (_("Monthly report"), _report(facts)),
        (_("Satisfaction poll"), _poll(facts)),
        (_("Communication review"), _review(facts)),
        (
            _("Feedback and questions"),
            _("Any time; answered within {target}").format(
                target=describe_response_target(project.response_target)
            ),
        ),
    ]
    parts: list[Part] = [
        Heading(2, _("Frequency and timing")),
        Paragraph(_("Times are in {timezone}.").format(timezone=project.timezone)),
        Table((_("Communication"), _("When")), tuple(rows)),
    ]
    if project.paused_until is not None:
        parts.append(
            Paragraph(
                _("Paused until {date}: no scheduled posts until then.").format(
                    date=i18n.day_and_year(project.paused_until)
                )
            )
        )
    return parts


def _reminder(facts: PlanFacts) -> str:
    hours = facts.project.reminder_lead_hours
    if not hours:
        return pgettext("reminders", "Off")
    return ngettext(
        "{when}, {count} hour before the digest, to whoever has not posted",
        "{when}, {count} hours before the digest, to whoever has not posted",
        hours,
    ).format(when=describe_reminder_time(facts.project), count=hours)


def _report(facts: PlanFacts) -> str:
    if facts.project.report_time is None:
        return pgettext("monthly report", "Off")
    return _("The first working day of each month, {time}").format(
        time=clock_label(facts.project.report_time)
    )


def _poll(facts: PlanFacts) -> str:
    project = facts.project
    if not project.poll_every_weeks:
        return pgettext("polls", "Off")
    return ngettext(
        "Every week on the digest day, open {days} days",
        "Every {count} weeks on the digest day, open {days} days",
        project.poll_every_weeks,
    ).format(count=project.poll_every_weeks, days=project.poll_window_days)


def _review(facts: PlanFacts) -> str:
    months = facts.project.review_every_months
    if not months:
        return pgettext("reviews", "Off; `/project review` opens one")
    every = ngettext(
        "Every month, in its first week, on the digest day",
        "Every {count} months, in the first week, on the digest day",
        months,
    ).format(count=months)
    if facts.next_review is None:
        return every
    return _("{when}; next {moment}").format(when=every, moment=i18n.moment(facts.next_review))


def content(facts: PlanFacts) -> list[Part]:
    project = facts.project
    question = (
        typed(project.poll_question) if project.poll_question else _(QUESTIONS[project.poll_kind])
    )
    return [
        Heading(2, _("Content")),
        Bullets(
            (
                _(
                    "**Weekly digest**: health and progress, the week's highlights, next steps and "
                    "blockers, feedback received and resolved, risks and change requests. The "
                    "team's variant adds its internal notes."
                ),
                _(
                    "**Monthly report**: the month's progress with each week's health, response "
                    "times and satisfaction, with charts."
                ),
                _("**Satisfaction poll**: “{question}” Only the client's answers count.").format(
                    question=question
                ),
                _(
                    "**Communication review**: is the cadence right, are the updates useful, what "
                    "should change, beside the quarter's figures; the team answers too."
                ),
                _(
                    "**Feedback**: praise, problems, requests and questions, named or anonymous, "
                    "each with its reference (FB-n) and who answers by when."
                ),
                _(
                    "**Change requests**: what, why, and the impact on scope, schedule and cost, "
                    "decided by the client in the channel and kept in the decision log."
                ),
            )
        ),
    ]
