"""OAuth mode through the real server: "Add to Slack" followed as a browser follows it, into two
workspaces of the stand-in that have the same channels and the same people; each is served
with its own stored token and never sees the other's projects; an uninstall or a revoked token
deletes what it should; a token about to expire is rotated."""

from __future__ import annotations

import html
import http.cookiejar
import json
import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from sqlalchemy import select
from sqlmodel import select as sqlmodel_select

from bot.app import build_scheduler
from bot.sandbox.client import SlackSender
from bot.sandbox.fake_slack import FakeSlack
from bot.sandbox.stack import SECOND_TEAM, OAuthStack, start_oauth_stack
from bot.sandbox.workspace import CLIENT, CLIENT2, CLIENT_CHANNEL, DEV, INTERNAL_CHANNEL, OWNER
from storage.db import session_scope
from storage.models import BOTS, INSTALLATIONS, OAUTH_STATES, Feedback
from storage.projects import project_by_name
from tests.conftest import Database
from tests.e2e.conftest import posts, setup_project, visible, wait_post

# Tokens sealed into unbounded columns, the unique constraints per workspace: both databases.
pytestmark = [pytest.mark.e2e, pytest.mark.postgres]
FIRST_TEAM = "T0AGENCY"


class _LoopbackIsSecure(http.cookiejar.DefaultCookiePolicy):
    """Browsers treat http://127.0.0.1 as a secure context: they keep and send the `Secure`
    cookie Bolt sets for the OAuth state there, as they would over HTTPS."""

    def return_ok_secure(self, cookie: http.cookiejar.Cookie, request: Any) -> bool:
        return urlparse(request.get_full_url()).hostname == "127.0.0.1" or bool(
            super().return_ok_secure(cookie, request)
        )


@dataclass
class Page:
    status: int
    url: str  # where the browser ended up, after redirects
    body: str


class Browser:
    """A person's browser: keeps cookies, follows redirects."""

    def __init__(self) -> None:
        jar = http.cookiejar.CookieJar(policy=_LoopbackIsSecure())
        self._opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def get(self, url: str) -> Page:
        try:
            with self._opener.open(url, timeout=10) as response:
                return Page(response.status, response.geturl(), response.read().decode())
        except urllib.error.HTTPError as error:
            return Page(error.code, error.geturl(), error.read().decode())


def install(stack: OAuthStack, team: str | None = None) -> Page:
    """Open the install page, press "Add to Slack", approve: the page Rapport shows at the end."""
    browser = Browser()
    page = browser.get(f"{stack.server.url}/slack/install" + (f"?team={team}" if team else ""))
    assert page.status == 200 and 'alt="Add to Slack"' in page.body, page.body
    link = html.unescape(re.search(r'<a href="([^"]+)"', page.body).group(1))  # type: ignore[union-attr]
    assert link.startswith(f"{stack.fake.url}/oauth/v2/authorize?")
    return browser.get(link)


@pytest.fixture
def oauth_stack(database: Database) -> Iterator[OAuthStack]:
    running = start_oauth_stack(database_url=database.url, engine=database.engine)
    yield running
    running.stop()


def _rows(stack: OAuthStack, table: Any) -> list[dict[str, Any]]:
    with stack.deps.engine.connect() as connection:
        return [dict(row) for row in connection.execute(select(table)).mappings()]


def told_to_reinstall(sender: SlackSender, fake: FakeSlack) -> bool:
    """A command from a workspace without an installation: Bolt says so through the
    response_url (and the bot does nothing else)."""
    reply = sender.command(OWNER, CLIENT_CHANNEL, "/project", "plan")
    assert reply.status == 200 and "Communication plan" not in reply.text
    return bool(
        fake.wait_for(
            lambda: any("reinstall" in e.text for e in fake.timeline if e.to_user == OWNER)
        )
    )


def _set_up(sender: SlackSender, fake: FakeSlack) -> None:
    reply = sender.command(OWNER, CLIENT_CHANNEL, "/project", "setup Acme Website")
    assert "*Acme Website* is set up" in reply.text, reply.text
    fake.wait_for(lambda: fake.calls_of("conversations.join"))


