"""What the owner who published the plan document is told, in their language."""

from __future__ import annotations

from bot.plandoc.publishing import Published
from bot.platform import i18n
from bot.platform.i18n import _
from bot.platform.text import escape


def publication_answer(published: Published | None) -> str:
    if published is None:
        return _("This channel's project is gone: nothing was published.")
    channel = f"<#{published.channel_id}>"
    version = i18n.number(published.version)
    if published.where == "canvas" and published.created:
        return _(
            "📄 The plan document (version {version}) is now the canvas of {channel}. Every "
            "change of the plan edits it in place, as a new version."
        ).format(version=version, channel=channel)
    if published.where == "canvas":
        return _("📄 The canvas of {channel} now shows version {version} of the plan.").format(
            version=version, channel=channel
        )
    reason = escape(published.refused or "—")
    if published.where == "files":
        said = _(
            "📄 This workspace gives Rapport no canvas in {channel} (Slack said `{reason}`), so "
            "the plan document (version {version}) is there as a Markdown file and a PDF, in the "
            "thread of its message; each change of the plan adds its new version."
        ).format(channel=channel, reason=reason, version=version)
        if published.refused == "missing_scope":
            said += " " + _(
                "For a canvas, reinstall the app with the current `manifest.yml`: it asks for "
                "`canvases:write`."
            )
        if not published.pdf:
            said += " " + _("No PDF this time: this server has no font for the plan's script.")
        return said
    return _(
        "⚠️ The plan document could not be published (Slack said `{reason}`). Nothing changed; "
        "try again in a few minutes."
    ).format(reason=reason)
