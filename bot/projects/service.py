"""The plan as its owners change it and everyone reads it: one change at a time, by an owner,
rescheduling the project's posts at once; the plan with its people; the decision log."""

from __future__ import annotations

from collections.abc import Callable

from sqlmodel import Session

from bot.platform.asking import Asking
from bot.platform.deps import Deps
from bot.platform.i18n import _, listing
from bot.platform.roles import Act, role_of
from bot.projects.blocks import no_project
from bot.projects.settings import apply_setting
from bot.projects.timing import PlanError
from storage.db import session_scope
from storage.events import latest_events
from storage.models import Event, Member, Project
from storage.projects import members, owners_of

# A change of the plan: applied to the stored project in an open unit of work, it answers in
# words, or raises PlanError saying what to type instead.
PlanChange = Callable[[Session, Project], str]


def change_plan(deps: Deps, asking: Asking, change: PlanChange) -> str:
    """Apply a change to the asking person's project if they own it, and reschedule its posts;
    the answer says what changed, or why nothing did."""
    if asking.project is None:
        return no_project()
    if not asking.may(Act.CHANGE_PLAN):
        ask = listing(f"<@{owner}>" for owner in owners(deps, asking.project))
        return _("Only the project's owners can change the plan: ask {owners}.").format(owners=ask)
    with session_scope(deps.engine) as session:
        project = session.get(Project, asking.project.id)
        if project is None:
            return no_project()
        try:
            answer = change(session, project)
        except PlanError as error:
            session.rollback()
            return str(error)
        session.add(project)
    assert project.id is not None
    deps.plan_changed(project.id)
    return answer


def set_in_plan(deps: Deps, asking: Asking, key: str, value: str) -> str:
    """`/project set KEY VALUE`: people named for the first time get the role Slack says they
    have (a guest or someone of another workspace is a client)."""

    def apply(session: Session, project: Project) -> str:
        def role_of_user(user_id: str) -> str:
            caller = deps.directory.caller(user_id, None)
            return role_of(
                session=session, project=project, caller=caller, home_team_id=asking.home_team_id
            )

        return apply_setting(
            session=session,
            project=project,
            key=key,
            value=value,
            now=deps.clock(),
            role_of_user=role_of_user,
        )

    return change_plan(deps, asking, apply)


def people_of(deps: Deps, project: Project) -> list[Member]:
    """Everyone named on the project: the plan lists them."""
    with session_scope(deps.engine) as session:
        return members(session=session, project=project)


def owners(deps: Deps, project: Project) -> list[str]:
    with session_scope(deps.engine) as session:
        return owners_of(session=session, project=project)


def decision_log(deps: Deps, project: Project, *, limit: int) -> list[Event]:
    """The latest entries, newest first."""
    with session_scope(deps.engine) as session:
        return latest_events(session=session, project=project, limit=limit)
