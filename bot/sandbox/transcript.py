"""Renders what happened in the stand-in workspace as text a person can read in a terminal."""

from __future__ import annotations

import re
import textwrap
from typing import Any

from bot.sandbox.fake_slack import FakeSlack
from bot.sandbox.fake_types import Entry

WIDTH = 96
_USER = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")
_CHANNEL = re.compile(r"<#([CGD][A-Z0-9]+)(?:\|[^>]*)?>")


_DATE = re.compile(r"<!date\^[^|>]*\|([^>]*)>")
_CANVAS_MENTION = re.compile(r"!\[\]\(([@#])([UWC][A-Z0-9]+)\)")
CANVAS_LINES = 24  # a canvas is long: the transcript shows its start


def render_canvas(markdown: str, fake: FakeSlack, most: int = CANVAS_LINES) -> list[str]:
    """A canvas as a reader sees its start: mentions by name, markdown marks left as typed."""

    def mention(match: re.Match[str]) -> str:
        kind, ident = match.groups()
        return render_mrkdwn(f"<{kind}{ident}>", fake)

    lines = [line for line in _CANVAS_MENTION.sub(mention, markdown).splitlines() if line.strip()]
    more = len(lines) - most
    return lines[:most] + ([f"… ({more} more lines)"] if more > 0 else [])


def render_mrkdwn(text: str, fake: FakeSlack) -> str:
    def user(match: re.Match[str]) -> str:
        found = fake.users.get(match.group(1))
        return f"@{found.real_name}" if found else f"@{match.group(1)}"

    def channel(match: re.Match[str]) -> str:
        found = fake.channels.get(match.group(1))
        return f"#{found.name}" if found else f"#{match.group(1)}"

    text = _CHANNEL.sub(channel, _USER.sub(user, text))
    text = _DATE.sub(r"\1", text)  # Slack shows each reader their own time; we show the fallback
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def render_blocks(blocks: list[dict[str, Any]], fake: FakeSlack) -> list[str]:
    lines: list[str] = []
    for block in blocks:
        kind = block.get("type")
        if kind == "header":
            lines.append(block["text"]["text"].upper())
        elif kind == "section":
            if "text" in block:
                lines += render_mrkdwn(block["text"]["text"], fake).splitlines()
            if "fields" in block:
                cells = [
                    render_mrkdwn(f["text"], fake).replace("\n", ": ", 1) for f in block["fields"]
                ]
                lines.append(" | ".join(cells))
        elif kind == "context":
            lines.append(
                "  · "
                + " ".join(
                    render_mrkdwn(e.get("text", ""), fake) for e in block.get("elements", [])
                )
            )
        elif kind == "actions":
            lines.append(
                " ".join(f"[{e['text']['text']}]" for e in block.get("elements", []) if "text" in e)
            )
        elif kind == "input":
            optional = " (optional)" if block.get("optional") else ""
            lines.append(f"▭ {block['label']['text']}{optional}")
        elif kind == "divider":
            lines.append("─" * 20)
    return lines


def render_entry(entry: Entry, fake: FakeSlack) -> list[str]:
    who = _name(entry.user, fake)
    where = _where(entry.channel, fake)
    if entry.kind == "command":
        head, body = f"{where}  {who} typed", [entry.text]
    elif entry.kind == "said":
        thread = " (in a thread)" if entry.thread_ts else ""
        head, body = f"{where}  {who} wrote{thread}", render_mrkdwn(entry.text, fake).splitlines()
    elif entry.kind == "click":
        head, body = f"{where}  {who} clicked", [f"[{entry.text}]"]
    elif entry.kind == "shortcut":
        head, body = f"{where}  {who} chose in a message's ⋯ menu", [f"[{entry.text}]"]
    elif entry.kind == "submit":
        head, body = f"          {who} submitted the form", [f"“{entry.text}”"]
    elif entry.kind in ("canvas", "canvas-edit"):
        made = entry.kind == "canvas"  # an edit shows its title and version line
        head = f"{where}  Rapport {'made' if made else 'edited'} the channel canvas"
        body = render_canvas(entry.text, fake, CANVAS_LINES if made else 2)
    elif entry.kind == "file":
        names = ", ".join(f"📎 {f['name']}" for f in entry.files)
        thread = " (in a thread)" if entry.thread_ts else ""
        head = f"{where}  Rapport shared files{thread}"
        body = [*render_mrkdwn(entry.text, fake).splitlines(), names]
    elif entry.kind == "modal":
        head, body = (
            "          Rapport opened a form",
            [f"“{entry.text}”"] + render_blocks(entry.blocks, fake),
        )
    else:
        label = {
            "message": "Rapport",
            "update": "Rapport (edited its message)",
            "ephemeral": f"Rapport → only {_name(entry.to_user, fake)} sees this",
            "delete": "Rapport (removed its message)",
            "home": f"App Home of {_name(entry.to_user, fake)}",
        }.get(entry.kind, entry.kind)
        head = f"{where}  {label}"
        body = render_blocks(entry.blocks, fake) or render_mrkdwn(entry.text, fake).splitlines()
    wrapped = [
        wrapped
        for line in body
        for wrapped in (textwrap.wrap(line, WIDTH - 6, subsequent_indent="  ") or [""])
    ]
    return [head, *(f"    │ {line}" for line in wrapped)]


def render_timeline(fake: FakeSlack, entries: list[Entry] | None = None) -> str:
    blocks = [
        render_entry(e, fake)
        for e in (fake.timeline if entries is None else entries)
        if e.kind != "event"
    ]
    return "\n\n".join("\n".join(lines) for lines in blocks)


def _name(user_id: str | None, fake: FakeSlack) -> str:
    if user_id is None:
        return "someone"
    user = fake.users.get(user_id)
    if user is None:
        return user_id
    if user.id == fake.bot_user_id:
        return "Rapport"
    org = "" if user.team_id == fake.team_id else " (client)"
    return f"{user.real_name}{org}"


def _where(channel_id: str | None, fake: FakeSlack) -> str:
    if channel_id is None:
        return ""
    channel = fake.channels.get(channel_id)
    if channel is not None:
        return f"#{channel.name}"
    if channel_id.startswith("D"):
        return f"DM with {_name('U' + channel_id[1:], fake)}"
    return channel_id
