"""Schema 5: how precise each publication date is, and the zone a site outside the registry was read in.

Rows archived before stay NULL there (unknown) until a reprocess fills them.
"""

import sqlalchemy as sa

from newsbot.archive.migrations import add_missing_columns

revision = "0005"
down_revision = "0004"


def upgrade() -> None:
    add_missing_columns("articles", sa.Column("published_precision", sa.Text()),
                        sa.Column("published_zone", sa.Text()), sa.Column("published_zone_source", sa.Text()))
