"""The words of "Log this": the reference answered in the message's thread, the private word to
the client whose message became feedback, and the refusals."""

from __future__ import annotations

from bot.platform.blocks import user
from bot.platform.i18n import _


def build_thread_answer(ref: str, logged_by: str | None, what: str) -> str:
    """In the message's thread, for everyone there (the project's language). Whoever logged
    anonymous feedback (`logged_by` None) is not named."""
    if what == "feedback" and logged_by is None:
        return _("📌 Logged as feedback *{ref}*.").format(ref=ref)
    if what == "feedback":
        line = _("📌 Logged as feedback *{ref}* by {person}.")
    elif what == "risk":
        line = _("📌 Logged as risk *{ref}* by {person}.")
    else:
        line = _("📌 Proposed as change request *{ref}* by {person}.")
    return line.format(ref=ref, person=user(logged_by))


def build_client_note(ref: str, logged_by: str) -> str:
    """To the client whose message was logged as their feedback (their language)."""
    return _(
        "{person} logged your message as your feedback *{ref}*: the team answers it as if you "
        "had sent it with `/feedback`, and you will hear when it is resolved."
    ).format(person=user(logged_by), ref=ref)


def build_not_allowed(what: str) -> str:
    if what == "risk":
        return _(
            "Only the project team logs risks. If something here worries you, choose *Log as "
            "feedback* instead."
        )
    return _("Only people on this project can do that.")


def build_no_project() -> str:
    return _(
        "This channel belongs to no project, so there is nowhere to log this message. Log "
        "messages from a project's client or internal channel."
    )
