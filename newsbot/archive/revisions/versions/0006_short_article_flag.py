"""Schema 6: the `short` flag, for articles below the usual length kept because the page declares itself one."""

import sqlalchemy as sa

from newsbot.archive.migrations import add_missing_columns

revision = "0006"
down_revision = "0005"


def upgrade() -> None:
    # '0' (quoted) is false to both backends: SQLite stores it as 0, PostgreSQL reads it as a boolean literal.
    add_missing_columns("articles", sa.Column("short", sa.Boolean(), nullable=False, server_default="0"))
