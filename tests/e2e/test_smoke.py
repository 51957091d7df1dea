import pytest

from bot.sandbox.stack import Stack
from bot.sandbox.workspace import CLIENT_CHANNEL, OWNER
from tests.e2e.conftest import setup_project

pytestmark = pytest.mark.e2e


def test_setup_then_plan(stack: Stack) -> None:
    setup_project(stack)
    reply = stack.sender.command(OWNER, CLIENT_CHANNEL, "/project", "plan")
    assert "Communication plan" in reply.text
