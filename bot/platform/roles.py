"""Who someone is on a project, and what that lets them do: the one place roles are checked.

A stored Member row decides the role (owner, team or client). Without one: guests of our
workspace and people of another one (Slack Connect) are clients; everyone else is team.
Approver is not a role of its own but a mark on a member (`/project set approver`): when a
project names approvers, only they decide change requests; when it names none, any client does.
"""

from __future__ import annotations

from enum import StrEnum

from sqlmodel import Session

from bot.platform.people import Caller
from storage.models import Project
from storage.projects import member_role

TEAM_ROLES = ("owner", "team")
EVERYONE = frozenset(("owner", "team", "client"))
TEAM = frozenset(TEAM_ROLES)


class Act(StrEnum):
    """Everything a command or a button lets someone do on a project. The values name the acts
    in code and logs; people never read them."""

    # /project set (the language too), describe, pause, resume, plan post, plan document
    CHANGE_PLAN = "change the plan"  # i18n: not shown
    # /status in every form, its edit and delete buttons
    POST_STATUS = "post status"  # i18n: not shown
    SEND_FEEDBACK = "send feedback"  # i18n: not shown
    # /feedback list, Acknowledge, Resolve
    TRIAGE_FEEDBACK = "triage feedback"  # i18n: not shown
    OPEN_POLL = "open a poll"  # i18n: not shown
    # counted; anyone else's vote is answered "not counted"
    VOTE = "vote in a poll"  # i18n: not shown
    FOLLOW_UP_POLL = "follow up a poll"  # i18n: not shown
    ADD_RISK = "log a risk"  # i18n: not shown
    CLOSE_RISK = "close a risk"  # i18n: not shown
    SEE_INTERNAL_RISKS = "see internal risks"  # i18n: not shown
    LIST_RISKS = "list risks"  # i18n: not shown
    PROPOSE_CHANGE = "propose a change"  # i18n: not shown
    DECIDE_CHANGE = "decide a change"  # i18n: not shown
    ASK_ABOUT_CHANGE = "ask about a change"  # i18n: not shown
    LIST_CHANGES = "list changes"  # i18n: not shown
    READ_LOG = "read the decision log"  # i18n: not shown
    # /project report, the App Home dashboard
    READ_REPORT = "read the project's figures"  # i18n: not shown
    EXPORT = "export the project's data"  # i18n: not shown
    # /project set email add|remove|list: who receives the emails, and who unsubscribed
    MANAGE_EMAIL = "manage who receives emails"  # i18n: not shown
    # Status meetings: /project agenda add, /project minutes, the Close button of an action
    # item (its owner may close it too, whatever their role), the team's variant of lists
    ADD_TO_AGENDA = "add to a meeting's agenda"  # i18n: not shown
    RECORD_MINUTES = "record a meeting's minutes"  # i18n: not shown
    CLOSE_ACTION_ITEM = "close an action item"  # i18n: not shown
    SEE_INTERNAL_ACTION_ITEMS = "see internal action items"  # i18n: not shown
    # the communication review: `/project review`; answering it; the owners' improvement note
    OPEN_REVIEW = "open a communication review"  # i18n: not shown
    ANSWER_REVIEW = "answer a communication review"  # i18n: not shown
    WRITE_REVIEW_NOTE = "write the review's improvement note"  # i18n: not shown
    # /incident in every form, its Update, Resolve and review buttons
    MANAGE_INCIDENT = "manage an incident"  # i18n: not shown


POLICY: dict[Act, frozenset[str]] = {
    Act.CHANGE_PLAN: frozenset(("owner",)),
    Act.POST_STATUS: TEAM,
    Act.SEND_FEEDBACK: EVERYONE,
    Act.TRIAGE_FEEDBACK: TEAM,
    Act.OPEN_POLL: TEAM,
    Act.VOTE: frozenset(("client",)),
    Act.FOLLOW_UP_POLL: TEAM,
    Act.ADD_RISK: TEAM,
    Act.CLOSE_RISK: TEAM,
    Act.SEE_INTERNAL_RISKS: TEAM,
    Act.LIST_RISKS: EVERYONE,
    Act.PROPOSE_CHANGE: EVERYONE,
    Act.DECIDE_CHANGE: frozenset(("client",)),  # or the approvers, when the project names any
    Act.ASK_ABOUT_CHANGE: EVERYONE,
    Act.LIST_CHANGES: EVERYONE,
    Act.READ_LOG: TEAM,
    Act.READ_REPORT: TEAM,
    Act.EXPORT: frozenset(("owner",)),
    Act.MANAGE_EMAIL: frozenset(("owner",)),
    Act.ADD_TO_AGENDA: TEAM,
    Act.RECORD_MINUTES: TEAM,
    Act.CLOSE_ACTION_ITEM: TEAM,
    Act.SEE_INTERNAL_ACTION_ITEMS: TEAM,
    Act.OPEN_REVIEW: TEAM,
    Act.ANSWER_REVIEW: EVERYONE,
    Act.WRITE_REVIEW_NOTE: frozenset(("owner",)),
    Act.MANAGE_INCIDENT: TEAM,
}


def allowed(
    action: Act, role: str | None, *, approver: bool = False, approvers_named: bool = False
) -> bool:
    """May someone with this role (None: not on the project) do this?"""
    if role is None:
        return False
    if action is Act.DECIDE_CHANGE and approvers_named:
        return approver
    return role in POLICY[action]


def role_for(stored: str | None, caller: Caller, home_team_id: str | None) -> str:
    """The caller's role on a project, given their stored one (None: no Member row)."""
    if stored is not None:
        return stored
    if caller.is_guest:
        return "client"
    if caller.team_id and home_team_id and caller.team_id != home_team_id:
        return "client"
    return "team"


def role_of(*, session: Session, project: Project, caller: Caller, home_team_id: str | None) -> str:
    stored = member_role(session=session, project=project, user_id=caller.user_id)
    return role_for(stored, caller, home_team_id)
