"""The plan as its owners change it and everyone reads it: one change at a time, by an owner,
in the request's session (bot/platform/unit_of_work.py), rescheduling the project's posts once
it has committed; the plan with its people; the decision log."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from sqlmodel import Session

from bot.platform.asking import Asking, Later
from bot.platform.blocks import user
from bot.platform.deps import Deps
from bot.platform.i18n import _, alternatives
from bot.platform.roles import Act
from bot.projects.blocks import no_project
from bot.projects.membership import GUESSED_ROLE, settle_guessed_roles
from bot.projects.settings import apply_setting
from bot.projects.timing import PlanError
from storage.events import latest_events
from storage.models import Event, Member, Project
from storage.projects import members, owners_of, project_by_id, save_project

# A change of the plan: applied to the project loaded in the request's session, it answers in
# words, or raises PlanError saying what to type instead.
PlanChange = Callable[[Session, Project], str]


def change_plan(
    session: Session, deps: Deps, asking: Asking, later: Later, change: PlanChange
) -> str:
    """Apply a change to the asking person's project if they own it; its posts are rescheduled
    once the change has committed. The answer says what changed, or why nothing did."""
    if asking.project is None or asking.project.id is None:
        return no_project()
    if not asking.may(Act.CHANGE_PLAN):
        return _("Only the project's owners can change the plan: ask {owners}.").format(
            owners=ask_owners(session, asking.project)
        )
    # asking.project is a copy every request of this process reads: the change is made to the
    # project as this session loads it, and its new version makes every process read it again.
    project = project_by_id(session=session, project_id=asking.project.id)
    if project is None:
        return no_project()
    try:
        answer = change(session, project)
    except PlanError as error:
        session.rollback()  # nothing of a refused change stays, not even on the loaded project
        return str(error)
    save_project(session=session, project=project)
    later(partial(deps.plan_changed, asking.project.id))
    return answer


def set_in_plan(
    session: Session, deps: Deps, asking: Asking, later: Later, key: str, value: str
) -> str:
    """`/project set KEY VALUE`. An approver named for the first time is taken for a client
    until Slack, asked once the change has committed, says whether they are of the team."""
    guessed: list[str] = []

    def role_of_user(user_id: str) -> str:
        guessed.append(user_id)
        return GUESSED_ROLE

    def apply(session: Session, project: Project) -> str:
        return apply_setting(
            session=session,
            project=project,
            key=key,
            value=value,
            now=deps.clock(),
            role_of_user=role_of_user,
            actor_id=asking.user_id,
        )

    answer = change_plan(session, deps, asking, later, apply)
    if guessed and asking.project is not None and asking.project.id is not None:
        settle = partial(
            settle_guessed_roles, deps, asking.project.id, guessed, asking.home_team_id
        )
        later(settle)
    return answer


def ask_owners(session: Session, project: Project) -> str:
    """`<@A>, <@B>, or <@C>`: whom to ask, any one of the owners."""
    return alternatives(user(owner) for owner in owners_of(session=session, project=project))


def people_of(session: Session, project: Project) -> list[Member]:
    """Everyone named on the project: the plan lists them."""
    return members(session=session, project=project)


def decision_log(session: Session, project: Project, *, limit: int) -> list[Event]:
    """The latest entries, newest first."""
    return latest_events(session=session, project=project, limit=limit)