def test_two_workspaces_install_and_never_see_each_other(oauth_stack: OAuthStack) -> None:
    stack, second = oauth_stack, oauth_stack.second
    # Before any install, a request from a workspace gets Bolt's "not installed" answer.
    assert told_to_reinstall(stack.sender, stack.fake)

    done = install(stack)
    assert done.status == 200 and urlparse(done.url).path == "/slack/oauth_redirect"
    assert "Thank you!" in done.body
    assert install(stack, team=SECOND_TEAM).status == 200

    # Stored: one installation per workspace, its tokens sealed; each state used up.
    bots = {row["team_id"]: row for row in _rows(stack, BOTS)}
    assert set(bots) == {FIRST_TEAM, SECOND_TEAM}
    issued = {grant.team_id: token for token, grant in stack.fake.grants.items()}
    for team, row in bots.items():
        assert row["bot_token"] and "xox" not in row["bot_token"]
        assert row["bot_token"] != issued[team]
        assert row["bot_user_id"] == stack.fake.workspaces[team].bot_user_id
    assert {row["user_id"] for row in _rows(stack, INSTALLATIONS)} == {OWNER}
    assert _rows(stack, OAUTH_STATES) == []
    assert len(stack.fake.calls_of("oauth.v2.access")) == 2

    # The same channel id, the same people, the same project name: two projects.
    _set_up(stack.sender, stack.fake)
    _set_up(oauth_stack.second_sender, second)
    stack.sender.command(DEV, CLIENT_CHANNEL, "/status", "on-track 40% First agency's work")
    oauth_stack.second_sender.command(DEV, CLIENT_CHANNEL, "/status", "at-risk 70% Beta's work")
    first_list = stack.sender.command(DEV, CLIENT_CHANNEL, "/status", "list").text
    second_list = oauth_stack.second_sender.command(DEV, CLIENT_CHANNEL, "/status", "list").text
    assert "First agency's work" in first_list and "Beta's work" not in first_list
    assert "Beta's work" in second_list and "First agency's work" not in second_list

    # Each workspace's Slack calls carried its own token (the stand-in answers per token).
    assert len(stack.fake.calls_of("conversations.join")) == 1
    assert len(second.calls_of("conversations.join")) == 1
    # Ana's App Home in each workspace: that workspace's project alone.
    for sender, fake in ((stack.sender, stack.fake), (oauth_stack.second_sender, second)):
        sender.open_home(OWNER)
        home = json.dumps(fake.wait_for(partial(fake.homes.get, OWNER)))
        assert "1 project" in home and "Acme Website" in home

    # The scheduler posts each project with its workspace's token.
    planner = build_scheduler(stack.deps)
    with session_scope(stack.deps.engine) as session:
        projects = [
            project_by_name(session=session, name="Acme Website", team_id=team)
            for team in (FIRST_TEAM, SECOND_TEAM)
        ]
    for project in projects:
        assert project is not None
        client = planner.client_for(project)
        assert client is not None and client.auth_test()["team_id"] == project.team_id


def test_an_uninstall_deletes_the_installation_and_stops_the_workspace(
    oauth_stack: OAuthStack,
) -> None:
    stack, second = oauth_stack, oauth_stack.second
    install(stack)
    install(stack, team=SECOND_TEAM)
    _set_up(oauth_stack.second_sender, second)

    stack.oauth.uninstall(SECOND_TEAM)
    reply = oauth_stack.second_sender.event({"type": "app_uninstalled"})
    assert reply.status == 200
    assert {row["team_id"] for row in _rows(stack, BOTS)} == {FIRST_TEAM}
    assert {row["team_id"] for row in _rows(stack, INSTALLATIONS)} == {FIRST_TEAM}

    # The other workspace goes on; this one is told to reinstall, and nothing is posted for it.
    assert told_to_reinstall(oauth_stack.second_sender, second)
    _set_up(stack.sender, stack.fake)
    with session_scope(stack.deps.engine) as session:
        gone = project_by_name(session=session, name="Acme Website", team_id=SECOND_TEAM)
    assert gone is not None and build_scheduler(stack.deps).client_for(gone) is None


