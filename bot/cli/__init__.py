"""The command line: `python -m bot …` (bot/cli/main.py reads it)."""
