"""`/project set owner|team|client|approver`: who is who on a project."""

from __future__ import annotations

from collections.abc import Callable

from sqlmodel import Session

from bot.platform.blocks import user
from bot.platform.deps import Deps
from bot.platform.i18n import _, listing, ngettext, pgettext
from bot.platform.roles import role_for
from bot.platform.slack_ids import parse_user_ids
from bot.platform.text import escape
from bot.projects.timing import (
    PlanError,
)
from storage.db import session_scope
from storage.models import Project
from storage.projects import (
    approver_ids,
    correct_role,
    members,
    owners_of,
    set_approvers,
    set_member_role,
)

# The role of someone named approver before anyone has asked Slack who they are: approvers
# decide for the client, and a guess gives no more than a client may do.
GUESSED_ROLE = "client"


def role_word(role: str) -> str:
    """owner, team, client: a role as a word inside a sentence."""
    words = {
        "owner": pgettext("role", "owner"),
        "team": pgettext("role", "team"),
        "client": pgettext("role", "client"),
    }
    return words.get(role, role)


def set_role(session: Session, project: Project, role: str, value: str) -> str:
    user_ids, bad = parse_user_ids(value)
    if bad or not user_ids:
        raise PlanError(
            _(
                "Mention people with `@`, e.g. `/project set {role} @ana @li`. Not understood: "
                "{typed}."
            ).format(role=role, typed=escape(" ".join(bad)) or _("nothing given"))
        )
    owners = set(owners_of(session=session, project=project))
    if role != "owner" and owners and owners <= set(user_ids):
        raise PlanError(_("A project needs at least one owner: name another owner first."))
    for user_id in user_ids:
        set_member_role(session=session, project=project, user_id=user_id, role=role)
    people = listing(user(u) for u in user_ids)
    return ngettext(
        "{people} now has the role {role} on *{project}*.",
        "{people} now have the role {role} on *{project}*.",
        len(user_ids),
    ).format(people=people, role=role_word(role), project=escape(project.name))


def set_approvers_named(
    session: Session, project: Project, value: str, role_of_user: Callable[[str], str]
) -> str:
    """`approver @dana @eli` names who decides change requests; `approver none` lets any
    client decide again."""
    if value.strip().lower() in ("none", "off", "any client"):  # i18n: not shown (typed)
        set_approvers(session=session, project=project, user_ids=[], roles={})
        return _("No approvers named: any client member decides change requests.")
    user_ids, bad = parse_user_ids(value)
    if bad or not user_ids:
        raise PlanError(
            _(
                "Mention who decides change requests, e.g. `/project set approver @dana`, or "
                "`/project set approver none`. Not understood: {typed}."
            ).format(typed=escape(" ".join(bad)) or _("nothing"))
        )
    known = {m.user_id: m.role for m in members(session=session, project=project)}
    roles = {u: known.get(u) or role_of_user(u) for u in user_ids}
    set_approvers(session=session, project=project, user_ids=user_ids, roles=roles)
    named = listing(user(u) for u in approver_ids(session=session, project=project))
    return _("Change requests on *{project}* are decided by {people}.").format(
        project=escape(project.name), people=named
    )


def settle_guessed_roles(
    deps: Deps, project_id: int, user_ids: list[str], home_team_id: str | None
) -> None:
    """After the answer: ask Slack who each person given `GUESSED_ROLE` is, and make those of
    our own workspace who are no guests team members, unless their role changed meanwhile."""
    for user_id in user_ids:
        caller = deps.directory.caller(user_id, None, workspace=home_team_id)
        if caller.team_id is None:
            continue  # Slack did not say: the guess stands, until `/project set team` changes it
        role = role_for(None, caller, home_team_id)
        if role != GUESSED_ROLE:
            with session_scope(deps.engine) as session:
                correct_role(
                    session=session,
                    project_id=project_id,
                    user_id=user_id,
                    was=GUESSED_ROLE,
                    role=role,
                )
