"""Posting a scheduled message exactly once: each audience's variant claims its (job, project,
period) in the database first, so however many processes fire, each period is posted once; a
claim taken over from a process that died first looks in the channel (message metadata) for
what that process may have posted.

Everything posted in a project's channels is said in the project's language, whoever or
whatever caused it (`i18n.speaking(project.language)`)."""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.platform import i18n
from bot.platform.blocks import Block
from bot.platform.deps import Deps
from bot.scheduling.triggers import Due
from storage.db import session_scope
from storage.models import Project
from storage.runs import Claim, claim_run, finish_run

# `Posted.error` when Slack gave no code of its own (bot/digest/blocks.py says them in words).
UNCHECKED = "could not check the channel"  # i18n: not shown

NOT_BUILT = "internal error"  # i18n: not shown

NO_ANSWER = "no answer from Slack"  # i18n: not shown


@dataclass(frozen=True)
class Posted:
    """One audience's digest: `ts` when it landed, `error` (Slack's code, or one of the three
    above) when it did not."""

    channel_id: str
    audience: str
    ts: str | None = None
    error: str | None = None


logger = logging.getLogger(__name__)


WORKER = f"{socket.gethostname()[:50]}:{os.getpid()}"  # fits JobRun.claimed_by

UNKNOWN = object()  # the channel could not be read

HISTORY_PAGES = 10


@dataclass(frozen=True)
class Outcome:
    """What a scheduled job did for one target, for logs, the CLI and tests."""

    job: str
    state: str  # posted | skipped | refused | claimed-elsewhere | paused
    channel_id: str | None = None
    note: str = ""


# -- the digest ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Publication:
    """What one scheduled post is: its job and event names, and how to build each variant."""

    name: str  # digest | report: the job is "<name>:<audience>"
    event_type: str  # message metadata, to recognise the post later
    build: Callable[[str], tuple[str, list[Block], dict[str, object]]]  # audience → message
    after: Callable[[str, str, str], None] | None = None  # (audience, channel, ts) once posted


def publish_once(
    deps: Deps,
    client: WebClient,
    project: Project,
    publication: Publication,
    due: Due | None,
    late: bool,
) -> list[Posted]:
    """Post each audience's variant on its own: one refused never stops or repeats the other.
    With `due` (the scheduler), each first claims its period; a period already posted, or
    being posted, is left alone, and a claim taken over from a dead process first looks in the
    channel for what that process posted."""
    targets = [("client", project.client_channel_id)]
    if project.internal_channel_id:
        targets.append(("internal", project.internal_channel_id))
    posted = []
    for audience, channel in targets:
        post = _Post(deps, client, project, publication, audience, channel, due)
        claim = None
        if due is not None:
            claim = claim_period(deps, f"{publication.name}:{audience}", project, due, late)
            if claim is None:
                continue
            if claim.taken_over and (earlier := post.look_for_earlier(claim)) is not None:
                posted.append(earlier)
                continue
        posted.append(post.make(claim))
    return posted


