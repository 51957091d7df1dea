"""The message an item was logged from ("Log this"): its link, kept on the item."""

from __future__ import annotations

from sqlmodel import Session

from storage.models import ChangeRequest, Feedback, Risk


def keep_source(
    *,
    session: Session,
    row: Feedback | Risk | ChangeRequest,
    link: str | None,
    logged_by: str | None = None,
) -> None:
    """`logged_by`: the team member who logged a client's words as the client's feedback."""
    row.source_link = link[:300] if link else None
    if isinstance(row, Feedback) and logged_by is not None:
        row.logged_by = logged_by
    session.add(row)
    session.flush()
