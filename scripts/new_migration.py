"""Autogenerate the next Alembic revision from storage/models.py.

Usage: python scripts/new_migration.py MESSAGE REV_ID
"""

import sys

from alembic import command
from alembic.config import Config

from storage.db import MIGRATIONS, make_engine

engine = make_engine("sqlite:////tmp/rapport-autogen.sqlite3")
config = Config()
config.set_main_option("script_location", str(MIGRATIONS))
with engine.begin() as connection:
    config.attributes["connection"] = connection
    command.upgrade(config, "head")
    command.revision(config, message=sys.argv[1], autogenerate=True, rev_id=sys.argv[2])