@dataclass(frozen=True)
class _Post:
    """One audience's variant of one publication, on its way to its channel."""

    deps: Deps
    client: WebClient
    project: Project
    publication: Publication
    audience: str
    channel: str
    due: Due | None

    def look_for_earlier(self, claim: Claim) -> Posted | None:
        """After a takeover: what the dead process posted, if it did (the claim is then done);
        None when it did not, so this one posts."""
        assert self.due is not None
        found = _find_posted(
            self.client,
            self.channel,
            self.project,
            self.due,
            self.audience,
            self.publication.event_type,
        )
        if found is UNKNOWN:
            # Posting blind could double the post: leave it for a person to look at.
            why = "could not read the channel to check an earlier attempt"  # i18n: not shown
            finish_claim(self.deps, claim, "unverified", self.channel, None, why)
            return Posted(self.channel, self.audience, error=UNCHECKED)
        if found:
            why = "found in the channel on takeover"  # i18n: not shown
            finish_claim(self.deps, claim, "posted", self.channel, str(found), why)
            return Posted(self.channel, self.audience, ts=str(found))
        return None

    def make(self, claim: Claim | None) -> Posted:
        """Build the variant in the project's language and post it; the claim records what
        became of it (a post that may or may not exist is left claimed, for a takeover)."""
        name, audience, channel = self.publication.name, self.audience, self.channel
        try:
            with i18n.speaking(self.project.language):  # a post in the project's channel
                text, blocks, extra = self.publication.build(audience)
        except Exception:
            logger.exception("could not build the %s %s", audience, name)
            if claim is not None:
                note = "could not build the message"  # i18n: not shown
                finish_claim(self.deps, claim, "error", channel, None, note)
            return Posted(channel, audience, error=NOT_BUILT)
        payload = {"project_id": self.project.id, "audience": audience, **extra}
        if self.due is not None:
            payload["period"] = self.due.period_key
        try:
            response = self.client.chat_postMessage(
                channel=channel,
                text=text,
                blocks=blocks,
                unfurl_links=False,
                metadata={"event_type": self.publication.event_type, "event_payload": payload},
            )
        except SlackApiError as error:
            reason = str(error.response.get("error"))
            if error.response.status_code >= 500:
                # Slack may have posted before failing: the claim stays, a takeover will look.
                status = error.response.status_code
                logger.warning(
                    "%s %s: Slack answered %s; left for a takeover", audience, name, status
                )
            else:
                logger.warning("%s %s refused in %s: %s", audience, name, channel, reason)
                if claim is not None:
                    finish_claim(self.deps, claim, "refused", channel, None, reason)
            return Posted(channel, audience, error=reason)
        except Exception as error:  # a dropped connection: the post may or may not exist
            logger.warning("%s %s to %s did not complete (%s)", audience, name, channel, error)
            return Posted(channel, audience, error=NO_ANSWER)
        ts = str(response["ts"])
        if claim is not None:
            finish_claim(self.deps, claim, "posted", channel, ts)
        if self.publication.after is not None:
            self.publication.after(audience, channel, ts)
        return Posted(str(response["channel"]), audience, ts=ts)


def _find_posted(
    client: WebClient,
    channel: str,
    project: Project,
    due: Due,
    audience: str,
    event_type: str,
) -> str | object | None:
    """The ts of this period's post if an earlier attempt made it (message metadata), None if
    it did not, UNKNOWN if the channel cannot be read (no history scope, Slack down)."""
    cursor = None
    for _page in range(HISTORY_PAGES):
        try:
            page = client.conversations_history(
                channel=channel,
                oldest=str((due.at - timedelta(hours=1)).timestamp()),
                include_all_metadata=True,
                limit=200,
                cursor=cursor,
            )
        except Exception as error:
            logger.warning("could not read %s to check an earlier attempt: %s", channel, error)
            return UNKNOWN
        for message in page.get("messages") or []:
            metadata = message.get("metadata") or {}
            payload = metadata.get("event_payload") or {}
            if (
                metadata.get("event_type") == event_type
                and payload.get("project_id") == project.id
                and payload.get("period") == due.period_key
                and payload.get("audience") == audience
            ):
                return str(message["ts"])
        cursor = (page.get("response_metadata") or {}).get("next_cursor")
        if not page.get("has_more") or not cursor:
            return None
    return UNKNOWN


# -- claims -------------------------------------------------------------------------------


def claim_period(deps: Deps, job: str, project: Project, due: Due, late: bool) -> Claim | None:
    return claim_once(deps, job, project, due.period_key, due.at, late=late)


def claim_once(
    deps: Deps,
    job: str,
    project: Project,
    period_key: str,
    scheduled_for: datetime,
    *,
    late: bool = False,
) -> Claim | None:
    """Whatever must happen once whoever asks (a post, a reminder, a notice): across retries,
    replicas and restarts (storage.runs). None: done already, or being done."""
    with session_scope(deps.engine) as session:
        return claim_run(
            session=session,
            job=job,
            project=project,
            period_key=period_key,
            scheduled_for=scheduled_for,
            worker=WORKER,
            now=deps.clock(),
            timeout=timedelta(seconds=deps.settings.claim_timeout_seconds),
            late=late,
        )


def finish_claim(
    deps: Deps, claim: Claim, state: str, channel: str | None, ts: str | None, note: str = ""
) -> None:
    with session_scope(deps.engine) as session:
        if not finish_run(
            session=session,
            run=claim.run,
            state=state,
            now=deps.clock(),
            channel_id=channel,
            ts=ts,
            note=note or None,
        ):
            logger.warning(
                "%s for %s: the claim was taken over meanwhile", claim.run.job, claim.run.period_key
            )
