"""The tables. Times are timezone-aware UTC; a project's own timezone applies only on display.

One module per subject; every name is importable from here (`from storage.models import
Project`), migrations included (`storage.models.UTCDateTime`)."""

from storage.models.columns import UTCDateTime, table_of, utcnow
from storage.models.delivery import ClientMessage, JobRun, SeenRequest, TeamReply
from storage.models.email import EmailRecipient, EmailSend
from storage.models.incidents import Incident, IncidentUpdate, PraiseCredit
from storage.models.installations import BOTS, INSTALLATIONS, OAUTH_STATES
from storage.models.meetings import ActionItem, AgendaItem, Decision, Meeting, Minutes
from storage.models.plan import Member, Project
from storage.models.records import (
    ChangeRequest,
    Event,
    Feedback,
    Poll,
    PollVote,
    Risk,
    StatusUpdate,
)
from storage.models.reviews import Review, ReviewAnswer
from storage.models.time_off import TimeOff

__all__ = [
    "BOTS",
    "INSTALLATIONS",
    "OAUTH_STATES",
    "ActionItem",
    "AgendaItem",
    "Decision",
    "Meeting",
    "Minutes",
    "ChangeRequest",
    "ClientMessage",
    "EmailRecipient",
    "EmailSend",
    "Event",
    "Feedback",
    "Incident",
    "IncidentUpdate",
    "JobRun",
    "Member",
    "Poll",
    "PollVote",
    "PraiseCredit",
    "Project",
    "Review",
    "ReviewAnswer",
    "Risk",
    "SeenRequest",
    "StatusUpdate",
    "TeamReply",
    "TimeOff",
    "UTCDateTime",
    "table_of",
    "utcnow",
]
