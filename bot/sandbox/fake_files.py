"""The stand-in's files.getUploadURLExternal and files.completeUploadExternal: uploads shared
in a conversation, as Slack shares them."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from bot.sandbox.fake_types import Entry, SlackError

if TYPE_CHECKING:
    from bot.sandbox.fake_slack import FakeSlack

from bot.sandbox.fake_api import channel_for_post, json_field
from bot.sandbox.fake_oauth import owner_of


def _upload_url(fake: FakeSlack, params: dict[str, Any]) -> dict[str, Any]:
    filename, length = str(params.get("filename") or ""), int(params.get("length") or 0)
    if not filename or length <= 0:
        raise SlackError("invalid_arguments")
    file_id = f"F{next(fake._counter):08d}"
    with fake._lock:
        fake.uploads[file_id] = {"name": filename, "length": length, "data": None}
    return {"upload_url": f"{fake.url}/upload/{file_id}", "file_id": file_id}


def receive_upload(fake: FakeSlack, file_id: str, data: bytes) -> tuple[int, bytes, dict[str, str]]:
    """The bytes of a file, POSTed to the upload URL Slack handed out."""
    owner = owner_of(fake, file_id, "uploads")  # the workspace that handed it out
    with owner._lock:
        upload = owner.uploads.get(file_id)
        if upload is None:
            return 404, b"file not found", {"Content-Type": "text/plain"}
        upload["data"] = data
    return 200, f"OK - {len(data)}".encode(), {"Content-Type": "text/plain"}


def _complete_upload(fake: FakeSlack, params: dict[str, Any]) -> dict[str, Any]:
    """Shares uploaded files in a channel (or thread), as a message of their own."""
    requested = json_field(params, "files") or []
    shared = []
    for item in requested:
        upload = fake.uploads.get(str(item.get("id")))
        if upload is None or upload["data"] is None:
            raise SlackError("file_not_found")
        if len(upload["data"]) != upload["length"]:
            raise SlackError("file_upload_size_mismatch")
        shared.append(
            {
                "id": item["id"],
                "name": upload["name"],
                "title": item.get("title") or upload["name"],
                "data": upload["data"],
            }
        )
    channel = params.get("channel_id")
    if channel and str(channel).startswith(("U", "W")):
        # As Slack does: files are shared in a conversation, a DM by its D… id, not a user id.
        raise SlackError("invalid_arguments")
    if channel:
        channel = channel_for_post(fake, str(channel))
        fake.record(
            Entry(
                "file",
                channel,
                fake.bot_user_id,
                str(params.get("initial_comment") or ""),
                ts=fake.next_ts(),
                thread_ts=params.get("thread_ts"),
                files=shared,
            )
        )
    return {"files": [{"id": f["id"], "name": f["name"], "title": f["title"]} for f in shared]}


METHODS: dict[str, Callable[[FakeSlack, dict[str, Any]], dict[str, Any]]] = {
    "files.getUploadURLExternal": _upload_url,
    "files.completeUploadExternal": _complete_upload,
}
