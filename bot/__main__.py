"""`python -m bot`: the command line (bot/cli), the same as the `rapport` command."""

import sys

from bot.cli.main import main

sys.exit(main())
