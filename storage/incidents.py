"""Incidents and their updates.

An incident moves open → resolved through `storage.transitions.move`, like feedback: each
update is a move from open to open (so an update after the resolution changes nothing) with its
line in the decision log."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session, col, select

from storage.driver_rows import DriverRows
from storage.driver_sql import period_params
from storage.models import Incident, IncidentUpdate, Project
from storage.projects import next_number
from storage.rows import IncidentRow
from storage.transitions import log, move

SEVERITIES = ("sev1", "sev2", "sev3")


def add_incident(
    *,
    session: Session,
    project: Project,
    severity: str,
    title: str,
    known: str,
    owner_id: str,
    declared_by: str,
    next_update_at: datetime,
    now: datetime,
) -> Incident:
    if severity not in SEVERITIES:
        raise ValueError(f"severity is one of {SEVERITIES}")
    assert project.id is not None
    incident = Incident(
        project_id=project.id,
        number=next_number(session=session, project=project, kind="incident"),
        severity=severity,
        declared_severity=severity,
        title=title,
        known=known,
        owner_id=owner_id,
        declared_by=declared_by,
        declared_at=now,
        next_update_at=next_update_at,
    )
    session.add(incident)
    session.flush()
    note = f"{severity}: {title}"
    log(session=session, row=incident, action="declared", from_state=None, actor_id=declared_by,
        now=now, note=note)  # fmt: skip
    return incident


def get_incident(*, session: Session, incident_id: int) -> Incident | None:
    return session.get(Incident, incident_id)


def incident_by_number(*, session: Session, project: Project, number: int) -> Incident | None:
    return session.exec(
        select(Incident).where(Incident.project_id == project.id, Incident.number == number)
    ).first()


def open_incidents(*, session: Session, project: Project) -> list[Incident]:
    return list(
        session.exec(
            select(Incident)
            .where(Incident.project_id == project.id, Incident.state == "open")
            .order_by(col(Incident.number))
        )
    )


def set_notice(
    *, session: Session, incident: Incident, channel_id: str, ts: str, now: datetime
) -> None:
    session.execute(
        update(Incident)
        .where(col(Incident.id) == incident.id)
        .values(notice_channel_id=channel_id, notice_ts=ts, noticed_at=now)
    )


def add_update(
    *,
    session: Session,
    incident: Incident,
    author_id: str,
    text: str,
    severity: str,
    next_update_at: datetime,
    now: datetime,
) -> IncidentUpdate | None:
    """None when the incident is resolved already (nothing is written then)."""
    if severity not in SEVERITIES:
        raise ValueError(f"severity is one of {SEVERITIES}")
    due = incident.next_update_at
    note = text if severity == incident.severity else f"{incident.severity} → {severity}: {text}"
    if not move(
        session=session,
        row=incident,
        to="open",
        starts_from=("open",),
        action="updated",
        actor_id=author_id,
        now=now,
        note=note,
        values={"severity": severity, "known": text, "next_update_at": next_update_at},
    ):
        return None
    assert incident.id is not None
    row = IncidentUpdate(
        incident_id=incident.id, author_id=author_id, text=text, severity=severity, due_at=due,
        at=now,
    )  # fmt: skip
    session.add(row)
    session.flush()
    return row


def resolve_incident(
    *, session: Session, incident: Incident, user_id: str, summary: str, now: datetime
) -> bool:
    """False when it was resolved already."""
    return move(
        session=session,
        row=incident,
        to="resolved",
        starts_from=("open",),
        action="resolved",
        actor_id=user_id,
        now=now,
        note=summary,
        values={
            "resolved_by": user_id,
            "resolved_at": now,
            "summary": summary,
            "next_update_at": None,
        },
    )


def record_review(
    *,
    session: Session,
    incident: Incident,
    user_id: str,
    cause: str,
    fix: str,
    prevention: str,
    now: datetime,
) -> bool:
    """The post-incident review, once: False when it was written already."""
    done = session.execute(
        update(Incident)
        .where(
            col(Incident.id) == incident.id,
            col(Incident.state) == "resolved",
            col(Incident.reviewed_at).is_(None),
        )
        .values(review_cause=cause, review_fix=fix, review_prevention=prevention, reviewed_at=now)
        .execution_options(synchronize_session=False)
    )
    session.refresh(incident)
    if getattr(done, "rowcount", 0) != 1:
        return False
    log(session=session, row=incident, action="reviewed", from_state="resolved", actor_id=user_id,
        now=now, note=cause)  # fmt: skip
    return True


def updates_of(*, session: Session, incident_id: int) -> list[IncidentUpdate]:
    return list(
        session.exec(
            select(IncidentUpdate)
            .where(IncidentUpdate.incident_id == incident_id)
            .order_by(col(IncidentUpdate.at), col(IncidentUpdate.id))
        )
    )


def updates_due(*, session: Session, now: datetime) -> list[Incident]:
    """Open incidents, on every project, whose next update was due by `now`."""
    return list(
        session.exec(
            select(Incident)
            .where(Incident.state == "open", col(Incident.next_update_at) <= now)
            .order_by(col(Incident.next_update_at))
        )
    )


def without_notice(*, session: Session, declared_before: datetime) -> list[Incident]:
    """Open incidents whose notice is not known to be posted (the process that declared them
    died before it could post, or Slack failed)."""
    return list(
        session.exec(
            select(Incident).where(
                Incident.state == "open",
                col(Incident.notice_ts).is_(None),
                col(Incident.declared_at) <= declared_before,
            )
        )
    )


def incidents_between(
    *, session: Session, project: Project, since: datetime, until: datetime
) -> list[IncidentRow]:
    """Declared or resolved in [since, until), or still open: what a digest or report shows."""
    params = period_params(session, project.id, since, until)
    return _BETWEEN.all(session, params)


_BETWEEN = DriverRows[IncidentRow](  # the digest's path reads it for every project
    IncidentRow,
    "FROM incident WHERE project_id = :project_id AND ((declared_at >= :since AND declared_at"
    " < :until) OR (resolved_at >= :since AND resolved_at < :until) OR (state = 'open' AND"
    " declared_at < :until)) ORDER BY number",
)


def updates_of_incidents(*, session: Session, incident_ids: list[int]) -> list[IncidentUpdate]:
    if not incident_ids:
        return []
    return list(
        session.exec(
            select(IncidentUpdate)
            .where(col(IncidentUpdate.incident_id).in_(incident_ids))
            .order_by(col(IncidentUpdate.at))
        )
    )


def incidents_of(*, session: Session, project: Project) -> list[Incident]:
    """Every incident of a project, by number (the export)."""
    return list(
        session.exec(
            select(Incident).where(Incident.project_id == project.id).order_by(col(Incident.number))
        )
    )


def open_incidents_on(*, session: Session, project_ids: list[int]) -> list[Incident]:
    """Open incidents on these projects, most severe first (the App Home)."""
    if not project_ids:
        return []
    return list(
        session.exec(
            select(Incident)
            .where(col(Incident.project_id).in_(project_ids), Incident.state == "open")
            .order_by(col(Incident.severity), col(Incident.declared_at))
        )
    )
