"""Sharing a set of files in one message, as `files_upload_v2` does it, in its three steps, so a
lost answer can be told apart by where it was lost: nothing is visible to anyone before the last
step (files.completeUploadExternal), so an upload whose answer was lost is asked for again, while
the sharing never is: Slack may have shared the files before its answer was lost, and asking
again would show them twice."""

from __future__ import annotations

from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackRequestError

from bot.platform.errors import timed_out


class SharingUnconfirmed(Exception):
    """Slack took the files but its answer to sharing them was lost: they may yet appear."""


def share_files(client: WebClient, channel: str, files: dict[str, bytes], comment: str) -> None:
    """Upload `files` and share them in `channel` with `comment`, as one message."""
    uploaded = [(_upload(client, name, data), name) for name, data in files.items()]
    try:
        client.files_completeUploadExternal(
            files=[{"id": file_id, "title": name} for file_id, name in uploaded],
            channel_id=channel,
            initial_comment=comment,
        )
    except (TimeoutError, URLError) as error:
        if not timed_out(error):
            raise
        raise SharingUnconfirmed from error


def _upload(client: WebClient, name: str, data: bytes) -> str:
    """One file's bytes to the URL Slack hands out for it; its id to share it by."""
    try:
        return _upload_once(client, name, data)
    except (TimeoutError, URLError) as error:
        if not timed_out(error):
            raise
        return _upload_once(client, name, data)  # nothing is shared yet: asking again is safe


def _upload_once(client: WebClient, name: str, data: bytes) -> str:
    answer = client.files_getUploadURLExternal(filename=name, length=len(data))
    # slack-sdk's own upload (its proxy and TLS settings), as files_upload_v2 calls it
    result = client._upload_file(
        url=str(answer["upload_url"]),
        data=data,
        logger=client._logger,
        timeout=client.timeout,
        proxy=client.proxy,
        ssl=client.ssl,
    )
    if result.status != 200:
        raise SlackRequestError(f"the upload of {name} failed ({result.status})")  # i18n: not shown
    return str(answer["file_id"])
