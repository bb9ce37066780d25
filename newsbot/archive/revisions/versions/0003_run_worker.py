"""Schema 3: run records name the machine and process that ran them (earlier runs stay unnamed)."""

import sqlalchemy as sa

from newsbot.archive.migrations import add_missing_columns

revision = "0003"
down_revision = "0002"


def upgrade() -> None:
    add_missing_columns("crawl_runs", sa.Column("worker", sa.Text()))
