"""The risk and issue log: risks of a project, their closing, and the periods the digest and the
monthly report look back on."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import case
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from storage.driver_rows import DriverRows
from storage.driver_sql import period_params
from storage.models import Project, Risk
from storage.projects import next_number
from storage.rows import RiskRow
from storage.transitions import log, move

LEVELS = ("high", "medium", "low")
VISIBILITIES = ("client", "internal")
_RANK = case({level: rank for rank, level in enumerate(LEVELS)}, value=col(Risk.severity), else_=9)


def add_risk(
    *,
    session: Session,
    project: Project,
    title: str,
    severity: str,
    likelihood: str,
    owner_id: str | None,
    mitigation: str,
    visibility: str,
    created_by: str,
    now: datetime,
) -> Risk:
    if severity not in LEVELS or likelihood not in LEVELS:
        raise ValueError(f"severity and likelihood are one of {LEVELS}")
    if visibility not in VISIBILITIES:
        raise ValueError(f"unknown visibility {visibility!r}")
    assert project.id is not None
    risk = Risk(
        project_id=project.id,
        number=next_number(session=session, project=project, kind="risk"),
        title=title,
        severity=severity,
        likelihood=likelihood,
        owner_id=owner_id,
        mitigation=mitigation,
        visibility=visibility,
        created_by=created_by,
        created_at=now,
    )
    session.add(risk)
    session.flush()
    log(session=session, row=risk, action="created", from_state=None, actor_id=created_by, now=now)
    return risk


def get_risk(*, session: Session, risk_id: int) -> Risk | None:
    return session.get(Risk, risk_id)


def risk_by_number(*, session: Session, project: Project, number: int) -> Risk | None:
    return session.exec(
        select(Risk).where(Risk.project_id == project.id, Risk.number == number)
    ).first()


def close_risk(
    *, session: Session, risk: Risk, user_id: str, note: str | None, now: datetime
) -> bool:
    """False when it was closed already: a second close (a double click, a retried request,
    two people at once) changes nothing."""
    return move(
        session=session,
        row=risk,
        to="closed",
        starts_from=("open",),
        action="closed",
        actor_id=user_id,
        now=now,
        note=note or None,
        values={"closed_by": user_id, "closed_at": now, "close_note": note or None},
    )


def open_risks(*, session: Session, project: Project, include_internal: bool) -> list[Risk]:
    """Open risks, highest severity first, then by number."""
    query = _of(project, include_internal).where(Risk.state == "open")
    return list(session.exec(query.order_by(_RANK, col(Risk.number))))


def risks_for_digest(
    *, session: Session, project: Project, since: datetime, until: datetime
) -> list[RiskRow]:
    """Every risk a digest or report of [since, until) may show, internal ones included, by
    number, in one query: those open now, and those opened or closed in the period."""
    params = period_params(session, project.id, since, until)
    return _FOR_DIGEST.all(session, params)


def severity_rank(severity: str) -> int:
    """The order of `open_risks`: high, medium, low, then anything else."""
    return LEVELS.index(severity) if severity in LEVELS else 9


def _of(project: Project, include_internal: bool) -> SelectOfScalar[Risk]:
    query = select(Risk).where(Risk.project_id == project.id)
    if not include_internal:
        query = query.where(Risk.visibility == "client")
    return query


_FOR_DIGEST = DriverRows[RiskRow](  # the digest's and the report's path: every project
    RiskRow,
    "FROM risk WHERE project_id = :project_id AND (state = 'open' OR (created_at >= :since AND"
    " created_at < :until) OR (closed_at >= :since AND closed_at < :until)) ORDER BY number",
)
