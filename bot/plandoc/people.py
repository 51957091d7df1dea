"""The sections on who takes part and with what: every person named on the project with their
role and what they answer for, and the tools."""

from __future__ import annotations

from bot.plandoc.facts import PlanFacts
from bot.plandoc.model import Bullets, Heading, Paragraph, Part, Table
from bot.platform.blocks import user
from bot.platform.i18n import _, pgettext
from bot.projects.timing import describe_response_target
from storage.models import Member

ROLE_ORDER = ("owner", "team", "client")


def role_name(role: str, approver: bool) -> str:
    names = {
        "owner": pgettext("role", "Owner"),
        "team": pgettext("role", "Team"),
        "client": pgettext("role", "Client"),
    }
    name = names.get(role, role)
    return _("{role}, approver").format(role=name) if approver else name


def duties(facts: PlanFacts, role: str, approver: bool) -> str:
    """What someone in this role answers for, on this project."""
    target = describe_response_target(facts.project.response_target)
    approvers_named = any(m.approver for m in facts.members)
    if role == "owner":
        said = _(
            "Keeps this plan; sees that feedback is answered within {target}; decides what "
            "changes after each review"
        ).format(target=target)
    elif role == "team":
        said = _("Posts status before each digest; answers the client's messages; logs risks")
    elif approvers_named:
        said = _("Reads the digest; gives feedback; answers polls and reviews")
    else:
        said = _(
            "Reads the digest; gives feedback; answers polls and reviews; decides change requests"
        )
    if approver and (role != "client" or approvers_named):
        said = _("{duties}; decides change requests").format(duties=said)
    return said


def participants(facts: PlanFacts) -> list[Part]:
    members = sorted(
        facts.members, key=lambda m: ROLE_ORDER.index(m.role) if m.role in ROLE_ORDER else 3
    )
    rows = [_row(facts, member) for member in members]
    rows += [
        (
            _("Anyone else from our workspace"),
            role_name("team", False),
            duties(facts, "team", False),
        ),
        (
            _("Guests and people of other organisations (Slack Connect)"),
            role_name("client", False),
            duties(facts, "client", False),
        ),
    ]
    return [
        Heading(2, _("Participants, roles and responsibilities")),
        Paragraph(
            _(
                "The owners change this plan; the team posts status and answers; the client "
                "reads, asks and decides."
            )
        ),
        Table((_("Who"), _("Role"), _("Responsible for")), tuple(rows)),
    ]


def _row(facts: PlanFacts, member: Member) -> tuple[str, str, str]:
    return (
        user(member.user_id),
        role_name(member.role, member.approver),
        duties(facts, member.role, member.approver),
    )


def tools(_facts: PlanFacts) -> list[Part]:
    return [
        Heading(2, _("Tools")),
        Bullets(
            (
                _("**Slack**: the channels above, this canvas and direct messages."),
                _(
                    "**Rapport's commands**: `/status` (the team's updates), `/feedback` (anyone), "
                    "`/risk` (risks and issues), `/change` (changes of scope), `/project plan` "
                    "(this plan), `/project report` (the team's figures), `/project log` (the "
                    "decision log)."
                ),
                _(
                    "**Exports**: `/project export` sends the owners every record as CSV files, "
                    "with this document in Markdown; the monthly report carries its charts."
                ),
            )
        ),
    ]
