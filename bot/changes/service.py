"""A change request from proposal to decision: stored, then put in front of the client in their
channel; decided once, by whoever the project says decides; announced to the team.

Each step here works in the request's session and commits with it (bot/platform/unit_of_work.py)
before Slack hears of it: what is posted, updated in place or told to the team follows the
acknowledgement (bot/changes/posting.py: `put_forward`, `post_question`, and the follow-up of
the `Outcome` a decision returns), so a retry cannot propose or decide twice. The answers these
functions return are for the person who acted, in their language.
"""

from __future__ import annotations

from datetime import datetime
from functools import partial

from babel.lists import format_list
from sqlmodel import Session

from bot.changes.blocks import decision_line
from bot.changes.forms import ChangeForm
from bot.changes.posting import Proposal, announce
from bot.platform import i18n
from bot.platform.asking import Asking, about
from bot.platform.blocks import user
from bot.platform.deps import Deps
from bot.platform.i18n import _
from bot.platform.listeners import FollowUp, Outcome
from bot.platform.roles import Act, allowed
from storage import changes as store
from storage.models import ChangeRequest, Project
from storage.projects import approver_ids, owners_of
from storage.refs import change_ref


def propose(
    session: Session, *, project: Project, proposer_id: str, form: ChangeForm, now: datetime
) -> Proposal:
    """Store it (`put_forward` shows it, after the commit)."""
    change = store.add_change(
        session=session,
        project=project,
        title=form.title,
        reason=form.reason,
        scope_impact=form.scope_impact,
        schedule_days=form.schedule_days,
        cost_cents=form.cost_cents,
        requested_by=form.requested_by,
        proposed_by=proposer_id,
        now=now,
    )
    return Proposal(
        change,
        approver_ids(session=session, project=project),
        owners_of(session=session, project=project),
    )


def decision_refusal(session: Session, decider: Asking) -> str | None:
    """Why this person may not decide on their project (the request's, `about`), or None
    when they may."""
    assert decider.project is not None
    project, user_id = decider.project, decider.user_id
    approvers = approver_ids(session=session, project=project)
    if allowed(
        Act.DECIDE_CHANGE,
        decider.role,
        approver=user_id in approvers,
        approvers_named=bool(approvers),
    ):
        return None
    if approvers:
        return _(
            "Only the project's approvers decide change requests: {approvers}. Ask a question "
            "instead, or ask an owner to `/project set approver @you`."
        ).format(approvers=format_list([user(a) for a in approvers], locale=i18n.current()))
    return _(
        "Change requests are decided by the client. If you have a concern, press *Ask a question*."
    )


def decide(
    deps: Deps,
    session: Session,
    change: ChangeRequest,
    decider: Asking,
    decision: str,
    note: str | None = None,
) -> Outcome:
    """Record the decision once, in the request's session, by `decider` on the request's
    project (`about`); after the commit the request is updated in place and the team told.
    The answer is for whoever decided (a second click learns who decided first)."""
    assert decider.project is not None
    project, user_id = decider.project, decider.user_id
    won = store.decide_change(
        session=session,
        change=change,
        decision=decision,
        user_id=user_id,
        note=note,
        now=deps.clock(),
    )
    if not won:
        return Outcome(_already(change, project))
    ref = change_ref(change.number)
    if decision == "approved":
        answer = _("You approved {ref}. The team is told, and the request shows your decision.")
    else:
        answer = _("You rejected {ref}. The team is told, and the request shows your decision.")
    return Outcome(answer.format(ref=ref), _announcement(deps, session, project, change))


def withdraw(
    deps: Deps, session: Session, *, project: Project, change: ChangeRequest, user_id: str
) -> Outcome:
    """Its proposer takes it back while it waits, in the request's session; after the commit
    the request says so in place and the team is told."""
    ref = change_ref(change.number)
    done = store.withdraw_change(session=session, change=change, user_id=user_id, now=deps.clock())
    if not done:
        if change.state != "pending":
            return Outcome(_already(change, project))
        return Outcome(
            _("Only {proposer}, who proposed {ref}, can withdraw it.").format(
                proposer=user(change.proposed_by), ref=ref
            )
        )
    answer = _("↩️ {ref} is withdrawn; the request in the channel says so.").format(ref=ref)
    return Outcome(answer, _announcement(deps, session, project, change))


def _announcement(
    deps: Deps, session: Session, project: Project, change: ChangeRequest
) -> FollowUp:
    """What follows a decision or a withdrawal once it has committed (`announce`), with its
    readers read now, in the request's session."""
    return partial(
        announce,
        deps,
        project=project,
        change=change,
        approvers=approver_ids(session=session, project=project),
        owners=owners_of(session=session, project=project),
    )


def note_question(
    session: Session, *, change: ChangeRequest, user_id: str, question: str, now: datetime
) -> None:
    """The question goes in the decision log with the request's session (`post_question`
    asks it in Slack after the commit)."""
    store.note_question(session=session, change=change, user_id=user_id, question=question, now=now)


def _already(change: ChangeRequest, project: Project) -> str:
    """For whoever clicked too late, in their language."""
    return _("{ref} is no longer waiting: {decision}").format(
        ref=change_ref(change.number), decision=decision_line(change, project.timezone)
    )


def change_with_asker(
    session: Session, asking: Asking, change_id: int
) -> tuple[ChangeRequest, Project, Asking] | None:
    """The request, its project, and whoever clicked as they are on that project, all in the
    request's session; None when the request (or its project) is gone."""
    change = store.get_change(session=session, change_id=change_id)
    if change is None:
        return None
    on_project = about(session, asking, change.project_id)
    if on_project.project is None:
        return None
    return change, on_project.project, on_project


def find_change(session: Session, project: Project, number: int) -> ChangeRequest | None:
    """CR-`number` of the project."""
    return store.change_by_number(session=session, project=project, number=number)


def every_change(session: Session, project: Project) -> list[ChangeRequest]:
    """`/change list`: every request, by number."""
    return store.list_changes(session=session, project=project)
