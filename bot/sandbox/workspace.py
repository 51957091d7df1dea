"""The sample workspace of the demo and the end-to-end tests: an agency, Northwind Studio, and
its client Acme, whose people join the shared channel through Slack Connect."""

from __future__ import annotations

from bot.sandbox.fake_slack import FakeSlack

OWNER, DEV, DESIGNER = "U0ANA", "U0BEN", "U0CHEN"
CLIENT, CLIENT2 = "U0DANA", "U0ELI"
GUEST = "U0GIA"  # Acme's Gia, invited into our workspace as a guest rather than through Connect
CLIENT_TEAM = "T0ACME"
CLIENT_CHANNEL, INTERNAL_CHANNEL, OTHER_CHANNEL = "C0ACME", "G0ACMETEAM", "C0OTHER"


def seed_workspace(fake: FakeSlack) -> None:
    fake.team_name = "Northwind Studio"
    fake.add_user(OWNER, "ana", "Ana Lopez", tz="Europe/Berlin")
    fake.add_user(DEV, "ben", "Ben Okafor", tz="Europe/Berlin")
    fake.add_user(DESIGNER, "chen", "Chen Wei", tz="Asia/Shanghai")
    fake.add_user(CLIENT, "dana", "Dana Smith", team_id=CLIENT_TEAM, tz="America/New_York")
    fake.add_user(CLIENT2, "eli", "Eli Brown", team_id=CLIENT_TEAM, tz="America/New_York")
    fake.add_user(GUEST, "gia", "Gia Rossi", tz="Europe/Rome", is_guest=True)
    fake.add_channel(CLIENT_CHANNEL, "acme-website", [OWNER, DEV, DESIGNER, CLIENT, CLIENT2, GUEST])
    fake.add_channel(
        INTERNAL_CHANNEL, "acme-team", [OWNER, DEV, DESIGNER], is_private=True, bot_member=True
    )
    fake.add_channel(OTHER_CHANNEL, "globex-app", [OWNER, DEV], bot_member=True)
