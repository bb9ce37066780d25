"""The archive's schema. This module is the only place that defines tables, columns, indexes, views and FTS.

Schema history lives in the Alembic revisions under newsbot/archive/revisions/ (docs/migrations.md), run by
migrations.py on SQLite and PostgreSQL alike. Revision ids are the schema numbers (`0006`); SQLite also keeps the
number in `PRAGMA user_version`.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.types import TypeDecorator

# The newest revision's number: newsbot/archive/revisions/versions/ ends with revision "0006".
SCHEMA_VERSION = 7

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


sites = Table(
    "sites",
    metadata,
    Column("name", Text, primary_key=True),
    Column("kind", Text, nullable=False),
    Column("title", Text),
    Column("origin", Text, nullable=False),
    Column("timezone", Text, nullable=False),
)

crawl_runs = Table(
    "crawl_runs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("site", Text, nullable=False),
    Column("started_at", UTCDateTime, nullable=False),
    Column("finished_at", UTCDateTime),
    # running, finished, failed, interrupted (SIGTERM/SIGINT), killed (found running by a later run), or the
    # reason Scrapy closed the spider (archive_error, ...)
    Column("status", Text, nullable=False),
    Column("newsbot_version", Text, nullable=False),
    # Who ran it, as host:pid (NEWSBOT_WORKER when a queue worker starts the crawl): several machines share an
    # archive, and a person reading `newsbot runs` wants to know which one to look at.
    Column("worker", Text),
    Column("new", Integer, nullable=False, default=0),
    Column("updated", Integer, nullable=False, default=0),
    Column("unchanged", Integer, nullable=False, default=0),
    Column("dropped", Integer, nullable=False, default=0),
    Column("errors", Integer, nullable=False, default=0),
    # HTTP requests sent (robots.txt and retries included), and the dropped items by reason as a JSON object.
    Column("requests", Integer, nullable=False, default=0),
    Column("dropped_by_reason", Text),
    # The run's Scrapy and newsbot stats as a JSON object.
    Column("stats", Text),
)

# Where each site+language's list walk stands. `last_page`: the last list page of an unfinished full walk
# whose articles are committed (a killed backfill continues after it); `walked_to_end_at`: when a full walk
# last reached the end of the list (until then an incremental run cannot stop at the first known page).
crawl_state = Table(
    "crawl_state",
    metadata,
    Column("site", Text, primary_key=True),
    Column("lang", Text, primary_key=True),
    Column("last_page", Integer),
    Column("walked_to_end_at", UTCDateTime),
    Column("updated_at", UTCDateTime, nullable=False),
)

raw_responses = Table(
    "raw_responses",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("url", Text, nullable=False),
    # sha256 of the body: a re-fetch with the same bytes is stored once.
    Column("sha256", Text, nullable=False),
    Column("status", Integer, nullable=False),
    Column("headers", Text, nullable=False),
    Column("body", LargeBinary, nullable=False),  # zlib-compressed
    Column("size", Integer, nullable=False),  # uncompressed bytes
    Column("fetched_at", UTCDateTime, nullable=False),
    # What reprocessing needs to parse it again: the site, its kind and the request's language.
    Column("site", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("lang", Text),
    # How the crawl found the page ("feed", "sitemap"): a listed page is an article however short.
    Column("listed_in", Text),
    UniqueConstraint("url", "sha256", name="uq_raw_responses_url_sha256"),
    Index("ix_raw_responses_site_fetched", "site", "fetched_at"),
)

articles = Table(
    "articles",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("url", Text, nullable=False),
    # The key: one row per article however its URL is spelled (newsbot/urls.py).
    Column("canonical_url", Text, nullable=False, unique=True),
    Column("site", Text, nullable=False),
    Column("lang", Text, nullable=False),
    Column("title", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("html", Text, nullable=False),
    Column("summary", Text),
    Column("published_at", UTCDateTime),
    # The same instant in the site's own zone, with its offset (`2020-12-22T15:30:51+06:00`).
    Column("published_local", Text),
    Column("published_raw", Text),
    Column("published_source", Text),
    Column("published_year_inferred", Boolean, nullable=False, default=False),
    # "minute" or "day": how much of published_at the page said (a day-only date is stored as local midnight).
    Column("published_precision", Text),
    # For a site outside the registry: the zone its local times were read in, and how it was known
    # ("page-offset", "tld", "default"); NULL means the site's registry zone.
    Column("published_zone", Text),
    Column("published_zone_source", Text),
    Column("modified_at", UTCDateTime),
    Column("fetched_at", UTCDateTime, nullable=False),
    Column("image_url", Text),
    Column("image_credit", Text),
    Column("source", Text),
    Column("translation_key", Text),
    Column("source_id", Text),
    # JSON array of category names, as text so that plain sqlite3 and json_each() read it.
    Column("categories", Text),
    # Shorter than the verdict's article length, kept because the page declares itself an article.
    Column("short", Boolean, nullable=False, default=False, server_default="0"),
    # sha256 of the normalised text: the same text on several sites shares it.
    Column("fingerprint", Text, nullable=False),
    # sha256 of every content column: a re-fetch with the same hash is unchanged.
    Column("content_hash", Text, nullable=False),
    Column("version", Integer, nullable=False),
    Column("extractor_version", Text, nullable=False),
    Column("raw_response_id", Integer, ForeignKey("raw_responses.id")),
    Column("first_seen", UTCDateTime, nullable=False),
    Column("last_seen", UTCDateTime, nullable=False),
    # When the current content was archived (a new version, or a change in other fields).
    Column("updated_at", UTCDateTime, nullable=False),
    Column("last_run_id", Integer, ForeignKey("crawl_runs.id")),
    Index("ix_articles_site_lang_published", "site", "lang", "published_at"),
    Index("ix_articles_translation_key", "translation_key"),
    Index("ix_articles_fingerprint", "fingerprint"),
    Index("ix_articles_updated_at", "updated_at"),
)

# Superseded versions only: the current one is the articles row itself.
article_versions = Table(
    "article_versions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id"), nullable=False),
    Column("version", Integer, nullable=False),
    Column("title", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("html", Text, nullable=False),
    Column("published_at", UTCDateTime),
    # The time this content was archived, and the time a changed fetch replaced it.
    Column("valid_from", UTCDateTime, nullable=False),
    Column("valid_until", UTCDateTime, nullable=False),
    Column("extractor_version", Text, nullable=False),
    Column("raw_response_id", Integer, ForeignKey("raw_responses.id")),
    # The run that replaced it.
    Column("replaced_by_run_id", Integer, ForeignKey("crawl_runs.id")),
    UniqueConstraint("article_id", "version", name="uq_article_versions_article_version"),
)

# Blocks found repeated across one site's archived pages (`newsbot boilerplate`): site chrome that no phrase
# rule names. Enabled ones are cut from that site's articles; a false positive is disabled, not deleted.
site_boilerplate = Table(
    "site_boilerplate",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("site", Text, nullable=False),
    Column("key", Text, nullable=False),  # the normalised text that matches
    Column("text", Text, nullable=False),  # as first seen
    Column("pages", Integer, nullable=False),
    Column("share", Float, nullable=False),
    Column("detected_at", UTCDateTime, nullable=False),
    Column("enabled", Boolean, nullable=False),
    UniqueConstraint("site", "key", name="uq_site_boilerplate_site_key"),
)

# Columns the writer fills from an Article; the rest are the archive's own bookkeeping.
ARTICLE_FIELDS = (
    "url", "site", "lang", "title", "text", "html", "summary", "published_at", "published_raw",
    "published_source", "published_year_inferred", "published_precision", "published_zone", "published_zone_source",
    "modified_at", "fetched_at", "image_url", "image_credit", "source",
    "translation_key", "source_id", "categories", "short",
)
# Fields whose change makes a re-fetched article "updated" (fetched_at alone does not).
# The date's evidence (precision, zone) is left out: an archive upgraded to schema 3 would otherwise see every
# re-fetched article as updated; a changed date changes published_at anyway.
CONTENT_FIELDS = tuple(
    f for f in ARTICLE_FIELDS
    if f not in ("fetched_at", "published_precision", "published_zone", "published_zone_source")
)
# Fields whose change makes a new version (a changed image or category alone does not).
VERSIONED_FIELDS = ("title", "text")

# Full-text search over title and text, the way sqlite-utils and Datasette expect it: an external-content
# FTS5 table named <table>_fts, kept in sync by triggers. unicode61 folds case in Cyrillic too. The content
# table is named in double quotes: Datasette and sqlite-utils find an FTS table by `content="articles"` (or
# `content=[articles]`) in its SQL and do not see one declared with single quotes.
FTS_CREATE = """CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(
        title, text, content="articles", content_rowid="id", tokenize="unicode61 remove_diacritics 2")"""
FTS_DDL = (
    FTS_CREATE,
    """CREATE TRIGGER IF NOT EXISTS articles_ai AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts (rowid, title, text) VALUES (new.id, new.title, new.text);
    END""",
    """CREATE TRIGGER IF NOT EXISTS articles_ad AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
    END""",
    """CREATE TRIGGER IF NOT EXISTS articles_au AFTER UPDATE OF title, text ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
        INSERT INTO articles_fts (rowid, title, text) VALUES (new.id, new.title, new.text);
    END""",
)

# Views for analysts: plain SQL, so the sqlite3 shell and Datasette show them too.
VIEWS_DDL = (
    """CREATE VIEW IF NOT EXISTS articles_overview AS
    SELECT a.id, a.site, s.title AS site_title, a.lang, a.title, a.url, a.published_at, a.published_local,
           substr(a.published_local, 1, 10) AS published_date_local, a.translation_key, a.source,
           a.version, a.first_seen, a.last_seen
    FROM articles a LEFT JOIN sites s ON s.name = a.site""",
    # The archive as a list of news, for browsing (Datasette's default view of it): no HTML, no bookkeeping;
    # `month` in the site's zone, to count and facet by.
    """CREATE VIEW IF NOT EXISTS news AS
    SELECT a.id, a.published_local, a.title, a.site, s.title AS site_title, a.lang,
           substr(a.published_local, 1, 7) AS month, a.summary, a.url, a.translation_key, a.published_at
    FROM articles a LEFT JOIN sites s ON s.name = a.site""",
    """CREATE VIEW IF NOT EXISTS translations AS
    SELECT translation_key, lang, id AS article_id, site, title, url, published_at
    FROM articles WHERE translation_key IS NOT NULL""",
    """CREATE VIEW IF NOT EXISTS republications AS
    SELECT a.fingerprint, a.id AS article_id, a.site, a.url, a.published_at, a.first_seen,
           (SELECT b.site FROM articles b WHERE b.fingerprint = a.fingerprint
            ORDER BY coalesce(b.published_at, b.first_seen), b.id LIMIT 1) AS first_site,
           (SELECT count(*) FROM articles b WHERE b.fingerprint = a.fingerprint) AS copies
    FROM articles a
    WHERE a.fingerprint IN (SELECT fingerprint FROM articles GROUP BY fingerprint HAVING count(*) > 1)""",
)

# PostgreSQL: its own full-text search instead of FTS5. A tsvector column the server computes from title (weight
# A) and text (B), stemmed in the article's language: the russian and english configurations (Snowball stemmers);
# simple (whole words, lower case) for Kazakh and the rest, where newsbot's Kazakh rules act on the query instead
# (newsbot/archive/pg_search.py). A GIN index makes `search @@ query` an index scan.
PG_SEARCH_CONFIG = ("CASE {lang} WHEN 'ru' THEN 'russian'::regconfig WHEN 'en' THEN 'english'::regconfig "
                    "ELSE 'simple'::regconfig END")
PG_SEARCH_DDL = (
    "ALTER TABLE articles ADD COLUMN IF NOT EXISTS search tsvector GENERATED ALWAYS AS ("
    f"setweight(to_tsvector({PG_SEARCH_CONFIG.format(lang='lang')}, coalesce(title, '')), 'A') || "
    f"setweight(to_tsvector({PG_SEARCH_CONFIG.format(lang='lang')}, coalesce(text, '')), 'B')) STORED",
    "CREATE INDEX IF NOT EXISTS ix_articles_search ON articles USING gin (search)",
)
# The same views on PostgreSQL, which spells "create unless there" as "create or replace".
PG_VIEWS_DDL = tuple(view.replace("CREATE VIEW IF NOT EXISTS", "CREATE OR REPLACE VIEW", 1) for view in VIEWS_DDL)

# Alembic's own record of the revision an archive is at, as Alembic creates it (alembic.runtime.migration): kept
# apart from `metadata` (no archive data, not checked as ours). newsbot writes it itself when it creates an archive
# or recognises one made before it used Alembic, so that opening a current archive never imports Alembic.
alembic_metadata = MetaData()
alembic_version = Table(
    "alembic_version",
    alembic_metadata,
    Column("version_num", String(32), nullable=False),
    PrimaryKeyConstraint("version_num", name="alembic_version_pkc"),
)
