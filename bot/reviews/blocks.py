"""Block Kit for the communication review: the message in the client channel with its button,
the results for the owners with the button for their improvement note, and the review's lines in
`/project report quarter`. The message is a channel post: build it in the project's language."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.platform import i18n
from bot.platform.blocks import (
    Block,
    actions,
    bullet_list,
    button,
    context,
    fields,
    header,
    section,
    user,
)
from bot.platform.i18n import _, ngettext
from bot.platform.text import clip, escape
from bot.reviews.answers import (
    CADENCE,
    QUESTIONS,
    USEFUL,
    ReviewResults,
    counted,
    headline,
    who_answered,
)
from storage.models import Review

REVIEW_ANSWER = "review_answer"
REVIEW_NOTE = "review_note"


def anonymity_note() -> str:
    return _(
        "🔒 Anonymous: nobody, the team and Rapport's operators included, can see who answered "
        "what."
    )


def build_review_message(
    review: Review, *, answers: int, figures: str, timezone: str
) -> tuple[str, list[Block]]:
    """The review as the channel sees it: what it asks, the period's figures beside it, and
    the button (or, once closed, its thanks)."""
    assert review.id is not None
    title = _("🗣️ How is our communication working?")
    if review.closed_at is not None:
        closed = ngettext(
            "This review is closed: {count} answered. Thank you!",
            "This review is closed: {count} answered. Thank you!",
            answers,
        ).format(count=i18n.number(answers))
        return f"{title} {closed}", [section(f"*{title}*"), context(closed)]
    questions = " · ".join(_(question) for question in QUESTIONS.values())
    closes = i18n.moment(review.closes_at.astimezone(ZoneInfo(timezone)))
    so_far = ngettext(
        "{note} · {count} answered so far · closes {closes}",
        "{note} · {count} answered so far · closes {closes}",
        answers,
    ).format(note=anonymity_note(), count=i18n.number(answers), closes=closes)
    return title, [
        header(title),
        section(
            _(
                "Once a quarter we ask the client and the team about the communication itself, "
                "not the work: *{questions}* It takes a minute; the team answers too."
            ).format(questions=questions)
        ),
        context(_("The last 13 weeks: {figures}").format(figures=figures)),
        actions(
            button(_("Answer the review"), REVIEW_ANSWER, str(review.id), style="primary"),
            block_id=f"review-{review.id}",
        ),
        context(so_far),
    ]


def _result_fields(results: ReviewResults) -> Block:
    return fields(
        _("*{question}*\n{counts}").format(
            question=_(QUESTIONS["cadence"]), counts=counted(CADENCE, results.cadence)
        ),
        _("*{question}*\n{counts}").format(
            question=_(QUESTIONS["useful"]), counts=counted(USEFUL, results.useful)
        ),
    )


def _changes(results: ReviewResults) -> str:
    said = [escape(clip(" ".join(text.split()), 400)) for text in results.changes]
    return _("*{question}*\n{answers}").format(
        question=_(QUESTIONS["change"]),
        answers=bullet_list(said, limit=2700) if said else _("Nobody wrote anything."),
    )


def build_review_results(
    results: ReviewResults, *, project_name: str, figures: str, owners: list[str]
) -> tuple[str, list[Block]]:
    """For the owners once the review closes: the answers, the period's figures, and the button
    that opens the form for what they will change."""
    title = _("Communication review of {project}: results").format(project=project_name)
    mentions = " ".join(user(owner) for owner in owners)
    return title, [
        header(f"🗣️ {title}"),
        section(
            _("{owners} {answered}: {headline}.").format(
                owners=mentions, answered=who_answered(results), headline=headline(results)
            )
        ),
        _result_fields(results),
        section(_changes(results)),
        context(_("The last 13 weeks: {figures}").format(figures=figures)),
        actions(
            button(
                _("Write the improvement note…"),
                REVIEW_NOTE,
                str(results.review_id),
                style="primary",
            )
        ),
        context(
            _(
                "The note goes in the plan document's evaluation and in `/project report "
                "quarter`. {anonymity}"
            ).format(anonymity=anonymity_note())
        ),
    ]


def build_review_report(results: ReviewResults, timezone: str) -> list[Block]:
    """The review's lines in `/project report quarter`: its answers and the owners' note."""
    when = i18n.day_and_year(
        (results.closed_at or results.opened_at).astimezone(ZoneInfo(timezone))
    )
    note = (
        _("*Improvement note* by {person}: {note}").format(
            person=user(results.note_by), note=escape(clip(results.note, 1500))
        )
        if results.note
        else _("*Improvement note*: not written yet.")
    )
    return [
        section(
            _("*Communication review* (closed {date}): {answered}; {headline}.").format(
                date=when, answered=who_answered(results), headline=headline(results)
            )
        ),
        _result_fields(results),
        section(_changes(results)),
        section(note),
    ]
