"""The framework floor for bench/load.py: a Bolt app that only acknowledges `/status`.

gunicorn -w 2 -k gthread --threads 4 bench.bare_app:wsgi     # the fastest way found here
python bench/bare_app.py --stdlib PORT                       # a newcomer's threaded stdlib
"""

from __future__ import annotations

import os
import sys
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from slack_bolt import Ack, App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk import WebClient

bolt = App(
    signing_secret=os.environ.get("SLACK_SIGNING_SECRET", "bench-signing-secret"),
    # Bolt's authorization runs auth.test once per process, as Rapport's does: both ask the
    # bench's Slack stand-in.
    client=WebClient(
        token=os.environ.get("SLACK_BOT_TOKEN", "xoxb-bench"),
        base_url=os.environ.get("SLACK_API_URL", "http://127.0.0.1:9/api/"),
    ),
    token_verification_enabled=False,
    process_before_response=True,
)


def handle_status(ack: Ack) -> None:
    ack(text="ok")


bolt.command("/status")(handle_status)
wsgi = SlackRequestHandler(bolt)


class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--stdlib":
        server = make_server(
            "127.0.0.1", int(sys.argv[2]), wsgi, ThreadingWSGIServer, handler_class=QuietHandler
        )
        server.serve_forever()
    else:
        sys.exit(__doc__)
