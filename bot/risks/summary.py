"""The risk log's movement over a period, for one audience: what the weekly digest and the
monthly report say about risks and issues."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from storage.models import Project
from storage.risks import risks_for_digest, severity_rank
from storage.rows import RiskRow


@dataclass(frozen=True)
class RiskSummary:
    new: Sequence[RiskRow]
    still_open: Sequence[RiskRow]
    closed: Sequence[RiskRow]

    @property
    def is_empty(self) -> bool:
        return not (self.new or self.still_open or self.closed)


def summarise_risks(
    *, session: Session, project: Project, since: datetime, until: datetime, internal: bool
) -> RiskSummary:
    """What changed in the risk log over [since, until), for one audience."""
    risks = risks_for_digest(session=session, project=project, since=since, until=until)
    return split_risks(risks, since=since, until=until, internal=internal)


def split_risks(
    risks: Sequence[RiskRow], *, since: datetime, until: datetime, internal: bool
) -> RiskSummary:
    """Pure: the rows of `risks_for_digest` (by number) sorted into new, still open (highest
    severity first) and closed over [since, until); the client sees client-visible ones only."""
    shown = [r for r in risks if internal or r.visibility == "client"]
    new = [r for r in shown if since <= r.created_at < until]
    fresh = {r.id for r in new}
    still_open = [
        r for r in shown if r.state == "open" and r.id not in fresh and r.created_at < until
    ]
    return RiskSummary(
        new=new,
        still_open=sorted(still_open, key=lambda r: (severity_rank(r.severity), r.number)),
        closed=[r for r in shown if r.closed_at is not None and since <= r.closed_at < until],
    )
