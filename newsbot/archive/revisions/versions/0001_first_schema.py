"""newsbot 0.1's first schema: one articles table keyed on its URL.

The baseline. No archive is built by running it: an empty database is created from schema.py and stamped at the
head, and an archive of schema 1 (recognised by its tables) is stamped here and upgraded from it.
"""

revision = "0001"
down_revision = None


def upgrade() -> None:
    raise RuntimeError("an archive is not built from revision 0001: newsbot.archive.db.open_archive creates a new "
                       "one from newsbot/archive/schema.py")
