"""The archive's schema. This module is the only place that defines tables, columns and indexes."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Column, Index, Integer, MetaData, Table, Text
from sqlalchemy.types import TypeDecorator

metadata = MetaData()


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes stored as ISO 8601 text in UTC (`2020-12-22T09:30:51+00:00`).

    Text keeps the archive readable in the sqlite3 shell; one zone and one precision keep it sortable.
    """

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> str | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r} cannot be archived: its instant is unknown")
        return value.astimezone(UTC).isoformat(timespec="seconds")

    def process_result_value(self, value: str | None, dialect: object) -> datetime | None:
        return None if value is None else datetime.fromisoformat(value)


articles = Table(
    "articles",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("url", Text, nullable=False, unique=True),
    Column("site", Text, nullable=False),
    Column("lang", Text, nullable=False),
    Column("title", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("html", Text, nullable=False),
    Column("summary", Text),
    Column("published_at", UTCDateTime),
    Column("published_raw", Text),
    Column("published_source", Text),
    Column("modified_at", UTCDateTime),
    Column("fetched_at", UTCDateTime, nullable=False),
    Column("image_url", Text),
    Column("image_credit", Text),
    Column("source", Text),
    Column("translation_key", Text),
    Column("source_id", Text),
    # JSON array of category names, as text so that plain sqlite3 and json_each() read it.
    Column("categories", Text),
    # sha256 of the content columns: a re-fetch with the same hash is unchanged.
    Column("content_hash", Text, nullable=False),
    Column("first_seen", UTCDateTime, nullable=False),
    Column("last_seen", UTCDateTime, nullable=False),
    Index("ix_articles_site_lang_published", "site", "lang", "published_at"),
    Index("ix_articles_translation_key", "translation_key"),
)

# Columns the writer fills from an Article; the rest are the archive's own bookkeeping.
ARTICLE_FIELDS = (
    "url", "site", "lang", "title", "text", "html", "summary", "published_at", "published_raw",
    "published_source", "modified_at", "fetched_at", "image_url", "image_credit", "source",
    "translation_key", "source_id", "categories",
)
# Fields whose change makes a re-fetched article "updated" (fetched_at alone does not).
CONTENT_FIELDS = tuple(f for f in ARTICLE_FIELDS if f != "fetched_at")
