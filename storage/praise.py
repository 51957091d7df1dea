"""The team members a client's praise names, and the praise a month or a person received."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from storage.models import Feedback, PraiseCredit, Project, table_of

_CREDITS = table_of(PraiseCredit)
_CREDIT = {
    name: dialect.insert(_CREDITS).on_conflict_do_nothing(index_elements=["feedback_id", "user_id"])
    for name, dialect in (("postgresql", postgresql), ("sqlite", sqlite))
}


def credit_praise(
    *, session: Session, feedback: Feedback, user_ids: list[str], now: datetime
) -> None:
    """Name these team members in the praise (once each, however often asked)."""
    connection = session.connection()
    for user_id in user_ids:
        connection.execute(
            _CREDIT[connection.dialect.name],
            {"feedback_id": feedback.id, "project_id": feedback.project_id, "user_id": user_id,
             "at": now},
        )  # fmt: skip


def credited(*, session: Session, feedback_ids: list[int]) -> dict[int, list[str]]:
    """Feedback id → the team members its praise names, in the order they were credited."""
    if not feedback_ids:
        return {}
    found: dict[int, list[str]] = {}
    for credit in session.exec(
        select(PraiseCredit)
        .where(col(PraiseCredit.feedback_id).in_(feedback_ids))
        .order_by(col(PraiseCredit.id))
    ):
        found.setdefault(credit.feedback_id, []).append(credit.user_id)
    return found


def praise_between(
    *, session: Session, project: Project, since: datetime, until: datetime
) -> list[Feedback]:
    """The praise a project received in [since, until), oldest first."""
    return list(
        session.exec(
            select(Feedback)
            .where(
                Feedback.project_id == project.id,
                Feedback.kind == "praise",
                col(Feedback.created_at) >= since,
                col(Feedback.created_at) < until,
                col(Feedback.state) != "withdrawn",
            )
            .order_by(col(Feedback.created_at))
        )
    )


def praise_naming(
    *, session: Session, user_id: str, since: datetime, limit: int = 5
) -> list[tuple[Feedback, str]]:
    """The latest praise that names this person, on any project: (feedback, project name)."""
    rows = session.exec(
        select(Feedback, Project.name)
        .join(PraiseCredit, col(PraiseCredit.feedback_id) == col(Feedback.id))
        .join(Project, col(Project.id) == col(Feedback.project_id))
        .where(PraiseCredit.user_id == user_id, col(Feedback.created_at) >= since)
        .order_by(col(Feedback.created_at).desc())
        .limit(limit)
    )
    return [(feedback, name) for feedback, name in rows]
