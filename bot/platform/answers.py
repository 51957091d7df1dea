"""How a listener answers the person who acted, once it has acknowledged.

After a click Slack gives a response_url (`respond`): the answer shows to that person only,
under the message, which stays as it is. After a modal there is none: the answer is an
ephemeral message in the channel the request belongs to.
"""

from __future__ import annotations

from slack_bolt import Respond
from slack_sdk import WebClient

from bot.platform.blocks import Block


def privately(respond: Respond, text: str, blocks: list[Block] | None = None) -> None:
    """To the person who clicked, under the message they clicked, which is left as it is."""
    if blocks:
        respond(text=text, blocks=blocks, response_type="ephemeral", replace_original=False)
    else:
        respond(text=text, response_type="ephemeral", replace_original=False)


def beside(
    client: WebClient, channel_id: str, user_id: str, text: str, blocks: list[Block] | None = None
) -> None:
    """To one person, in a channel: the answer to a modal opened from there."""
    if blocks:
        client.chat_postEphemeral(channel=channel_id, user=user_id, text=text, blocks=blocks)
    else:
        client.chat_postEphemeral(channel=channel_id, user=user_id, text=text)
