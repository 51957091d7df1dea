"""The stand-in's views.open and views.publish: modals (with their 3-second trigger_id) and the
App Home, checked against Slack's limits."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from bot.sandbox.fake_types import Entry, SlackError
from bot.sandbox.limits import check_home_view, check_view

if TYPE_CHECKING:
    from bot.sandbox.fake_slack import FakeSlack

from bot.sandbox.fake_api import TRIGGER_LIFETIME, json_field


def _views_open(fake: FakeSlack, params: dict[str, Any]) -> dict[str, Any]:
    trigger = str(params.get("trigger_id", ""))
    with fake._lock:
        born = fake._triggers.pop(trigger, None)
    if born is None:
        raise SlackError("invalid_trigger_id")
    if time.monotonic() - born > TRIGGER_LIFETIME:
        raise SlackError("expired_trigger_id")
    view = dict(json_field(params, "view") or {})
    if errors := check_view(view):
        raise SlackError("invalid_arguments", response_metadata={"messages": errors})
    view_id = f"V{next(fake._counter):08d}"
    view.update(
        id=view_id,
        hash=f"{int(time.time())}.{view_id}",
        state={"values": {}},
        team_id=fake.team_id,
        app_installed_team_id=fake.team_id,
    )
    with fake._lock:
        fake.views[view_id] = view
    fake.record(
        Entry(
            "modal",
            None,
            fake.bot_user_id,
            view.get("title", {}).get("text", ""),
            view.get("blocks", []),
            view=view,
        )
    )
    return {"view": view}


def _views_publish(fake: FakeSlack, params: dict[str, Any]) -> dict[str, Any]:
    """Replaces what the user's Home tab shows; kept in `fake.homes[user_id]`."""
    user_id = str(params.get("user_id", ""))
    if user_id not in fake.users:
        raise SlackError("user_not_found")
    view = dict(json_field(params, "view") or {})
    if errors := check_home_view(view):
        raise SlackError("invalid_arguments", response_metadata={"messages": errors})
    view_id = f"V{next(fake._counter):08d}"
    view.update(
        id=view_id,
        hash=f"{int(time.time())}.{view_id}",
        team_id=fake.team_id,
        app_installed_team_id=fake.team_id,
    )
    with fake._lock:
        fake.homes[user_id] = view
    fake.record(
        Entry(
            "home", None, fake.bot_user_id, "", view.get("blocks", []), to_user=user_id, view=view
        )
    )
    return {"view": view}


METHODS: dict[str, Callable[[FakeSlack, dict[str, Any]], dict[str, Any]]] = {
    "views.open": _views_open,
    "views.publish": _views_publish,
}
