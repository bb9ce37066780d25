"""Schema 7: how the crawl found a stored page (its feed, its sitemap), kept for reprocessing.

`raw_responses.listed_in`: a page the site's feed or sitemap listed is an article however short, and a reprocess
must judge it as the crawl did."""

import sqlalchemy as sa

from newsbot.archive.migrations import add_missing_columns

revision = "0007"
down_revision = "0006"


def upgrade() -> None:
    # Pages stored before this revision keep NULL: their route was not recorded.
    add_missing_columns("raw_responses", sa.Column("listed_in", sa.Text()))