def test_a_revoked_bot_token_is_forgotten(oauth_stack: OAuthStack) -> None:
    stack = oauth_stack
    install(stack)
    _set_up(stack.sender, stack.fake)
    stack.oauth.uninstall(FIRST_TEAM)  # every token of the workspace revoked
    reply = stack.sender.event(
        {"type": "tokens_revoked", "tokens": {"oauth": [], "bot": [stack.fake.bot_user_id]}}
    )
    assert reply.status == 200
    assert _rows(stack, BOTS) == []
    assert told_to_reinstall(stack.sender, stack.fake)


def test_a_forged_or_replayed_redirect_installs_nothing(oauth_stack: OAuthStack) -> None:
    stack = oauth_stack
    forged = Browser().get(f"{stack.server.url}/slack/oauth_redirect?code=123.abc&state=made-up")
    assert forged.status == 400  # no state cookie: not the browser that began the install
    done = install(stack)
    assert done.status == 200
    query = parse_qs(urlparse(done.url).query)
    again = Browser().get(done.url)  # the same code and state, from another browser
    assert again.status == 400 and query["code"]
    assert len(_rows(stack, BOTS)) == 1


def test_a_token_about_to_expire_is_rotated_before_use(database: Database) -> None:
    stack = start_oauth_stack(
        database_url=database.url, engine=database.engine, token_rotation=True
    )
    try:
        stack.oauth.token_seconds = 3600  # within Bolt's 2 hours of rotation
        install(stack)
        stack.oauth.token_seconds = 12 * 3600  # Slack's: the next token lasts
        first = _rows(stack, BOTS)[0]
        assert first["bot_refresh_token"] and first["bot_token_expires_at"] is not None
        _set_up(stack.sender, stack.fake)  # the first request rotates the token
        grants = [call.get("grant_type") for call in stack.fake.calls_of("oauth.v2.access")]
        assert grants == [None, "refresh_token"]  # the install, then one rotation
        latest = max(_rows(stack, BOTS), key=lambda row: row["id"])
        assert latest["bot_token"] != first["bot_token"]
        # The refreshed token is the one that works: the answer came with it.
        reply = stack.sender.command(OWNER, CLIENT_CHANNEL, "/project", "plan")
        assert "Communication plan" in reply.text
    finally:
        stack.stop()


def test_praise_in_a_workspace_of_many_credits_its_team_and_not_its_clients(
    oauth_stack: OAuthStack,
) -> None:
    """Who is a client is asked of the project's workspace (its token), as in one workspace."""
    install(oauth_stack)
    setup_project(oauth_stack)
    oauth_stack.sender.command(
        CLIENT, CLIENT_CHANNEL, "/feedback", "praise: @ben and @eli fixed checkout in an hour!"
    )
    shared = wait_post(oauth_stack, INTERNAL_CHANNEL, "Praise for")
    assert f"<@{DEV}>" in shared.text and f"<@{CLIENT2}>" not in shared.text
    wait_post(oauth_stack, "D" + DEV[1:], "praised you")
    assert not [e for e in posts(oauth_stack, "D" + CLIENT2[1:]) if "praised you" in visible(e)]


def test_a_connected_workspace_is_served_only_where_one_project_owns_the_channel(
    oauth_stack: OAuthStack,
) -> None:
    """Dana's workspace has no Rapport: her command is served by the one installed workspace
    whose project uses the channel, and by none when two claim the same channel id."""
    install(oauth_stack)
    install(oauth_stack, team=SECOND_TEAM)
    setup_project(oauth_stack)
    reply = oauth_stack.sender.command(CLIENT, CLIENT_CHANNEL, "/feedback", "question: launch?")
    assert "FB-1" in reply.text
    _set_up(oauth_stack.second_sender, oauth_stack.second)  # the same channel id, elsewhere
    reply = oauth_stack.sender.command(CLIENT, CLIENT_CHANNEL, "/feedback", "question: again?")
    assert "FB-2" not in reply.text
    with session_scope(oauth_stack.deps.engine) as session:
        assert [f.number for f in session.exec(sqlmodel_select(Feedback))] == [1]
