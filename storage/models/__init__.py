"""The tables. Times are timezone-aware UTC; a project's own timezone applies only on display.

One module per subject; every name is importable from here (`from storage.models import
Project`), migrations included (`storage.models.UTCDateTime`)."""

from storage.models.columns import UTCDateTime, table_of, utcnow
from storage.models.delivery import ClientMessage, JobRun, SeenRequest, TeamReply
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

__all__ = [
    "ChangeRequest",
    "ClientMessage",
    "Event",
    "Feedback",
    "JobRun",
    "Member",
    "Poll",
    "PollVote",
    "Project",
    "Review",
    "ReviewAnswer",
    "Risk",
    "SeenRequest",
    "StatusUpdate",
    "TeamReply",
    "UTCDateTime",
    "table_of",
    "utcnow",
]
