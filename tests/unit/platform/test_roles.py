"""Who may do what: every action against every role, written out so a change of policy is a
change of this table too."""

from __future__ import annotations

import pytest

from bot.platform.roles import POLICY, Act, allowed

OWN, TEAM, CLI, NONE = "owner", "team", "client", None
ROLES = (OWN, TEAM, CLI, NONE)

# action → the roles that may do it (None: someone the project does not know).
EXPECTED: dict[Act, set[str | None]] = {
    Act.CHANGE_PLAN: {OWN},
    Act.POST_STATUS: {OWN, TEAM},
    Act.SEND_FEEDBACK: {OWN, TEAM, CLI},
    Act.TRIAGE_FEEDBACK: {OWN, TEAM},
    Act.OPEN_POLL: {OWN, TEAM},
    Act.VOTE: {CLI},
    Act.FOLLOW_UP_POLL: {OWN, TEAM},
    Act.ADD_RISK: {OWN, TEAM},
    Act.CLOSE_RISK: {OWN, TEAM},
    Act.SEE_INTERNAL_RISKS: {OWN, TEAM},
    Act.LIST_RISKS: {OWN, TEAM, CLI},
    Act.PROPOSE_CHANGE: {OWN, TEAM, CLI},
    Act.DECIDE_CHANGE: {CLI},
    Act.ASK_ABOUT_CHANGE: {OWN, TEAM, CLI},
    Act.LIST_CHANGES: {OWN, TEAM, CLI},
    Act.READ_LOG: {OWN, TEAM},
    Act.READ_REPORT: {OWN, TEAM},
    Act.EXPORT: {OWN},
    Act.MANAGE_EMAIL: {OWN},
    Act.ADD_TO_AGENDA: {OWN, TEAM},
    Act.RECORD_MINUTES: {OWN, TEAM},
    Act.CLOSE_ACTION_ITEM: {OWN, TEAM},
    Act.SEE_INTERNAL_ACTION_ITEMS: {OWN, TEAM},
    Act.OPEN_REVIEW: {OWN, TEAM},
    Act.ANSWER_REVIEW: {OWN, TEAM, CLI},
    Act.WRITE_REVIEW_NOTE: {OWN},
    Act.MANAGE_INCIDENT: {OWN, TEAM},
}


def test_every_action_has_a_rule_and_an_expectation() -> None:
    assert set(EXPECTED) == set(Act) == set(POLICY)


@pytest.mark.parametrize("action", list(Act))
@pytest.mark.parametrize("role", ROLES)
def test_each_role_against_each_action(action: Act, role: str | None) -> None:
    assert allowed(action, role) is (role in EXPECTED[action])


@pytest.mark.parametrize("role", ROLES)
def test_named_approvers_alone_decide_changes_whatever_their_role(role: str | None) -> None:
    named = role is not None
    assert allowed(Act.DECIDE_CHANGE, role, approver=True, approvers_named=True) is named
    assert allowed(Act.DECIDE_CHANGE, role, approver=False, approvers_named=True) is False


@pytest.mark.parametrize("action", [a for a in Act if a is not Act.DECIDE_CHANGE])
def test_being_an_approver_grants_nothing_else(action: Act) -> None:
    for role in ROLES:
        assert allowed(action, role, approver=True, approvers_named=True) is allowed(action, role)
