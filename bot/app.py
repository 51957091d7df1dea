"""The composition root: what Rapport does when Slack calls (one Bolt app with every handler
module registered) and on its own clock (the scheduler with every feature's scheduled work)."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App, BoltContext, BoltRequest, BoltResponse
from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped
from slack_sdk import WebClient

from bot.changes.impact import parse_cost, parse_days
from bot.email.links import UNSUBSCRIBE_PATH
from bot.email.scheduled import digest_then_emails, report_then_emails, send_due_emails
from bot.email.unsubscribe import unsubscribe_page
from bot.feedback.overdue import remind_overdue
from bot.feedback.quick_form import guess_kind
from bot.incidents.reminders import remind_incidents
from bot.meetings.action_items import remind_action_items
from bot.meetings.agenda import AgendaSeries, catch_up_agendas
from bot.platform.deps import Deps, forget_unfinished_installs
from bot.platform.errors import handle_error
from bot.platform.i18n import warm_up_languages
from bot.platform.listeners import match_on_body
from bot.platform.middleware.asking import ResolveAsking
from bot.platform.middleware.malformed import RejectMalformed, problem_with, refusal
from bot.platform.slack_client import make_web_client
from bot.platform.unit_of_work import REQUEST_WORK, RequestWork, forget_old_deliveries
from bot.polls.results import close_due_polls
from bot.polls.service import open_scheduled_poll
from bot.responses.service import alert_slow_answers
from bot.reviews.closing import close_due_reviews
from bot.reviews.service import open_scheduled_review
from bot.risks.quick_form import parse_quick_risk
from bot.scheduling.runner import PlanScheduler, ScheduledWork
from bot.status.quick_form import parse_status
from bot.status.reminders import send_reminders
from handlers import (
    change,
    events,
    feedback,
    home,
    incident,
    meetings,
    messages,
    plan,
    polls,
    project,
    reviews,
    risk,
    shortcuts,
    status,
)

HANDLER_MODULES = (
    project,
    status,
    feedback,
    polls,
    risk,
    change,
    events,
    messages,
    home,
    meetings,
    plan,
    reviews,
    incident,
    shortcuts,
)
SCHEDULED_WORK = ScheduledWork(
    posts={
        "digest": digest_then_emails,  # the Slack posts, then the emails (bot/email/)
        "report": report_then_emails,
        "reminders": send_reminders,
        "poll": open_scheduled_poll,
        "review": open_scheduled_review,
    },
    every_sweep=(
        close_due_polls,
        close_due_reviews,
        forget_old_deliveries,
        send_due_emails,
        forget_unfinished_installs,
        catch_up_agendas,
        remind_action_items,
        remind_incidents,
    ),
    every_project=(remind_overdue, alert_slow_answers),
    series=(AgendaSeries(),),
)


class RapportApp(App):
    """Bolt's App with one unit of work around each request, over HTTP and Socket Mode alike
    (bot/platform/unit_of_work.py): the listener's writes and the claim of the delivery commit
    together, before the answer leaves; what follows the ack starts after."""

    def __init__(self, deps: Deps, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.deps = deps
        # Served beside /slack/events by bot/platform/web.py: pages for browsers.
        self.web_pages = {UNSUBSCRIBE_PATH: unsubscribe_page(deps)}

    def dispatch(self, req: BoltRequest) -> BoltResponse:
        work = RequestWork(self.deps)
        req.context[REQUEST_WORK] = work
        return work.finish(req.body, super().dispatch(req))


def _not_the_token_skipped_warning(record: logging.LogRecord) -> bool:
    """Bolt reads SLACK_BOT_TOKEN from the environment even when handed a client made from that
    same token, then warns at every start that it will not use it: noise, not news."""
    return record.getMessage() != warning_client_prioritized_and_token_skipped()


def build_app(deps: Deps) -> App:
    oauth = _oauth_options(deps)
    bolt_logger = logging.getLogger("rapport.bolt")
    bolt_logger.addFilter(_not_the_token_skipped_warning)  # once: addFilter keeps no doubles
    app = RapportApp(
        deps,
        client=make_web_client(deps.settings),
        # Without a secret (Socket Mode only) every HTTP request fails verification: 401.
        signing_secret=deps.settings.slack_signing_secret or "",
        # auth.test runs on the first request instead of at import time, so the app can be
        # built while Slack (or the stand-in) is not reachable yet.
        token_verification_enabled=False,
        # Bolt answers Slack when the listener returns instead of polling every 10 ms for ack():
        # listeners acknowledge first and hand what follows to deps.later (a thread pool).
        process_before_response=True,
        logger=bolt_logger,
        **oauth,
    )
    if oauth:  # an uninstall or a revoked token deletes the installation's tokens
        app.enable_token_revocation_listeners()
    else:
        events.register_single_workspace(app)
    app.use(RejectMalformed())
    app.use(ResolveAsking(deps))  # `asking`, `deps`, `session` and `later` for every listener

    def on_error(
        error: Exception,
        body: dict[str, Any],
        respond: Any,
        client: WebClient,
        context: BoltContext,
        response: BoltResponse | None,
    ) -> BoltResponse | None:
        # Bolt's own middleware runs before RejectMalformed and may trip over a malformed body
        # first: that is a bad request, not a failure of ours.
        if response is not None and (problem := problem_with(body)) is not None:
            return refusal(problem)
        if (work := context.get(REQUEST_WORK)) is not None:
            work.failed = error  # what the listener wrote is undone, the delivery left unclaimed
        return handle_error(error, body, respond, client, deps.metrics, response)

    app.error(on_error)
    for module in HANDLER_MODULES:
        module.register(app)
    match_on_body(app)
    return app


def _oauth_options(deps: Deps) -> dict[str, Any]:
    """OAuth mode's arguments for Bolt (bot/platform/installations.py); none by default."""
    if deps.settings.oauth is None:
        return {}
    from bot.platform.installations import Installations, bolt_oauth  # OAuth mode only

    assert isinstance(deps.workspaces, Installations)
    return bolt_oauth(deps.settings, deps.workspaces)


def build_scheduler(deps: Deps, client: WebClient | None = None) -> PlanScheduler:
    """The scheduler of every project's plan; `client` defaults to one paced for scheduled
    posts (bot/platform/slack_client.py)."""
    return PlanScheduler(deps, SCHEDULED_WORK, client)


def prepare_to_fork() -> None:
    """Load, in the process that forks the others, what each of them would load on its first
    request: every language's catalogue and CLDR data, the quick forms' keyword tables. Loaded
    once here, their pages are shared by the children instead of copied into each."""
    warm_up_languages()
    parse_status("on-track 50% warming up; next: serving")  # i18n: not shown
    guess_kind("problem: warming up")  # i18n: not shown
    parse_quick_risk("high warming up")  # i18n: not shown
    parse_days("3d"), parse_cost("100")
