"""A project's data as CSV files (and a README.txt that says how to read them).

Times are ISO 8601 in UTC (`2026-11-20T15:00:00Z`); the project's time zone is named in
README.txt. Text people typed is never left to be read as a formula by a spreadsheet: a cell
that begins with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`. Numbers the
export writes itself (a cost of -300.00, an NPS of -20) are left as they are.

Deleted status updates are left out (their authors took them back); README.txt says how many.
Anonymous feedback has an empty author and `anonymous` true; votes of anonymous polls have an
empty voter column, and the keyed hashes that told their voters apart are never read.

Languages: the files are data for spreadsheets and scripts, so their names, column headers and
the values Rapport writes (`on-track`, `closed`, `true`) are the same stable English format
whatever the project's or the reader's language; text people typed is kept as typed. Only
README.txt, which a person reads, is written in the language of whoever asked for the export
(English from the command line).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import datetime

from sqlmodel import Session

from bot.export.more_tables import incidents_csv, meetings_csv, response_times_csv
from bot.export.tables import (
    changes_csv,
    decision_log_csv,
    feedback_csv,
    iso,
    poll_results_csv,
    poll_votes_csv,
    risks_csv,
    status_updates_csv,
)
from bot.plandoc.files import Names, plan_files
from bot.platform import i18n
from bot.platform.i18n import N_, _, ngettext
from bot.projects.blocks import plan_language
from storage.export import ProjectRecords, project_records
from storage.models import (
    Project,
    utcnow,
)

PERIOD = N_("everything, all time")  # translated where it is said


def readme(project: Project, records: ProjectRecords, now: datetime) -> str:
    """How to read the files, in the reader's language; the file names stay as they are."""
    deleted = records.deleted_statuses
    files = (
        (
            "status_updates.csv",
            ngettext(
                "`/status` updates ({count} deleted by its author left out)",
                "`/status` updates ({count} deleted by their authors left out)",
                deleted,
            ).format(count=i18n.number(deleted)),
        ),
        ("feedback.csv", _("`/feedback`; anonymous feedback has no author")),
        ("decision_log.csv", _("every change of state of feedback, risks and changes")),
        ("poll_results.csv", _("one row per satisfaction poll: answers, average, NPS")),
        (
            "poll_votes.csv",
            _(
                "one row per vote; the voter (and the exact time) only for named polls: an "
                "anonymous vote keeps only its day"
            ),
        ),
        ("risks.csv", _("the risk and issue log")),
        ("changes.csv", _("change requests; cost is a number, in the project's currency")),
        (
            "response_times.csv",
            _("client messages and the team's first answer, in working hours"),
        ),
        ("communication_plan.md", _("the communication plan as it stands, in Markdown")),
        ("incidents.csv", _("`/incident`: each step, and whether updates came on time")),
        (
            "meetings.csv",
            _("each meeting's minutes: its decisions, and its action items with owner and state"),
        ),
    )
    return "\n".join(
        (
            _("Rapport export of the project {name}").format(name=project.name),
            _("Exported at {moment}. Period: {period}.").format(moment=iso(now), period=_(PERIOD)),
            "",
            _(
                "Times are ISO 8601 in UTC (the Z at the end). The project's time zone is "
                "{timezone}."
            ).format(timezone=project.timezone),
            _("People are Slack user ids (U…); an empty one means nobody, the bot, or anonymous."),
            "",
            *(f"{file:<24}{description}" for file, description in files),
            "",
            _("Text that begins with = + - or @ starts with ' so spreadsheets show it as text."),
            "",
        )
    )


def export_project(
    session: Session, project: Project, *, now: datetime | None = None, names: Names | None = None
) -> dict[str, bytes]:
    """File name → UTF-8 bytes (no byte-order mark), README.txt first, the communication plan
    last (in the project's language; `names` names the people it mentions, else their ids)."""
    records = project_records(session=session, project=project)
    texts = {
        "README.txt": readme(project, records, now or utcnow()),
        "status_updates.csv": status_updates_csv(records.statuses),
        "feedback.csv": feedback_csv(records.feedback),
        "decision_log.csv": decision_log_csv(records.events),
        "poll_results.csv": poll_results_csv(records.polls, records.votes),
        "poll_votes.csv": poll_votes_csv(records.polls, records.votes),
        "risks.csv": risks_csv(records.risks),
        "changes.csv": changes_csv(records.changes),
        "response_times.csv": response_times_csv(records.client_messages),
        "incidents.csv": incidents_csv(records.incidents, records.incident_updates),
        "meetings.csv": meetings_csv(records.meetings),
    }
    files = {name: text.encode("utf-8") for name, text in texts.items()}
    plan = plan_files(
        session, project, now=now or utcnow(), language=plan_language(project), names=names
    )
    return files | plan


def row_count(name: str, data: bytes) -> int | None:
    """Records in a CSV file (its header left out); None for a file that is not CSV."""
    if not name.endswith(".csv"):
        return None
    return sum(1 for _row in csv.reader(io.StringIO(data.decode("utf-8")))) - 1


def oversized(files: dict[str, bytes], limit: int) -> list[str]:
    return [name for name, data in files.items() if len(data) > limit]


def batches(names: Sequence[str], size: int) -> list[list[str]]:
    """Slack shares at most 10 files per files_upload_v2 call."""
    return [list(names[i : i + size]) for i in range(0, len(names), size)]
