"""The command line: `rapport …` (or `python -m bot …`) (bot/cli/main.py reads it)."""
